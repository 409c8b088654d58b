// /contact: help, lookups and adding a contact.
import type { App } from '@slack/bolt';
import { contactCard, contactList } from '../../blocks/contact-card.js';
import { helpMessage } from '../../blocks/help.js';
import { notice } from '../../blocks/message.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { lookupContact, preselectedCustomer } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import { RECEIVED_AT } from '../../src/slack/commands-first.js';
import { parseCommand } from '../forms/command.js';
import { ackClock } from '../support/ack-clock.js';
import { actorFor } from '../support/actor.js';
import { refusedNotice } from '../support/answers.js';
import { commandDelivery } from '../support/deliver.js';
import { runJob } from '../support/jobs.js';
import { openContactModal } from '../support/modals.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

export function registerContactCommand(app: App, deps: Services): void {
  app.command('/contact', async ({ command, ack, respond, context, client }) => {
    // The trigger_id's 3 seconds started when the command reached the bot, before Bolt dispatched it.
    const received = context[RECEIVED_AT];
    const clock = ackClock(Date.now, typeof received === 'number' ? received : undefined);
    const request = parseCommand('contact', command.text);
    if (request.kind === 'help' || request.kind === 'audit' || request.kind === 'duplicates')
      return ack(helpMessage('contact', request.kind === 'help' ? request.note : undefined));
    const ws = await workspaceFor(deps, context);
    if (!ws) return ack(NOT_CONNECTED);
    await ack();
    const user = { id: command.user_id, name: command.user_name };
    if (request.kind === 'new') {
      // The modal opens with this request's trigger_id (it dies 3 s after the command), before any queue. Who
      // asks comes first: someone refused must not set off a search (of the index, or of the vendor when it is
      // cold). The customer named then gets what is left of the clock.
      const actor = await actorFor(deps, client, context, user);
      const customer = await preselectedCustomer(deps, ws, actor, request.name, clock.left(1000));
      await openContactModal(deps, client, {
        ws,
        actor,
        triggerId: command.trigger_id,
        customer,
        meta: { channelId: command.channel_id, responseUrl: command.response_url, origin: 'command' },
      });
      return;
    }
    const actor = await actorFor(deps, client, context, user);
    runJob(
      { ws, actor, doing: 'look up contacts', delivery: commandDelivery(respond), logger: deps.logger },
      async ({ signal }) => {
        const result = await lookupContact(deps, ws, actor, request.query, signal);
        const vendorLabel = ws.vendor.capabilities.label;
        switch (result.kind) {
          case 'refused':
            return refusedNotice(result);
          case 'one':
            return contactCard(result.contact, { vendorLabel, connection: ws.fingerprint });
          case 'many':
            return contactList(request.query, result.contacts, result.total, ws.fingerprint);
          case 'none':
            return notice(
              `No contact matches “${safeText(request.query, 200)}”. Try a name, an email or a phone number.`,
            );
        }
      },
    );
  });
}
