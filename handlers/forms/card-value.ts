// Reads what a card's button carries (blocks/card-value.ts writes it): the record and the connection its id came
// from. A value from a card posted before buttons carried a connection (a bare id, or Share's "customer:1001")
// is read with no connection, so the operation answers it as stale; anything else unreadable is not ours.
import { z } from 'zod';
import { CARD_VALUE_LIMITS, type CardRef } from '../../blocks/card-value.js';

const RecordType = z.enum(['customer', 'contact']);

const CardValueSchema = z.strictObject({
  t: RecordType,
  id: z.string().min(1).max(CARD_VALUE_LIMITS.id),
  // Optional here so that a value which lost it reads as stale, not as garbage.
  c: z.string().min(1).max(CARD_VALUE_LIMITS.connection).optional(),
});

/** A legacy value: the bare id every card button carried before (or Share's "customer:<id>"), as vendors spell ids. */
const LegacySchema = z
  .string()
  .max(CARD_VALUE_LIMITS.id)
  .regex(/^[\w.:@-]+$/);

/** A click's record: `connection` is undefined when the card carried none (posted before it did). */
export interface CardClick {
  type: CardRef['type'] | undefined;
  id: string;
  connection: string | undefined;
}

/**
 * The record a button carried, or undefined when the value is not one of ours (tampered, oversized, malformed,
 * or of another record type than `expected`).
 */
export function readCardValue(value: string, expected?: CardRef['type']): CardClick | undefined {
  if (value.length > CARD_VALUE_LIMITS.value) return undefined;
  const legacy = LegacySchema.safeParse(value);
  if (legacy.success) return { type: undefined, id: legacy.data, connection: undefined };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = CardValueSchema.safeParse(json);
  if (!parsed.success) return undefined;
  if (expected && parsed.data.t !== expected) return undefined;
  return { type: parsed.data.t, id: parsed.data.id, connection: parsed.data.c };
}
