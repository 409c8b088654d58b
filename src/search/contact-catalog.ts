// A workspace's contacts in memory, for vendors that cannot list one customer's contacts (Atera).
import type { Contact } from '../domain/index.js';
import { phonesOf } from './customer-catalog.js';
import { estimateBytes } from './estimate.js';
import { addTo, removeFrom, Slots } from './multimap.js';
import { emailOf, PHONE_KEY_DIGITS } from './normalize.js';
import { TermIndex } from './term-index.js';

/** Lookup tables per contact beyond its record; like a customer's, minus the domain table. */
const KEY_OVERHEAD_BYTES = 400;

export class ContactCatalog {
  readonly slots = new Slots<Contact>();
  readonly names = new TermIndex();
  readonly #byCustomer = new Map<string, number[]>();
  readonly #emails = new Map<string, number[]>();
  readonly #phones = new Map<string, number[]>();
  #bytes = 0;

  get size(): number {
    return this.slots.size;
  }

  get approxBytes(): number {
    return this.#bytes;
  }

  get(id: string): Contact | undefined {
    return this.slots.get(id);
  }

  record(slot: number): Contact | undefined {
    return this.slots.records[slot];
  }

  upsert(contact: Contact): void {
    const { slot, previous } = this.slots.put(Object.freeze(contact));
    if (previous) this.#unindex(slot, previous);
    this.#index(slot, contact);
  }

  remove(id: string): Contact | undefined {
    const removed = this.slots.delete(id);
    if (!removed) return undefined;
    this.#unindex(removed.slot, removed.previous);
    return removed.previous;
  }

  /** A deleted customer takes its contacts with it. */
  removeCustomer(customerId: string): void {
    for (const contact of this.ofCustomer(customerId)) this.remove(contact.id);
  }

  ofCustomer(customerId: string): Contact[] {
    const out: Contact[] = [];
    for (const slot of this.#byCustomer.get(customerId) ?? []) {
      const contact = this.slots.records[slot];
      if (contact) out.push(contact);
    }
    return out;
  }

  byEmail(email: string): Contact[] {
    const out: Contact[] = [];
    for (const slot of this.#emails.get(email) ?? []) {
      const contact = this.slots.records[slot];
      if (contact) out.push(contact);
    }
    return out;
  }

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

  #index(slot: number, contact: Contact): void {
    this.names.add(slot, contact.fullName);
    addTo(this.#byCustomer, contact.customerId, slot);
    const email = contact.email ? emailOf(contact.email) : undefined;
    if (email) addTo(this.#emails, email, slot);
    for (const digits of phonesOf(contact)) addTo(this.#phones, digits.slice(-PHONE_KEY_DIGITS), slot);
    this.#bytes += estimateBytes(contact) + KEY_OVERHEAD_BYTES;
  }

  #unindex(slot: number, contact: Contact): void {
    this.names.remove(slot, contact.fullName);
    removeFrom(this.#byCustomer, contact.customerId, slot);
    const email = contact.email ? emailOf(contact.email) : undefined;
    if (email) removeFrom(this.#emails, email, slot);
    for (const digits of phonesOf(contact)) removeFrom(this.#phones, digits.slice(-PHONE_KEY_DIGITS), slot);
    this.#bytes -= estimateBytes(contact) + KEY_OVERHEAD_BYTES;
  }
}
