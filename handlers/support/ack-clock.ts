// Slack's 3 seconds to answer an options request or a modal submission, as one budget for everything a listener
// waits for before its ack: a slow users.info leaves that much less to a vendor's search or a duplicate check.

/** What the work before an ack may spend in all, leaving the rest of the 3 seconds to the network and Bolt. */
const BEFORE_ACK_MS = 2_500;

export interface AckClock {
  /** What is left of the budget (at most `cap`): the deadline to hand the next bounded check. */
  left(cap?: number): number;
}

/**
 * Started when the listener starts, so whatever it awaited first counts; or at `startedAt`, when the request
 * reached the bot earlier (a slash command is acked at once and reaches its listener a little later).
 */
export function ackClock(now: () => number = Date.now, startedAt?: number): AckClock {
  const started = startedAt ?? now();
  return {
    left: (cap = Number.POSITIVE_INFINITY) => Math.max(0, Math.min(cap, BEFORE_ACK_MS - (now() - started))),
  };
}
