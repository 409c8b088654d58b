// The customer typeahead in the contact modal: answered from the index (cold: the vendor's fast search) inside Slack's 3 seconds.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { truncate } from '../../blocks/mrkdwn.js';
import type { Customer } from '../../src/domain/index.js';
import { customerOptions } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import { capText } from '../forms/state.js';
import { ackClock } from '../support/ack-clock.js';
import { actorFor } from '../support/actor.js';
import { workspaceFor } from '../support/workspace.js';

export function registerCustomerPicker(app: App, deps: Services): void {
  app.options(ACTIONS.customerPicker, async ({ ack, options, body, client, context }) => {
    const clock = ackClock();
    // What a user can type into a select is short; a forged longer value is cut before anything reads it.
    const query = capText(options.value ?? '', 200);
    const ws = await workspaceFor(deps, context);
    let customers: Customer[] = [];
    if (ws && query.trim()) {
      const actor = await actorFor(deps, client, context, { id: body.user.id });
      // A users.info that was slow to answer leaves the vendor's search less time, not Slack less patience.
      const withinMs = clock.left();
      customers = await customerOptions(deps, ws, actor, query, { limit: 25, withinMs });
    }
    await ack({
      options: customers.map((c) => ({
        text: { type: 'plain_text' as const, text: truncate(c.name, 75) },
        value: c.id.slice(0, 150),
        ...(c.domains[0]
          ? { description: { type: 'plain_text' as const, text: truncate(c.domains[0], 75) } }
          : {}),
      })),
    });
  });
}
