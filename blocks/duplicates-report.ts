// The duplicates report: likely duplicate customers in pairs, strongest first, each with why and View buttons,
// a page at a time ("and N more"), within Slack's block limits however many pairs there are.
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { ACTIONS } from './actions.js';
import { cardValue } from './card-value.js';
import { askToDeleteButton, type Removal } from './delete-confirmation.js';
import type { Message } from './message.js';
import { mrkdwn, plain, safeText, truncate } from './mrkdwn.js';

export interface ReportPair {
  a: { id: string; name: string; domain: string | null };
  b: { id: string; name: string; domain: string | null };
  reasons: string[];
}

export interface DuplicatesView {
  pairs: readonly ReportPair[];
  customers: number;
  contacts: number | null;
}

export interface ReportOptions {
  vendorLabel: string;
  /** The fingerprint of the connection the pairs were read from: the View and Delete buttons carry it. */
  connection: string;
  /** 0-based page. */
  page: number;
  /** The reader may delete: the second of each pair gets an "Ask to delete" button. */
  canDelete?: boolean;
  removal?: Removal;
  /** Posted weekly to a channel: no per-user actions but View. */
  posted?: boolean;
}

export const PAIRS_PER_PAGE = 12;

function describe(c: ReportPair['a']): string {
  return `*${safeText(c.name, 120)}*${c.domain ? ` (${safeText(c.domain, 60)})` : ''}`;
}

export function duplicatesReport(report: DuplicatesView, o: ReportOptions): Message {
  const total = report.pairs.length;
  const pages = Math.max(1, Math.ceil(total / PAIRS_PER_PAGE));
  const page = Math.min(Math.max(0, o.page), pages - 1);
  const shown = report.pairs.slice(page * PAIRS_PER_PAGE, (page + 1) * PAIRS_PER_PAGE);
  const scanned = `${report.customers.toLocaleString('en-US')} customers${report.contacts !== null ? ` and ${report.contacts.toLocaleString('en-US')} contacts` : ''} in ${safeText(o.vendorLabel, 40)}`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(
        total === 0
          ? `:white_check_mark: No likely duplicates among ${scanned}.`
          : `*${total} likely duplicate pair${total === 1 ? '' : 's'}* among ${scanned}, strongest first.`,
      ),
    },
  ];
  shown.forEach((p, i) => {
    const n = page * PAIRS_PER_PAGE + i + 1;
    const a = cardValue({ type: 'customer', id: p.a.id, connection: o.connection });
    const b = cardValue({ type: 'customer', id: p.b.id, connection: o.connection });
    blocks.push({
      type: 'section',
      text: mrkdwn(
        truncate(
          `${n}. ${describe(p.a)}  ↔  ${describe(p.b)}\n_${safeText(p.reasons.join('; '), 600)}_`,
          2900,
        ),
      ),
    });
    const elements: Button[] = [
      {
        type: 'button',
        action_id: `${ACTIONS.customerView}_${2 * i}`,
        text: plain(truncate(`View ${p.a.name}`, 70)),
        value: a,
      },
      {
        type: 'button',
        action_id: `${ACTIONS.customerView}_${2 * i + 1}`,
        text: plain(truncate(`View ${p.b.name}`, 70)),
        value: b,
      },
    ];
    if (o.canDelete && !o.posted)
      elements.push({
        ...askToDeleteButton(`${ACTIONS.customerDelete}_${i}`, b, 'customer', p.b.name, o.removal),
        text: plain(truncate(`${o.removal === 'deactivate' ? 'Deactivate' : 'Delete'} ${p.b.name}`, 70)),
      });
    const actions: ActionsBlock = { type: 'actions', block_id: `dup_${n}`, elements };
    blocks.push(actions);
  });
  const more = total - (page + 1) * PAIRS_PER_PAGE;
  const nav: Button[] = [];
  if (page > 0)
    nav.push({
      type: 'button',
      action_id: `${ACTIONS.duplicatesPage}_prev`,
      text: plain('Previous'),
      value: String(page - 1),
    });
  if (more > 0 && !o.posted)
    nav.push({
      type: 'button',
      action_id: `${ACTIONS.duplicatesPage}_next`,
      text: plain(`Next ${Math.min(more, PAIRS_PER_PAGE)}`),
      value: String(page + 1),
    });
  if (more > 0)
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `and ${more} more${o.posted ? ': run `/customer duplicates` to see them all' : ''}. Page ${page + 1} of ${pages}.`,
        ),
      ],
    });
  else if (pages > 1) blocks.push({ type: 'context', elements: [mrkdwn(`Page ${page + 1} of ${pages}.`)] });
  if (nav.length > 0) blocks.push({ type: 'actions', block_id: 'dup_nav', elements: nav });
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        'Keep the primary record; archive or delete the duplicate after moving what belongs to it. Names are compared without case, punctuation and legal forms (Ltd, LLC, Inc, GmbH, Corp…).',
      ),
    ],
  });
  return {
    response_type: o.posted ? 'in_channel' : 'ephemeral',
    text: total === 0 ? 'No likely duplicates.' : `${total} likely duplicate pairs`,
    blocks,
  };
}
