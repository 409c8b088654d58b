// One workspace's work: a bounded job queue for what users asked for, and the request limiter its vendor calls share.
import { randomUUID } from 'node:crypto';
import PQueue from 'p-queue';
import type { Logger } from 'pino';
import type { VendorHooks } from '../vendors/types.js';
import { QueueFullError, type QueueRefusal } from './errors.js';
import { RequestLimiter, type SharedRateGate } from './request-limiter.js';

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

export interface JobOptions {
  user?: string;
  /** Correlates logs of one Slack request; generated when absent. */
  requestId?: string;
}

export type SubmitResult = { accepted: true } | { accepted: false; error: QueueFullError };

export interface WorkspaceQueueOptions {
  workspace: string;
  logger: Logger;
  ratePerMinute: number;
  /** Jobs running at once (default 4). */
  jobConcurrency?: number;
  /** Jobs allowed to wait; past it `add` refuses at once (default 50). */
  maxWaitingJobs?: number;
  /** Vendor requests in flight at once (default 6). */
  requestConcurrency?: number;
  minRatePerMinute?: number;
  now?: () => number;
  /** Distributed mode: the vendor limit shared by every replica. */
  shared?: SharedRateGate;
}

export interface WorkspaceQueueStats {
  workspace: string;
  /** Jobs waiting to start. */
  pending: number;
  /** Jobs running. */
  running: number;
  waitingRequests: number;
  runningRequests: number;
  /** Over the most recent jobs: how long they waited before starting. */
  avgWaitMs: number;
  p95WaitMs: number;
  ratePerMinute: number;
  pausedUntil: number | null;
  accepting: boolean;
}

const WAIT_SAMPLES = 200;

export class WorkspaceQueue {
  readonly workspace: string;
  readonly limiter: RequestLimiter;

  readonly #jobs: PQueue;
  readonly #maxWaiting: number;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #live = new Set<AbortController>();
  readonly #waits: number[] = [];
  #waitIndex = 0;
  #refusal: QueueRefusal | undefined;

  constructor(options: WorkspaceQueueOptions) {
    this.workspace = options.workspace;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#maxWaiting = Math.max(0, options.maxWaitingJobs ?? 50);
    this.#jobs = new PQueue({ concurrency: Math.max(1, options.jobConcurrency ?? 4) });
    this.limiter = new RequestLimiter({
      workspace: options.workspace,
      ratePerMinute: options.ratePerMinute,
      concurrency: options.requestConcurrency,
      minRatePerMinute: options.minRatePerMinute,
      logger: options.logger,
      now: options.now,
      shared: options.shared,
    });
  }

  /** Pass these to the workspace's vendor client so every attempt is paced and 429s pause the workspace. */
  get hooks(): Required<VendorHooks> {
    return this.limiter.hooks;
  }

  get accepting(): boolean {
    return this.#refusal === undefined;
  }

  /**
   * Queues a job; rejects at once with QueueFullError when the backlog is full or the queue is closing,
   * rather than making a user wait behind work that will outlive Slack's patience.
   */
  add<T>(job: Job<T>, options: JobOptions = {}): Promise<T> {
    if (this.#refusal) return Promise.reject(new QueueFullError(this.#refusal, this.workspace));
    if (this.#jobs.size >= this.#maxWaiting) {
      this.#logger.warn({ workspace: this.workspace, waiting: this.#jobs.size }, 'job queue full; refusing');
      return Promise.reject(new QueueFullError('full', this.workspace));
    }
    const context: JobContext = {
      workspace: this.workspace,
      requestId: options.requestId ?? randomUUID(),
      ...(options.user === undefined ? {} : { user: options.user }),
    };
    const logger = this.#logger.child(context);
    const controller = new AbortController();
    this.#live.add(controller);
    const queuedAt = this.#now();
    const run = async (): Promise<T> => {
      this.#recordWait(this.#now() - queuedAt);
      controller.signal.throwIfAborted();
      return job({ context, logger, signal: controller.signal });
    };
    return this.#jobs.add(run, { signal: controller.signal }).finally(() => this.#live.delete(controller));
  }

  /** Fire and forget for handlers after ack: says at once whether it was accepted; a failure is logged, never unhandled. */
  submit(job: Job<unknown>, options: JobOptions = {}): SubmitResult {
    if (this.#refusal) return { accepted: false, error: new QueueFullError(this.#refusal, this.workspace) };
    if (this.#jobs.size >= this.#maxWaiting)
      return { accepted: false, error: new QueueFullError('full', this.workspace) };
    this.add(job, options).catch((error: unknown) => {
      this.#logger.error({ err: error, workspace: this.workspace, user: options.user }, 'job failed');
    });
    return { accepted: true };
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
    return this.#jobs.onIdle();
  }

  stats(): WorkspaceQueueStats {
    const waits = [...this.#waits].sort((a, b) => a - b);
    const avg = waits.length === 0 ? 0 : waits.reduce((sum, w) => sum + w, 0) / waits.length;
    const p95 =
      waits.length === 0 ? 0 : (waits[Math.min(waits.length - 1, Math.floor(waits.length * 0.95))] ?? 0);
    const limiter = this.limiter.stats();
    return {
      workspace: this.workspace,
      pending: this.#jobs.size,
      running: this.#jobs.pending,
      waitingRequests: limiter.waitingRequests,
      runningRequests: limiter.runningRequests,
      avgWaitMs: Math.round(avg),
      p95WaitMs: p95,
      ratePerMinute: limiter.ratePerMinute,
      pausedUntil: limiter.pausedUntil,
      accepting: this.accepting,
    };
  }

  #recordWait(ms: number): void {
    if (this.#waits.length < WAIT_SAMPLES) this.#waits.push(ms);
    else this.#waits[this.#waitIndex] = ms;
    this.#waitIndex = (this.#waitIndex + 1) % WAIT_SAMPLES;
  }
}
