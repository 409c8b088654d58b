// Edit customer and Edit contact submissions: only the changed fields go to the vendor, in the workspace queue.
import type { App } from '@slack/bolt';
import { CALLBACKS } from '../../blocks/actions.js';
import { contactCard } from '../../blocks/contact-card.js';
import { customerCard } from '../../blocks/customer-card.js';
import type { Message } from '../../blocks/message.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { statusModal } from '../../blocks/status-modal.js';
import { explainError, isVendorError } from '../../src/domain/index.js';
import { customerDetail } from '../../src/operations/lookups.js';
import { Writer } from '../../src/operations/writes.js';
import type { Services } from '../../src/services.js';
import type { VendorCapabilities } from '../../src/vendors/types.js';
import type { Workspace } from '../../src/workspaces.js';
import { decodeMetadata, type ModalMetadata } from '../support/metadata.js';
import { replyTo } from '../support/reply.js';
import { keyOf, refusalFor, workspaceFor } from '../support/workspace.js';
import { contactChanges, parseContactForm } from './contact-form.js';
import { customerChanges, parseCustomerForm } from './customer-form.js';
import type { FormResult, StateValues } from './state.js';

interface EditForm<T> {
  callbackId: string;
  title: string;
  /** Which record the modal edits, from its metadata. */
  idOf: (meta: ModalMetadata) => string | undefined;
  parse: (values: StateValues | undefined, caps: VendorCapabilities) => FormResult<T>;
  /** Reads the record, sends only what changed, and says what happened with the card to post. */
  save: (
    ws: Workspace,
    writer: Writer,
    id: string,
    value: T,
    signal: AbortSignal,
  ) => Promise<{ done: string; card: Message }>;
}

/**
 * One shape for every edit: check the form inline, check the permission, answer "Saving…", then save in the
 * workspace queue; the modal ends with "Saved" or the vendor's reason, and the updated card is posted.
 */
function registerEdit<T>(app: App, deps: Services, form: EditForm<T>): void {
  app.view(form.callbackId, async ({ ack, body, view, client, context }) => {
    const meta = decodeMetadata(view.private_metadata);
    const id = form.idOf(meta);
    const ws = await workspaceFor(deps, context);
    if (!ws || !id)
      return ack({
        response_action: 'update',
        view: statusModal(form.title, 'This workspace is not connected to a PSA/RMM.'),
      });
    const parsed = form.parse(view.state.values, ws.vendor.capabilities);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const refusal = await refusalFor(deps, client, keyOf(context), body.user.id, 'edit');
    if (refusal) return ack({ response_action: 'update', view: statusModal(form.title, refusal) });
    await ack({
      response_action: 'update',
      view: statusModal(form.title, ':hourglass_flowing_sand: Saving…'),
    });

    const actor = { userId: body.user.id, userName: body.user.name, requestId: context.requestId };
    const writer = new Writer(ws, deps.store.audit, actor, deps.logger);
    const target = { userId: actor.userId, channelId: meta.channelId, responseUrl: meta.responseUrl };
    const update = (text: string) =>
      client.views.update({ view_id: view.id, view: statusModal(form.title, text) });
    const submitted = ws.queue.submit(
      async ({ signal, logger }) => {
        try {
          const { done, card } = await form.save(ws, writer, id, parsed.value, signal);
          await update(`:white_check_mark: ${done}`);
          await replyTo(target, client, card, logger);
        } catch (error) {
          logger.warn({ err: error }, 'could not save an edit');
          const { what, action } = explainError(error);
          const fields = isVendorError(error, 'validation') ? Object.values(error.fields).join(' ') : '';
          await update(`:warning: ${safeText(`${fields || what} ${action}`, 2000)}`);
        }
      },
      { user: actor.userId, requestId: actor.requestId },
    );
    if (!submitted.accepted) await update(submitted.error.message);
  });
}

export function registerEditViews(app: App, deps: Services): void {
  registerEdit(app, deps, {
    callbackId: CALLBACKS.customerEdit,
    title: 'Edit customer',
    idOf: (meta) => meta.customerId,
    parse: (values) => parseCustomerForm(values),
    save: async (ws, writer, id, value, signal) => {
      const before = await ws.vendor.getCustomer(id, { signal });
      const patch = customerChanges(before, value);
      if (Object.keys(patch).length > 0) await writer.updateCustomer(before, patch, signal);
      const { customer, contacts } = await customerDetail(ws, id, signal);
      return {
        done:
          Object.keys(patch).length === 0 ? 'Nothing changed.' : `Saved *${safeText(customer.name, 150)}*.`,
        card: customerCard(customer, contacts, {
          vendorLabel: ws.vendor.capabilities.label,
          note: ':pencil2: Customer updated',
        }),
      };
    },
  });

  registerEdit(app, deps, {
    callbackId: CALLBACKS.contactEdit,
    title: 'Edit contact',
    idOf: (meta) => meta.contactId,
    parse: (values, caps) =>
      parseContactForm(values, {
        emailRequired: caps.contactEmailRequired,
        emailEditable: caps.editableContactEmail,
        vendorLabel: caps.label,
      }),
    save: async (ws, writer, id, value, signal) => {
      const caps = ws.vendor.capabilities;
      const before = await ws.vendor.getContact(id, { signal });
      const patch = contactChanges(before, value.fields, caps.editableContactEmail);
      const changed = Object.keys(patch).length > 0;
      const contact = changed ? await writer.updateContact(before, patch, signal) : before;
      return {
        done: changed ? `Saved *${safeText(contact.fullName, 150)}*.` : 'Nothing changed.',
        card: contactCard(contact, { vendorLabel: caps.label, note: ':pencil2: Contact updated' }),
      };
    },
  });
}
