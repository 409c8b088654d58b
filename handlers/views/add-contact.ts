// The Add contact submission: checked inline (required fields, email, an existing contact with that email, the
// permission), then created in the queue; the modal ends with "Added" or comes back with the vendor's reason.
import type { App } from '@slack/bolt';
import { CALLBACKS } from '../../blocks/actions.js';
import { contactCard } from '../../blocks/contact-card.js';
import { CONTACT_BLOCKS, contactModal } from '../../blocks/contact-modal.js';
import { errorMessage } from '../../blocks/error-message.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { statusModal } from '../../blocks/status-modal.js';
import { explainError, isVendorError } from '../../src/domain/index.js';
import { addContact, checkNewContact } from '../../src/operations/contacts.js';
import { newContactSetup } from '../../src/operations/form-setup.js';
import type { Services } from '../../src/services.js';
import { parseContactForm } from '../forms/contact-form.js';
import { decodeMetadata } from '../forms/metadata.js';
import { ackClock } from '../support/ack-clock.js';
import { actorFor } from '../support/actor.js';
import { refusedText, STALE_TEXT } from '../support/answers.js';
import { replyTo } from '../support/deliver.js';
import { busyMessage } from '../support/jobs.js';
import { contactFormRules, contactModalOptions } from '../support/vendor-forms.js';
import { notConnectedModal, workspaceFor } from '../support/workspace.js';

/** How long the duplicate-email check may take before the submission goes ahead without it. */
const DUPLICATE_CHECK_MS = 1500;
const TITLE = 'Add contact';

export function registerAddContactView(app: App, deps: Services): void {
  app.view(CALLBACKS.contactAdd, async ({ ack, body, view, client, context }) => {
    const clock = ackClock();
    const ws = await workspaceFor(deps, context);
    if (!ws) return ack({ response_action: 'update', view: notConnectedModal(TITLE) });
    const caps = ws.vendor.capabilities;
    const parsed = parseContactForm(view.state.values, contactFormRules(caps, { adding: true }));
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    const { customerId, fields, customFields, choices } = parsed.value;
    if (!customerId)
      return ack({ response_action: 'errors', errors: { [CONTACT_BLOCKS.customer]: 'Choose a customer.' } });
    const meta = decodeMetadata(view.private_metadata);
    const actor = await actorFor(deps, client, context, { id: body.user.id, name: body.user.name });
    // The permission, the connection and the duplicate check must fit in what users.info left of Slack's 3 seconds.
    const check = await checkNewContact(
      deps,
      ws,
      actor,
      { fields, connection: meta.connection },
      clock.left(DUPLICATE_CHECK_MS),
    );
    if (check.kind === 'refused')
      return ack({ response_action: 'update', view: statusModal(TITLE, refusedText(check)) });
    if (check.kind === 'stale')
      return ack({ response_action: 'update', view: statusModal(TITLE, STALE_TEXT) });
    if (check.kind === 'duplicate') {
      const where = check.existing.customerName ? ` at ${check.existing.customerName}` : '';
      return ack({
        response_action: 'errors',
        errors: { [CONTACT_BLOCKS.email]: `${check.existing.fullName}${where} already has this email.` },
      });
    }
    await ack({
      response_action: 'update',
      view: statusModal(TITLE, ':hourglass_flowing_sand: Adding the contact…'),
    });

    const target = { userId: body.user.id, channelId: meta.channelId, responseUrl: meta.responseUrl };
    const customerName = ws.index.getCustomer(customerId)?.name;
    const show = (v: Parameters<typeof client.views.update>[0]['view']) =>
      client.views.update({ view_id: view.id, view: v });
    const submitted = ws.queue.submit(
      async ({ signal, logger }) => {
        const outcome = await addContact(
          deps,
          ws,
          actor,
          {
            customerId,
            fields: { ...fields, ...(Object.keys(choices).length > 0 ? { choices } : {}) },
            customFields,
            connection: meta.connection,
          },
          signal,
        );
        switch (outcome.kind) {
          case 'refused':
            return void (await show(statusModal(TITLE, refusedText(outcome))));
          case 'stale':
            return void (await show(statusModal(TITLE, STALE_TEXT)));
          case 'added': {
            const c = outcome.contact;
            const failed =
              outcome.failedFields.length > 0 ? ` (not set: ${outcome.failedFields.join(', ')})` : '';
            await show(
              statusModal(
                TITLE,
                `:white_check_mark: Added *${safeText(c.fullName, 150)}*${c.customerName ? ` to *${safeText(c.customerName, 150)}*` : ''}.${safeText(failed, 300)}`,
              ),
            );
            await replyTo(
              target,
              client,
              contactCard(c, {
                vendorLabel: caps.label,
                connection: ws.fingerprint,
                note: ':white_check_mark: Contact added',
              }),
              logger,
            );
            return;
          }
          case 'failed': {
            logger.warn({ err: outcome.error }, 'could not add a contact');
            // The form comes back with what was typed and the vendor's reason, where the user is looking.
            // Each of the vendor's reasons goes under the input it names (SuperOps: an email already in use).
            const { what, action } = explainError(outcome.error);
            const fieldErrors = isVendorError(outcome.error, 'validation') ? outcome.error.fields : {};
            const named = Object.keys(fieldErrors).length > 0;
            const setup = await newContactSetup(deps, ws, actor, signal).catch(() => undefined);
            await show(
              contactModal({
                ...contactModalOptions(caps, { adding: true }),
                ...(customerName ? { customer: { id: customerId, name: customerName } } : {}),
                values: fields,
                customFields: setup?.kind === 'ready' ? setup.definitions : [],
                customValues: customFields,
                ...(setup?.kind === 'ready' ? { choices: setup.choices } : {}),
                choiceValues: choices,
                fieldErrors,
                error: safeText(
                  named ? `${caps.label} did not accept the contact. ${action}` : `${what} ${action}`,
                  1000,
                ),
                privateMetadata: view.private_metadata,
              }),
            ).catch(() => replyTo(target, client, errorMessage(outcome.error, 'add the contact'), logger));
          }
        }
      },
      { user: body.user.id, requestId: actor.requestId },
    );
    if (!submitted.accepted) await show(statusModal(TITLE, busyMessage(submitted.error).text));
  });
}
