// Edit buttons: open the modal at once (the trigger_id lives 3 seconds), then fill it with the current record.
import type { App, webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { ACTIONS } from '../../blocks/actions.js';
import { contactModal } from '../../blocks/contact-modal.js';
import { customerEditModal } from '../../blocks/customer-form.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { loadingModal, statusModal } from '../../blocks/status-modal.js';
import { explainError, isVendorError } from '../../src/domain/index.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';
import { encodeMetadata } from '../support/metadata.js';
import { keyOf, refusalFor, workspaceFor } from '../support/workspace.js';

interface EditRequest {
  title: string;
  userId: string;
  triggerId: string;
  key: string;
  ws: Workspace;
  load: (signal: AbortSignal) => Promise<ModalView>;
}

async function openThenFill(deps: Services, client: webApi.WebClient, r: EditRequest): Promise<void> {
  const opened = await client.views.open({ trigger_id: r.triggerId, view: loadingModal(r.title) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const fill = (view: ModalView) => client.views.update({ view_id: viewId, view });
  const refusal = await refusalFor(deps, client, r.key, r.userId, 'edit');
  if (refusal) return void (await fill(statusModal(r.title, refusal)));
  const submitted = r.ws.queue.submit(
    async ({ signal }) => {
      try {
        await fill(await r.load(signal));
      } catch (error) {
        const text = isVendorError(error, 'not_found')
          ? 'That record no longer exists: it was deleted.'
          : `${explainError(error).what} ${explainError(error).action}`;
        await fill(statusModal(r.title, `:warning: ${safeText(text, 2000)}`));
      }
    },
    { user: r.userId },
  );
  if (!submitted.accepted) await fill(statusModal(r.title, submitted.error.message));
}

export function registerEditActions(app: App, deps: Services): void {
  app.action(ACTIONS.customerEdit, async ({ ack, body, action, client, context }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
    const id = action.value;
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    const meta = { channelId: body.channel?.id, responseUrl: body.response_url, customerId: id };
    await openThenFill(deps, client, {
      title: 'Edit customer',
      userId: body.user.id,
      triggerId: body.trigger_id,
      key: keyOf(context),
      ws,
      load: async (signal) =>
        customerEditModal(
          await ws.vendor.getCustomer(id, { signal }),
          ws.vendor.capabilities.customerFields,
          encodeMetadata(meta),
        ),
    });
  });

  app.action(ACTIONS.contactEdit, async ({ ack, body, action, client, context }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
    const id = action.value;
    const ws = await workspaceFor(deps, context);
    if (!ws) return;
    const caps = ws.vendor.capabilities;
    const meta = { channelId: body.channel?.id, responseUrl: body.response_url, contactId: id };
    await openThenFill(deps, client, {
      title: 'Edit contact',
      userId: body.user.id,
      triggerId: body.trigger_id,
      key: keyOf(context),
      ws,
      load: async (signal) => {
        const contact = await ws.vendor.getContact(id, { signal });
        return contactModal({
          vendorLabel: caps.label,
          emailRequired: caps.contactEmailRequired,
          emailEditable: caps.editableContactEmail,
          contact,
          privateMetadata: encodeMetadata(meta),
        });
      },
    });
  });
}
