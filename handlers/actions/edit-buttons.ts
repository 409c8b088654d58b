// Edit buttons: the modal opens at once (the trigger_id lives 3 seconds), then fills with the record as it is now,
// or says the card is stale (from before a reconnect to another account) instead of opening the form.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import type { Services } from '../../src/services.js';
import { readCardValue } from '../forms/card-value.js';
import { actorFor } from '../support/actor.js';
import { onButton } from '../support/clicks.js';
import { openEditModal } from '../support/modals.js';
import { workspaceFor } from '../support/workspace.js';

export function registerEditButtons(app: App, deps: Services): void {
  for (const [actionId, type] of [
    [ACTIONS.customerEdit, 'customer'],
    [ACTIONS.contactEdit, 'contact'],
  ] as const) {
    onButton(app, actionId, async (click, { client, context }) => {
      const carried = readCardValue(click.value, type);
      if (!carried) return;
      const ws = await workspaceFor(deps, context);
      if (!ws) return;
      const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
      await openEditModal(deps, client, {
        ws,
        actor,
        triggerId: click.triggerId,
        target: { type, id: carried.id, connection: carried.connection },
        meta: { channelId: click.channelId, responseUrl: click.responseUrl },
      });
    });
  }
}
