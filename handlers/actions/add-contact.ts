// Opens the Add contact modal at once with the trigger_id (from /contact add or a card's Add contact button).
import type { App, webApi } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { contactModal } from '../../blocks/contact-modal.js';
import { statusModal } from '../../blocks/status-modal.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';
import { encodeMetadata, type ModalMetadata } from '../support/metadata.js';
import { keyOf, refusalFor, workspaceFor } from '../support/workspace.js';

export interface OpenContactModal {
  key: string;
  ws: Workspace;
  userId: string;
  triggerId: string;
  customer: { id: string; name: string } | undefined;
  meta: ModalMetadata;
}

/** Opens first (a trigger_id lives 3 seconds), checks the user's permission alongside, and swaps in a refusal if needed. */
export async function openContactModal(
  deps: Services,
  client: webApi.WebClient,
  o: OpenContactModal,
): Promise<void> {
  const caps = o.ws.vendor.capabilities;
  const view = contactModal({
    vendorLabel: caps.label,
    emailRequired: caps.contactEmailRequired,
    emailEditable: true,
    ...(o.customer ? { customer: o.customer } : {}),
    privateMetadata: encodeMetadata(o.meta),
  });
  const [opened, refusal] = await Promise.all([
    client.views.open({ trigger_id: o.triggerId, view }),
    refusalFor(deps, client, o.key, o.userId, 'create'),
  ]);
  if (refusal && opened.view?.id) {
    await client.views.update({ view_id: opened.view.id, view: statusModal('Add contact', refusal) });
  }
}

export function registerAddContactAction(app: App, deps: Services): void {
  app.action(ACTIONS.customerAddContact, async ({ ack, body, action, client, context }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    const found = ws.index.getCustomer(action.value);
    await openContactModal(deps, client, {
      key: keyOf(context),
      ws,
      userId: body.user.id,
      triggerId: body.trigger_id,
      customer: found ? { id: found.id, name: found.name } : undefined,
      meta: { channelId: body.channel?.id, responseUrl: body.response_url, customerId: action.value },
    });
  });
}
