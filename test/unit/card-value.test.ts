// What a card's button carries: the record and the connection its id came from, written by blocks/card-value.ts
// and read back by handlers/forms/card-value.ts. A value from before buttons carried a connection reads as one
// without it (the operation calls that stale); one that is not ours reads as nothing.
import { describe, expect, it } from 'vitest';
import { CARD_VALUE_LIMITS, cardValue } from '../../blocks/card-value.js';
import { readCardValue } from '../../handlers/forms/card-value.js';

const CONNECTION = '0123456789abcdef';

describe('a card button’s value', () => {
  it('reads back as written, for customers and contacts, and stays far under Slack’s 2,000 characters', () => {
    for (const ref of [
      { type: 'customer' as const, id: '1001', connection: CONNECTION },
      { type: 'contact' as const, id: 'a1b2-c3d4:5 6', connection: CONNECTION },
      { type: 'customer' as const, id: 'x'.repeat(CARD_VALUE_LIMITS.id), connection: 'f'.repeat(64) },
    ]) {
      const value = cardValue(ref);
      expect(value.length).toBeLessThanOrEqual(CARD_VALUE_LIMITS.value);
      expect(value.length).toBeLessThan(2000);
      expect(readCardValue(value)).toEqual(ref);
      expect(readCardValue(value, ref.type)).toEqual(ref);
    }
    expect(cardValue({ type: 'customer', id: '1001', connection: CONNECTION }).length).toBeLessThan(70);
  });

  it('reads a value with no connection (a card posted before buttons carried one) as carrying none', () => {
    // Every card button carried the bare id; Share carried "customer:<id>".
    expect(readCardValue('1001')).toEqual({ type: undefined, id: '1001', connection: undefined });
    expect(readCardValue('customer:1001', 'customer')).toEqual({
      type: undefined,
      id: 'customer:1001',
      connection: undefined,
    });
    // Ours, but the connection lost on the way.
    expect(readCardValue('{"t":"customer","id":"1001"}')).toEqual({
      type: 'customer',
      id: '1001',
      connection: undefined,
    });
  });

  it('reads nothing from a tampered, malformed, oversized or mistyped value', () => {
    const good = cardValue({ type: 'customer', id: '1001', connection: CONNECTION });
    for (const bad of [
      '',
      good.slice(0, -1),
      '{"t":"customer","id":1001,"c":"0123456789abcdef"}',
      '{"t":"device","id":"1001","c":"0123456789abcdef"}',
      '{"t":"customer","id":"","c":"0123456789abcdef"}',
      '{"t":"customer","id":"1001","c":""}',
      '{"t":"customer","id":"1001","c":"0123456789abcdef","admin":true}',
      '["customer","1001"]',
      '1001 OR 1=1',
      JSON.stringify({ t: 'customer', id: 'x'.repeat(CARD_VALUE_LIMITS.id + 1), c: CONNECTION }),
      JSON.stringify({ t: 'customer', id: '1001', c: 'f'.repeat(CARD_VALUE_LIMITS.connection + 1) }),
      'x'.repeat(CARD_VALUE_LIMITS.id + 1),
      `${good}${' '.repeat(CARD_VALUE_LIMITS.value)}`,
    ])
      expect(readCardValue(bad), bad.slice(0, 80)).toBeUndefined();
    // A customer's value on a contact's button (and the other way round) is not that button's.
    expect(readCardValue(good, 'contact')).toBeUndefined();
    expect(readCardValue(cardValue({ type: 'contact', id: '7', connection: CONNECTION }), 'customer')).toBe(
      undefined,
    );
  });
});
