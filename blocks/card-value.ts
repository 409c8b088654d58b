// What a button on a card carries: the record it acts on and the vendor connection its id came from. After a
// reconnect to another account the same id may name another company, so a click is refused unless the
// connection is still the workspace's. handlers/forms/card-value.ts reads it back (zod); keep the two in step.

/** The record a button acts on, and the fingerprint of the connection (`Workspace.fingerprint`) it was read from. */
export interface CardRef {
  type: 'customer' | 'contact';
  id: string;
  connection: string;
}

/** Bounds the reader holds a value to, far under Slack's 2,000 characters for a button value. */
export const CARD_VALUE_LIMITS = { id: 255, connection: 64, value: 600 } as const;

/** JSON with short keys: `{"t":"customer","id":"1001","c":"<fingerprint>"}`, about 60 characters. */
export function cardValue(ref: CardRef): string {
  return JSON.stringify({ t: ref.type, id: ref.id, c: ref.connection });
}
