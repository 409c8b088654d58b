// Where answers go: a response_url, the user's channel ephemerally, a DM; each as a Delivery for the job runner.
import type { webApi } from '@slack/bolt';
import type { Message } from '../../blocks/message.js';
import type { Logger } from '../../src/logger.js';
import type { Delivery } from './jobs.js';

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

/** A command's or click's respond(), as Bolt hands it over. */
type Respond = (message: Message) => Promise<unknown>;

/**
 * Answers through a slash command's response_url: the first message is new (ephemeral unless it says
 * otherwise), and a later one can replace it (a queue note replaced by the answer).
 */
export function commandDelivery(respond: Respond): Delivery {
  return {
    send: (m) => respond({ response_type: 'ephemeral', ...m }),
    replace: (m) => respond({ response_type: 'ephemeral', ...m, replace_original: true }),
  };
}

/** Answers a button click with a new message (the card the button was on stays). */
export function clickDelivery(respond: Respond): Delivery {
  return { send: (m) => respond({ ...m, replace_original: false }) };
}

/** Answers where a modal's user is: its response_url, else ephemerally in the channel, else a DM. */
export function userDelivery(target: ReplyTarget, client: webApi.WebClient, logger: Logger): Delivery {
  return { send: (m) => replyTo(target, client, m, logger) };
}

/** Keeps it private: confirmations' refusals and notes are for the one who clicked. */
export const privately = (m: Message): Message => ({
  ...m,
  response_type: 'ephemeral',
  replace_original: false,
});
