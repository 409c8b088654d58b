// Distributed mode's pure parts: the window plan keeps every sliding minute within the limit, and the config
// refuses REDIS_URL without the shared store.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ARRIVAL_SLACK_MS, windowPlan } from '../../src/distributed/index.js';

/** Worst case of fixed windows back to back, every permit spent: the most starts any sliding span holds. */
function worstSlidingCount(durationSec: number, points: number, spanMs: number): number {
  const windowMs = durationSec * 1000;
  // Permits land at the very start and the very end of windows; try alignments 7 ms apart.
  let worst = 0;
  for (let offset = 0; offset < windowMs; offset += 7) {
    const spanStart = offset;
    const spanEnd = offset + spanMs;
    let count = 0;
    for (let w = 0; w * windowMs < spanEnd + windowMs; w++) {
      const start = w * windowMs;
      const end = start + windowMs - 1;
      // All permits of a window at its end when the span starts inside it, at its start otherwise.
      if (end >= spanStart && start <= spanEnd) count += points;
    }
    worst = Math.max(worst, count);
  }
  return worst;
}

describe('windowPlan', () => {
  it.each([10, 30, 60, 120, 180, 300, 700, 3000])(
    'never lets a sliding minute (plus the arrival slack) exceed %i per minute',
    (rate) => {
      const plan = windowPlan(rate);
      expect(plan.points).toBeGreaterThanOrEqual(1);
      expect(plan.worstPerMinute).toBeLessThanOrEqual(rate);
      expect(worstSlidingCount(plan.durationSec, plan.points, 60_000 + ARRIVAL_SLACK_MS)).toBeLessThanOrEqual(
        rate,
      );
      // And it does not give most of the budget away.
      if (rate >= 60) expect(plan.sustainedPerMinute).toBeGreaterThanOrEqual(rate * 0.85);
    },
  );

  it('picks 4 s windows of 7 for 120/min, 3 s of 8 for Syncro’s 180, 2 s of 9 for Atera’s 300', () => {
    expect(windowPlan(120)).toMatchObject({ durationSec: 4, points: 7, worstPerMinute: 119 });
    expect(windowPlan(180)).toMatchObject({ durationSec: 3, points: 8 });
    expect(windowPlan(300)).toMatchObject({ durationSec: 2, points: 9 });
  });
});

describe('REDIS_URL', () => {
  const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-abcdef', SLACK_SIGNING_SECRET: 'secret-0123456789' };

  it('needs DATABASE_URL, and says so naming it', () => {
    let error: unknown;
    try {
      loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }, { isTTY: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^DATABASE_URL is missing: REDIS_URL/),
    ]);
  });

  it('turns the distributed mode on with a default key prefix, and stays off without it', () => {
    const config = loadConfig(
      {
        ...base,
        REDIS_URL: 'redis://:pw@cache.internal:6380/0',
        DATABASE_URL: 'postgres://db/app',
        ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      },
      { isTTY: false },
    );
    expect(config.redis).toEqual({ url: 'redis://:pw@cache.internal:6380/0', keyPrefix: 'msp-desk:' });
    expect(loadConfig(base, { isTTY: false }).redis).toBeUndefined();
  });

  it('rejects a URL that is not redis://', () => {
    expect(() => loadConfig({ ...base, REDIS_URL: 'http://cache' }, { isTTY: false })).toThrow(
      /REDIS_URL is invalid: expected a redis:\/\/ or rediss:\/\/ URL/,
    );
  });
});
