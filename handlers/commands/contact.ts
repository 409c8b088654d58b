// /contact: help, lookups and adding a contact.
import type { App } from '@slack/bolt';
import { contactCard, contactList } from '../../blocks/contact-card.js';
import { helpMessage } from '../../blocks/help.js';
import { notice } from '../../blocks/message.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { clearWinner, lookupContact } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import { openContactModal } from '../actions/add-contact.js';
import { keyOf, NOT_CONNECTED, runJob, workspaceFor } from '../support/workspace.js';
import { parseCommand } from './parse.js';

export function registerContactCommand(app: App, deps: Services): void {
  app.command('/contact', async ({ command, ack, respond, context, client }) => {
    const request = parseCommand('contact', command.text);
    if (request.kind === 'help' || request.kind === 'audit')
      return ack(helpMessage('contact', request.kind === 'help' ? request.note : undefined));
    const ws = await workspaceFor(deps, context);
    if (!ws) return ack(NOT_CONNECTED);
    await ack();
    if (request.kind === 'new') {
      // The modal opens with this request's trigger_id, before any vendor call or queue.
      const top = request.name ? clearWinner(ws.index.search(request.name, 2))?.customer : undefined;
      const customer = top ? { id: top.id, name: top.name } : undefined;
      await openContactModal(deps, client, {
        key: keyOf(context),
        ws,
        userId: command.user_id,
        triggerId: command.trigger_id,
        customer,
        meta: { channelId: command.channel_id, responseUrl: command.response_url },
      });
      return;
    }
    runJob(
      ws,
      {
        userId: command.user_id,
        requestId: context.requestId,
        doing: 'look up contacts',
        logger: deps.logger,
      },
      respond,
      async ({ signal }) => {
        const result = await lookupContact(ws, request.query, signal);
        const vendorLabel = ws.vendor.capabilities.label;
        if (result.kind === 'one') return contactCard(result.contact, { vendorLabel });
        if (result.kind === 'many') return contactList(request.query, result.contacts, result.total);
        return notice(
          `No contact matches “${safeText(request.query, 200)}”. Try a name, an email or a phone number.`,
        );
      },
    );
  });
}
