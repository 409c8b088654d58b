// The one way a listener runs work after its ack: in the workspace's queue, delivered to where the user is
// looking, with "busy", a failure and a long wait each turned into words.
import { errorMessage } from '../../blocks/error-message.js';
import { type Message, notice } from '../../blocks/message.js';
import type { Logger } from '../../src/logger.js';
import type { Actor } from '../../src/operations/context.js';
import { isQueueFullError, type JobTools, type QueuedInfo } from '../../src/queue/index.js';
import type { Workspace } from '../../src/workspaces.js';

/** Where a job's answer goes: a response_url, a modal (views.update), a message (chat.update)... */
export interface Delivery {
  send(message: Message): Promise<unknown>;
  /**
   * Replaces the last message `send` posted, where the target can (a slash command's response_url). When it
   * can, a job that waits in line first shows its place, then the answer takes the note's place.
   */
  replace?(message: Message): Promise<unknown>;
}

export function busyMessage(error: unknown): Message {
  return notice(isQueueFullError(error) ? error.message : 'The bot is busy; try again in a moment.');
}

/** "You're #3 in line, about 12 s": shown once to a user whose answer will take more than a few seconds. */
function queuedNote(info: QueuedInfo): Message {
  const seconds = Math.max(1, Math.round((info.expectedWaitMs + info.serviceMs) / 1000));
  const place = info.position > 0 ? `You’re #${info.position} in line` : 'Working on it';
  return notice(`:hourglass_flowing_sand: ${place}, about ${seconds} s. Your answer will appear here.`);
}

export interface JobSpec {
  ws: Workspace;
  actor: Pick<Actor, 'userId' | 'requestId'>;
  /** "look up customers": completes "Could not …" when the work fails. */
  doing: string;
  delivery: Delivery;
  logger: Logger;
}

/**
 * Queues `work` (never awaited before an ack) and delivers what it returns; a failure becomes a message that
 * says what happened and what to do; a refused job answers "busy" at once. Returns whether it was accepted.
 */
export function runJob(spec: JobSpec, work: (tools: JobTools) => Promise<Message | undefined>): boolean {
  const { delivery } = spec;
  let noted: Promise<unknown> | undefined;
  const result = spec.ws.queue.submit(
    async (tools) => {
      let message: Message | undefined;
      try {
        message = await work(tools);
      } catch (error) {
        tools.logger.warn({ err: error }, `could not ${spec.doing}`);
        message = errorMessage(error, spec.doing);
      }
      if (!message) return;
      // The note, if one was shown, is replaced by the answer (after it has surely arrived).
      if (noted && delivery.replace) {
        await noted.catch(() => undefined);
        await delivery.replace(message);
      } else await delivery.send(message);
    },
    {
      user: spec.actor.userId,
      requestId: spec.actor.requestId,
      ...(delivery.replace
        ? {
            onQueued: (info: QueuedInfo) => {
              noted = delivery
                .send(queuedNote(info))
                .catch((error: unknown) =>
                  spec.logger.debug({ err: error }, 'could not show the queue position'),
                );
            },
          }
        : {}),
    },
  );
  if (!result.accepted) {
    delivery
      .send(busyMessage(result.error))
      .catch((error: unknown) => spec.logger.warn({ err: error }, 'could not say busy'));
  }
  return result.accepted;
}
