// Share in channel: a public copy of a card, saying who shared it.
import type { App } from '@slack/bolt';
import { ACTIONS, decodeShare } from '../../blocks/actions.js';
import { contactCard } from '../../blocks/contact-card.js';
import { customerCard } from '../../blocks/customer-card.js';
import { isVendorError } from '../../src/domain/index.js';
import { customerDetail } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import { NOT_CONNECTED, runJob, workspaceFor } from '../support/workspace.js';
import { GONE } from './view-customer.js';

export function registerShareAction(app: App, deps: Services): void {
  app.action(ACTIONS.share, async ({ ack, body, action, respond, context }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const ref = decodeShare(action.value ?? '');
    if (!ref) return;
    const ws = await workspaceFor(deps, context);
    if (!ws) return void (await respond(NOT_CONNECTED));
    const userId = body.user.id;
    const vendorLabel = ws.vendor.capabilities.label;
    // A response_url may post in_channel even where the bot is not a member.
    const deliver = (m: Parameters<typeof respond>[0]) =>
      respond(typeof m === 'string' ? m : { ...m, replace_original: false });
    runJob(
      ws,
      { userId, requestId: context.requestId, doing: 'share the card', logger: deps.logger },
      deliver,
      async ({ signal }) => {
        try {
          if (ref.type === 'customer') {
            const { customer, contacts } = await customerDetail(ws, ref.id, signal);
            return customerCard(customer, contacts, { vendorLabel, sharedBy: userId });
          }
          const contact = await ws.vendor.getContact(ref.id, { signal });
          return contactCard(contact, { vendorLabel, sharedBy: userId });
        } catch (error) {
          if (isVendorError(error, 'not_found')) return GONE;
          throw error;
        }
      },
    );
  });
}
