// Paces one workspace's vendor requests under its requests-per-minute limit, and backs off on a 429.
import type { Logger } from 'pino';
import type { VendorHooks } from '../vendors/types.js';
import { QueueFullError } from './errors.js';
import { isBackground } from './priority.js';

/**
 * A rate limit shared with other processes (distributed mode). The local limiter stays the in-process guard
 * (concurrency, even spacing, priority); the shared one is asked last, right before each attempt, so a permit
 * taken is spent at once instead of waiting behind local pacing into another window.
 */
export interface SharedRateGate {
  /** Resolves when `workspace` may send one more request under `ratePerMinute` across every process. */
  acquire(workspace: string, ratePerMinute: number): Promise<void>;
  /** A 429 seen here: every process holds the workspace's requests for `ms`. */
  pause(workspace: string, ratePerMinute: number, ms: number): void;
}

export interface RequestLimiterOptions {
  /** The workspace key, for logs and errors. */
  workspace: string;
  /** Requests per minute to start from (config, else the vendor's `defaultRateLimitPerMinute`). */
  ratePerMinute: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Adaptive lowering never goes below this. */
  minRatePerMinute?: number;
  /** Multiplier applied to the rate on a 429 (0.8 = 20% slower). */
  backoffFactor?: number;
  /** A quiet spell after which the rate creeps back up (10%) towards the configured rate. */
  recoverAfterMs?: number;
  logger?: Logger;
  /** Injectable clock; defaults to Date.now (which fake timers control too). */
  now?: () => number;
  /** Distributed mode: the limit every replica shares, asked after this limiter lets an attempt start. */
  shared?: SharedRateGate;
}

interface Waiter {
  attempt: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  queuedAt: number;
}

/**
 * Requests are started at evenly spaced instants (`spacingMs`) instead of in bursts per window: with
 * starts at least `s` apart, any 60 s window holds at most floor(60000/s) + 1 starts, and a request
 * that reaches the vendor late (network jitter up to one spacing) adds at most one more. The spacing is
 * therefore computed from a budget of rate - 2 (and never above 97% of the rate), so a vendor counting
 * per sliding minute never sees more than `ratePerMinute`. Even pacing also keeps a user's lookup from
 * waiting behind a burst of index pages.
 */
export function spacingForRate(ratePerMinute: number): number {
  const budget = Math.max(1, Math.min(ratePerMinute - 2, ratePerMinute * 0.97));
  return 60_000 / budget;
}

export interface RequestLimiterStats {
  waitingRequests: number;
  runningRequests: number;
  ratePerMinute: number;
  /** Epoch ms until which the workspace is paused by a 429, or null. */
  pausedUntil: number | null;
}

export class RequestLimiter {
  readonly workspace: string;
  /** The hooks a vendor client takes: every HTTP attempt is paced, and a 429 pauses the workspace. */
  readonly hooks: Required<VendorHooks>;

  #configuredRate: number;
  #rate: number;
  #spacingMs: number;
  readonly #concurrency: number;
  readonly #minRate: number;
  readonly #backoffFactor: number;
  readonly #recoverAfterMs: number;
  readonly #logger: Logger | undefined;
  readonly #now: () => number;
  readonly #shared: SharedRateGate | undefined;

  readonly #foreground: Waiter[] = [];
  readonly #background: Waiter[] = [];
  #running = 0;
  #lastStart = Number.NEGATIVE_INFINITY;
  #pausedUntil = 0;
  #lastRateLimited = 0;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = 0;
  #closed = false;

  constructor(options: RequestLimiterOptions) {
    this.workspace = options.workspace;
    this.#concurrency = Math.max(1, options.concurrency ?? 6);
    this.#minRate = Math.max(1, options.minRatePerMinute ?? 10);
    this.#backoffFactor = options.backoffFactor ?? 0.8;
    this.#recoverAfterMs = options.recoverAfterMs ?? 10 * 60_000;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#shared = options.shared;
    this.#configuredRate = Math.max(1, options.ratePerMinute);
    this.#rate = this.#configuredRate;
    this.#spacingMs = spacingForRate(this.#rate);
    this.hooks = {
      schedule: (attempt) => this.schedule(attempt),
      onRateLimited: (retryAfterMs) => this.onRateLimited(retryAfterMs),
    };
  }

  get ratePerMinute(): number {
    return this.#rate;
  }

  get configuredRatePerMinute(): number {
    return this.#configuredRate;
  }

  /** Runs `attempt` when the rate, the concurrency cap and any 429 pause allow. */
  schedule<T>(attempt: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new QueueFullError('removed', this.workspace));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        attempt,
        resolve: (value) => resolve(value as T),
        reject,
        queuedAt: this.#now(),
      };
      (isBackground() ? this.#background : this.#foreground).push(waiter);
      this.#pump();
    });
  }

  /** Holds every request of the workspace for `ms` (a Retry-After); a longer pause wins over a shorter. */
  pauseFor(ms: number): void {
    const until = this.#now() + Math.max(0, ms);
    if (until > this.#pausedUntil) this.#pausedUntil = until;
    this.#arm(this.#pausedUntil);
  }

  /** A 429: pause for Retry-After and slow down, once per episode (in-flight 429s of the same burst don't compound). */
  onRateLimited(retryAfterMs: number): void {
    const now = this.#now();
    const alreadyPaused = this.#pausedUntil > now;
    this.#lastRateLimited = now;
    if (!alreadyPaused) {
      const previous = this.#rate;
      this.#setRate(Math.max(this.#minRate, Math.floor(this.#rate * this.#backoffFactor)));
      this.#logger?.warn(
        {
          workspace: this.workspace,
          retryAfterMs,
          ratePerMinute: this.#rate,
          previousRatePerMinute: previous,
        },
        'vendor rate limited this workspace; pausing and slowing down',
      );
    }
    this.pauseFor(retryAfterMs);
    this.#shared?.pause(this.workspace, this.#configuredRate, retryAfterMs);
  }

  /** A new configured rate (the connection changed): start over from it. */
  reset(ratePerMinute: number): void {
    this.#configuredRate = Math.max(1, ratePerMinute);
    this.#setRate(this.#configuredRate);
    this.#pump();
  }

  /** Uninstall: refuse new requests and fail the waiting ones; running ones finish on their own. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const error = new QueueFullError('removed', this.workspace);
    for (const waiter of [...this.#foreground.splice(0), ...this.#background.splice(0)]) waiter.reject(error);
  }

  stats(): RequestLimiterStats {
    return {
      waitingRequests: this.#foreground.length + this.#background.length,
      runningRequests: this.#running,
      ratePerMinute: this.#rate,
      pausedUntil: this.#pausedUntil > this.#now() ? this.#pausedUntil : null,
    };
  }

  #setRate(rate: number): void {
    this.#rate = rate;
    this.#spacingMs = spacingForRate(rate);
  }

  #pump(): void {
    while (this.#running < this.#concurrency && !this.#closed) {
      const now = this.#now();
      const readyAt = Math.max(this.#pausedUntil, this.#lastStart + this.#spacingMs);
      const next = this.#foreground[0] ?? this.#background[0];
      if (!next) return;
      if (now < readyAt) {
        this.#arm(readyAt);
        return;
      }
      (this.#foreground.length > 0 ? this.#foreground : this.#background).shift();
      this.#maybeRecover(now);
      this.#lastStart = now;
      this.#running++;
      let result: Promise<unknown>;
      const shared = this.#shared;
      try {
        result = shared
          ? shared.acquire(this.workspace, this.#configuredRate).then(() => next.attempt())
          : next.attempt();
      } catch (error) {
        result = Promise.reject(error);
      }
      result.then(next.resolve, next.reject).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  /** After a long quiet spell the vendor has probably forgiven us: creep back towards the configured rate. */
  #maybeRecover(now: number): void {
    if (this.#rate >= this.#configuredRate || now - this.#lastRateLimited < this.#recoverAfterMs) return;
    this.#setRate(Math.min(this.#configuredRate, Math.ceil(this.#rate * 1.1)));
    this.#lastRateLimited = now;
    this.#logger?.info({ workspace: this.workspace, ratePerMinute: this.#rate }, 'vendor rate raised again');
  }

  /** One timer at a time, for the earliest moment something may start. */
  #arm(at: number): void {
    if (this.#closed) return;
    if (this.#timer && this.#timerAt <= at) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerAt = at;
    // Timers may fire a fraction of a millisecond early; pump re-checks and re-arms if so.
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#pump();
      },
      Math.max(0, Math.ceil(at - this.#now())),
    );
  }
}
