// /customer: help, lookups, onboarding, the audit trail and the duplicates report.
import type { App } from '@slack/bolt';
import { auditList } from '../../blocks/audit-list.js';
import { customerCard } from '../../blocks/customer-card.js';
import { customerList, noCustomerMatch } from '../../blocks/customer-list.js';
import { helpMessage } from '../../blocks/help.js';
import { readAudit } from '../../src/operations/audit.js';
import { lookupCustomer } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import { parseCommand } from '../forms/command.js';
import { actorFor } from '../support/actor.js';
import { cardOptions, refusedNotice } from '../support/answers.js';
import { commandDelivery } from '../support/deliver.js';
import { duplicatesAnswer } from '../support/duplicates-answer.js';
import { runJob } from '../support/jobs.js';
import { openOnboardingModal } from '../support/modals.js';
import { keyOf, NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

export function registerCustomerCommand(app: App, deps: Services): void {
  app.command('/customer', async ({ command, ack, respond, context, client }) => {
    const request = parseCommand('customer', command.text);
    if (request.kind === 'help') return ack(helpMessage('customer', request.note));
    const user = { id: command.user_id, name: command.user_name };
    if (request.kind === 'audit') {
      await ack();
      const actor = await actorFor(deps, client, context, user);
      const { entries, mine } = await readAudit(deps, keyOf(context), actor, { query: request.query });
      return void (await respond(auditList(entries, { mine, query: request.query, isAdmin: !mine })));
    }
    const ws = await workspaceFor(deps, context);
    if (!ws) return ack(NOT_CONNECTED);
    await ack();
    const actor = await actorFor(deps, client, context, user);
    if (request.kind === 'new') {
      // The modal opens with this request's trigger_id, before any vendor call or queue.
      return openOnboardingModal(deps, client, {
        ws,
        actor,
        triggerId: command.trigger_id,
        name: request.name,
        meta: { channelId: command.channel_id, responseUrl: command.response_url, origin: 'command' },
      });
    }
    const delivery = commandDelivery(respond);
    if (request.kind === 'duplicates') {
      runJob(
        { ws, actor, doing: 'look for duplicates', delivery, logger: deps.logger },
        async ({ signal }) => {
          return duplicatesAnswer(deps, ws, actor, 0, signal);
        },
      );
      return;
    }
    runJob({ ws, actor, doing: 'look up customers', delivery, logger: deps.logger }, async ({ signal }) => {
      const result = await lookupCustomer(deps, ws, actor, request.query, signal);
      switch (result.kind) {
        case 'refused':
          return refusedNotice(result);
        case 'one':
          return customerCard(result.customer, result.contacts, {
            ...(await cardOptions(deps, ws)),
            ...(result.note ? { footnote: result.note } : {}),
          });
        case 'many':
          return customerList(request.query, result.matches, result.total, ws.fingerprint, result.note);
        case 'none':
          return noCustomerMatch(request.query, result.suggestions, ws.fingerprint, result.note);
      }
    });
  });
}
