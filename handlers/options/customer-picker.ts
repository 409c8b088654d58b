// The customer typeahead in the contact modal: answered from the index, never from the vendor (3-second budget).
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { truncate } from '../../blocks/mrkdwn.js';
import { customerOptions } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import { workspaceFor } from '../support/workspace.js';

export function registerCustomerPicker(app: App, deps: Services): void {
  app.options(ACTIONS.customerPicker, async ({ ack, options, context }) => {
    const ws = await workspaceFor(deps, context);
    const query = options.value ?? '';
    const customers = ws && query.trim() ? customerOptions(ws, query, 25) : [];
    await ack({
      options: customers.map((c) => ({
        text: { type: 'plain_text' as const, text: truncate(c.name, 75) },
        value: c.id,
        ...(c.domains[0]
          ? { description: { type: 'plain_text' as const, text: truncate(c.domains[0], 75) } }
          : {}),
      })),
    });
  });
}
