// Edit customer and Edit contact submissions: only the changed fields go to the vendor, in the workspace queue.
import type { App, webApi } from '@slack/bolt';
import { CALLBACKS } from '../../blocks/actions.js';
import { contactCard } from '../../blocks/contact-card.js';
import { customerCard } from '../../blocks/customer-card.js';
import type { Message } from '../../blocks/message.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { statusModal } from '../../blocks/status-modal.js';
import { explainError, isVendorError } from '../../src/domain/index.js';
import type { Logger } from '../../src/logger.js';
import { customerDetail } from '../../src/operations/lookups.js';
import { Writer } from '../../src/operations/writes.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';
import { decodeMetadata, type ModalMetadata } from '../support/metadata.js';
import { replyTo } from '../support/reply.js';
import { keyOf, refusalFor, workspaceFor } from '../support/workspace.js';
import { contactChanges, parseContactForm } from './contact-form.js';
import { customerChanges, parseCustomerForm } from './customer-form.js';

interface SaveJob {
  ws: Workspace;
  client: webApi.WebClient;
  viewId: string;
  title: string;
  userId: string;
  meta: ModalMetadata;
  logger: Logger;
  save: (signal: AbortSignal) => Promise<{ done: string; card: Message }>;
}

/** Runs the save in the queue; the modal says "Saving…", then "Saved" or why not, and the card is posted. */
function saveInQueue(j: SaveJob): void {
  const target = { userId: j.userId, channelId: j.meta.channelId, responseUrl: j.meta.responseUrl };
  const update = (text: string) =>
    j.client.views.update({ view_id: j.viewId, view: statusModal(j.title, text) });
  const submitted = j.ws.queue.submit(
    async ({ signal, logger }) => {
      try {
        const { done, card } = await j.save(signal);
        await update(`:white_check_mark: ${done}`);
        await replyTo(target, j.client, card, logger);
      } catch (error) {
        logger.warn({ err: error }, 'could not save an edit');
        const { what, action } = explainError(error);
        const fields = isVendorError(error, 'validation') ? Object.values(error.fields).join(' ') : '';
        await update(`:warning: ${safeText(`${fields || what} ${action}`, 2000)}`);
      }
    },
    { user: j.userId },
  );
  if (!submitted.accepted)
    update(submitted.error.message).catch((error: unknown) =>
      j.logger.warn({ err: error }, 'could not say busy'),
    );
}

export function registerEditViews(app: App, deps: Services): void {
  app.view(CALLBACKS.customerEdit, async ({ ack, body, view, client, context }) => {
    const meta = decodeMetadata(view.private_metadata);
    const id = meta.customerId;
    const ws = await workspaceFor(deps, context);
    if (!ws || !id)
      return ack({
        response_action: 'update',
        view: statusModal('Edit customer', 'This workspace is not connected to a PSA/RMM.'),
      });
    const parsed = parseCustomerForm(view.state.values);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const refusal = await refusalFor(deps, client, keyOf(context), body.user.id, 'edit');
    if (refusal) return ack({ response_action: 'update', view: statusModal('Edit customer', refusal) });
    await ack({
      response_action: 'update',
      view: statusModal('Edit customer', ':hourglass_flowing_sand: Saving…'),
    });
    const writer = new Writer(
      ws,
      deps.store.audit,
      { userId: body.user.id, userName: body.user.name, requestId: context.requestId },
      deps.logger,
    );
    saveInQueue({
      ws,
      client,
      viewId: view.id,
      title: 'Edit customer',
      userId: body.user.id,
      meta,
      logger: deps.logger,
      save: async (signal) => {
        const before = await ws.vendor.getCustomer(id, { signal });
        const patch = customerChanges(before, parsed.value);
        if (Object.keys(patch).length > 0) await writer.updateCustomer(before, patch, signal);
        const { customer, contacts } = await customerDetail(ws, id, signal);
        const what =
          Object.keys(patch).length === 0 ? 'Nothing changed.' : `Saved *${safeText(customer.name, 150)}*.`;
        return {
          done: what,
          card: customerCard(customer, contacts, {
            vendorLabel: ws.vendor.capabilities.label,
            note: ':pencil2: Customer updated',
          }),
        };
      },
    });
  });

  app.view(CALLBACKS.contactEdit, async ({ ack, body, view, client, context }) => {
    const meta = decodeMetadata(view.private_metadata);
    const id = meta.contactId;
    const ws = await workspaceFor(deps, context);
    if (!ws || !id)
      return ack({
        response_action: 'update',
        view: statusModal('Edit contact', 'This workspace is not connected to a PSA/RMM.'),
      });
    const caps = ws.vendor.capabilities;
    const parsed = parseContactForm(view.state.values, {
      emailRequired: caps.contactEmailRequired,
      emailEditable: caps.editableContactEmail,
      vendorLabel: caps.label,
    });
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const refusal = await refusalFor(deps, client, keyOf(context), body.user.id, 'edit');
    if (refusal) return ack({ response_action: 'update', view: statusModal('Edit contact', refusal) });
    await ack({
      response_action: 'update',
      view: statusModal('Edit contact', ':hourglass_flowing_sand: Saving…'),
    });
    const writer = new Writer(
      ws,
      deps.store.audit,
      { userId: body.user.id, userName: body.user.name, requestId: context.requestId },
      deps.logger,
    );
    saveInQueue({
      ws,
      client,
      viewId: view.id,
      title: 'Edit contact',
      userId: body.user.id,
      meta,
      logger: deps.logger,
      save: async (signal) => {
        const before = await ws.vendor.getContact(id, { signal });
        const patch = contactChanges(before, parsed.value.fields, caps.editableContactEmail);
        const contact =
          Object.keys(patch).length > 0 ? await writer.updateContact(before, patch, signal) : before;
        const what =
          Object.keys(patch).length === 0
            ? 'Nothing changed.'
            : `Saved *${safeText(contact.fullName, 150)}*.`;
        return {
          done: what,
          card: contactCard(contact, { vendorLabel: caps.label, note: ':pencil2: Contact updated' }),
        };
      },
    });
  });
}
