// Distributed mode: two replicas (two queue registries, each with its own connection to one Redis) serving two
// workspaces of a vendor that counts per IP share one budget through Redis, not one each.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { SharedRateLimit, windowPlan } from '../../src/distributed/index.js';
import { WorkspaceQueues } from '../../src/queue/index.js';

const redisUrl = process.env.TEST_REDIS_URL;
const silent = pino({ level: 'silent' });

describe.runIf(Boolean(redisUrl))('a per-IP budget across replicas (Redis)', () => {
  const prefix = `msp-test-${randomBytes(6).toString('hex')}:`;
  const clients: Redis[] = [];
  afterAll(async () => {
    const redis = clients[0];
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    for (const client of clients) await client.quit();
  });

  it('holds both replicas’ workspaces to one window of permits', async () => {
    const rate = 120;
    const plan = windowPlan(rate);
    const replica = () => {
      const redis = new Redis(redisUrl ?? '');
      clients.push(redis);
      return new WorkspaceQueues({
        logger: silent,
        shared: new SharedRateLimit({ redis, keyPrefix: prefix, logger: silent }),
      });
    };
    const perIp = { ratePerMinute: rate, ipBudget: 'ip:syncro' };
    const a = replica().for('T-A', perIp);
    const b = replica().for('T-B', perIp);
    const starts: number[] = [];
    const run = (q: typeof a) =>
      Array.from({ length: 8 }, () => q.limiter.schedule(async () => starts.push(Date.now())));
    const all = [...run(a), ...run(b)];
    // Alone, each replica's limiter would start one every ~0.5 s: about 2 × 7 in the first window.
    await new Promise((resolve) => setTimeout(resolve, plan.durationSec * 1000 - 300));
    const first = starts[0] ?? Date.now();
    const inFirstWindow = starts.filter((t) => t < first + plan.durationSec * 1000 - 300).length;
    expect(inFirstWindow).toBeLessThanOrEqual(plan.points);
    expect(inFirstWindow).toBeGreaterThan(0);
    await Promise.race([Promise.all(all), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  }, 30_000);
});
