// The in-channel delete confirmation, and what it turns into: deleted, cancelled, expired, or failed.
import type { Button, KnownBlock } from '@slack/types';
import { ACTIONS } from './actions.js';
import type { Message } from './message.js';
import { mrkdwn, plain, safeText, slackDate, truncate, userMention } from './mrkdwn.js';

/** The Delete button on a card: red, and it only asks (the confirmation in the channel does the deleting). */
export function askToDeleteButton(
  actionId: string,
  id: string,
  kind: 'customer' | 'contact',
  name: string,
): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain('Delete'),
    value: id,
    style: 'danger',
    confirm: {
      title: plain(`Ask to delete this ${kind}?`),
      text: mrkdwn(
        truncate(
          `This posts a delete request for *${safeText(name, 150)}* in the channel; nothing is deleted until it is confirmed there.`,
          300,
        ),
      ),
      confirm: plain('Ask to delete'),
      deny: plain('Keep it'),
      style: 'danger',
    },
  };
}

/** What the confirmation needs to know; the store's pending delete has these fields. */
export interface DeleteRequestView {
  id: string;
  entityType: 'customer' | 'contact';
  entityName: string;
  requestedBy: string;
  expiresAt: number;
  detail: {
    contactCount?: number | undefined;
    customerName?: string | undefined;
    cascadeWarning?: string | undefined;
    vendorLabel: string;
  };
}

function what(r: DeleteRequestView): string {
  const name = `*${safeText(r.entityName, 200)}*`;
  if (r.entityType === 'contact') {
    return `the contact ${name}${r.detail.customerName ? ` of ${safeText(r.detail.customerName, 150)}` : ''}`;
  }
  const n = r.detail.contactCount ?? 0;
  return `the customer ${name} and its ${n} contact${n === 1 ? '' : 's'}`;
}

const isoDate = (ms: number) => new Date(ms).toISOString();

/**
 * Posted in the channel for everyone to see. `privateNote` explains an ephemeral fallback (a DM, or a channel
 * the bot is not in).
 */
export function deleteConfirmation(r: DeleteRequestView, privateNote?: string): Message {
  const blocks: KnownBlock[] = [];
  if (privateNote) blocks.push({ type: 'context', elements: [mrkdwn(privateNote)] });
  blocks.push({
    type: 'section',
    text: mrkdwn(
      `:warning: ${userMention(r.requestedBy)} asks to delete ${what(r)} from ${safeText(r.detail.vendorLabel, 40)}.`,
    ),
  });
  if (r.detail.cascadeWarning)
    blocks.push({ type: 'section', text: mrkdwn(`*${safeText(r.detail.cascadeWarning, 500)}*`) });
  blocks.push(
    {
      type: 'context',
      elements: [
        mrkdwn(
          `Only ${userMention(r.requestedBy)} or an admin can confirm. The request expires ${slackDate(isoDate(r.expiresAt))}.`,
        ),
      ],
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTIONS.deleteConfirm,
          text: plain('Delete'),
          style: 'danger',
          value: r.id,
          confirm: {
            title: plain('Delete for good?'),
            text: mrkdwn(
              truncate(
                `This deletes ${what(r)} from ${safeText(r.detail.vendorLabel, 40)}. It cannot be undone.`,
                300,
              ),
            ),
            confirm: plain('Delete'),
            deny: plain('Keep it'),
            style: 'danger',
          },
        },
        { type: 'button', action_id: ACTIONS.deleteCancel, text: plain('Cancel'), value: r.id },
      ],
    },
  );
  return {
    response_type: privateNote ? 'ephemeral' : 'in_channel',
    text: safeText(
      `Delete request: ${r.entityName} (${r.entityType}), asked by a teammate; confirm or cancel.`,
      500,
    ),
    blocks,
  };
}

export type DeleteOutcome =
  | { kind: 'deleted'; by: string; at: number }
  | { kind: 'cancelled'; by: string; at: number }
  | { kind: 'expired'; at: number }
  | { kind: 'failed'; reason: string };

/** The confirmation after the fact: no buttons left except after a failure, which may be retried. */
export function deleteSettled(r: DeleteRequestView, outcome: DeleteOutcome): Message {
  const subject = what(r);
  let line: string;
  let fallback: string;
  switch (outcome.kind) {
    case 'deleted':
      line = `:wastebasket: Deleted ${subject}. Deleted by ${userMention(outcome.by)} ${slackDate(isoDate(outcome.at))}.`;
      fallback = `Deleted ${r.entityName}`;
      break;
    case 'cancelled':
      line = `Delete of ${subject} cancelled by ${userMention(outcome.by)} ${slackDate(isoDate(outcome.at))}. Nothing was deleted.`;
      fallback = `Delete of ${r.entityName} cancelled`;
      break;
    case 'expired':
      line = `:hourglass: The request to delete ${subject} expired ${slackDate(isoDate(outcome.at))}. Nothing was deleted; ask again from the card if it is still wanted.`;
      fallback = `Delete request for ${r.entityName} expired`;
      break;
    case 'failed': {
      const failed = deleteConfirmation(r);
      return {
        ...failed,
        text: safeText(`Could not delete ${r.entityName}: ${outcome.reason}`, 500),
        blocks: [
          { type: 'section', text: mrkdwn(`:x: Could not delete: ${safeText(outcome.reason, 1000)}`) },
          ...(failed.blocks ?? []),
        ],
      };
    }
  }
  return {
    response_type: 'in_channel',
    text: safeText(fallback, 500),
    blocks: [{ type: 'section', text: mrkdwn(line) }],
  };
}
