// View buttons (a result list, "did you mean", a contact card, the duplicates report, an unfurl's "View card"):
// the customer's full card, for whoever clicked. A button from before a reconnect to another account is stale.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { customerCard } from '../../blocks/customer-card.js';
import { showCustomer } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import { readCardValue } from '../forms/card-value.js';
import { actorFor } from '../support/actor.js';
import { cardOptions, GONE, refusedNotice, STALE } from '../support/answers.js';
import { onButton } from '../support/clicks.js';
import { clickDelivery, userDelivery } from '../support/deliver.js';
import { runJob } from '../support/jobs.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

export function registerViewCustomer(app: App, deps: Services): void {
  // Several View buttons in one block are numbered to keep action ids unique there.
  onButton(
    app,
    new RegExp(`^${ACTIONS.customerView}(_\\d+)?$`),
    async (click, { client, context, respond }) => {
      const carried = readCardValue(click.value, 'customer');
      if (!carried) return;
      // In a modal (the duplicates view) there is no response_url: the card goes to the user directly.
      const delivery = click.responseUrl
        ? clickDelivery(respond)
        : userDelivery({ userId: click.userId, channelId: click.channelId }, client, deps.logger);
      const ws = await workspaceFor(deps, context);
      if (!ws) return void (await delivery.send(NOT_CONNECTED));
      const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
      runJob({ ws, actor, doing: 'show the customer', delivery, logger: deps.logger }, async ({ signal }) => {
        const shown = await showCustomer(deps, ws, actor, carried, signal);
        if (shown.kind === 'stale') return STALE;
        if (shown.kind === 'refused') return refusedNotice(shown);
        if (shown.kind === 'gone') return GONE;
        return customerCard(shown.customer, shown.contacts, await cardOptions(deps, ws));
      });
    },
  );

  // Link buttons still send an action; acknowledging it keeps Slack from showing a warning.
  onButton(app, ACTIONS.openInVendor, async () => undefined);
}
