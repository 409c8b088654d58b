// tokens_revoked: a revoked bot token leaves the workspace as good as uninstalled, so it is forgotten the same way.
import type { App } from '@slack/bolt';
import { forgetWorkspace } from '../../src/operations/workspace-removal.js';
import type { Services } from '../../src/services.js';
import { keyOf } from '../support/workspace.js';

export function registerTokensRevoked(app: App, deps: Services): void {
  app.event('tokens_revoked', async ({ event, context }) => {
    // We ask for no user scopes, so revoked user tokens are not ours; only the bot's matters.
    if ((event.tokens.bot ?? []).length === 0) {
      deps.logger.info({ workspace: keyOf(context) }, 'user tokens revoked; the bot holds none');
      return;
    }
    await forgetWorkspace(deps, keyOf(context), 'tokens_revoked');
  });
}
