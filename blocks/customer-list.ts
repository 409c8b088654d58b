// Lookup results that are not one clear match: a ranked list to pick from, or "did you mean" and Create.
import type { KnownBlock } from '@slack/types';
import type { Customer } from '../src/domain/index.js';
import { ACTIONS } from './actions.js';
import { cardValue } from './card-value.js';
import { addressOf } from './customer-card.js';
import type { Message } from './message.js';
import { mrkdwn, plain, safeText, truncate } from './mrkdwn.js';

const MAX_LISTED = 10;

function summary(c: Customer): string {
  const details = [c.domains[0], c.phone, addressOf(c)]
    .filter((d) => d?.trim())
    .map((d) => safeText(d ?? '', 120));
  return `*${safeText(c.name, 150)}*${details.length > 0 ? `\n${details.join(' · ')}` : ''}`;
}

/** A line under an answer that did not come from the fresh index (a snapshot, the vendor's own search). */
export function footnote(note: string | undefined): KnownBlock[] {
  return note ? [{ type: 'context', elements: [mrkdwn(`:information_source: ${safeText(note, 500)}`)] }] : [];
}

/** Several plausible matches, best first, each with a View button (carrying the connection they came from). */
export function customerList(
  query: string,
  matches: readonly Customer[],
  total: number,
  connection: string,
  note?: string,
): Message {
  const shown = matches.slice(0, MAX_LISTED);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*${total} customers match* “${safeText(query, 200)}”`) },
    ...shown.map(
      (c): KnownBlock => ({
        type: 'section',
        text: mrkdwn(summary(c)),
        accessory: {
          type: 'button',
          action_id: ACTIONS.customerView,
          text: plain('View'),
          value: cardValue({ type: 'customer', id: c.id, connection }),
        },
      }),
    ),
  ];
  if (total > shown.length) {
    blocks.push({ type: 'context', elements: [mrkdwn(`${total - shown.length} more: refine your search.`)] });
  }
  blocks.push(...footnote(note));
  return {
    response_type: 'ephemeral',
    text: safeText(`${total} customers match "${query}": ${shown.map((c) => c.name).join(', ')}`, 1000),
    blocks,
  };
}

/** No match: say so, offer the closest names, and a Create button with the name filled in. */
export function noCustomerMatch(
  query: string,
  suggestions: readonly Customer[],
  connection: string,
  note?: string,
): Message {
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`No customer matches “${safeText(query, 200)}”.`) },
  ];
  if (suggestions.length > 0) {
    blocks.push({ type: 'section', text: mrkdwn('*Did you mean*') });
    blocks.push({
      type: 'actions',
      elements: suggestions.slice(0, 5).map((c, i) => ({
        type: 'button' as const,
        action_id: `${ACTIONS.customerView}_${i}`,
        text: plain(truncate(c.name, 75)),
        value: cardValue({ type: 'customer', id: c.id, connection }),
      })),
    });
  }
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.customerCreate,
        text: plain(truncate(`Create “${query}”`, 75)),
        value: query.slice(0, 200),
        style: 'primary',
      },
    ],
  });
  blocks.push(...footnote(note));
  const didYouMean =
    suggestions.length > 0
      ? ` Did you mean: ${suggestions
          .slice(0, 5)
          .map((c) => c.name)
          .join(', ')}?`
      : '';
  return {
    response_type: 'ephemeral',
    text: safeText(`No customer matches "${query}".${didYouMean}`, 1000),
    blocks,
  };
}
