// The message shortcut "Find customer": the customers a message's emails, domains and phone numbers (and its
// author's email) point at, answered only to the user who asked.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { SHORTCUTS } from '../../blocks/actions.js';
import { customerCard } from '../../blocks/customer-card.js';
import { customerList } from '../../blocks/customer-list.js';
import { notice } from '../../blocks/message.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { MAX_MESSAGE_CHARS } from '../../src/operations/message-clues.js';
import { findCustomerInMessage } from '../../src/operations/unfurls.js';
import type { Services } from '../../src/services.js';
import { actorFor, personOf } from '../support/actor.js';
import { cardOptions, refusedNotice } from '../support/answers.js';
import { clickDelivery, userDelivery } from '../support/deliver.js';
import { runJob } from '../support/jobs.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

export const MessageShortcutSchema = z.object({
  trigger_id: z.string(),
  response_url: z.string().optional(),
  user: z.object({ id: z.string(), name: z.string().optional(), username: z.string().optional() }),
  channel: z.object({ id: z.string() }).optional(),
  message: z.object({
    text: z
      .string()
      .default('')
      .transform((t) => t.slice(0, MAX_MESSAGE_CHARS)),
    user: z.string().optional(),
  }),
});

/** Why nothing was found: nothing to look up, or what was looked up (the message's clues, then its author's email). */
function nothingFound(looked: readonly string[], author: string | undefined): string {
  const authorPart = author ? `its author’s email ${safeText(author, 200)}` : undefined;
  if (looked.length === 0)
    return authorPart
      ? `I found no email address, domain or phone number in that message, and ${authorPart} matches no customer.`
      : 'I found no email address, domain or phone number in that message to look up.';
  const clues = safeText(looked.slice(0, 5).join(', '), 500);
  return `No customer matches ${clues}${authorPart ? `, nor ${authorPart}` : ''}.`;
}

export function registerFindCustomer(app: App, deps: Services): void {
  app.shortcut(SHORTCUTS.findCustomer, async ({ shortcut, ack, respond, client, context }) => {
    await ack();
    const s = MessageShortcutSchema.safeParse(shortcut);
    if (!s.success) return;
    // A new ephemeral answer: replace_original here would aim at the message the shortcut was used on.
    const delivery = s.data.response_url
      ? clickDelivery(respond)
      : userDelivery({ userId: s.data.user.id, channelId: s.data.channel?.id }, client, deps.logger);
    const ws = await workspaceFor(deps, context);
    if (!ws) return void (await delivery.send(NOT_CONNECTED));
    const actor = await actorFor(deps, client, context, { id: s.data.user.id, name: s.data.user.name });
    const author = s.data.message.user;
    runJob({ ws, actor, doing: 'find the customer', delivery, logger: deps.logger }, async ({ signal }) => {
      const authorEmail = author ? (await personOf(deps, client, context, author)).email : undefined;
      const found = await findCustomerInMessage(
        deps,
        ws,
        actor,
        { text: s.data.message.text, authorEmail },
        signal,
      );
      switch (found.kind) {
        case 'refused':
          return refusedNotice(found);
        case 'one':
          return customerCard(found.customer, found.contacts, await cardOptions(deps, ws));
        case 'many':
          return customerList('this message', found.matches, found.matches.length, ws.fingerprint);
        case 'none':
          return notice(nothingFound(found.looked, found.author));
      }
    });
  });
}
