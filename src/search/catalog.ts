// What the customer and contact catalogs share: frozen records in slots, a name index, email and phone tables.
import { estimateBytes } from './estimate.js';
import { addTo, removeFrom, Slots } from './multimap.js';
import { emailOf, PHONE_KEY_DIGITS, phoneDigits } from './normalize.js';
import { TermIndex } from './term-index.js';

type Table = Map<string, number[]>;

export interface Indexable {
  id: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
}

function phonesOf(record: { phone: string | null; mobile: string | null }): string[] {
  const out: string[] = [];
  for (const p of [record.phone, record.mobile]) {
    const digits = phoneDigits(p);
    if (digits) out.push(digits);
  }
  return out;
}

export abstract class Catalog<T extends Indexable> {
  readonly slots = new Slots<T>();
  readonly names = new TermIndex();
  protected readonly emails: Table = new Map();
  readonly #phones: Table = new Map();
  #bytes = 0;

  /** What one record costs in the lookup tables beyond itself (measured by bench/search-bench.ts). */
  protected abstract readonly overheadBytes: number;
  protected abstract nameOf(record: T): string;
  /** The record's entries in the subclass's own tables (domains, customer ids). */
  protected abstract extraKeys(record: T): Iterable<[Table, string]>;

  /** Records handed out are shared, so they are frozen: a caller's mutation throws instead of corrupting the index. */
  protected freeze(record: T): T {
    return Object.freeze(record);
  }

  get size(): number {
    return this.slots.size;
  }

  get approxBytes(): number {
    return this.#bytes;
  }

  get(id: string): T | undefined {
    return this.slots.get(id);
  }

  record(slot: number): T | undefined {
    return this.slots.records[slot];
  }

  /** Adds or replaces; the record is frozen and kept as is (pass a copy if you keep using yours). */
  upsert(record: T): void {
    const { slot, previous } = this.slots.put(this.freeze(record));
    if (previous) this.#unindex(slot, previous);
    this.#index(slot, record);
  }

  remove(id: string): T | undefined {
    const removed = this.slots.delete(id);
    if (!removed) return undefined;
    this.#unindex(removed.slot, removed.previous);
    return removed.previous;
  }

  /** Records whose phone or mobile shares the query's last 7-10 digits, with how many matched. */
  byPhone(digits: string): Array<{ slot: number; length: number }> {
    const out: Array<{ slot: number; length: number }> = [];
    for (const slot of this.#phones.get(digits.slice(-PHONE_KEY_DIGITS)) ?? []) {
      const record = this.slots.records[slot];
      if (!record) continue;
      let best = 0;
      for (const phone of phonesOf(record)) {
        const n = Math.min(phone.length, digits.length);
        if (phone.slice(-n) === digits.slice(-n)) best = Math.max(best, n);
      }
      if (best > 0) out.push({ slot, length: best });
    }
    return out;
  }

  /** The records in a table's slots for a key. */
  protected recordsIn(table: Table, key: string): T[] {
    const out: T[] = [];
    for (const slot of table.get(key) ?? []) {
      const record = this.slots.records[slot];
      if (record) out.push(record);
    }
    return out;
  }

  /** Every (table, key) a record is filed under: indexing and unindexing walk the same list. */
  *#keys(record: T): Iterable<[Table, string]> {
    yield* this.extraKeys(record);
    const email = record.email ? emailOf(record.email) : undefined;
    if (email) yield [this.emails, email];
    for (const digits of phonesOf(record)) yield [this.#phones, digits.slice(-PHONE_KEY_DIGITS)];
  }

  #index(slot: number, record: T): void {
    this.names.add(slot, this.nameOf(record));
    for (const [table, key] of this.#keys(record)) addTo(table, key, slot);
    this.#bytes += estimateBytes(record) + this.overheadBytes;
  }

  #unindex(slot: number, record: T): void {
    this.names.remove(slot, this.nameOf(record));
    for (const [table, key] of this.#keys(record)) removeFrom(table, key, slot);
    this.#bytes -= estimateBytes(record) + this.overheadBytes;
  }
}
