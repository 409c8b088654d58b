// Key -> slot-number lists: the one shape every lookup table of the index uses, kept small (no Sets).

export function addTo(map: Map<string, number[]>, key: string, slot: number): void {
  const slots = map.get(key);
  if (!slots) map.set(key, [slot]);
  else if (!slots.includes(slot)) slots.push(slot);
}

/** Removes the slot; answers true when the key has no slots left (and was dropped). */
export function removeFrom(map: Map<string, number[]>, key: string, slot: number): boolean {
  const slots = map.get(key);
  if (!slots) return false;
  const at = slots.indexOf(slot);
  if (at >= 0) slots.splice(at, 1);
  if (slots.length > 0) return false;
  map.delete(key);
  return true;
}

/** Numbered slots for records, reusing freed numbers so arrays stay dense after deletes. */
export class Slots<T extends { id: string }> {
  readonly records: Array<T | undefined> = [];
  readonly #byId = new Map<string, number>();
  readonly #free: number[] = [];

  get size(): number {
    return this.#byId.size;
  }

  slotOf(id: string): number | undefined {
    return this.#byId.get(id);
  }

  get(id: string): T | undefined {
    const slot = this.#byId.get(id);
    return slot === undefined ? undefined : this.records[slot];
  }

  /** Puts the record in its existing slot or a new one; answers the slot and the record it replaced. */
  put(record: T): { slot: number; previous: T | undefined } {
    const existing = this.#byId.get(record.id);
    if (existing !== undefined) {
      const previous = this.records[existing];
      this.records[existing] = record;
      return { slot: existing, previous };
    }
    const slot = this.#free.pop() ?? this.records.length;
    this.records[slot] = record;
    this.#byId.set(record.id, slot);
    return { slot, previous: undefined };
  }

  delete(id: string): { slot: number; previous: T } | undefined {
    const slot = this.#byId.get(id);
    if (slot === undefined) return undefined;
    const previous = this.records[slot];
    this.#byId.delete(id);
    this.records[slot] = undefined;
    this.#free.push(slot);
    return previous === undefined ? undefined : { slot, previous };
  }

  *values(): IterableIterator<T> {
    for (const record of this.records) if (record !== undefined) yield record;
  }
}
