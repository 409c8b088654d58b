// Turns a query into ranked customers and contacts: exact > prefix > word > typo; domains, emails and phones too.
import { type Contact, type Customer, FREE_MAIL } from '../domain/index.js';
import type { ContactCatalog } from './contact-catalog.js';
import type { CustomerCatalog } from './customer-catalog.js';
import { domainOf, emailOf, foldName, isPhoneQuery, phoneDigits } from './normalize.js';
import type { NameHit, TermIndex } from './term-index.js';

export type MatchKind = 'exact' | 'prefix' | 'word' | 'fuzzy' | 'domain' | 'email' | 'phone' | 'contact';

export interface CustomerHit {
  customer: Customer;
  score: number;
  match: MatchKind;
}

export interface ContactHit {
  contact: Contact;
  score: number;
  match: Exclude<MatchKind, 'domain' | 'contact'>;
}

export interface RankOptions {
  limit: number;
  /** "Did you mean": a wider typo budget, a missing word forgiven, typo search even after exact hits. */
  loose?: boolean;
}

/** Scores of the non-name matches, placed among the name tiers (exact 100, prefix 80, word 70, typo <= 50). */
const SCORES = {
  contactEmail: 98,
  customerEmail: 97,
  domain: 95,
  phoneFull: 90,
  phonePartial: 85,
  emailDomain: 88,
  contactName: 55,
} as const;

type Best = Map<number, { score: number; match: MatchKind }>;

function offer(best: Best, slot: number, score: number, match: MatchKind): void {
  const before = best.get(slot);
  if (!before || before.score < score) best.set(slot, { score, match });
}

/** Name tiers, then typos only if no exact tier found anything (or always, when loose). */
function byName(names: TermIndex, text: string, loose: boolean) {
  const query = foldName(text);
  const hits = new Map<number, NameHit>();
  names.match(query, hits);
  if (hits.size === 0 || loose) names.fuzzy(query, loose, hits);
  return { query, hits };
}

export function rankCustomers(
  customers: CustomerCatalog,
  contacts: ContactCatalog | undefined,
  text: string,
  options: RankOptions,
): CustomerHit[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const best: Best = new Map();
  const loose = options.loose ?? false;
  let nameText = trimmed;

  const email = emailOf(trimmed);
  const domain = email ? undefined : domainOf(trimmed);
  if (email) {
    for (const contact of contacts?.byEmail(email) ?? []) {
      const slot = customers.slots.slotOf(contact.customerId);
      if (slot !== undefined) offer(best, slot, SCORES.contactEmail, 'email');
    }
    for (const slot of customers.byEmail(email)) offer(best, slot, SCORES.customerEmail, 'email');
    const mailDomain = email.split('@')[1] ?? '';
    if (!FREE_MAIL.has(mailDomain))
      for (const slot of customers.byDomain(mailDomain)) offer(best, slot, SCORES.emailDomain, 'domain');
    if (best.size > 0) return finish(customers, best, trimmed, options.limit);
    nameText = (mailDomain.split('.')[0] ?? '').replace(/-/g, ' ');
  } else if (domain) {
    for (const slot of customers.byDomain(domain)) offer(best, slot, SCORES.domain, 'domain');
    if (best.size > 0) return finish(customers, best, trimmed, options.limit);
    // An unknown domain still says who: "acme-widgets.com" is worth a name search for "acme widgets".
    nameText = (domain.split('.')[0] ?? '').replace(/-/g, ' ');
  } else if (isPhoneQuery(trimmed)) {
    const digits = phoneDigits(trimmed) ?? '';
    for (const { slot, length } of customers.byPhone(digits)) {
      offer(best, slot, length >= 10 ? SCORES.phoneFull : SCORES.phonePartial, 'phone');
    }
    for (const { slot, length } of contacts?.byPhone(digits) ?? []) {
      const contact = contacts?.record(slot);
      const customerSlot = contact ? customers.slots.slotOf(contact.customerId) : undefined;
      if (customerSlot !== undefined)
        offer(best, customerSlot, (length >= 10 ? SCORES.phoneFull : SCORES.phonePartial) - 2, 'phone');
    }
    return finish(customers, best, trimmed, options.limit);
  }

  const { hits } = byName(customers.names, nameText, loose);
  for (const [slot, hit] of hits) offer(best, slot, hit.score, hit.tier);
  if (contacts) {
    // A person's name finds their company, below any company-name match of the same quality.
    const people = new Map<number, NameHit>();
    contacts.names.match(foldName(nameText), people);
    for (const [slot, hit] of people) {
      if (hit.tier === 'fuzzy') continue;
      const contact = contacts.record(slot);
      const customerSlot = contact ? customers.slots.slotOf(contact.customerId) : undefined;
      if (customerSlot !== undefined)
        offer(best, customerSlot, SCORES.contactName + (hit.tier === 'exact' ? 5 : 0), 'contact');
    }
  }
  return finish(customers, best, nameText, options.limit);
}

/** The best `limit` rows by `better`, in order, without sorting them all (a short word can tie thousands). */
export function topK<T>(rows: Iterable<T>, limit: number, better: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  for (const row of rows) {
    const worst = top[top.length - 1];
    if (top.length >= limit && worst !== undefined && better(row, worst) >= 0) continue;
    let at = top.length;
    while (at > 0 && better(row, top[at - 1] as T) < 0) at--;
    top.splice(at, 0, row);
    if (top.length > limit) top.pop();
  }
  return top;
}

function compareNames(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return (
    a.name.length - b.name.length ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    (a.id < b.id ? -1 : 1)
  );
}

/**
 * Ties inside a tier: the spelling the user typed, then the same legal form, then the shorter name.
 * Only exact-tier rows can spell the query or share its legal form meaningfully, so only they pay for it.
 */
function finish(customers: CustomerCatalog, best: Best, text: string, limit: number): CustomerHit[] {
  const query = foldName(text);
  const rows: CustomerHit[] = [];
  for (const [slot, { score, match }] of best) {
    const customer = customers.record(slot);
    // Retired customers (deactivated, in the trash) stay indexed for their cards but are not offered.
    if (!customer || customer.active === false) continue;
    let tie = 0;
    if (match === 'exact') {
      const name = foldName(customer.name);
      if (name.folded === query.folded) tie += 3;
      if (query.suffix !== null && name.suffix === query.suffix) tie += 2;
    }
    rows.push({ customer, score: score + tie, match });
  }
  return topK(rows, limit, (a, b) => b.score - a.score || compareNames(a.customer, b.customer));
}

export function rankContacts(contacts: ContactCatalog, text: string, options: RankOptions): ContactHit[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const best = new Map<number, { score: number; match: ContactHit['match'] }>();
  const email = emailOf(trimmed);
  if (email) {
    for (const contact of contacts.byEmail(email)) {
      const slot = contacts.slots.slotOf(contact.id);
      if (slot !== undefined) best.set(slot, { score: SCORES.contactEmail, match: 'email' });
    }
  } else if (isPhoneQuery(trimmed)) {
    for (const { slot, length } of contacts.byPhone(phoneDigits(trimmed) ?? '')) {
      best.set(slot, { score: length >= 10 ? SCORES.phoneFull : SCORES.phonePartial, match: 'phone' });
    }
  } else {
    const { hits } = byName(contacts.names, trimmed, options.loose ?? false);
    for (const [slot, hit] of hits) best.set(slot, { score: hit.score, match: hit.tier });
  }
  const rows: ContactHit[] = [];
  for (const [slot, { score, match }] of best) {
    const contact = contacts.record(slot);
    if (contact) rows.push({ contact, score, match });
  }
  return topK(
    rows,
    options.limit,
    (a, b) =>
      b.score - a.score ||
      Number(b.contact.isPrimary) - Number(a.contact.isPrimary) ||
      compareNames(
        { name: a.contact.fullName, id: a.contact.id },
        { name: b.contact.fullName, id: b.contact.id },
      ),
  );
}
