// Rewriting a delete confirmation wherever it lives (the channel message, or the requester's ephemeral copy),
// and the words for a request someone else already settled.
import type { webApi } from '@slack/bolt';
import { type Message, notice } from '../../blocks/message.js';
import { userMention } from '../../blocks/mrkdwn.js';
import type { PendingDelete } from '../../src/store/pending-deletes.js';
import { postToResponseUrl } from './deliver.js';

export function slackError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** Rewrites the confirmation: chat.update where it was posted, else its response_url (the ephemeral fallback). */
export async function rewriteConfirmation(
  pending: PendingDelete,
  message: Message,
  client: webApi.WebClient | undefined,
): Promise<void> {
  if (pending.messageTs && client) {
    const { response_type: _t, ...rest } = message;
    await client.chat.update({ ...rest, channel: pending.channelId, ts: pending.messageTs });
  } else if (pending.responseUrl) {
    await postToResponseUrl(pending.responseUrl, { ...message, replace_original: true });
  }
}

export function settledNote(p: PendingDelete): Message {
  const by = p.resolvedBy ? userMention(p.resolvedBy) : 'someone';
  const done = p.detail.removal === 'deactivate' ? 'deactivated' : 'deleted';
  switch (p.status) {
    case 'deleted':
      return notice(`Already ${done} by ${by}.`);
    case 'cancelled':
      return notice(`Already cancelled by ${by}.`);
    case 'running':
      return notice(
        `${by} is ${p.detail.removal === 'deactivate' ? 'deactivating' : 'deleting'} it right now.`,
      );
    case 'expired':
      return notice('This request has expired; nothing was changed.');
    case 'restoring':
    case 'restored':
      return notice(`Already ${done} by ${by}, and since brought back.`);
    default:
      return notice('This request has already been handled.');
  }
}
