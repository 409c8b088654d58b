// One workspace's work: the jobs users asked for (admitted by expected wait, taken round-robin between users) and
// the request limiter its vendor calls share.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { VendorHooks } from '../vendors/types.js';
import { QueueFullError, type QueueRefusal } from './errors.js';
import { type JobMeter, meteredJob } from './job-scope.js';
import { RequestLimiter, type SharedRateGate } from './request-limiter.js';
import type { SharedBudget } from './shared-budget.js';

export interface JobContext {
  workspace: string;
  user?: string;
  requestId: string;
}

/** What a job is handed: who asked, a logger that says so on every line, and a signal for shutdown. */
export interface JobTools {
  context: JobContext;
  logger: Logger;
  signal: AbortSignal;
}

export type Job<T> = (tools: JobTools) => Promise<T>;

/** Where a job stands in line, and how long it is expected to wait before it starts. */
export interface QueuedInfo {
  /** 1-based place among the jobs waiting to start; 0 when it starts at once. */
  position: number;
  /** Expected time until the job starts, from the jobs ahead, the measured service time and the rate limit. */
  expectedWaitMs: number;
  /** How long a job of this workspace takes once started, as measured lately (its answer follows about this much later). */
  serviceMs: number;
}

export interface JobOptions {
  user?: string;
  /** Correlates logs of one Slack request; generated when absent. */
  requestId?: string;
  /**
   * Called once for a job that waits: at once when its expected wait passes the queue's `notifyAfterMs`, else when
   * it has actually waited that long without starting (with its place and remaining wait then). Never called for
   * a job that starts sooner. For "You're #N in line, about T s".
   */
  onQueued?: (info: QueuedInfo) => void;
}

export type SubmitResult = ({ accepted: true } & QueuedInfo) | { accepted: false; error: QueueFullError };

export interface WorkspaceQueueOptions {
  workspace: string;
  logger: Logger;
  ratePerMinute: number;
  /** Jobs running at once (default 4). */
  jobConcurrency?: number;
  /** A hard memory bound on waiting jobs, far above what the time bound lets in (default 5000). */
  maxWaitingJobs?: number;
  /** A job whose expected wait is longer is refused as busy (default 60 s). */
  maxWaitMs?: number;
  /** A waiting job's `onQueued` fires when it is expected to wait, or has waited, this long (default 3 s). */
  notifyAfterMs?: number;
  /** Vendor requests in flight at once (default 6). */
  requestConcurrency?: number;
  minRatePerMinute?: number;
  /** Slow down when the vendor's response times climb (default true). */
  adaptToLatency?: boolean;
  now?: () => number;
  /** Distributed mode: the vendor limit shared by every replica. */
  shared?: SharedRateGate;
  /** The vendor counts per IP: the in-process budget shared with the vendor's other workspaces. */
  budget?: SharedBudget;
}

export interface WorkspaceQueueStats {
  workspace: string;
  /** Jobs waiting to start. */
  pending: number;
  /** Jobs running. */
  running: number;
  /** Users with jobs waiting (each gets its turn in rotation). */
  waitingUsers: number;
  waitingRequests: number;
  runningRequests: number;
  /** Over the most recent jobs: how long they waited before starting. */
  avgWaitMs: number;
  p95WaitMs: number;
  /** Measured: how long a job runs, and how many vendor requests it makes (recent average). */
  serviceMs: number;
  requestsPerJob: number;
  /** What a job submitted now would wait. */
  expectedWaitMs: number;
  ratePerMinute: number;
  pausedUntil: number | null;
  accepting: boolean;
}

interface Entry {
  user: string;
  begin: () => void;
  cancel: (reason: unknown) => void;
  onQueued: ((info: QueuedInfo) => void) | undefined;
  timer: NodeJS.Timeout | undefined;
}

const WAIT_SAMPLES = 200;
/** How long the usual run time takes to follow a slower measured mean all the way. */
const PACE_FOLLOW_MS = 60_000;
/** Completions the pace of the line is measured over. */
const COMPLETIONS = 32;
/** How soon a job expected to wait long is told its place. */
const NOTICE_SOON_MS = 1_000;
/**
 * The measured averages are plain means over the latest jobs (a burst mixes cards that cost requests with lists
 * that cost none, so the recent few say little); until enough jobs were seen, priors fill the window.
 */
const SERVICE_SAMPLES = 64;
const PRIOR_SAMPLES = 16;
/** One job's request count is capped in the average: a job that had to wait for a cold index build paid for everyone. */
const MAX_REQUESTS_SAMPLE = 20;

export class WorkspaceQueue {
  readonly workspace: string;
  readonly limiter: RequestLimiter;

  readonly #concurrency: number;
  readonly #maxWaiting: number;
  readonly #maxWaitMs: number;
  readonly #notifyAfterMs: number;
  readonly #logger: Logger;
  readonly #now: () => number;
  /** Waiting jobs per user; Map order is the turn order (a user served moves to the back). */
  readonly #lanes = new Map<string, Entry[]>();
  readonly #live = new Set<AbortController>();
  readonly #waits: number[] = [];
  readonly #idle: Array<() => void> = [];
  #waiting = 0;
  #running = 0;
  #waitIndex = 0;
  /** Latest jobs' run times and vendor requests (rings, started with priors: 300 ms, one request). */
  readonly #services: number[] = Array.from({ length: PRIOR_SAMPLES }, () => 300);
  readonly #requests: number[] = Array.from({ length: PRIOR_SAMPLES }, () => 1);
  #sampleAt = 0;
  #serviceMs = 300;
  /** The usual run time of a job (see #jobsPerMs); while the mean is above it, where and when the rise began. */
  #paceMs = 300;
  #rise: { from: number; at: number } | undefined;
  /** When the latest jobs finished (a ring), for the pace the line moves at. */
  readonly #completions: number[] = [];
  #completionAt = 0;
  #requestsPerJob = 1;
  #refusal: QueueRefusal | undefined;

  constructor(options: WorkspaceQueueOptions) {
    this.workspace = options.workspace;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#concurrency = Math.max(1, options.jobConcurrency ?? 4);
    this.#maxWaiting = Math.max(0, options.maxWaitingJobs ?? 5000);
    this.#maxWaitMs = options.maxWaitMs ?? 60_000;
    this.#notifyAfterMs = options.notifyAfterMs ?? 3_000;
    this.limiter = new RequestLimiter({
      workspace: options.workspace,
      ratePerMinute: options.ratePerMinute,
      concurrency: options.requestConcurrency,
      minRatePerMinute: options.minRatePerMinute,
      adaptToLatency: options.adaptToLatency,
      logger: options.logger,
      now: options.now,
      shared: options.shared,
      budget: options.budget,
    });
  }

  /** Pass these to the workspace's vendor client so every attempt is paced and 429s pause the workspace. */
  get hooks(): Required<VendorHooks> {
    return this.limiter.hooks;
  }

  get accepting(): boolean {
    return this.#refusal === undefined;
  }

  /** What a job of `user` submitted now would see: its place in line and expected wait. */
  estimate(user?: string): QueuedInfo {
    const key = user ?? '';
    return this.#estimate(key, this.#lanes.get(key)?.length ?? 0);
  }

  /**
   * Queues a job; rejects at once with QueueFullError when its expected wait is past the bound (or the hard
   * bound on waiting jobs is reached, or the queue is closing), rather than making a user wait behind work
   * that will outlive their patience.
   */
  add<T>(job: Job<T>, options: JobOptions = {}): Promise<T> {
    const admitted = this.#admit(options.user ?? '');
    if ('error' in admitted) return Promise.reject(admitted.error);
    return this.#enqueue(job, options, admitted.info);
  }

  /**
   * Fire and forget for handlers after ack: says at once whether it was accepted, and where it stands; a failure
   * is logged, never unhandled.
   */
  submit(job: Job<unknown>, options: JobOptions = {}): SubmitResult {
    const admitted = this.#admit(options.user ?? '');
    if ('error' in admitted) return { accepted: false, error: admitted.error };
    this.#enqueue(job, options, admitted.info).catch((error: unknown) => {
      this.#logger.error({ err: error, workspace: this.workspace, user: options.user }, 'job failed');
    });
    return { accepted: true, ...admitted.info };
  }

  /** Stop taking jobs (shutdown or uninstall); queued and running ones carry on unless aborted. */
  close(reason: Exclude<QueueRefusal, 'full'>): void {
    this.#refusal ??= reason;
  }

  /** Cancels every waiting job and signals running ones to stop; used when a drain runs out of time or on uninstall. */
  abort(reason: Exclude<QueueRefusal, 'full'>): void {
    this.close(reason);
    const error = new QueueFullError(reason, this.workspace);
    for (const controller of this.#live) controller.abort(error);
    if (reason === 'removed') this.limiter.close();
  }

  /** Resolves when no job waits or runs. */
  onIdle(): Promise<void> {
    if (this.#waiting === 0 && this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  stats(): WorkspaceQueueStats {
    const waits = [...this.#waits].sort((a, b) => a - b);
    const avg = waits.length === 0 ? 0 : waits.reduce((sum, w) => sum + w, 0) / waits.length;
    const p95 =
      waits.length === 0 ? 0 : (waits[Math.min(waits.length - 1, Math.floor(waits.length * 0.95))] ?? 0);
    const limiter = this.limiter.stats();
    return {
      workspace: this.workspace,
      pending: this.#waiting,
      running: this.#running,
      waitingUsers: this.#lanes.size,
      waitingRequests: limiter.waitingRequests,
      runningRequests: limiter.runningRequests,
      avgWaitMs: Math.round(avg),
      p95WaitMs: p95,
      serviceMs: Math.round(this.#serviceMs),
      requestsPerJob: Math.round(this.#requestsPerJob * 100) / 100,
      expectedWaitMs: Math.round(this.estimate().expectedWaitMs),
      ratePerMinute: limiter.ratePerMinute,
      pausedUntil: limiter.pausedUntil,
      accepting: this.accepting,
    };
  }

  #admit(user: string): { info: QueuedInfo } | { error: QueueFullError } {
    if (this.#refusal) return { error: new QueueFullError(this.#refusal, this.workspace) };
    if (this.#waiting >= this.#maxWaiting) {
      this.#logger.warn({ workspace: this.workspace, waiting: this.#waiting }, 'job queue full; refusing');
      return { error: new QueueFullError('full', this.workspace) };
    }
    const info = this.estimate(user);
    if (info.expectedWaitMs > this.#maxWaitMs) {
      this.#logger.warn(
        {
          workspace: this.workspace,
          user: user || undefined,
          waiting: this.#waiting,
          expectedWaitMs: Math.round(info.expectedWaitMs),
        },
        'job would wait too long; refusing',
      );
      return {
        error: new QueueFullError('full', this.workspace, { expectedWaitMs: Math.ceil(info.expectedWaitMs) }),
      };
    }
    return { info };
  }

  /**
   * Place and wait of the `k`th (0-based) waiting job of `user`. Users take turns: before it start the jobs
   * of every other user up to the same round (at most k + 1 each) and the user's own k earlier ones. Its wait
   * is the slower of two clocks: job slots (the jobs ahead at the pace jobs finish) and the vendor's rate
   * (requests already waiting, plus the measured requests per job of those ahead).
   */
  #estimate(user: string, k: number): QueuedInfo {
    let ahead = k;
    for (const [other, lane] of this.#lanes) if (other !== user) ahead += Math.min(lane.length, k + 1);
    const free = Math.max(0, this.#concurrency - this.#running);
    if (ahead < free) return { position: 0, expectedWaitMs: 0, serviceMs: this.#serviceMs };
    const slots = (ahead - free + 1) / this.#jobsPerMs();
    const limiter = this.limiter.stats();
    const paused = limiter.pausedUntil === null ? 0 : Math.max(0, limiter.pausedUntil - this.#now());
    const rate =
      paused + (limiter.waitingForeground + ahead * this.#requestsPerJob) * this.limiter.effectiveSpacingMs;
    return { position: ahead + 1, expectedWaitMs: Math.max(slots, rate), serviceMs: this.#serviceMs };
  }

  #enqueue<T>(job: Job<T>, options: JobOptions, info: QueuedInfo): Promise<T> {
    const user = options.user ?? '';
    const context: JobContext = {
      workspace: this.workspace,
      requestId: options.requestId ?? randomUUID(),
      ...(options.user === undefined ? {} : { user: options.user }),
    };
    const logger = this.#logger.child(context);
    const controller = new AbortController();
    this.#live.add(controller);
    const queuedAt = this.#now();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.#live.delete(controller);
        fn();
      };
      const entry: Entry = {
        user,
        onQueued: options.onQueued,
        timer: undefined,
        cancel: (reason) => settle(() => reject(reason)),
        begin: () => {
          this.#clearNotice(entry);
          this.#recordWait(this.#now() - queuedAt);
          const meter: JobMeter = { requests: 0 };
          const started = this.#now();
          let done: Promise<T>;
          try {
            controller.signal.throwIfAborted();
            done = meteredJob(meter, () => job({ context, logger, signal: controller.signal }));
          } catch (error) {
            done = Promise.reject(error);
          }
          // The slot is free before the caller hears, so its stats and next submit see the queue as it is.
          const finish = (outcome: () => void) => {
            this.#recordService(this.#now() - started, meter.requests);
            this.#running--;
            settle(outcome);
            this.#pump();
          };
          done.then(
            (value) => finish(() => resolve(value)),
            (error: unknown) => finish(() => reject(error)),
          );
        },
      };
      controller.signal.addEventListener(
        'abort',
        () => {
          // A waiting job leaves the line; a running one keeps its slot until it stops, but its caller hears now.
          if (this.#removeWaiting(entry)) this.#pump();
          settle(() => reject(controller.signal.reason));
        },
        { once: true },
      );
      const lane = this.#lanes.get(user);
      if (lane) lane.push(entry);
      else this.#lanes.set(user, [entry]);
      this.#waiting++;
      this.#scheduleNotice(entry, info);
      this.#pump();
    });
  }

  #scheduleNotice(entry: Entry, info: QueuedInfo): void {
    const notify = entry.onQueued;
    if (!notify || info.position === 0) return;
    // A job expected to wait long hears soon, but not at once: a burst's acks go out first, and a job that
    // starts within the moment needs no note at all. Any other waits until it has waited `notifyAfterMs`.
    const delay =
      info.expectedWaitMs >= this.#notifyAfterMs
        ? Math.min(NOTICE_SOON_MS, this.#notifyAfterMs)
        : this.#notifyAfterMs;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      const lane = this.#lanes.get(entry.user);
      const k = lane?.indexOf(entry) ?? -1;
      if (k < 0 || !entry.onQueued) return;
      entry.onQueued = undefined;
      const now = this.#estimate(entry.user, k);
      this.#notify(notify, { ...now, position: Math.max(1, now.position) });
    }, delay);
    entry.timer.unref?.();
  }

  #notify(notify: (info: QueuedInfo) => void, info: QueuedInfo): void {
    try {
      notify({
        ...info,
        expectedWaitMs: Math.round(info.expectedWaitMs),
        serviceMs: Math.round(info.serviceMs),
      });
    } catch (error) {
      this.#logger.warn({ err: error, workspace: this.workspace }, 'queue position notice failed');
    }
  }

  #clearNotice(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.onQueued = undefined;
  }

  #removeWaiting(entry: Entry): boolean {
    const lane = this.#lanes.get(entry.user);
    const at = lane?.indexOf(entry) ?? -1;
    if (!lane || at < 0) return false;
    lane.splice(at, 1);
    if (lane.length === 0) this.#lanes.delete(entry.user);
    this.#waiting--;
    this.#clearNotice(entry);
    this.#checkIdle();
    return true;
  }

  /** Starts jobs while slots are free, one user's turn at a time. */
  #pump(): void {
    while (this.#running < this.#concurrency) {
      const first = this.#lanes.entries().next();
      if (first.done) break;
      const [user, lane] = first.value;
      const entry = lane.shift();
      this.#lanes.delete(user);
      if (lane.length > 0) this.#lanes.set(user, lane);
      if (!entry) continue;
      this.#waiting--;
      this.#running++;
      entry.begin();
    }
    this.#checkIdle();
  }

  #checkIdle(): void {
    if (this.#waiting > 0 || this.#running > 0) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  #recordWait(ms: number): void {
    if (this.#waits.length < WAIT_SAMPLES) this.#waits.push(ms);
    else this.#waits[this.#waitIndex] = ms;
    this.#waitIndex = (this.#waitIndex + 1) % WAIT_SAMPLES;
  }

  /**
   * How fast jobs finish: `concurrency` per job's usual run time, or the pace jobs actually finished at lately,
   * whichever is faster. The usual run time follows the measured mean only as fast as a minute allows: while a
   * burst of commands is being acked every job takes longer (it shares the process with the acks), which says
   * nothing about how fast the line moves once they are; a vendor that really got slower is followed within a
   * minute. The vendor's own rate is the other clock of the estimate, and it is never discounted.
   */
  #jobsPerMs(): number {
    const model = this.#concurrency / Math.max(1, this.#paceMs);
    const times = this.#completions;
    if (times.length < 8) return model;
    const newest = Math.max(...times);
    const oldest = Math.min(...times);
    if (this.#now() - newest > 2_000 || newest <= oldest) return model;
    return Math.max(model, (times.length - 1) / (newest - oldest));
  }

  #recordService(ms: number, requests: number): void {
    if (this.#completions.length < COMPLETIONS) this.#completions.push(this.#now());
    else this.#completions[this.#completionAt] = this.#now();
    this.#completionAt = (this.#completionAt + 1) % COMPLETIONS;
    // Real samples replace the priors first, then the oldest.
    const at = this.#sampleAt;
    this.#sampleAt = (this.#sampleAt + 1) % SERVICE_SAMPLES;
    this.#services[at] = Math.max(0, ms);
    this.#requests[at] = Math.min(MAX_REQUESTS_SAMPLE, requests);
    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    this.#serviceMs = mean(this.#services);
    this.#requestsPerJob = mean(this.#requests);
    const now = this.#now();
    if (this.#serviceMs <= this.#paceMs) {
      this.#paceMs = this.#serviceMs;
      this.#rise = undefined;
    } else {
      this.#rise ??= { from: this.#paceMs, at: now };
      const share = Math.min(1, (now - this.#rise.at) / PACE_FOLLOW_MS);
      this.#paceMs = this.#rise.from + (this.#serviceMs - this.#rise.from) * share;
    }
  }
}
