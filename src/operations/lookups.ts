// Lookups a technician runs: customers and contacts by name, domain, email or phone, answered from the index,
// and one record with what goes with it (its contacts, its custom values).
import { type Contact, type Customer, isVendorError } from '../domain/index.js';
import { type CustomerHit, TYPEAHEAD_DEADLINE_MS } from '../search/index.js';
import type { Workspace } from '../workspaces.js';
import {
  type Actor,
  type CarriedId,
  isStale,
  type OperationDeps,
  type Refused,
  refuse,
  type Stale,
} from './context.js';

export type CustomerLookup =
  | Refused
  | { kind: 'one'; customer: Customer; contacts: Contact[]; note?: string }
  | { kind: 'many'; matches: Customer[]; total: number; note?: string }
  | { kind: 'none'; suggestions: Customer[]; note?: string };

export type ContactLookup =
  | Refused
  | { kind: 'one'; contact: Contact }
  | { kind: 'many'; contacts: Contact[]; total: number }
  | { kind: 'none' };

export type CustomerView =
  | Refused
  | Stale
  | { kind: 'found'; customer: Customer; contacts: Contact[] }
  | { kind: 'gone' };

export type ContactView = Refused | Stale | { kind: 'found'; contact: Contact } | { kind: 'gone' };

const LIST_LIMIT = 50;

/** Why a card has no contacts on a very large account whose vendor cannot list one customer's. */
const CONTACTS_OMITTED = (ws: Workspace) =>
  `Contacts are not listed: this account is larger than the bot keeps in memory, and ${ws.vendor.capabilities.label} cannot list one customer's contacts without reading them all. Use /contact to find a person.`;

/** Live contacts only: archived (or inactive) ones are shown only when asked for, marked. */
export const live = (contacts: readonly Contact[]): Contact[] => contacts.filter((c) => !c.archived);

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

/** A contact with its custom values, reading them where the vendor keeps them apart (Atera), once per lifetime. */
export async function contactDetail(ws: Workspace, contact: Contact, signal?: AbortSignal): Promise<Contact> {
  const vendor = ws.vendor;
  if (!vendor.capabilities.contactCustomFields || !vendor.getContactCustomFieldValues) return contact;
  if (Object.keys(contact.customFields).length > 0) return contact;
  const key = `contact:${contact.id}`;
  let values = ws.fieldValues.get(key);
  if (!values) {
    // A card without its custom values is better than no card.
    values = await vendor.getContactCustomFieldValues(contact.id, { signal }).catch(() => ({}));
    ws.fieldValues.set(key, values);
  }
  return { ...contact, customFields: values };
}

/** A customer with its custom fields and live contacts, reading the vendor only for what the index lacks. */
export async function customerDetail(
  ws: Workspace,
  id: string,
  signal?: AbortSignal,
): Promise<{ customer: Customer; contacts: Contact[]; contactsOmitted?: true }> {
  // Where the vendor cannot list one customer's contacts (Atera), asking it would page every contact: the
  // index build does that once for all cards, so wait for it.
  if (ws.index.indexesContacts) await ws.index.ready();
  // A stale index still answers (it refreshes behind); only a cold one sends the card to the vendor.
  const usable = ws.index.state === 'warm' || ws.index.state === 'stale';
  const indexed = usable ? ws.index.getCustomer(id) : undefined;
  const summary = ws.vendor.capabilities.summaryLists === true;
  let customer = indexed && !summary ? structuredClone(indexed) : await ws.vendor.getCustomer(id, { signal });
  const indexedContacts = usable ? ws.index.contactsOf(id) : undefined;
  // Lists of some vendors (Atera) carry no custom values: read them once per index lifetime, then reuse them.
  const readFields = ws.vendor.capabilities.customFields && Object.keys(customer.customFields).length === 0;
  const known = readFields ? ws.fieldValues.get(id) : undefined;
  // A vendor that cannot list one customer's contacts (Atera) would page every contact of the account for one
  // card: where the index cannot answer (past its memory share), the card goes without them and says so.
  const omitted = indexedContacts === undefined && !ws.vendor.capabilities.contactsByCustomer;
  const [contacts, customFields] = await Promise.all([
    indexedContacts ?? (omitted ? [] : ws.vendor.listContacts(id, { signal })),
    readFields && !known ? ws.vendor.getCustomFieldValues(id, { signal }) : known,
  ]);
  if (customFields) {
    customer = { ...customer, customFields };
    ws.fieldValues.set(id, customFields);
  }
  if (!indexed) ws.index.upsertCustomer(customer);
  return { customer, contacts: live(contacts), ...(omitted ? { contactsOmitted: true as const } : {}) };
}

/** `/customer acme`: one card, a ranked list, or "did you mean". */
export async function lookupCustomer(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  query: string,
  signal?: AbortSignal,
): Promise<CustomerLookup> {
  const refused = await refuse(deps, ws.key, actor, 'lookup');
  if (refused) return refused;
  // A cold index on a vendor that can search by itself: answer from the vendor now, build the index behind.
  if (
    (ws.index.state === 'cold' || ws.index.state === 'building') &&
    ws.vendor.capabilities.serverSideSearch
  ) {
    ws.index.ready().catch(() => undefined);
    const found = (await ws.vendor.searchCustomers(query, { signal })).filter((c) => c.active);
    const only = found.length === 1 ? found[0] : undefined;
    if (only) return { kind: 'one', ...(await customerDetail(ws, only.id, signal)) };
    if (found.length > 1) return { kind: 'many', matches: found.slice(0, LIST_LIMIT), total: found.length };
    // The vendor matches substrings only; typos, phone formats and domains need the index after all.
  }
  // Names, domains and phones need only the customers (a card waits for the contacts in customerDetail);
  // an email may belong to a contact, so it waits for those too.
  await ws.index.ready({ contacts: query.includes('@') });
  const found = await ws.index.find(query, { limit: LIST_LIMIT, signal });
  const note = lookupNote(ws, found);
  const withNote = note ? { note } : {};
  const hits = found.hits.filter((h) => h.customer.active);
  const winner = clearWinner(hits);
  if (winner) {
    const detail = await customerDetail(ws, winner.customer.id, signal);
    const omittedNote = detail.contactsOmitted ? CONTACTS_OMITTED(ws) : undefined;
    const text = [note, omittedNote].filter(Boolean).join(' ');
    return {
      kind: 'one',
      customer: detail.customer,
      contacts: detail.contacts,
      ...(text ? { note: text } : {}),
    };
  }
  if (hits.length > 0)
    return { kind: 'many', matches: hits.map((h) => h.customer), total: hits.length, ...withNote };
  const phoneNote = unlistedPhoneNote(ws, query);
  return {
    kind: 'none',
    suggestions: ws.index
      .suggest(query, 5)
      .filter((h) => h.customer.active)
      .map((h) => h.customer),
    ...(note || phoneNote ? { note: [note, phoneNote].filter(Boolean).join(' ') } : {}),
  };
}

/**
 * Where a vendor's customer lists carry no phone (SuperOps keeps it on the client's HQ site), a phone number
 * cannot be found in the index: say so, rather than let "no match" read as "no such customer".
 */
function unlistedPhoneNote(ws: Workspace, query: string): string | undefined {
  if (ws.vendor.capabilities.summaryLists !== true) return undefined;
  const q = query.trim();
  if (!/^[+()\d\s.-]+$/.test(q) || q.replace(/\D/g, '').length < 7) return undefined;
  return `${ws.vendor.capabilities.label}’s customer lists carry no phone numbers (a card reads them afresh), so a phone number cannot be searched here: try the customer’s name or email domain.`;
}

/** Says where an answer came from when it is not the fresh index: a snapshot, or the vendor's own search. */
function lookupNote(
  ws: Workspace,
  found: { source: 'index' | 'vendor'; partial: boolean; fromSnapshot: boolean; syncedAt: number | null },
): string | undefined {
  const label = ws.vendor.capabilities.label;
  if (found.source === 'vendor')
    return `This account is larger than the bot keeps in memory, so ${label} was searched directly (typos are not forgiven there).`;
  if (found.partial)
    return `This account is larger than the bot keeps in memory: some customers may be missing.`;
  if (found.fromSnapshot && found.syncedAt)
    return `From the last sync at ${new Date(found.syncedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC; refreshing now.`;
  return undefined;
}

/** `/contact jane`: one card, or a list. */
export async function lookupContact(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  query: string,
  signal?: AbortSignal,
): Promise<ContactLookup> {
  const refused = await refuse(deps, ws.key, actor, 'lookup');
  if (refused) return refused;
  let contacts: Contact[];
  if (ws.index.indexesContacts) {
    await ws.index.ready();
    const hits = ws.index.searchContacts(query, LIST_LIMIT).filter((h) => !h.contact.archived);
    const [top, second] = hits;
    if (top && (!second || (top.score >= 85 && top.score - second.score >= 10)))
      return { kind: 'one', contact: await contactDetail(ws, top.contact, signal) };
    contacts = hits.map((h) => h.contact);
  } else {
    contacts = live(await ws.vendor.searchContacts(query, { signal }));
    const only = contacts.length === 1 ? contacts[0] : undefined;
    if (only) return { kind: 'one', contact: await contactDetail(ws, only, signal) };
  }
  if (contacts.length === 0) return { kind: 'none' };
  return { kind: 'many', contacts: contacts.slice(0, LIST_LIMIT), total: contacts.length };
}

/**
 * One customer's card (a View button, Share, an unfurl's "View card"); a vendor 404 says it is gone. The id is
 * the one a button carried: from another connection than this one, it is stale and nothing is read.
 */
export async function showCustomer(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  { id, connection }: CarriedId,
  signal?: AbortSignal,
): Promise<CustomerView> {
  if (isStale(ws, connection)) return { kind: 'stale' };
  const refused = await refuse(deps, ws.key, actor, 'lookup');
  if (refused) return refused;
  try {
    return { kind: 'found', ...(await customerDetail(ws, id, signal)) };
  } catch (error) {
    if (!isVendorError(error, 'not_found')) throw error;
    ws.index.removeCustomer(id);
    return { kind: 'gone' };
  }
}

/** One contact's card (Share), from the id a button carried: stale from another connection, as above. */
export async function showContact(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  { id, connection }: CarriedId,
  signal?: AbortSignal,
): Promise<ContactView> {
  if (isStale(ws, connection)) return { kind: 'stale' };
  const refused = await refuse(deps, ws.key, actor, 'lookup');
  if (refused) return refused;
  try {
    const contact = await ws.vendor.getContact(id, { signal });
    return { kind: 'found', contact: await contactDetail(ws, contact, signal) };
  } catch (error) {
    if (!isVendorError(error, 'not_found')) throw error;
    ws.index.removeContact(id);
    return { kind: 'gone' };
  }
}

/** A live contact with the same email, from the index where it holds contacts, else from the vendor. */
export async function contactWithEmail(
  ws: Workspace,
  email: string,
  signal?: AbortSignal,
): Promise<Contact | undefined> {
  const wanted = email.trim().toLowerCase();
  if (ws.index.indexesContacts && ws.index.state === 'warm') {
    const found = ws.index.findContactByEmail(wanted);
    return found && !found.archived ? found : undefined;
  }
  const found = await ws.vendor.searchContacts(wanted, { signal });
  return found.find((c) => !c.archived && c.email?.toLowerCase() === wanted);
}

/**
 * Customers for a typeahead: from the index (or its snapshot) when there is one. Only a cold start without either
 * asks the vendor's own fast search, once and within the index's deadline (or `withinMs`, what the request has
 * left of Slack's 3 seconds, when that is less), never a paged list. Someone who may not look up gets nothing.
 */
export async function customerOptions(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  query: string,
  options: { limit?: number; withinMs?: number } = {},
): Promise<Customer[]> {
  if (await refuse(deps, ws.key, actor, 'lookup')) return [];
  const { hits } = await ws.index.typeahead(query, {
    limit: options.limit ?? 20,
    deadlineMs: Math.min(TYPEAHEAD_DEADLINE_MS, options.withinMs ?? TYPEAHEAD_DEADLINE_MS),
  });
  return hits.filter((h) => h.customer.active).map((h) => h.customer);
}

/**
 * The customer a command named (`/contact add acme`), when one clearly matches: from the index, or (cold) the
 * vendor's fast search within `withinMs`, so the modal still opens inside Slack's 3 seconds. Someone who may not
 * create contacts gets none, and asks neither the index nor the vendor.
 */
export async function preselectedCustomer(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  name: string,
  withinMs = 1000,
): Promise<{ id: string; name: string } | undefined> {
  if (!name || (await refuse(deps, ws.key, actor, 'create'))) return undefined;
  const { hits } = await ws.index.typeahead(name, { limit: 2, deadlineMs: Math.max(1, withinMs) });
  const top = clearWinner(hits.filter((h) => h.customer.active))?.customer;
  return top ? { id: top.id, name: top.name } : undefined;
}

/** The customer an email's domain points at (a domain match in the index), to pre-select it in a form. */
export function customerOfEmail(
  ws: Workspace,
  email: string | null | undefined,
): { id: string; name: string } | undefined {
  const domain = email?.split('@')[1]?.trim().toLowerCase();
  if (!domain || ws.index.state === 'cold' || ws.index.state === 'building') return undefined;
  const hits = ws.index.search(domain, 3).filter((h) => h.match === 'domain' && h.customer.active);
  const only = hits.length === 1 ? hits[0] : undefined;
  return only ? { id: only.customer.id, name: only.customer.name } : undefined;
}
