// Edit customer and Edit contact submissions: checked inline, then only the changed fields go to the vendor, in
// the workspace queue; the modal ends with "Saved" (or the vendor's reason) and the updated card is posted.
import type { App, webApi } from '@slack/bolt';
import { CALLBACKS } from '../../blocks/actions.js';
import { contactCard } from '../../blocks/contact-card.js';
import { customerCard } from '../../blocks/customer-card.js';
import type { Message } from '../../blocks/message.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { statusModal } from '../../blocks/status-modal.js';
import { explainError, isVendorError } from '../../src/domain/index.js';
import type { Actor } from '../../src/operations/context.js';
import { type EditOutcome, editContact, editCustomer } from '../../src/operations/edits.js';
import type { JobTools } from '../../src/queue/index.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';
import { parseContactForm } from '../forms/contact-form.js';
import { readCustomFields } from '../forms/custom-fields.js';
import { parseCustomerForm } from '../forms/customer-form.js';
import { decodeMetadata, type ModalMetadata } from '../forms/metadata.js';
import { initialState, readState } from '../forms/state.js';
import { actorFor } from '../support/actor.js';
import { cardOptions, GONE_TEXT, refusedText, STALE_TEXT } from '../support/answers.js';
import { type ReplyTarget, replyTo } from '../support/deliver.js';
import { contactFormRules } from '../support/vendor-forms.js';
import { notConnectedModal, type RequestContext, workspaceFor } from '../support/workspace.js';

/** What a finished edit says in the modal. */
function outcomeWords<T>(outcome: EditOutcome<T>, name: (record: T) => string): string {
  switch (outcome.kind) {
    case 'refused':
      return refusedText(outcome);
    case 'stale':
      return STALE_TEXT;
    case 'gone':
      return GONE_TEXT;
    case 'failed': {
      const { what, action } = explainError(outcome.error);
      const fields = isVendorError(outcome.error, 'validation')
        ? Object.values(outcome.error.fields).join(' ')
        : '';
      return `:warning: ${safeText(`${fields || what} ${action}`, 2000)}`;
    }
    case 'unchanged':
    case 'saved': {
      const failed = outcome.failedFields.length > 0 ? ` Not saved: ${outcome.failedFields.join(', ')}.` : '';
      const head =
        outcome.kind === 'unchanged' ? 'Nothing changed.' : `Saved *${safeText(name(outcome.record), 150)}*.`;
      return `:white_check_mark: ${head}${safeText(failed, 500)}`;
    }
  }
}

/** After the ack: who saves, where the card goes, the modal's status line, and the save run in the queue. */
async function saveInQueue(
  deps: Services,
  ws: Workspace,
  args: {
    body: { user: { id: string; name: string } };
    view: { id: string };
    client: webApi.WebClient;
    context: RequestContext;
  },
  title: string,
  meta: ModalMetadata,
  save: (
    actor: Actor,
    show: (text: string) => Promise<unknown>,
    tools: JobTools,
    target: ReplyTarget,
  ) => Promise<void>,
): Promise<void> {
  const { body, view, client, context } = args;
  const actor = await actorFor(deps, client, context, { id: body.user.id, name: body.user.name });
  const target = { userId: actor.userId, channelId: meta.channelId, responseUrl: meta.responseUrl };
  const show = (text: string) => client.views.update({ view_id: view.id, view: statusModal(title, text) });
  const submitted = ws.queue.submit((tools) => save(actor, show, tools, target), {
    user: actor.userId,
    requestId: actor.requestId,
  });
  if (!submitted.accepted) await show(submitted.error.message);
}

export function registerEditViews(app: App, deps: Services): void {
  app.view(CALLBACKS.customerEdit, async ({ ack, body, view, client, context }) => {
    const title = 'Edit customer';
    const meta = decodeMetadata(view.private_metadata);
    const ws = await workspaceFor(deps, context);
    const id = meta.customerId;
    if (!ws || !id) return ack({ response_action: 'update', view: notConnectedModal(title) });
    const parsed = parseCustomerForm(view.state.values);
    const custom = readCustomFields(readState(view.state.values), { clearEmpty: true });
    // What the form showed when it opened: only what the user changed from it is written.
    const opened = initialState(view.blocks);
    const shownForm = parseCustomerForm(opened);
    const shown = shownForm.ok
      ? {
          changes: shownForm.value,
          customFields: readCustomFields(readState(opened), { clearEmpty: true }).values,
        }
      : undefined;
    if (!parsed.ok || Object.keys(custom.errors).length > 0)
      return ack({
        response_action: 'errors',
        errors: { ...(parsed.ok ? {} : parsed.errors), ...custom.errors },
      });
    await ack({ response_action: 'update', view: statusModal(title, ':hourglass_flowing_sand: Saving…') });
    await saveInQueue(
      deps,
      ws,
      { body, view, client, context },
      title,
      meta,
      async (actor, show, { signal, logger }, target) => {
        const outcome = await editCustomer(
          deps,
          ws,
          actor,
          { id, connection: meta.connection, changes: parsed.value, customFields: custom.values, shown },
          signal,
        );
        await show(outcomeWords(outcome, (c) => c.name));
        if (outcome.kind === 'saved' || outcome.kind === 'unchanged') {
          const card: Message = customerCard(outcome.record, outcome.contacts, {
            ...(await cardOptions(deps, ws)),
            note: ':pencil2: Customer updated',
          });
          await replyTo(target, client, card, logger);
        }
      },
    );
  });

  app.view(CALLBACKS.contactEdit, async ({ ack, body, view, client, context }) => {
    const title = 'Edit contact';
    const meta = decodeMetadata(view.private_metadata);
    const ws = await workspaceFor(deps, context);
    const id = meta.contactId;
    if (!ws || !id) return ack({ response_action: 'update', view: notConnectedModal(title) });
    const caps = ws.vendor.capabilities;
    const rules = contactFormRules(caps, { adding: false });
    const parsed = parseContactForm(view.state.values, rules);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    // What the form showed is read as it was, required or not.
    const shownForm = parseContactForm(initialState(view.blocks), {
      ...rules,
      emailRequired: false,
      lastNameRequired: false,
    });
    const shown = shownForm.ok
      ? { fields: shownForm.value.fields, customFields: shownForm.value.customFields }
      : undefined;
    await ack({ response_action: 'update', view: statusModal(title, ':hourglass_flowing_sand: Saving…') });
    await saveInQueue(
      deps,
      ws,
      { body, view, client, context },
      title,
      meta,
      async (actor, show, { signal, logger }, target) => {
        const outcome = await editContact(
          deps,
          ws,
          actor,
          {
            id,
            connection: meta.connection,
            fields: parsed.value.fields,
            customFields: parsed.value.customFields,
            shown,
          },
          signal,
        );
        await show(outcomeWords(outcome, (c) => c.fullName));
        if (outcome.kind === 'saved' || outcome.kind === 'unchanged')
          await replyTo(
            target,
            client,
            contactCard(outcome.record, {
              vendorLabel: caps.label,
              connection: ws.fingerprint,
              note: ':pencil2: Contact updated',
            }),
            logger,
          );
      },
    );
  });
}
