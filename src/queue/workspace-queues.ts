// The registry of per-workspace queues: created on first use, removed on uninstall, drained on shutdown; and the
// per-IP rate budgets the workspaces of one vendor share.
import type { Logger } from 'pino';
import type { VendorCapabilities, VendorName } from '../vendors/types.js';
import type { SharedRateGate } from './request-limiter.js';
import { SharedBudget } from './shared-budget.js';
import { WorkspaceQueue, type WorkspaceQueueStats } from './workspace-queue.js';

export interface WorkspaceQueuesOptions {
  logger: Logger;
  /** Rate for a workspace whose caller gives none (the composition root normally passes the vendor's). */
  defaultRatePerMinute?: number;
  jobConcurrency?: number;
  /** Hard memory bound on waiting jobs per workspace (QUEUE_MAX_PENDING). */
  maxWaitingJobs?: number;
  /** A job expected to wait longer is refused as busy (QUEUE_MAX_WAIT_SECONDS). */
  maxWaitMs?: number;
  /** When a waiting job's `onQueued` fires (default 3 s). */
  notifyAfterMs?: number;
  requestConcurrency?: number;
  minRatePerMinute?: number;
  adaptToLatency?: boolean;
  now?: () => number;
  /** Distributed mode: every workspace's vendor limit, shared by all replicas (see SharedRateGate). */
  shared?: SharedRateGate;
}

export interface QueueFor {
  /** Requests per minute for this workspace's vendor (config, else `capabilities.defaultRateLimitPerMinute`). */
  ratePerMinute?: number;
  /** The vendor's cap on requests in flight per connection (`capabilities.maxConcurrentRequests`). */
  maxConcurrentRequests?: number;
  /**
   * Set when the vendor counts its limit per IP (`capabilities.rateLimitScope` 'ip'): every workspace with the same
   * key shares one budget in this process (and, in distributed mode, across replicas), fairly.
   */
  ipBudget?: string;
}

/** The queue limits a vendor's capabilities call for, for `WorkspaceQueues.for`. */
export function limitsOf(client: { vendor: VendorName; capabilities: VendorCapabilities }): QueueFor {
  const { capabilities } = client;
  return {
    ...(capabilities.maxConcurrentRequests === undefined
      ? {}
      : { maxConcurrentRequests: capabilities.maxConcurrentRequests }),
    ...(capabilities.rateLimitScope === 'ip' ? { ipBudget: `ip:${client.vendor}` } : {}),
  };
}

export interface DrainResult {
  /** True when everything finished inside the time allowed. */
  drained: boolean;
  /** Jobs still waiting or running when time ran out (they were then aborted), per workspace. */
  left: Array<{ workspace: string; pending: number; running: number }>;
}

interface Held {
  queue: WorkspaceQueue;
  limits: string;
}

const DEFAULT_REQUEST_CONCURRENCY = 6;

export class WorkspaceQueues {
  readonly #queues = new Map<string, Held>();
  readonly #budgets = new Map<string, SharedBudget>();
  readonly #options: WorkspaceQueuesOptions;
  #draining = false;

  constructor(options: WorkspaceQueuesOptions) {
    this.#options = options;
  }

  /**
   * The workspace's queue, created on first use. Separate queues and limiters per workspace mean one
   * workspace's backlog never delays another's. Changed limits (a reconnected vendor) reset the limiter; the
   * same limits leave any adaptive slowdown in place.
   */
  for(key: string, options: QueueFor = {}): WorkspaceQueue {
    const o = this.#options;
    const rate = options.ratePerMinute ?? o.defaultRatePerMinute ?? 60;
    const concurrency = Math.min(
      o.requestConcurrency ?? DEFAULT_REQUEST_CONCURRENCY,
      options.maxConcurrentRequests ?? Number.POSITIVE_INFINITY,
    );
    const limits = JSON.stringify([rate, concurrency, options.ipBudget ?? null]);
    const existing = this.#queues.get(key);
    if (existing) {
      const given = options.ratePerMinute !== undefined || options.maxConcurrentRequests !== undefined;
      if (given && existing.limits !== limits) {
        existing.limits = limits;
        existing.queue.limiter.reset(rate, { concurrency, budget: this.#budget(options.ipBudget, rate) });
      }
      return existing.queue;
    }
    const queue = new WorkspaceQueue({
      workspace: key,
      logger: o.logger,
      ratePerMinute: rate,
      jobConcurrency: o.jobConcurrency,
      maxWaitingJobs: o.maxWaitingJobs,
      maxWaitMs: o.maxWaitMs,
      notifyAfterMs: o.notifyAfterMs,
      requestConcurrency: concurrency,
      minRatePerMinute: o.minRatePerMinute,
      adaptToLatency: o.adaptToLatency,
      now: o.now,
      shared: o.shared,
      budget: this.#budget(options.ipBudget, rate),
    });
    if (this.#draining) queue.close('shutting_down');
    this.#queues.set(key, { queue, limits });
    return queue;
  }

  get(key: string): WorkspaceQueue | undefined {
    return this.#queues.get(key)?.queue;
  }

  /** The per-IP budget of `key` ("ip:syncro"), if a workspace uses one. */
  budget(key: string): SharedBudget | undefined {
    return this.#budgets.get(key);
  }

  /** Uninstall: waiting jobs are refused, running ones are signalled, and the next `for` starts afresh. */
  remove(key: string): void {
    const held = this.#queues.get(key);
    if (!held) return;
    this.#queues.delete(key);
    held.queue.abort('removed');
  }

  stats(): WorkspaceQueueStats[] {
    return Array.from(this.#queues.values(), (h) => h.queue.stats());
  }

  /**
   * Graceful shutdown: refuse new jobs ('shutting_down'), let queued and running ones finish for up to
   * `timeoutMs`, then abort what is left and report it.
   */
  async drain(timeoutMs: number): Promise<DrainResult> {
    this.#draining = true;
    const queues = Array.from(this.#queues.values(), (h) => h.queue);
    for (const queue of queues) queue.close('shutting_down');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const idle = Promise.all(queues.map((q) => q.onIdle())).then(() => true as const);
    const drained = await Promise.race([idle, timedOut]);
    clearTimeout(timer);
    const left = queues
      .map((q) => q.stats())
      .filter((s) => s.pending + s.running > 0)
      .map(({ workspace, pending, running }) => ({ workspace, pending, running }));
    for (const queue of queues) queue.abort('shutting_down');
    return { drained, left };
  }

  #budget(key: string | undefined, rate: number): SharedBudget | undefined {
    if (key === undefined) return undefined;
    const existing = this.#budgets.get(key);
    if (existing) {
      existing.setRate(rate);
      return existing;
    }
    const budget = new SharedBudget({
      key,
      ratePerMinute: rate,
      now: this.#options.now,
      minRatePerMinute: this.#options.minRatePerMinute,
    });
    this.#budgets.set(key, budget);
    return budget;
  }
}
