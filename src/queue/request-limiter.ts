// Paces one workspace's vendor requests under its requests-per-minute limit and in-flight cap, backs off on a
// 429 and on a vendor that slows down, and takes its turn in a budget shared with other workspaces where the
// vendor counts per IP.
import type { Logger } from 'pino';
import type { VendorHooks } from '../vendors/types.js';
import { QueueFullError } from './errors.js';
import { countRequest } from './job-scope.js';
import { isBackground } from './priority.js';
import type { SharedBudget } from './shared-budget.js';
import { spacingForRate } from './spacing.js';
import { WakeTimer } from './wake-timer.js';

export { spacingForRate } from './spacing.js';

/**
 * A rate limit shared with other processes (distributed mode). The local limiter stays the in-process guard
 * (concurrency, even spacing, priority); the shared one is asked last, right before each attempt, so a permit
 * taken is spent at once instead of waiting behind local pacing into another window.
 */
export interface SharedRateGate {
  /** Resolves when `key` (a workspace, or an IP budget such as "ip:syncro") may send one more request. */
  acquire(key: string, ratePerMinute: number): Promise<void>;
  /** A 429 seen here: every process holds the key's requests for `ms`. */
  pause(key: string, ratePerMinute: number, ms: number): void;
}

export interface RequestLimiterOptions {
  /** The workspace key, for logs and errors. */
  workspace: string;
  /** Requests per minute to start from (config, else the vendor's `defaultRateLimitPerMinute`). */
  ratePerMinute: number;
  /** Requests in flight at once (capped by the vendor's `maxConcurrentRequests` by the caller). */
  concurrency?: number;
  /** Adaptive lowering never goes below this. */
  minRatePerMinute?: number;
  /** Multiplier applied to the rate on a 429 (0.8 = 20% slower). */
  backoffFactor?: number;
  /** A quiet spell after which the rate creeps back up (10%) towards the configured rate. */
  recoverAfterMs?: number;
  /**
   * Slow down when the vendor's response times climb well above what this workspace normally sees (Autotask adds
   * latency as a database nears its hourly threshold, long before it answers 429). Default true.
   */
  adaptToLatency?: boolean;
  logger?: Logger;
  /** Injectable clock; defaults to Date.now (which fake timers control too). */
  now?: () => number;
  /** Distributed mode: the limit every replica shares, asked after this limiter lets an attempt start. */
  shared?: SharedRateGate;
  /** The vendor counts per IP (capabilities.rateLimitScope 'ip'): the budget this workspace shares in-process. */
  budget?: SharedBudget;
}

interface Waiter {
  attempt: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  queuedAt: number;
}

export interface RequestLimiterStats {
  waitingRequests: number;
  /** Of those, requests made for users (index refreshes wait behind them). */
  waitingForeground: number;
  runningRequests: number;
  ratePerMinute: number;
  /** Epoch ms until which the workspace is paused by a 429, or null. */
  pausedUntil: number | null;
  /** Median response time of the recent attempts, when there are enough of them. */
  medianLatencyMs: number | null;
}

/** Recent attempts whose median is compared with the workspace's usual median. */
const LATENCY_SAMPLES = 20;
/** A slowdown counts only when the median at least doubles and grows by this much (Autotask adds 0.5 s, then 1 s). */
const LATENCY_RISE_MS = 400;
/** One latency slowdown per this span, so the rate is not cut again before the last cut could show. */
const LATENCY_EPISODE_MS = 10_000;

export class RequestLimiter {
  readonly workspace: string;
  /** The hooks a vendor client takes: every HTTP attempt is paced, and a 429 pauses the workspace. */
  readonly hooks: Required<VendorHooks>;

  #configuredRate: number;
  #rate: number;
  #spacingMs: number;
  #concurrency: number;
  readonly #minRate: number;
  readonly #backoffFactor: number;
  readonly #recoverAfterMs: number;
  readonly #adaptToLatency: boolean;
  readonly #logger: Logger | undefined;
  readonly #now: () => number;
  readonly #shared: SharedRateGate | undefined;
  #budget: SharedBudget | undefined;

  readonly #foreground: Waiter[] = [];
  readonly #background: Waiter[] = [];
  #running = 0;
  #lastStart = Number.NEGATIVE_INFINITY;
  #pausedUntil = 0;
  #lastRateLimited = 0;
  readonly #timer: WakeTimer;
  #closed = false;
  readonly #latencies: number[] = [];
  #latencyAt = 0;
  #baselineMs: number | undefined;
  #lastLatencyCut = Number.NEGATIVE_INFINITY;

  constructor(options: RequestLimiterOptions) {
    this.workspace = options.workspace;
    this.#concurrency = Math.max(1, options.concurrency ?? 6);
    this.#minRate = Math.max(1, options.minRatePerMinute ?? 10);
    this.#backoffFactor = options.backoffFactor ?? 0.8;
    this.#recoverAfterMs = options.recoverAfterMs ?? 10 * 60_000;
    this.#adaptToLatency = options.adaptToLatency ?? true;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#shared = options.shared;
    this.#budget = options.budget;
    this.#configuredRate = Math.max(1, options.ratePerMinute);
    this.#rate = this.#configuredRate;
    this.#spacingMs = spacingForRate(this.#rate);
    this.#timer = new WakeTimer(this.#now, () => this.#pump());
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

  get concurrency(): number {
    return this.#concurrency;
  }

  /** The IP budget this workspace shares, if its vendor counts per IP. */
  get budget(): SharedBudget | undefined {
    return this.#budget;
  }

  /**
   * How long one more of this workspace's requests takes to get a start, on average, at today's pace: its own
   * spacing, or its share of an IP budget busy with other workspaces, whichever is slower.
   */
  get effectiveSpacingMs(): number {
    const budget = this.#budget;
    const shared = budget ? budget.spacingMs * budget.activeWorkspaces() : 0;
    return Math.max(this.#spacingMs, shared);
  }

  /** Runs `attempt` when the rate, the concurrency cap and any 429 pause allow. */
  schedule<T>(attempt: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new QueueFullError('removed', this.workspace));
    const background = isBackground();
    if (!background) countRequest();
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        attempt,
        resolve: (value) => resolve(value as T),
        reject,
        queuedAt: this.#now(),
      };
      (background ? this.#background : this.#foreground).push(waiter);
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
    // Per IP: the address is over its budget, whichever workspace heard it.
    this.#budget?.onRateLimited(retryAfterMs);
    this.#shared?.pause(this.#sharedKey(), this.#configuredRate, retryAfterMs);
  }

  /** New limits (the connection changed): start over from them. */
  reset(ratePerMinute: number, options: { concurrency?: number; budget?: SharedBudget } = {}): void {
    this.#configuredRate = Math.max(1, ratePerMinute);
    this.#setRate(this.#configuredRate);
    if (options.concurrency !== undefined) this.#concurrency = Math.max(1, options.concurrency);
    if ('budget' in options) this.#budget = options.budget;
    this.#latencies.length = 0;
    this.#baselineMs = undefined;
    this.#pump();
  }

  /** Uninstall: refuse new requests and fail the waiting ones; running ones finish on their own. */
  close(): void {
    this.#closed = true;
    this.#timer.cancel();
    const error = new QueueFullError('removed', this.workspace);
    this.#budget?.release(this.workspace, error);
    for (const waiter of [...this.#foreground.splice(0), ...this.#background.splice(0)]) waiter.reject(error);
  }

  stats(): RequestLimiterStats {
    return {
      waitingRequests: this.#foreground.length + this.#background.length,
      waitingForeground: this.#foreground.length,
      runningRequests: this.#running,
      ratePerMinute: this.#rate,
      pausedUntil: this.#pausedUntil > this.#now() ? this.#pausedUntil : null,
      medianLatencyMs: this.#latencies.length >= LATENCY_SAMPLES / 2 ? median(this.#latencies) : null,
    };
  }

  #sharedKey(): string {
    return this.#budget?.key ?? this.workspace;
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
      const background = this.#foreground.length === 0;
      (background ? this.#background : this.#foreground).shift();
      this.#maybeRecover(now);
      this.#lastStart = now;
      this.#running++;
      this.#start(next, background).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  /** Waits for the IP budget and the replicas' shared limit, then times the attempt itself. */
  async #start(waiter: Waiter, background: boolean): Promise<void> {
    try {
      await this.#budget?.acquire(this.workspace, background);
      await this.#shared?.acquire(this.#sharedKey(), this.#configuredRate);
      const started = this.#now();
      try {
        waiter.resolve(await waiter.attempt());
      } finally {
        this.#observeLatency(this.#now() - started);
      }
    } catch (error) {
      waiter.reject(error);
    }
  }

  /**
   * The vendor slowing down is the first sign of a threshold (Autotask: latency added from 50% of the hourly
   * budget, then 429s): when the median of the recent attempts doubles and rises by 400 ms or more over the
   * workspace's usual median, slow down as for a 429, without a pause.
   */
  #observeLatency(ms: number): void {
    if (!this.#adaptToLatency) return;
    if (this.#latencies.length < LATENCY_SAMPLES) this.#latencies.push(ms);
    else this.#latencies[this.#latencyAt] = ms;
    this.#latencyAt = (this.#latencyAt + 1) % LATENCY_SAMPLES;
    if (this.#latencies.length < LATENCY_SAMPLES) return;
    const current = median(this.#latencies);
    const baseline = this.#baselineMs;
    if (baseline === undefined || current < baseline) {
      this.#baselineMs = current;
      return;
    }
    const now = this.#now();
    if (current < 2 * baseline || current - baseline < LATENCY_RISE_MS) return;
    if (now - this.#lastLatencyCut < LATENCY_EPISODE_MS) return;
    this.#lastLatencyCut = now;
    this.#lastRateLimited = now;
    const previous = this.#rate;
    this.#setRate(Math.max(this.#minRate, Math.floor(this.#rate * this.#backoffFactor)));
    if (this.#rate !== previous)
      this.#logger?.warn(
        {
          workspace: this.workspace,
          medianLatencyMs: Math.round(current),
          usualLatencyMs: Math.round(baseline),
          ratePerMinute: this.#rate,
          previousRatePerMinute: previous,
        },
        'vendor is answering slower than usual; slowing down before it refuses',
      );
  }

  /** After a long quiet spell the vendor has probably forgiven us: creep back towards the configured rate. */
  #maybeRecover(now: number): void {
    if (this.#rate >= this.#configuredRate || now - this.#lastRateLimited < this.#recoverAfterMs) return;
    this.#setRate(Math.min(this.#configuredRate, Math.ceil(this.#rate * 1.1)));
    this.#lastRateLimited = now;
    this.#logger?.info({ workspace: this.workspace, ratePerMinute: this.#rate }, 'vendor rate raised again');
  }

  /** One timer at a time, for the earliest moment something may start; none once closed. */
  #arm(at: number): void {
    if (!this.#closed) this.#timer.arm(at);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
