// The card's Add contact button: the contact modal, opened at once with the click's trigger_id.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import type { Services } from '../../src/services.js';
import { actorFor } from '../support/actor.js';
import { onButton } from '../support/clicks.js';
import { openContactModal } from '../support/modals.js';
import { workspaceFor } from '../support/workspace.js';

export function registerAddContactButton(app: App, deps: Services): void {
  onButton(app, ACTIONS.customerAddContact, async (click, { client, context }) => {
    if (!click.value) return;
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    const found = ws.index.getCustomer(click.value);
    await openContactModal(deps, client, {
      ws,
      actor,
      triggerId: click.triggerId,
      customer: found ? { id: found.id, name: found.name } : undefined,
      meta: {
        channelId: click.channelId,
        responseUrl: click.responseUrl,
        customerId: click.value,
        origin: 'button',
      },
    });
  });
}
