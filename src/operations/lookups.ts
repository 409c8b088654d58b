// Lookups a technician runs: customers and contacts by name, domain, email or phone, answered from the index.
import type { Contact, Customer } from '../domain/index.js';
import type { CustomerHit } from '../search/index.js';
import type { Workspace } from '../workspaces.js';

export type CustomerLookup =
  | { kind: 'one'; customer: Customer; contacts: Contact[] }
  | { kind: 'many'; matches: Customer[]; total: number }
  | { kind: 'none'; suggestions: Customer[] };

export type ContactLookup =
  | { kind: 'one'; contact: Contact }
  | { kind: 'many'; contacts: Contact[]; total: number }
  | { kind: 'none' };

const LIST_LIMIT = 50;

/**
 * One result is "clear" when nothing else comes close: the only hit, or an exact, domain, email or phone
 * hit with every other hit at least a tier below.
 */
export function clearWinner(hits: readonly CustomerHit[]): CustomerHit | undefined {
  const [top, second] = hits;
  if (!top) return undefined;
  if (!second) return top;
  const strong = top.score >= 85 && top.match !== 'fuzzy' && top.match !== 'contact';
  return strong && top.score - second.score >= 10 ? top : undefined;
}

/** A customer with its custom fields and contacts, reading the vendor only for what the index lacks. */
export async function customerDetail(
  ws: Workspace,
  id: string,
  signal?: AbortSignal,
): Promise<{ customer: Customer; contacts: Contact[] }> {
  // Where the vendor cannot list one customer's contacts (Atera), asking it would page every contact: the
  // index build does that once for all cards, so wait for it.
  if (ws.index.indexesContacts) await ws.index.ready();
  // A stale index still answers (it refreshes behind); only a cold one sends the card to the vendor.
  const usable = ws.index.state === 'warm' || ws.index.state === 'stale';
  const indexed = usable ? ws.index.getCustomer(id) : undefined;
  let customer = indexed ? structuredClone(indexed) : await ws.vendor.getCustomer(id, { signal });
  const indexedContacts = usable ? ws.index.contactsOf(id) : undefined;
  // Lists of some vendors (Atera) carry no custom values: read them once per index lifetime, then reuse them.
  const readFields = ws.vendor.capabilities.customFields && Object.keys(customer.customFields).length === 0;
  const known = readFields ? ws.fieldValues.get(id) : undefined;
  const [contacts, customFields] = await Promise.all([
    indexedContacts ?? ws.vendor.listContacts(id, { signal }),
    readFields && !known ? ws.vendor.getCustomFieldValues(id, { signal }) : known,
  ]);
  if (customFields) {
    customer = { ...customer, customFields };
    ws.fieldValues.set(id, customFields);
  }
  if (!indexed) ws.index.upsertCustomer(customer);
  return { customer, contacts };
}

export async function lookupCustomer(
  ws: Workspace,
  query: string,
  signal?: AbortSignal,
): Promise<CustomerLookup> {
  // A cold index on a vendor that can search by itself: answer from the vendor now, build the index behind.
  if (
    (ws.index.state === 'cold' || ws.index.state === 'building') &&
    ws.vendor.capabilities.serverSideSearch
  ) {
    ws.index.ready().catch(() => undefined);
    const found = await ws.vendor.searchCustomers(query, { signal });
    const only = found.length === 1 ? found[0] : undefined;
    if (only) return { kind: 'one', ...(await customerDetail(ws, only.id, signal)) };
    if (found.length > 1) return { kind: 'many', matches: found.slice(0, LIST_LIMIT), total: found.length };
    // The vendor matches substrings only; typos, phone formats and domains need the index after all.
  }
  // Names, domains and phones need only the customers (a card waits for the contacts in customerDetail);
  // an email may belong to a contact, so it waits for those too.
  await ws.index.ready({ contacts: query.includes('@') });
  const hits = ws.index.search(query, LIST_LIMIT);
  const winner = clearWinner(hits);
  if (winner) return { kind: 'one', ...(await customerDetail(ws, winner.customer.id, signal)) };
  if (hits.length > 0) return { kind: 'many', matches: hits.map((h) => h.customer), total: hits.length };
  return { kind: 'none', suggestions: ws.index.suggest(query, 5).map((h) => h.customer) };
}

export async function lookupContact(
  ws: Workspace,
  query: string,
  signal?: AbortSignal,
): Promise<ContactLookup> {
  let contacts: Contact[];
  if (ws.index.indexesContacts) {
    await ws.index.ready();
    const hits = ws.index.searchContacts(query, LIST_LIMIT);
    const [top, second] = hits;
    if (top && (!second || (top.score >= 85 && top.score - second.score >= 10)))
      return { kind: 'one', contact: top.contact };
    contacts = hits.map((h) => h.contact);
  } else {
    contacts = await ws.vendor.searchContacts(query, { signal });
    if (contacts.length === 1 && contacts[0]) return { kind: 'one', contact: contacts[0] };
  }
  if (contacts.length === 0) return { kind: 'none' };
  return { kind: 'many', contacts: contacts.slice(0, LIST_LIMIT), total: contacts.length };
}

/** A contact with the same email, from the index where it holds contacts, else from the vendor. */
export async function contactWithEmail(
  ws: Workspace,
  email: string,
  signal?: AbortSignal,
): Promise<Contact | undefined> {
  const wanted = email.trim().toLowerCase();
  if (ws.index.indexesContacts && ws.index.state === 'warm') return ws.index.findContactByEmail(wanted);
  const found = await ws.vendor.searchContacts(wanted, { signal });
  return found.find((c) => c.email?.toLowerCase() === wanted);
}

/** Customers for a typeahead, from the index only: an options request has 3 seconds and must not page a vendor. */
export function customerOptions(ws: Workspace, query: string, limit = 20): Customer[] {
  if (ws.index.state === 'cold') {
    ws.index.ready().catch(() => undefined);
    return [];
  }
  return ws.index.search(query, limit).map((h) => h.customer);
}
