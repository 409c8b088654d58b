// Sends a message to the user who acted: through a response_url when there is one, else ephemerally in the channel.
import type { webApi } from '@slack/bolt';
import type { Message } from '../../blocks/message.js';
import type { Logger } from '../../src/logger.js';

export interface ReplyTarget {
  userId: string;
  channelId?: string | undefined;
  responseUrl?: string | undefined;
}

/** POSTs to a response_url the way Bolt's respond() does, for places (modal submissions) that have no respond(). */
export async function postToResponseUrl(url: string, message: Message): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    // A response_url that hangs must not hold a queue slot.
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}

export async function replyTo(
  target: ReplyTarget,
  client: webApi.WebClient,
  message: Message,
  logger: Logger,
): Promise<void> {
  if (target.responseUrl) {
    try {
      await postToResponseUrl(target.responseUrl, { ...message, replace_original: false });
      return;
    } catch (error) {
      logger.warn({ err: error }, 'response_url failed; falling back to an ephemeral message');
    }
  }
  const { response_type: _t, replace_original: _r, delete_original: _d, ...rest } = message;
  if (target.channelId) {
    try {
      await client.chat.postEphemeral({ ...rest, channel: target.channelId, user: target.userId });
      return;
    } catch (error) {
      logger.warn({ err: error }, 'ephemeral message failed; sending a direct message');
    }
  }
  await client.chat.postMessage({ ...rest, channel: target.userId });
}
