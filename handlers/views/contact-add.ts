// The Add contact submission: checked inline (required fields, email, duplicates), then created in the queue.
import type { App } from '@slack/bolt';
import { CALLBACKS } from '../../blocks/actions.js';
import { contactCard } from '../../blocks/contact-card.js';
import { CONTACT_BLOCKS, contactModal } from '../../blocks/contact-modal.js';
import { errorMessage } from '../../blocks/error-message.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { statusModal } from '../../blocks/status-modal.js';
import { explainError, isVendorError } from '../../src/domain/index.js';
import { contactWithEmail } from '../../src/operations/lookups.js';
import { Writer } from '../../src/operations/writes.js';
import type { Services } from '../../src/services.js';
import { withDeadline } from '../support/deadline.js';
import { decodeMetadata } from '../support/metadata.js';
import { replyTo } from '../support/reply.js';
import { busyMessage, keyOf, refusalFor, workspaceFor } from '../support/workspace.js';
import { parseContactForm } from './contact-form.js';

/** How long a duplicate-email check may take before the submission goes ahead without it. */
const DUPLICATE_CHECK_MS = 1500;

export function registerContactAddView(app: App, deps: Services): void {
  app.view(CALLBACKS.contactAdd, async ({ ack, body, view, client, context }) => {
    const ws = await workspaceFor(deps, context);
    if (!ws)
      return ack({
        response_action: 'update',
        view: statusModal('Add contact', 'This workspace is not connected to a PSA/RMM.'),
      });
    const caps = ws.vendor.capabilities;
    const parsed = parseContactForm(view.state.values, {
      emailRequired: caps.contactEmailRequired,
      emailEditable: true,
      vendorLabel: caps.label,
    });
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const { customerId, fields } = parsed.value;
    if (!customerId)
      return ack({ response_action: 'errors', errors: { [CONTACT_BLOCKS.customer]: 'Choose a customer.' } });

    // Both checks must fit in Slack's 3 seconds together, so they run side by side.
    const email = fields.email;
    const [refusal, existing] = await Promise.all([
      refusalFor(deps, client, keyOf(context), body.user.id, 'create'),
      email ? withDeadline(DUPLICATE_CHECK_MS, (signal) => contactWithEmail(ws, email, signal)) : undefined,
    ]);
    if (refusal) return ack({ response_action: 'update', view: statusModal('Add contact', refusal) });
    if (existing) {
      const where = existing.customerName ? ` at ${existing.customerName}` : '';
      return ack({
        response_action: 'errors',
        errors: { [CONTACT_BLOCKS.email]: `${existing.fullName}${where} already has this email.` },
      });
    }

    await ack({
      response_action: 'update',
      view: statusModal('Add contact', ':hourglass_flowing_sand: Adding the contact…'),
    });
    const meta = decodeMetadata(view.private_metadata);
    const target = { userId: body.user.id, channelId: meta.channelId, responseUrl: meta.responseUrl };
    const writer = new Writer(
      ws,
      deps.store.audit,
      { userId: body.user.id, userName: body.user.name, requestId: context.requestId },
      deps.logger,
    );
    const customerName = ws.index.getCustomer(customerId)?.name;
    const submitted = ws.queue.submit(
      async ({ signal, logger }) => {
        try {
          const contact = await writer.createContact({ customerId, ...fields }, signal);
          const named = contact.customerName ? contact : { ...contact, customerName: customerName ?? null };
          await client.views.update({
            view_id: view.id,
            view: statusModal(
              'Add contact',
              `:white_check_mark: Added *${safeText(named.fullName, 150)}*${named.customerName ? ` to *${safeText(named.customerName, 150)}*` : ''}.`,
            ),
          });
          await replyTo(
            target,
            client,
            contactCard(named, { vendorLabel: caps.label, note: ':white_check_mark: Contact added' }),
            logger,
          );
        } catch (error) {
          logger.warn({ err: error }, 'could not add a contact');
          // The form comes back with what was typed and the vendor's reason, where the user is looking.
          const { what, action } = explainError(error);
          const fieldErrors = isVendorError(error, 'validation') ? Object.values(error.fields) : [];
          await client.views
            .update({
              view_id: view.id,
              view: contactModal({
                vendorLabel: caps.label,
                emailRequired: caps.contactEmailRequired,
                emailEditable: true,
                ...(customerName ? { customer: { id: customerId, name: customerName } } : {}),
                values: fields,
                error: safeText(`${fieldErrors.length > 0 ? fieldErrors.join(' ') : what} ${action}`, 1000),
                privateMetadata: view.private_metadata,
              }),
            })
            .catch(() => replyTo(target, client, errorMessage(error, 'add the contact'), logger));
        }
      },
      { user: body.user.id, requestId: context.requestId },
    );
    if (!submitted.accepted) {
      await client.views.update({
        view_id: view.id,
        view: statusModal('Add contact', busyMessage(submitted.error).text),
      });
    }
  });
}
