// The in-channel delete confirmation (what goes with the record, measured), and what it turns into: deleted,
// deactivated or trashed (with Restore where the vendor allows), cancelled, expired, refused or failed.
import type { Button, KnownBlock } from '@slack/types';
import { ACTIONS } from './actions.js';
import type { Message } from './message.js';
import { mrkdwn, plain, safeText, slackDate, truncate, userMention } from './mrkdwn.js';

export type Removal = 'delete' | 'deactivate' | 'trash';

/** The words for each way a vendor removes a customer. */
const WORDS: Record<Removal, { verb: string; done: string; button: string; title: string }> = {
  delete: { verb: 'delete', done: 'Deleted', button: 'Delete', title: 'Delete for good?' },
  deactivate: { verb: 'deactivate', done: 'Deactivated', button: 'Deactivate', title: 'Deactivate?' },
  trash: { verb: 'delete', done: 'Moved to the trash', button: 'Delete', title: 'Move to the trash?' },
};

/**
 * The Delete (or Deactivate) button on a card: red, and it only asks (the confirmation does the deleting).
 * `value` is what the card's buttons carry (`cardValue`: the record and its connection).
 */
export function askToDeleteButton(
  actionId: string,
  value: string,
  kind: 'customer' | 'contact',
  name: string,
  removal: Removal = 'delete',
): Button {
  const w = WORDS[removal];
  return {
    type: 'button',
    action_id: actionId,
    text: plain(w.button),
    value,
    style: 'danger',
    confirm: {
      title: plain(`Ask to ${w.verb} this ${kind}?`),
      text: mrkdwn(
        truncate(
          `This posts a request to ${w.verb} *${safeText(name, 150)}* in the channel; nothing changes until it is confirmed there.`,
          300,
        ),
      ),
      confirm: plain(`Ask to ${w.verb}`),
      deny: plain('Keep it'),
      style: 'danger',
    },
  };
}

type Count =
  | { total: number; sample: { id: string; title: string; url: string | null }[] }
  | { unreadable: string };

/** What the confirmation needs to know; the store's pending delete has these fields. */
export interface DeleteRequestView {
  id: string;
  entityType: 'customer' | 'contact';
  entityName: string;
  requestedBy: string;
  expiresAt: number;
  resolvedAt?: number | null;
  detail: {
    contactCount?: number | undefined;
    customerName?: string | undefined;
    cascadeWarning?: string | undefined;
    vendorLabel: string;
    removal?: Removal | undefined;
    restoreWindowDays?: number | undefined;
    impact?:
      | { contacts: Count; openTickets: Count; devices: Count; contracts?: Count | undefined }
      | undefined;
    archiveId?: string | undefined;
    refusal?: { reason: string; canDeactivate: boolean } | undefined;
    restoredBy?: string | undefined;
    restoredAt?: number | undefined;
  };
}

const removalOf = (r: DeleteRequestView): Removal =>
  r.entityType === 'customer' ? (r.detail.removal ?? 'delete') : 'delete';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function contactsKnown(r: DeleteRequestView): number | undefined {
  const c = r.detail.impact?.contacts;
  if (c && 'total' in c) return c.total;
  return r.detail.contactCount;
}

/** "the customer *Acme* and its 3 contacts": names cut to `nameMax` (the final dialog has 300 characters). */
function what(r: DeleteRequestView, nameMax = 200): string {
  const name = `*${safeText(r.entityName, nameMax)}*`;
  if (r.entityType === 'contact') {
    const of = r.detail.customerName ? ` of ${safeText(r.detail.customerName, Math.min(150, nameMax))}` : '';
    return `the contact ${name}${of}`;
  }
  const n = contactsKnown(r);
  return n === undefined ? `the customer ${name}` : `the customer ${name} and its ${plural(n, 'contact')}`;
}

function countText(label: string, count: Count | undefined, max = 3): string | undefined {
  if (!count) return undefined;
  if ('unreadable' in count) return `${label}s: could not be read (${safeText(count.unreadable, 120)})`;
  const sample = count.sample
    .slice(0, max)
    .map((s) =>
      s.url && /^https?:\/\//.test(s.url) ? `<${s.url}|${safeText(s.title, 60)}>` : safeText(s.title, 60),
    );
  return `${plural(count.total, label)}${count.total > 0 && sample.length > 0 ? ` (${sample.join(', ')}${count.total > sample.length ? ', …' : ''})` : ''}`;
}

/** What goes with a customer, as read from the vendor; "counting…" until it is. */
function impactBlocks(r: DeleteRequestView): KnownBlock[] {
  if (r.entityType !== 'customer') return [];
  const i = r.detail.impact;
  if (!i)
    return [
      {
        type: 'context',
        elements: [mrkdwn(':hourglass_flowing_sand: Counting its contacts, open tickets and devices…')],
      },
    ];
  const lines = [
    countText('contact', i.contacts, 0),
    countText('open ticket', i.openTickets),
    countText('device', i.devices, 0),
    countText('contract', i.contracts, 0),
  ].filter((l): l is string => Boolean(l));
  return [
    {
      type: 'section',
      text: mrkdwn(truncate(`*What goes with it*\n${lines.map((l) => `• ${l}`).join('\n')}`, 2900)),
    },
  ];
}

/** What happens to open tickets, for the final confirm dialog. */
function ticketsFate(r: DeleteRequestView): string {
  const t = r.detail.impact?.openTickets;
  if (!t || !('total' in t) || t.total === 0) return '';
  const n = plural(t.total, 'open ticket');
  const [go, stay] = t.total === 1 ? ['goes', 'stays'] : ['go', 'stay'];
  switch (removalOf(r)) {
    case 'deactivate':
      return ` Its ${n} ${stay}, on the deactivated customer.`;
    case 'trash':
      return ` Its ${n} ${stay} in ${safeText(r.detail.vendorLabel, 40)} with the trashed customer.`;
    case 'delete':
      // Only a vendor that documents a cascade (its delete warning) is said to take the tickets along. Where the
      // reference is silent (Syncro's DELETE /customers/{id} says only "Customer was deleted from the system"),
      // the dialog says so rather than guessing.
      return r.detail.cascadeWarning
        ? ` Its ${n} ${go} with it.`
        : ` Its ${n} may go with it (${safeText(r.detail.vendorLabel, 40)}’s API reference does not say): move what matters first.`;
  }
}

function consequence(r: DeleteRequestView): string {
  const vendor = safeText(r.detail.vendorLabel, 40);
  switch (removalOf(r)) {
    case 'deactivate':
      return `${vendor} companies cannot be deleted: this deactivates it, and it can be reactivated.`;
    case 'trash':
      return `${vendor} keeps it in the trash for ${r.detail.restoreWindowDays ?? 30} days; it can be restored until then.`;
    case 'delete':
      return 'It cannot be undone; an archive is kept and sent to you first.';
  }
}

const isoDate = (ms: number) => new Date(ms).toISOString();

/**
 * The final dialog, within Slack's 300 characters: what happens to the open tickets and whether it can be undone
 * are never cut; a long name is.
 */
function finalWords(r: DeleteRequestView): string {
  const w = WORDS[removalOf(r)];
  const vendor = safeText(r.detail.vendorLabel, 40);
  const words = (nameMax: number) =>
    `This will ${w.verb} ${what(r, nameMax)} from ${vendor}.${ticketsFate(r)} ${consequence(r)}`;
  for (let nameMax = 200; nameMax > 20; nameMax -= 10) {
    const text = words(nameMax);
    if (text.length <= 300) return text;
  }
  return truncate(words(20), 300);
}

/**
 * Posted in the channel for everyone to see: who asks, what goes (counts only: customer data never goes into
 * the channel), who may confirm. `privateNote` explains an ephemeral fallback (a DM, a channel the bot is not in).
 */
export function deleteConfirmation(r: DeleteRequestView, privateNote?: string): Message {
  const w = WORDS[removalOf(r)];
  const vendor = safeText(r.detail.vendorLabel, 40);
  const blocks: KnownBlock[] = [];
  if (privateNote) blocks.push({ type: 'context', elements: [mrkdwn(privateNote)] });
  blocks.push({
    type: 'section',
    text: mrkdwn(`:warning: ${userMention(r.requestedBy)} asks to ${w.verb} ${what(r)} from ${vendor}.`),
  });
  blocks.push(...impactBlocks(r));
  if (r.detail.cascadeWarning)
    blocks.push({ type: 'section', text: mrkdwn(`*${safeText(r.detail.cascadeWarning, 500)}*`) });
  if (r.detail.refusal) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`:x: ${vendor} refused to delete it: ${safeText(r.detail.refusal.reason, 800)}`),
    });
  }
  const elements: Button[] = [];
  if (r.detail.refusal?.canDeactivate) {
    elements.push({
      type: 'button',
      action_id: ACTIONS.deleteDeactivateInstead,
      text: plain('Deactivate instead'),
      style: 'primary',
      value: r.id,
    });
  } else {
    elements.push({
      type: 'button',
      action_id: ACTIONS.deleteConfirm,
      text: plain(w.button),
      style: 'danger',
      value: r.id,
      confirm: {
        title: plain(w.title),
        text: mrkdwn(finalWords(r)),
        confirm: plain(w.button),
        deny: plain('Keep it'),
        style: 'danger',
      },
    });
  }
  elements.push({ type: 'button', action_id: ACTIONS.deleteCancel, text: plain('Cancel'), value: r.id });
  blocks.push(
    {
      type: 'context',
      elements: [
        mrkdwn(
          `Only ${userMention(r.requestedBy)} or an admin can confirm. The request expires ${slackDate(isoDate(r.expiresAt))}.`,
        ),
      ],
    },
    { type: 'actions', elements },
  );
  return {
    response_type: privateNote ? 'ephemeral' : 'in_channel',
    text: safeText(
      `Request to ${w.verb}: ${r.entityName} (${r.entityType}), asked by a teammate; confirm or cancel.`,
      500,
    ),
    blocks,
  };
}

export type DeleteOutcome =
  | { kind: 'deleted'; by: string; at: number; archived?: boolean }
  | { kind: 'deactivated'; by: string; at: number }
  | { kind: 'restored'; by: string; at: number }
  | { kind: 'cancelled'; by: string; at: number }
  | { kind: 'expired'; at: number }
  | { kind: 'failed'; reason: string };

/** The confirmation after the fact: no buttons left but Restore where possible, and Retry after a failure. */
export function deleteSettled(r: DeleteRequestView, outcome: DeleteOutcome): Message {
  const subject = what(r);
  const w = WORDS[removalOf(r)];
  let line: string;
  let fallback: string;
  const extra: KnownBlock[] = [];
  switch (outcome.kind) {
    case 'deleted': {
      const removal = removalOf(r);
      line = `:wastebasket: ${w.done}: ${subject}. ${w.done} by ${userMention(outcome.by)} ${slackDate(isoDate(outcome.at))}.`;
      if (removal === 'trash')
        line += ` ${safeText(r.detail.vendorLabel, 40)} keeps it for ${r.detail.restoreWindowDays ?? 30} days.`;
      if (outcome.archived)
        line += ` An archive was sent by direct message to ${userMention(r.requestedBy)}${outcome.by !== r.requestedBy ? ` and ${userMention(outcome.by)}` : ''}.`;
      fallback = `${w.done}: ${r.entityName}`;
      if (removal !== 'delete') {
        extra.push({
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: ACTIONS.deleteRestore,
              text: plain(removal === 'deactivate' ? 'Reactivate' : 'Restore'),
              value: r.id,
              confirm: {
                title: plain(removal === 'deactivate' ? 'Reactivate it?' : 'Restore it?'),
                text: mrkdwn(
                  truncate(`This brings back ${subject} in ${safeText(r.detail.vendorLabel, 40)}.`, 300),
                ),
                confirm: plain(removal === 'deactivate' ? 'Reactivate' : 'Restore'),
                deny: plain('Leave it'),
              },
            },
          ],
        });
        extra.push({
          type: 'context',
          elements: [mrkdwn(`Only ${userMention(r.requestedBy)} or an admin can restore it.`)],
        });
      }
      break;
    }
    case 'deactivated':
      line = `:no_entry_sign: ${subject} was deactivated instead by ${userMention(outcome.by)} ${slackDate(isoDate(outcome.at))}: ${safeText(r.detail.vendorLabel, 40)} keeps it for the records that still use it.`;
      fallback = `Deactivated ${r.entityName}`;
      break;
    case 'restored': {
      // Autotask reactivates what it deactivated; SuperOps restores from its trash.
      const [done, past] =
        removalOf(r) === 'deactivate' ? ['Reactivated', 'reactivated'] : ['Restored', 'restored'];
      line = `:recycle: ${subject} was ${past} by ${userMention(outcome.by)} ${slackDate(isoDate(outcome.at))}.`;
      fallback = `${done} ${r.entityName}`;
      break;
    }
    case 'cancelled':
      line = `Request to ${w.verb} ${subject} cancelled by ${userMention(outcome.by)} ${slackDate(isoDate(outcome.at))}. Nothing was changed.`;
      fallback = `Request to ${w.verb} ${r.entityName} cancelled`;
      break;
    case 'expired':
      line = `:hourglass: The request to ${w.verb} ${subject} expired ${slackDate(isoDate(outcome.at))}. Nothing was changed; ask again from the card if it is still wanted.`;
      fallback = `Request to ${w.verb} ${r.entityName} expired`;
      break;
    case 'failed': {
      const failed = deleteConfirmation(r);
      return {
        ...failed,
        text: safeText(`Could not ${w.verb} ${r.entityName}: ${outcome.reason}`, 500),
        blocks: [
          {
            type: 'section',
            text: mrkdwn(
              `:x: Could not ${w.verb}: ${safeText(outcome.reason, 1000)} Nothing was ${w.verb === 'deactivate' ? 'deactivated' : 'deleted'}.`,
            ),
          },
          ...(failed.blocks ?? []),
        ],
      };
    }
  }
  return {
    response_type: 'in_channel',
    text: safeText(fallback, 500),
    blocks: [{ type: 'section', text: mrkdwn(line) }, ...extra],
  };
}
