// View buttons (on a result list, a "did you mean", a contact card): the customer's card.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { customerCard } from '../../blocks/customer-card.js';
import { notice } from '../../blocks/message.js';
import { isVendorError } from '../../src/domain/index.js';
import { customerDetail } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import { NOT_CONNECTED, runJob, workspaceFor } from '../support/workspace.js';

export const GONE = notice(
  'That record no longer exists: it was deleted. Search again to find what is there now.',
);

export function registerViewCustomerAction(app: App, deps: Services): void {
  // "did you mean" renders several View buttons in one block, numbered to keep action ids unique there.
  app.action(
    new RegExp(`^${ACTIONS.customerView}(_\\d+)?$`),
    async ({ ack, body, action, respond, context }) => {
      await ack();
      if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
      const id = action.value;
      const ws = await workspaceFor(deps, context);
      if (!ws) return void (await respond(NOT_CONNECTED));
      const reply = (m: Parameters<typeof respond>[0]) =>
        respond(typeof m === 'string' ? m : { ...m, replace_original: false });
      runJob(
        ws,
        {
          userId: body.user.id,
          requestId: context.requestId,
          doing: 'show the customer',
          logger: deps.logger,
        },
        reply,
        async ({ signal }) => {
          try {
            const { customer, contacts } = await customerDetail(ws, id, signal);
            return customerCard(customer, contacts, { vendorLabel: ws.vendor.capabilities.label });
          } catch (error) {
            if (isVendorError(error, 'not_found')) {
              ws.index.removeCustomer(id);
              return GONE;
            }
            throw error;
          }
        },
      );
    },
  );

  // Link buttons still send an action; acknowledging it keeps Slack from showing a warning.
  app.action(ACTIONS.openInVendor, async ({ ack }) => {
    await ack();
  });
}
