// app_home_opened: publish the Home tab for the user who opened it (Bolt has already acknowledged the event).
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { actorFor } from '../support/actor.js';
import { publishHome } from '../support/home-tab.js';
import { keyOf } from '../support/workspace.js';

export function registerAppHomeOpened(app: App, deps: Services): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    const actor = await actorFor(deps, client, context, { id: event.user });
    await publishHome(deps, client, keyOf(context), actor);
  });
}
