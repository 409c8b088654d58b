// Share in channel: a public copy of a card, saying who shared it; refused as stale after a reconnect to another
// account, where the card's id may name another record.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { contactCard } from '../../blocks/contact-card.js';
import { customerCard } from '../../blocks/customer-card.js';
import { showContact, showCustomer } from '../../src/operations/lookups.js';
import type { Services } from '../../src/services.js';
import { readCardValue } from '../forms/card-value.js';
import { actorFor } from '../support/actor.js';
import { cardOptions, GONE, refusedNotice, STALE } from '../support/answers.js';
import { onButton } from '../support/clicks.js';
import { clickDelivery } from '../support/deliver.js';
import { runJob } from '../support/jobs.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

export function registerShareButton(app: App, deps: Services): void {
  onButton(app, ACTIONS.share, async (click, { client, context, respond }) => {
    const carried = readCardValue(click.value);
    if (!carried) return;
    // A response_url may post in_channel even where the bot is not a member.
    const delivery = clickDelivery(respond);
    const ws = await workspaceFor(deps, context);
    if (!ws) return void (await delivery.send(NOT_CONNECTED));
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    const sharedBy = click.userId;
    runJob({ ws, actor, doing: 'share the card', delivery, logger: deps.logger }, async ({ signal }) => {
      // A card from before buttons said which record they carry is stale whichever it was.
      if (carried.type !== 'contact') {
        const shown = await showCustomer(deps, ws, actor, carried, signal);
        if (shown.kind === 'stale') return STALE;
        if (shown.kind === 'refused') return refusedNotice(shown);
        if (shown.kind === 'gone') return GONE;
        return customerCard(shown.customer, shown.contacts, { ...(await cardOptions(deps, ws)), sharedBy });
      }
      const shown = await showContact(deps, ws, actor, carried, signal);
      if (shown.kind === 'stale') return STALE;
      if (shown.kind === 'refused') return refusedNotice(shown);
      if (shown.kind === 'gone') return GONE;
      return contactCard(shown.contact, {
        vendorLabel: ws.vendor.capabilities.label,
        connection: ws.fingerprint,
        sharedBy,
      });
    });
  });
}
