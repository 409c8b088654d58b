// A workspace's customers in memory: frozen records in slots, with name, domain, email and phone lookups.
import type { Customer } from '../domain/index.js';
import { estimateBytes } from './estimate.js';
import { addTo, removeFrom, Slots } from './multimap.js';
import { domainOf, emailOf, FREE_MAIL, PHONE_KEY_DIGITS, phoneDigits } from './normalize.js';
import { TermIndex } from './term-index.js';

/** What one customer costs in the lookup tables beyond its record (measured by bench/search-bench.ts: ~500-600). */
const KEY_OVERHEAD_BYTES = 500;

/** Records handed out by the index are shared, so they are frozen: a caller's mutation throws instead of corrupting it. */
export function freezeCustomer(customer: Customer): Customer {
  Object.freeze(customer.domains);
  Object.freeze(customer.links);
  Object.freeze(customer.customFields);
  return Object.freeze(customer);
}

function domainsOf(customer: Customer): Set<string> {
  const domains = new Set<string>();
  for (const d of customer.domains) {
    const domain = domainOf(d);
    if (domain) domains.add(domain);
  }
  for (const link of customer.links) {
    const domain = domainOf(link);
    if (domain) domains.add(domain);
  }
  const email = customer.email ? emailOf(customer.email) : undefined;
  const mailDomain = email?.split('@')[1];
  if (mailDomain && !FREE_MAIL.has(mailDomain)) domains.add(mailDomain);
  return domains;
}

export function phonesOf(record: { phone: string | null; mobile: string | null }): string[] {
  const out: string[] = [];
  for (const p of [record.phone, record.mobile]) {
    const digits = phoneDigits(p);
    if (digits) out.push(digits);
  }
  return out;
}

export class CustomerCatalog {
  readonly slots = new Slots<Customer>();
  readonly names = new TermIndex();
  readonly #domains = new Map<string, number[]>();
  readonly #emails = new Map<string, number[]>();
  readonly #phones = new Map<string, number[]>();
  #bytes = 0;

  get size(): number {
    return this.slots.size;
  }

  get approxBytes(): number {
    return this.#bytes;
  }

  get(id: string): Customer | undefined {
    return this.slots.get(id);
  }

  record(slot: number): Customer | undefined {
    return this.slots.records[slot];
  }

  /** Adds or replaces; the record is frozen and kept as is (pass a copy if you keep using yours). */
  upsert(customer: Customer): void {
    const { slot, previous } = this.slots.put(freezeCustomer(customer));
    if (previous) this.#unindex(slot, previous);
    this.#index(slot, customer);
  }

  remove(id: string): Customer | undefined {
    const removed = this.slots.delete(id);
    if (!removed) return undefined;
    this.#unindex(removed.slot, removed.previous);
    return removed.previous;
  }

  /** Customers with this domain, or owning a parent of it ("eu.acme.com" finds "acme.com"). */
  byDomain(domain: string): number[] {
    const labels = domain.split('.');
    for (let i = 0; i <= labels.length - 2; i++) {
      const slots = this.#domains.get(labels.slice(i).join('.'));
      if (slots && slots.length > 0) return slots;
    }
    return [];
  }

  byEmail(email: string): readonly number[] {
    return this.#emails.get(email) ?? [];
  }

  /** Customers whose phone or mobile shares the query's last 7-10 digits, with how many matched. */
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

  #index(slot: number, customer: Customer): void {
    this.names.add(slot, customer.name);
    for (const domain of domainsOf(customer)) addTo(this.#domains, domain, slot);
    const email = customer.email ? emailOf(customer.email) : undefined;
    if (email) addTo(this.#emails, email, slot);
    for (const digits of phonesOf(customer)) addTo(this.#phones, digits.slice(-PHONE_KEY_DIGITS), slot);
    this.#bytes += estimateBytes(customer) + KEY_OVERHEAD_BYTES;
  }

  #unindex(slot: number, customer: Customer): void {
    this.names.remove(slot, customer.name);
    for (const domain of domainsOf(customer)) removeFrom(this.#domains, domain, slot);
    const email = customer.email ? emailOf(customer.email) : undefined;
    if (email) removeFrom(this.#emails, email, slot);
    for (const digits of phonesOf(customer)) removeFrom(this.#phones, digits.slice(-PHONE_KEY_DIGITS), slot);
    this.#bytes -= estimateBytes(customer) + KEY_OVERHEAD_BYTES;
  }
}
