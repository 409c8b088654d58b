// The registry of per-workspace queues: created on first use, removed on uninstall, drained on shutdown.
import type { Logger } from 'pino';
import type { SharedRateGate } from './request-limiter.js';
import { WorkspaceQueue, type WorkspaceQueueStats } from './workspace-queue.js';

export interface WorkspaceQueuesOptions {
  logger: Logger;
  /** Rate for a workspace whose caller gives none (the composition root normally passes the vendor's). */
  defaultRatePerMinute?: number;
  jobConcurrency?: number;
  maxWaitingJobs?: number;
  requestConcurrency?: number;
  minRatePerMinute?: number;
  now?: () => number;
  /** Distributed mode: every workspace's vendor limit, shared by all replicas (see SharedRateGate). */
  shared?: SharedRateGate;
}

export interface QueueFor {
  /** Requests per minute for this workspace's vendor (config, else `capabilities.defaultRateLimitPerMinute`). */
  ratePerMinute?: number;
}

export interface DrainResult {
  /** True when everything finished inside the time allowed. */
  drained: boolean;
  /** Jobs still waiting or running when time ran out (they were then aborted), per workspace. */
  left: Array<{ workspace: string; pending: number; running: number }>;
}

export class WorkspaceQueues {
  readonly #queues = new Map<string, WorkspaceQueue>();
  readonly #options: WorkspaceQueuesOptions;
  #draining = false;

  constructor(options: WorkspaceQueuesOptions) {
    this.#options = options;
  }

  /**
   * The workspace's queue, created on first use. Separate queues and limiters per workspace mean one
   * workspace's backlog never delays another's. A changed `ratePerMinute` (a reconnected vendor) resets
   * the limiter; the same rate leaves any adaptive slowdown in place.
   */
  for(key: string, options: QueueFor = {}): WorkspaceQueue {
    const existing = this.#queues.get(key);
    if (existing) {
      const rate = options.ratePerMinute;
      if (rate !== undefined && rate !== existing.limiter.configuredRatePerMinute)
        existing.limiter.reset(rate);
      return existing;
    }
    const o = this.#options;
    const queue = new WorkspaceQueue({
      workspace: key,
      logger: o.logger,
      ratePerMinute: options.ratePerMinute ?? o.defaultRatePerMinute ?? 60,
      jobConcurrency: o.jobConcurrency,
      maxWaitingJobs: o.maxWaitingJobs,
      requestConcurrency: o.requestConcurrency,
      minRatePerMinute: o.minRatePerMinute,
      now: o.now,
      shared: o.shared,
    });
    if (this.#draining) queue.close('shutting_down');
    this.#queues.set(key, queue);
    return queue;
  }

  get(key: string): WorkspaceQueue | undefined {
    return this.#queues.get(key);
  }

  /** Uninstall: waiting jobs are refused, running ones are signalled, and the next `for` starts afresh. */
  remove(key: string): void {
    const queue = this.#queues.get(key);
    if (!queue) return;
    this.#queues.delete(key);
    queue.abort('removed');
  }

  stats(): WorkspaceQueueStats[] {
    return Array.from(this.#queues.values(), (q) => q.stats());
  }

  /**
   * Graceful shutdown: refuse new jobs ('shutting_down'), let queued and running ones finish for up to
   * `timeoutMs`, then abort what is left and report it.
   */
  async drain(timeoutMs: number): Promise<DrainResult> {
    this.#draining = true;
    const queues = Array.from(this.#queues.values());
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
}
