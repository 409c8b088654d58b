// Per-workspace queues: bounded jobs, vendor pacing under the rate, 429 pauses, isolation and drain.
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  inBackground,
  isQueueFullError,
  QueueFullError,
  RequestLimiter,
  spacingForRate,
  WorkspaceQueues,
} from '../../src/queue/index.js';

const silent = pino({ level: 'silent' });

/** A promise the test settles by hand, to hold a job or request open. */
function gate() {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Lets every already-settled promise continuation run. */
async function flush() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** The most requests found in any window of `windowMs` starting at one of the timestamps. */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i] ?? 0;
    while (j < sorted.length && (sorted[j] ?? 0) < start + windowMs) j++;
    max = Math.max(max, j - i);
  }
  return max;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('request limiter', () => {
  it('never lets more than the rate reach a vendor in any sliding minute, even with network jitter', async () => {
    vi.useFakeTimers();
    const rate = 30;
    const limiter = new RequestLimiter({ workspace: 'T1', ratePerMinute: rate, concurrency: 5 });
    const spacing = spacingForRate(rate);
    const arrivals: number[] = [];
    let i = 0;
    const all = Array.from({ length: 100 }, () =>
      limiter.schedule(async () => {
        // Each request reaches the vendor up to one spacing late, unevenly, as over a real network.
        arrivals.push(Date.now() + ((i++ * 7919) % 97) * (spacing / 97));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }),
    );
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await Promise.all(all);
    expect(arrivals).toHaveLength(100);
    expect(maxInWindow(arrivals, 60_000)).toBeLessThanOrEqual(rate);
    // And it does not squander the budget: close to the rate per minute once warmed up.
    expect(arrivals.filter((t) => t < (arrivals[0] ?? 0) + 60_000).length).toBeGreaterThanOrEqual(rate - 3);
  });

  it('answers a fake vendor that enforces its limit per sliding minute with zero 429s', async () => {
    vi.useFakeTimers();
    const rate = 180;
    const seen: number[] = [];
    let rejected = 0;
    const vendor = async () => {
      const now = Date.now();
      if (seen.filter((t) => t > now - 60_000).length >= rate) rejected++;
      seen.push(now);
    };
    const limiter = new RequestLimiter({ workspace: 'T1', ratePerMinute: rate, concurrency: 8 });
    const all = Array.from({ length: 500 }, () => limiter.schedule(vendor));
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    await Promise.all(all);
    expect(seen).toHaveLength(500);
    expect(rejected).toBe(0);
  });

  it('pauses the whole workspace for Retry-After on a 429, then resumes, slower', async () => {
    vi.useFakeTimers();
    const limiter = new RequestLimiter({ workspace: 'T1', ratePerMinute: 6000, concurrency: 4 });
    const started: string[] = [];
    await limiter.schedule(async () => {
      started.push('first');
      limiter.hooks.onRateLimited(500);
    });
    // A second 429 of the same burst must not compound the slowdown.
    limiter.hooks.onRateLimited(500);
    expect(limiter.ratePerMinute).toBe(4800);
    expect(limiter.stats().pausedUntil).not.toBeNull();
    const second = limiter.schedule(async () => started.push('second'));
    const third = limiter.hooks.schedule(async () => started.push('third'));
    await vi.advanceTimersByTimeAsync(400);
    expect(started).toEqual(['first']);
    expect(limiter.stats().waitingRequests).toBe(2);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([second, third]);
    expect(started).toEqual(['first', 'second', 'third']);
    expect(limiter.stats().pausedUntil).toBeNull();
  });

  it('never lowers the rate below its floor', () => {
    const limiter = new RequestLimiter({ workspace: 'T1', ratePerMinute: 20, minRatePerMinute: 15 });
    limiter.onRateLimited(0);
    limiter.onRateLimited(0);
    limiter.onRateLimited(0);
    expect(limiter.ratePerMinute).toBe(15);
  });

  it('lets interactive requests overtake background ones (index refreshes)', async () => {
    vi.useFakeTimers();
    const limiter = new RequestLimiter({ workspace: 'T1', ratePerMinute: 600, concurrency: 1 });
    const order: string[] = [];
    const background = inBackground(() =>
      Promise.all([1, 2, 3].map((n) => limiter.schedule(async () => order.push(`page ${n}`)))),
    );
    const lookup = limiter.schedule(async () => order.push('lookup'));
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all([background, lookup]);
    expect(order).toEqual(['page 1', 'lookup', 'page 2', 'page 3']);
  });
});

describe('workspace job queues', () => {
  it('refuses at once with QueueFullError when the backlog is full, without waiting', async () => {
    const queues = new WorkspaceQueues({ logger: silent, jobConcurrency: 1, maxWaitingJobs: 2 });
    const queue = queues.for('T1');
    const held = gate();
    const running = queue.add(() => held.promise);
    const waiting = [queue.add(async () => 'a'), queue.add(async () => 'b')];
    const refused = queue.add(async () => 'c');
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toMatchObject({ reason: 'full', workspace: 'T1' });
    const result = queue.submit(async () => undefined);
    expect(result.accepted).toBe(false);
    expect(queue.stats()).toMatchObject({ pending: 2, running: 1 });
    held.open();
    await expect(Promise.all([running, ...waiting])).resolves.toEqual([undefined, 'a', 'b']);
    expect(queue.submit(async () => undefined)).toEqual({ accepted: true });
  });

  it('keeps a quiet workspace fast while a noisy one has a long backlog', async () => {
    const queues = new WorkspaceQueues({ logger: silent, jobConcurrency: 2, maxWaitingJobs: 100 });
    const noisy = queues.for('T-noisy', { ratePerMinute: 60 });
    const quiet = queues.for('T-quiet', { ratePerMinute: 60 });
    let noisyDone = 0;
    const noisyJobs = Array.from({ length: 60 }, () =>
      noisy
        .add(() => noisy.limiter.schedule(async () => undefined))
        .then(() => noisyDone++)
        .catch(() => undefined),
    );
    await flush();
    expect(noisy.stats().pending).toBeGreaterThan(50);
    const answer = await quiet.add(() => quiet.limiter.schedule(async () => 'quiet answer'));
    expect(answer).toBe('quiet answer');
    // The quiet job finished while the noisy workspace still had almost all of its backlog.
    expect(noisyDone).toBeLessThan(5);
    expect(noisy.stats().pending + noisy.stats().running).toBeGreaterThan(50);
    queues.remove('T-noisy');
    await Promise.all(noisyJobs);
  });

  it('binds workspace, user and request id into the job logger', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const queues = new WorkspaceQueues({ logger });
    await queues.for('E1:T1').add(
      async ({ logger: log, context }) => {
        expect(context).toEqual({ workspace: 'E1:T1', user: 'U1', requestId: 'r-1' });
        log.info('looking up');
      },
      { user: 'U1', requestId: 'r-1' },
    );
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      workspace: 'E1:T1',
      user: 'U1',
      requestId: 'r-1',
      msg: 'looking up',
    });
  });

  it('reports per-workspace stats', async () => {
    const queues = new WorkspaceQueues({ logger: silent });
    await queues.for('T1', { ratePerMinute: 180 }).add(async () => undefined);
    queues.for('T2', { ratePerMinute: 700 });
    const stats = queues.stats();
    expect(stats.map((s) => [s.workspace, s.ratePerMinute])).toEqual([
      ['T1', 180],
      ['T2', 700],
    ]);
    expect(stats[0]).toMatchObject({ pending: 0, running: 0, waitingRequests: 0, pausedUntil: null });
  });

  it('fails waiting jobs and requests of a removed workspace and starts afresh afterwards', async () => {
    const queues = new WorkspaceQueues({ logger: silent, jobConcurrency: 1 });
    const queue = queues.for('T1');
    const held = gate();
    const running = queue.add(() => held.promise);
    const waiting = queue.add(async () => 'never');
    queues.remove('T1');
    await expect(waiting).rejects.toSatisfy((e) => isQueueFullError(e) && e.reason === 'removed');
    await expect(queue.limiter.schedule(async () => 1)).rejects.toBeInstanceOf(QueueFullError);
    // The running job was told to stop; its caller hears so instead of waiting on a dead workspace.
    await expect(running).rejects.toMatchObject({ reason: 'removed' });
    held.open();
    expect(queues.for('T1')).not.toBe(queue);
  });
});

describe('drain', () => {
  it('waits for running and queued jobs, refusing new ones meanwhile', async () => {
    const queues = new WorkspaceQueues({ logger: silent, jobConcurrency: 1 });
    const queue = queues.for('T1');
    const held = gate();
    const finished: string[] = [];
    const running = queue.add(async () => {
      await held.promise;
      finished.push('running');
    });
    const queued = queue.add(async () => {
      finished.push('queued');
    });
    let drained = false;
    const draining = queues.drain(10_000).then((result) => {
      drained = true;
      return result;
    });
    await flush();
    expect(drained).toBe(false);
    await expect(queue.add(async () => undefined)).rejects.toMatchObject({ reason: 'shutting_down' });
    await expect(queues.for('T-new').add(async () => undefined)).rejects.toMatchObject({
      reason: 'shutting_down',
    });
    held.open();
    await expect(draining).resolves.toEqual({ drained: true, left: [] });
    await Promise.all([running, queued]);
    expect(finished).toEqual(['running', 'queued']);
  });

  it('gives up after the timeout, aborts what is left and says what it was', async () => {
    const queues = new WorkspaceQueues({ logger: silent, jobConcurrency: 1 });
    const queue = queues.for('T1');
    let aborted = false;
    const stuck = queue.add(
      ({ signal }) =>
        new Promise<void>((_, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(signal.reason);
          });
        }),
    );
    const behind = queue.add(async () => undefined);
    const result = await queues.drain(20);
    expect(result).toEqual({ drained: false, left: [{ workspace: 'T1', pending: 1, running: 1 }] });
    expect(aborted).toBe(true);
    await expect(stuck).rejects.toBeInstanceOf(QueueFullError);
    await expect(behind).rejects.toBeDefined();
  });
});
