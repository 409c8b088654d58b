// The budget a listener shares before its ack: what it awaited first is taken from the next check's deadline.
import { describe, expect, it } from 'vitest';
import { ackClock } from '../../handlers/support/ack-clock.js';

describe('ackClock', () => {
  it('gives a check its cap while the budget allows, and only what is left after a slow wait', () => {
    let now = 1_000;
    const clock = ackClock(() => now);
    expect(clock.left(1_500)).toBe(1_500);
    now += 1_200; // users.info took its whole timeout
    expect(clock.left(1_500)).toBe(1_300);
    expect(clock.left()).toBe(1_300);
    now += 2_000;
    expect(clock.left(1_500)).toBe(0);
  });

  it('counts from when the request reached the bot, when it reached the listener later', () => {
    let now = 5_000;
    const clock = ackClock(() => now, 4_200);
    expect(clock.left()).toBe(1_700);
    now += 1_700;
    expect(clock.left(1_000)).toBe(0);
  });
});
