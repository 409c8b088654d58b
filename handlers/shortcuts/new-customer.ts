// The global shortcut "New customer": the onboarding modal, from anywhere in Slack.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { SHORTCUTS } from '../../blocks/actions.js';
import type { Services } from '../../src/services.js';
import { actorFor } from '../support/actor.js';
import { openOnboardingModal } from '../support/modals.js';
import { workspaceFor } from '../support/workspace.js';

const GlobalShortcutSchema = z.object({
  trigger_id: z.string(),
  user: z.object({ id: z.string(), username: z.string().optional() }),
});

export function registerNewCustomer(app: App, deps: Services): void {
  app.shortcut(SHORTCUTS.newCustomer, async ({ shortcut, ack, client, context }) => {
    await ack();
    const s = GlobalShortcutSchema.safeParse(shortcut);
    if (!s.success) return;
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    const actor = await actorFor(deps, client, context, { id: s.data.user.id, name: s.data.user.username });
    // A global shortcut has no channel and no response_url: the outcome goes to the user by DM.
    await openOnboardingModal(deps, client, {
      ws,
      actor,
      triggerId: s.data.trigger_id,
      name: '',
      meta: { origin: 'shortcut' },
    });
  });
}
