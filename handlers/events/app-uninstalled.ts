// app_uninstalled: the workspace removed the app, so its tokens, vendor key, queue and caches go.
import type { App } from '@slack/bolt';
import { forgetWorkspace } from '../../src/operations/workspace-removal.js';
import type { Services } from '../../src/services.js';
import { keyOf } from '../support/workspace.js';

export function registerAppUninstalled(app: App, deps: Services): void {
  // Bolt skips authorization for this event: the tokens are already dead by the time it arrives.
  app.event('app_uninstalled', async ({ context }) => {
    await forgetWorkspace(deps, keyOf(context), 'app_uninstalled');
  });
}
