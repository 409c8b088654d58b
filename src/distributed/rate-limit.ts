// Each workspace's vendor rate limit enforced across every replica: short fixed windows in Redis, sized so no
// sliding minute ever holds more than the configured requests per minute, and 429 pauses every replica sees.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../logger.js';
import type { SharedRateGate } from '../queue/index.js';

/**
 * How long after taking a permit a request may still reach the vendor (socket, TLS, a busy event loop).
 * A vendor counting per sliding minute sees the permits of a 60 s + this span.
 */
export const ARRIVAL_SLACK_MS = 1000;

export interface WindowPlan {
  /** Fixed window length in whole seconds (RateLimiterRedis keys expire in seconds). */
  durationSec: number;
  /** Permits per window. */
  points: number;
  /** Most requests any sliding minute (plus the arrival slack) can hold: points × windows it can touch. */
  worstPerMinute: number;
  /** The sustained rate: points per window, per minute. */
  sustainedPerMinute: number;
}

/**
 * Why short fixed windows, and how they are sized. RateLimiterRedis counts in fixed windows: a window opens
 * with the first permit taken after the previous one expired, so windows are disjoint spans of `d` seconds.
 * A vendor's sliding minute (plus ARRIVAL_SLACK_MS) can touch at most ceil((60 + slack) / d) + 1 of them,
 * so `points = floor(limit / that)` keeps every sliding minute within the limit, whatever the replicas do.
 * One 60 s window would allow 2× the limit across a boundary; 1 s windows waste most of the budget on the
 * partial windows at the ends. The best `d` is searched: for 120/min it is 4 s × 7 permits (any minute
 * ≤ 17 × 7 = 119, sustained 105/min); 300/min: 2 s × 9 (≤ 288, sustained 270); 180/min: 3 s × 8 (≤ 176,
 * sustained 160). Bursts are at most `points` at a window's start, which the local limiter spreads anyway.
 * (execEvenly only delays a permit already counted in its window, so it would not change the bound.)
 */
export function windowPlan(ratePerMinute: number, slackMs = ARRIVAL_SLACK_MS): WindowPlan {
  const limit = Math.max(1, Math.floor(ratePerMinute));
  let best: WindowPlan | undefined;
  for (let d = 1; d <= 120; d++) {
    const windows = Math.ceil((60_000 + slackMs) / (d * 1000)) + 1;
    const points = Math.floor(limit / windows);
    if (points < 1) continue;
    const sustained = (points * 60) / d;
    if (!best || sustained > best.sustainedPerMinute)
      best = { durationSec: d, points, worstPerMinute: points * windows, sustainedPerMinute: sustained };
  }
  // A limit of 1/min cannot be kept by fixed windows at all; one permit per 61 s comes closest (≤ 2 a minute).
  return best ?? { durationSec: 61, points: 1, worstPerMinute: 2, sustainedPerMinute: 60 / 61 };
}

export interface SharedRateLimitOptions {
  redis: Redis;
  /** Prefix of every key (a deployment's, or a test run's). */
  keyPrefix: string;
  logger: Logger;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The SharedRateGate of distributed mode: one RateLimiterRedis per rate, keyed by workspace. */
export class SharedRateLimit implements SharedRateGate {
  readonly #options: SharedRateLimitOptions;
  readonly #limiters = new Map<number, RateLimiterRedis>();
  #closed = false;

  constructor(options: SharedRateLimitOptions) {
    this.#options = options;
  }

  /** Takes one permit for `workspace`, waiting out the window (or a 429 pause) as often as it takes. */
  async acquire(workspace: string, ratePerMinute: number): Promise<void> {
    const limiter = this.#limiterFor(ratePerMinute);
    for (;;) {
      if (this.#closed) throw new Error('the shared rate limit is closed (shutting down)');
      try {
        await limiter.consume(workspace);
        return;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        // A little jitter so the replicas' waiters do not all come back in the same millisecond.
        await sleep(Math.max(1, refusal.msBeforeNext) + Math.floor(Math.random() * 25));
      }
    }
  }

  /** A 429's Retry-After blocks the workspace's key, so every replica's next permit waits for it. */
  pause(workspace: string, ratePerMinute: number, ms: number): void {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    this.#limiterFor(ratePerMinute)
      .block(workspace, seconds)
      .catch((error: unknown) =>
        this.#options.logger.warn({ err: error, workspace }, 'could not share a 429 pause through Redis'),
      );
  }

  /** Shutdown: waiters stop asking Redis (their jobs fail instead of hanging on a closed connection). */
  close(): void {
    this.#closed = true;
  }

  #limiterFor(ratePerMinute: number): RateLimiterRedis {
    const existing = this.#limiters.get(ratePerMinute);
    if (existing) return existing;
    const plan = windowPlan(ratePerMinute);
    const limiter = new RateLimiterRedis({
      storeClient: this.#options.redis,
      keyPrefix: `${this.#options.keyPrefix}rate:${ratePerMinute}`,
      points: plan.points,
      duration: plan.durationSec,
      // Redis unreachable: each replica keeps the same windows to itself, as a single process does today.
      insuranceLimiter: new RateLimiterMemory({ points: plan.points, duration: plan.durationSec }),
    });
    this.#limiters.set(ratePerMinute, limiter);
    this.#options.logger.debug({ ratePerMinute, ...plan }, 'shared vendor rate limit');
    return limiter;
  }
}
