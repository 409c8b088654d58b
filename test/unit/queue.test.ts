// Per-workspace queues: admission by expected wait, turns between users, vendor pacing under the rate and the
// vendor's own caps (in flight, per IP, slowing down), 429 pauses, isolation and drain.
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  inBackground,
  isQueueFullError,
  limitsOf,
  QueueFullError,
  RequestLimiter,
  type SharedRateGate,
  spacingForRate,
  WorkspaceQueues,
} from '../../src/queue/index.js';
import type { VendorCapabilities } from '../../src/vendors/types.js';

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
    expect(queue.submit(async () => undefined)).toMatchObject({ accepted: true, position: 0 });
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

describe('admission by expected wait, not by count', () => {
  it('accepts 300 simultaneous quick jobs in one workspace with the default settings, and answers them all', async () => {
    // The old queue counted jobs (50 by default, QUEUE_MAX_PENDING=100 in production) and refused the rest.
    const queues = new WorkspaceQueues({ logger: silent });
    const queue = queues.for('T1', { ratePerMinute: 120_000 });
    const results = Array.from({ length: 300 }, (_, i) =>
      queue.submit(() => queue.limiter.schedule(async () => i), { user: `U${i % 30}` }),
    );
    expect(results.filter((r) => !r.accepted)).toEqual([]);
    await queue.onIdle();
    expect(queue.stats()).toMatchObject({ pending: 0, running: 0 });
  });

  it('refuses a job only when the vendor rate makes its expected wait longer than the bound', async () => {
    vi.useFakeTimers();
    // 60 requests a minute, one request per job: about 58 jobs fit in 60 s of waiting.
    const queues = new WorkspaceQueues({ logger: silent, maxWaitMs: 60_000 });
    const queue = queues.for('T1', { ratePerMinute: 60 });
    const results = Array.from({ length: 100 }, () =>
      queue.submit(() => queue.limiter.schedule(async () => undefined)),
    );
    const accepted = results.filter((r) => r.accepted);
    const refused = results.flatMap((r) => (r.accepted ? [] : [r.error]));
    expect(accepted.length).toBeGreaterThan(50);
    expect(accepted.length).toBeLessThan(65);
    expect(refused.map((e) => e.reason === 'full' && (e.expectedWaitMs ?? 0) > 60_000)).toEqual(
      refused.map(() => true),
    );
    // Every accepted job was told an expected wait inside the bound, growing with its place in line.
    const waits = accepted.map((r) => (r.accepted ? r.expectedWaitMs : Number.NaN));
    expect(Math.max(...waits)).toBeLessThanOrEqual(60_000);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    await vi.advanceTimersByTimeAsync(120_000);
    await queue.onIdle();
  });

  it('learns the service time of its jobs and refuses by it', async () => {
    vi.useFakeTimers();
    const queues = new WorkspaceQueues({ logger: silent, jobConcurrency: 1, maxWaitMs: 30_000 });
    const queue = queues.for('T1', { ratePerMinute: 12_000 });
    const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 5_000));
    // Twenty jobs of 5 s: enough to outweigh the prior, for longer than the minute a slower pace needs.
    for (let i = 0; i < 20; i++) {
      const done = queue.add(slow);
      await vi.advanceTimersByTimeAsync(5_000);
      await done;
    }
    expect(queue.stats().serviceMs).toBeGreaterThan(4_500);
    const results = Array.from({ length: 20 }, () => queue.submit(slow));
    const accepted = results.filter((r) => r.accepted).length;
    // 30 s of waiting at about 5 s a job: the running one plus about six waiting.
    expect(accepted).toBeGreaterThanOrEqual(6);
    expect(accepted).toBeLessThanOrEqual(8);
    await vi.advanceTimersByTimeAsync(60_000);
    await queue.onIdle();
  });

  it('keeps QUEUE_MAX_PENDING as a hard memory bound above the time bound', () => {
    const queues = new WorkspaceQueues({ logger: silent, jobConcurrency: 1, maxWaitingJobs: 3 });
    const queue = queues.for('T1', { ratePerMinute: 12_000 });
    const held = gate();
    const results = Array.from({ length: 6 }, () => queue.submit(() => held.promise));
    expect(results.map((r) => r.accepted)).toEqual([true, true, true, true, false, false]);
    held.open();
  });

  it('tells each accepted job its place and expected wait, and calls onQueued once for those that wait', async () => {
    vi.useFakeTimers();
    const queues = new WorkspaceQueues({ logger: silent, jobConcurrency: 2, notifyAfterMs: 3_500 });
    const queue = queues.for('T1', { ratePerMinute: 12_000 });
    const job = () => new Promise<void>((resolve) => setTimeout(resolve, 2_000));
    // Teach the queue that a job takes about 2 s (for over a minute: a slower pace is believed within one).
    for (let i = 0; i < 35; i++) {
      const done = queue.add(job);
      await vi.advanceTimersByTimeAsync(2_000);
      await done;
    }
    const notes: Array<{ n: number; position: number; expectedWaitMs: number }> = [];
    const results = Array.from({ length: 8 }, (_, n) =>
      queue.submit(job, { user: 'U1', onQueued: (info) => notes.push({ n, ...info }) }),
    );
    expect(results.map((r) => (r.accepted ? r.position : -1))).toEqual([0, 0, 1, 2, 3, 4, 5, 6]);
    await flush();
    // Not during the burst itself: the acks of the other commands go out first.
    expect(notes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    // Jobs expected to wait 3.5 s or more (5-7) are told a moment later, with where they stand then.
    expect(notes.map((n) => n.n)).toEqual([5, 6, 7]);
    expect(notes[0]?.position).toBe(4);
    expect(notes[0]?.expectedWaitMs).toBeGreaterThanOrEqual(3_000);
    await vi.advanceTimersByTimeAsync(20_000);
    await queue.onIdle();
    // Job 4 (expected 3 s) was told once it had waited 3.5 s; jobs 0-3 started sooner: no note. Never twice.
    expect(notes.map((n) => n.n)).toEqual([5, 6, 7, 4]);
  });

  it('calls onQueued for a job that has waited longer than expected, with where it stands then', async () => {
    vi.useFakeTimers();
    const queues = new WorkspaceQueues({ logger: silent, jobConcurrency: 1, notifyAfterMs: 3_000 });
    const queue = queues.for('T1', { ratePerMinute: 12_000 });
    const held = gate();
    const seen: number[] = [];
    queue.submit(() => held.promise);
    const waiting = queue.submit(async () => undefined, { onQueued: (info) => seen.push(info.position) });
    expect(waiting).toMatchObject({ accepted: true, position: 1 });
    await vi.advanceTimersByTimeAsync(2_900);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(seen).toEqual([1]);
    held.open();
    await vi.advanceTimersByTimeAsync(10);
    await queue.onIdle();
  });
});

describe('fair turns between users', () => {
  it('serves users in turn: one user with 50 queued jobs does not hold up another’s single job', async () => {
    const queues = new WorkspaceQueues({ logger: silent, jobConcurrency: 1 });
    const queue = queues.for('T1', { ratePerMinute: 12_000 });
    const order: string[] = [];
    const held = gate();
    const first = queue.add(() => held.promise, { user: 'U-busy' });
    const busy = Array.from({ length: 50 }, (_, i) =>
      queue.add(async () => order.push(`busy ${i}`), { user: 'U-busy' }),
    );
    const mine = queue.submit(async () => order.push('other'), { user: 'U-other' });
    // Second in line, not 51st.
    expect(mine).toMatchObject({ accepted: true, position: 2 });
    held.open();
    await Promise.all([first, ...busy]);
    expect(order.indexOf('other')).toBe(1);
  });

  it('refuses the user who floods the queue while another user still gets in', async () => {
    vi.useFakeTimers();
    const queues = new WorkspaceQueues({ logger: silent, maxWaitMs: 60_000 });
    const queue = queues.for('T1', { ratePerMinute: 60 });
    const flood = Array.from({ length: 120 }, () =>
      queue.submit(() => queue.limiter.schedule(async () => undefined), { user: 'U-flood' }),
    );
    expect(flood.some((r) => !r.accepted)).toBe(true);
    const other = queue.submit(() => queue.limiter.schedule(async () => undefined), { user: 'U-other' });
    expect(other.accepted).toBe(true);
    expect(other.accepted && other.position).toBeLessThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(180_000);
    await queue.onIdle();
  });
});

describe('vendor limits from capabilities', () => {
  const capabilities = (extra: Partial<VendorCapabilities>): VendorCapabilities =>
    ({ defaultRateLimitPerMinute: 600, rateLimitScope: 'connection', ...extra }) as VendorCapabilities;

  it('caps requests in flight at the vendor’s maxConcurrentRequests (Autotask: 3)', async () => {
    const queues = new WorkspaceQueues({ logger: silent });
    const queue = queues.for('T1', {
      ratePerMinute: 60_000,
      ...limitsOf({ vendor: 'autotask', capabilities: capabilities({ maxConcurrentRequests: 3 }) }),
    });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        queue.limiter.schedule(async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(queues.for('T2', { ratePerMinute: 60_000 }).limiter.concurrency).toBe(6);
  });

  it('shares one per-IP budget between the workspaces of a vendor, fairly, and leaves other vendors alone', async () => {
    vi.useFakeTimers();
    const rate = 60;
    const queues = new WorkspaceQueues({ logger: silent, requestConcurrency: 4 });
    const perIp = limitsOf({ vendor: 'syncro', capabilities: capabilities({ rateLimitScope: 'ip' }) });
    expect(perIp).toEqual({ ipBudget: 'ip:syncro' });
    const a = queues.for('T-A', { ratePerMinute: rate, ...perIp });
    const b = queues.for('T-B', { ratePerMinute: rate, ...perIp });
    const other = queues.for('T-C', { ratePerMinute: rate });
    const starts: Array<{ who: string; at: number }> = [];
    const t0 = Date.now();
    const run = (who: string, q: typeof a, n: number) =>
      Array.from({ length: n }, () =>
        q.limiter.schedule(async () => starts.push({ who, at: Date.now() - t0 })),
      );
    const all = [...run('A', a, 100), ...run('B', b, 10), ...run('C', other, 30)];
    await vi.advanceTimersByTimeAsync(60_000);
    const firstMinute = starts.filter((s) => s.at < 60_000);
    const of = (who: string) => firstMinute.filter((s) => s.who === who).length;
    // A and B together stay within the one budget; B, arriving with fewer requests, is not starved by A.
    expect(of('A') + of('B')).toBeLessThanOrEqual(rate);
    expect(of('B')).toBe(10);
    expect(of('A')).toBeGreaterThan(40);
    // C's vendor counts per connection: its own full budget.
    expect(of('C')).toBe(30);
    expect(
      maxInWindow(
        firstMinute.filter((s) => s.who !== 'C').map((s) => s.at),
        60_000,
      ),
    ).toBeLessThanOrEqual(rate);
    queues.remove('T-A');
    await Promise.allSettled(all);
  });

  it('a 429 at one workspace pauses every workspace on the same per-IP budget', async () => {
    vi.useFakeTimers();
    const queues = new WorkspaceQueues({ logger: silent });
    const perIp = { ipBudget: 'ip:syncro' };
    const a = queues.for('T-A', { ratePerMinute: 6_000, ...perIp });
    const b = queues.for('T-B', { ratePerMinute: 6_000, ...perIp });
    await a.limiter.schedule(async () => a.limiter.onRateLimited(2_000));
    let started = false;
    const blocked = b.limiter.schedule(async () => {
      started = true;
    });
    await vi.advanceTimersByTimeAsync(1_500);
    expect(started).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await blocked;
    expect(started).toBe(true);
  });

  it('asks the replicas’ shared limit for the per-IP budget’s key, not the workspace’s', async () => {
    const keys: string[] = [];
    const shared: SharedRateGate = {
      acquire: async (key) => {
        keys.push(key);
      },
      pause: () => undefined,
    };
    const queues = new WorkspaceQueues({ logger: silent, shared });
    await queues.for('T-A', { ratePerMinute: 6_000, ipBudget: 'ip:syncro' }).limiter.schedule(async () => 1);
    await queues.for('T-B', { ratePerMinute: 6_000 }).limiter.schedule(async () => 1);
    expect(keys).toEqual(['ip:syncro', 'T-B']);
  });

  it('slows down when the vendor starts answering much slower, as Autotask does near its threshold', async () => {
    vi.useFakeTimers();
    const limiter = new RequestLimiter({ workspace: 'T1', ratePerMinute: 6_000, concurrency: 1 });
    let latency = 100;
    const call = () => limiter.schedule(() => new Promise((resolve) => setTimeout(resolve, latency)));
    const run = async (n: number) => {
      const all = Array.from({ length: n }, call);
      await vi.advanceTimersByTimeAsync(n * (latency + 20));
      await Promise.all(all);
    };
    await run(40);
    expect(limiter.ratePerMinute).toBe(6_000);
    latency = 1_100;
    await run(30);
    expect(limiter.ratePerMinute).toBeLessThan(6_000);
    expect(limiter.stats().medianLatencyMs).toBeGreaterThan(1_000);
  });

  it('does not slow down for a vendor whose response times merely vary', async () => {
    vi.useFakeTimers();
    const limiter = new RequestLimiter({ workspace: 'T1', ratePerMinute: 6_000, concurrency: 2 });
    let i = 0;
    const all = Array.from({ length: 200 }, () =>
      limiter.schedule(() => new Promise((resolve) => setTimeout(resolve, 100 + ((i++ * 37) % 300)))),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all(all);
    expect(limiter.ratePerMinute).toBe(6_000);
  });
});
