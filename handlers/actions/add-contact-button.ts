// The card's Add contact button: the contact modal, opened at once with the click's trigger_id; or, on a card from
// before a reconnect to another account, a modal that says it is stale instead of the form.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import type { Services } from '../../src/services.js';
import { readCardValue } from '../forms/card-value.js';
import { actorFor } from '../support/actor.js';
import { onButton } from '../support/clicks.js';
import { openContactModal } from '../support/modals.js';
import { workspaceFor } from '../support/workspace.js';

export function registerAddContactButton(app: App, deps: Services): void {
  onButton(app, ACTIONS.customerAddContact, async (click, { client, context }) => {
    const carried = readCardValue(click.value, 'customer');
    if (!carried) return;
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    await openContactModal(deps, client, {
      ws,
      actor,
      triggerId: click.triggerId,
      card: { id: carried.id, connection: carried.connection },
      meta: {
        channelId: click.channelId,
        responseUrl: click.responseUrl,
        customerId: carried.id,
        origin: 'button',
      },
    });
  });
}
