// Share in channel: a public copy of a card, saying who shared it.
import type { App } from '@slack/bolt';
import { ACTIONS, decodeShare } from '../../blocks/actions.js';
import { contactCard } from '../../blocks/contact-card.js';
import { customerCard } from '../../blocks/customer-card.js';
import { showContact, showCustomer } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import { actorFor } from '../support/actor.js';
import { cardOptions, GONE, refusedNotice } from '../support/answers.js';
import { onButton } from '../support/clicks.js';
import { clickDelivery } from '../support/deliver.js';
import { runJob } from '../support/jobs.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

export function registerShareButton(app: App, deps: Services): void {
  onButton(app, ACTIONS.share, async (click, { client, context, respond }) => {
    const ref = decodeShare(click.value);
    if (!ref) return;
    // A response_url may post in_channel even where the bot is not a member.
    const delivery = clickDelivery(respond);
    const ws = await workspaceFor(deps, context);
    if (!ws) return void (await delivery.send(NOT_CONNECTED));
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    const sharedBy = click.userId;
    runJob({ ws, actor, doing: 'share the card', delivery, logger: deps.logger }, async ({ signal }) => {
      if (ref.type === 'customer') {
        const shown = await showCustomer(deps, ws, actor, ref.id, signal);
        if (shown.kind === 'refused') return refusedNotice(shown);
        if (shown.kind === 'gone') return GONE;
        return customerCard(shown.customer, shown.contacts, { ...(await cardOptions(deps, ws)), sharedBy });
      }
      const shown = await showContact(deps, ws, actor, ref.id, signal);
      if (shown.kind === 'refused') return refusedNotice(shown);
      if (shown.kind === 'gone') return GONE;
      return contactCard(shown.contact, { vendorLabel: ws.vendor.capabilities.label, sharedBy });
    });
  });
}
