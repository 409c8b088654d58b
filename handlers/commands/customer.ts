// /customer: help, lookups, onboarding and the audit trail.
import type { App } from '@slack/bolt';
import { auditList } from '../../blocks/audit-list.js';
import { customerCard } from '../../blocks/customer-card.js';
import { customerList, noCustomerMatch } from '../../blocks/customer-list.js';
import { helpMessage } from '../../blocks/help.js';
import type { Message } from '../../blocks/message.js';
import { type CustomerLookup, lookupCustomer } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import type { Workspace } from '../../src/workspaces.js';
import { openOnboarding } from '../actions/onboarding.js';
import { keyOf, NOT_CONNECTED, roleOf, runJob, workspaceFor } from '../support/workspace.js';
import { parseCommand } from './parse.js';

export function lookupMessage(ws: Workspace, query: string, result: CustomerLookup): Message {
  switch (result.kind) {
    case 'one':
      return customerCard(result.customer, result.contacts, { vendorLabel: ws.vendor.capabilities.label });
    case 'many':
      return customerList(query, result.matches, result.total);
    case 'none':
      return noCustomerMatch(query, result.suggestions);
  }
}

export function registerCustomerCommand(app: App, deps: Services): void {
  app.command('/customer', async ({ command, ack, respond, context, client }) => {
    const request = parseCommand('customer', command.text);
    if (request.kind === 'help') return ack(helpMessage('customer', request.note));
    if (request.kind === 'audit') {
      await ack();
      const key = keyOf(context);
      const mine = (await roleOf(deps, client, key, command.user_id)) !== 'admin';
      const entries = await deps.store.audit.latest({
        workspace: key,
        ...(mine ? { userId: command.user_id } : {}),
        ...(request.query ? { name: request.query } : {}),
        limit: 20,
      });
      return void (await respond(auditList(entries, { mine, query: request.query })));
    }
    const ws = await workspaceFor(deps, context);
    if (!ws) return ack(NOT_CONNECTED);
    await ack();
    if (request.kind === 'new') {
      // The modal opens with this request's trigger_id, before any vendor call or queue.
      return openOnboarding(deps, client, {
        key: keyOf(context),
        ws,
        userId: command.user_id,
        triggerId: command.trigger_id,
        name: request.name,
        meta: { channelId: command.channel_id, responseUrl: command.response_url },
      });
    }
    runJob(
      ws,
      {
        userId: command.user_id,
        requestId: context.requestId,
        doing: 'look up customers',
        logger: deps.logger,
      },
      respond,
      async ({ signal }) => lookupMessage(ws, request.query, await lookupCustomer(ws, request.query, signal)),
    );
  });
}
