// Customers reachable from where technicians already are: a pasted PSA link (unfurled for the whole channel, so
// it shows what a shared card shows and nothing more), and the clues in a message ("Find customer").
import type { Contact, Customer, CustomFieldValue } from '../domain/index.js';
import type { Workspace } from '../workspaces.js';
import { type Actor, type OperationDeps, refuse } from './context.js';
import { contactWithEmail, customerDetail, live } from './lookups.js';
import { cluesIn } from './message-clues.js';

/** What an unfurl shows: the public face of a card. */
export interface UnfurlCard {
  customer: Pick<Customer, 'id' | 'name' | 'domains' | 'phone' | 'url'>;
  primaryContact: Pick<Contact, 'fullName' | 'email'> | null;
  contactCount: number;
  /** Only when an admin turned it on (Home tab); otherwise unfurls show no custom fields. */
  customFields: Record<string, CustomFieldValue> | null;
}

/** The customer id a link names, if it is one of this account's customer pages; undefined leaves it alone. */
async function customerIdOfLink(
  ws: Workspace,
  url: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  // A link is read only as far as a real one goes.
  if (url.length > 2000) return undefined;
  const links = await ws.vendor.webLinks({ signal }).catch(() => undefined);
  return links?.customerIdFrom(url);
}

/**
 * A customer's main contact: the one flagged primary; where the vendor flags none (Syncro), a business's own
 * person (its billing contact, `firstName`/`lastName` on the record) as its contact list or the record names them.
 */
export function primaryContactOf(
  customer: Pick<Customer, 'kind' | 'firstName' | 'lastName' | 'email'>,
  contacts: readonly Contact[],
): Pick<Contact, 'fullName' | 'email'> | null {
  const flagged = contacts.find((c) => c.isPrimary);
  if (flagged) return { fullName: flagged.fullName, email: flagged.email };
  const own = [customer.firstName, customer.lastName].filter(Boolean).join(' ').trim();
  if (customer.kind !== 'business' || !own) return null;
  const listed = contacts.find((c) => c.fullName.trim().toLowerCase() === own.toLowerCase());
  return listed
    ? { fullName: listed.fullName, email: listed.email }
    : { fullName: own, email: customer.email };
}

function cardOf(customer: Customer, contacts: readonly Contact[], withFields: boolean): UnfurlCard {
  const people = live(contacts);
  const primary = primaryContactOf(customer, people);
  return {
    customer: {
      id: customer.id,
      name: customer.name,
      domains: customer.domains,
      phone: customer.phone,
      url: customer.url,
    },
    primaryContact: primary ? { fullName: primary.fullName, email: primary.email } : null,
    contactCount: people.length,
    customFields: withFields ? customer.customFields : null,
  };
}

/**
 * The unfurl from the warm index alone, with no vendor call and no queue slot; undefined when the index cannot
 * answer it (then the vendor is read, in the queue).
 */
function unfurlFromIndex(ws: Workspace, id: string, withFields: boolean): UnfurlCard | undefined {
  if (ws.index.state !== 'warm' && ws.index.state !== 'stale') return undefined;
  const customer = ws.index.getCustomer(id);
  const contacts = ws.index.contactsOf(id);
  if (!customer || !contacts) return undefined;
  if (withFields && Object.keys(customer.customFields).length === 0 && ws.vendor.capabilities.customFields) {
    const known = ws.fieldValues.get(id);
    if (!known) return undefined;
    return cardOf({ ...customer, customFields: known }, contacts, true);
  }
  return cardOf(customer, contacts, withFields);
}

/** The unfurl, reading the vendor for what the index lacks; undefined for a customer that is gone (left alone). */
async function unfurlFromVendor(
  ws: Workspace,
  id: string,
  withFields: boolean,
  signal?: AbortSignal,
): Promise<UnfurlCard | undefined> {
  try {
    const { customer, contacts } = await customerDetail(ws, id, signal);
    return cardOf(customer, contacts, withFields);
  } catch {
    return undefined;
  }
}

/** The most links of one message that are unfurled (Slack sends up to 20; a card each is plenty). */
const MAX_LINKS = 10;

/** Unfurls by link, as chat.unfurl takes them. */
export type UnfurlCards = Map<string, UnfurlCard>;

export type LinkUnfurls =
  /** Nothing to unfurl, and why (for the log line: never the links themselves). */
  | { kind: 'skip'; why: string }
  /** The warm index answered every link: no queue slot, no vendor call. */
  | { kind: 'ready'; cards: UnfurlCards }
  /** Some customers must be read from the vendor: `read` does it, in the workspace queue. */
  | { kind: 'read'; read: (signal: AbortSignal) => Promise<UnfurlCards> };

/**
 * What the links of a message unfurl into. Who posted them decides whether they unfurl: someone who may not look
 * up customers here (a guest, say) does not reveal one to the channel by pasting its link. Only this account's
 * customer pages unfurl; other accounts' links, other pages and customers that are gone are left alone.
 */
export async function unfurlsFor(
  deps: OperationDeps,
  ws: Workspace,
  poster: Actor,
  urls: readonly string[],
): Promise<LinkUnfurls> {
  if (await refuse(deps, ws.key, poster, 'lookup')) return { kind: 'skip', why: 'poster may not look up' };
  const { unfurlCustomFields: withFields } = await deps.store.settings.get(ws.key);
  const wanted = new Map<string, string>();
  for (const url of urls.slice(0, MAX_LINKS)) {
    const id = wanted.has(url) ? undefined : await customerIdOfLink(ws, url);
    if (id) wanted.set(url, id);
  }
  if (wanted.size === 0) return { kind: 'skip', why: 'no customer page of this account' };
  const cards: UnfurlCards = new Map();
  for (const [url, id] of wanted) {
    const card = unfurlFromIndex(ws, id, withFields);
    if (card) cards.set(url, card);
  }
  if (cards.size === wanted.size) return { kind: 'ready', cards };
  return {
    kind: 'read',
    read: async (signal) => {
      const read: UnfurlCards = new Map();
      for (const [url, id] of wanted) {
        const card = cards.get(url) ?? (await unfurlFromVendor(ws, id, withFields, signal));
        if (card) read.set(url, card);
      }
      return read;
    },
  };
}

export type MessageLookup =
  | { kind: 'refused'; message: string }
  | { kind: 'one'; customer: Customer; contacts: Contact[] }
  | { kind: 'many'; matches: Customer[] }
  /** `looked`: the message's clues; `author`: the author's email, asked after them. */
  | { kind: 'none'; looked: string[]; author?: string | undefined };

/** How many of a message's emails may be asked of the vendor, where its contacts are not indexed. */
const VENDOR_EMAIL_LOOKUPS = 3;

/** Customers the clues point at, each with the sum of its hits' scores; the vendor asked only for emails. */
async function scoreClues(
  ws: Workspace,
  clues: { emails: string[]; domains: string[]; phones: string[] },
  signal?: AbortSignal,
): Promise<Map<string, { customer: Customer; score: number }>> {
  const scores = new Map<string, { customer: Customer; score: number }>();
  const add = (customer: Customer, score: number) => {
    if (!customer.active) return;
    const seen = scores.get(customer.id);
    scores.set(customer.id, { customer, score: (seen?.score ?? 0) + score });
  };
  for (const clue of [...clues.emails, ...clues.domains, ...clues.phones]) {
    for (const hit of ws.index.search(clue, 5)) {
      // Only the kinds of match a clue can honestly make: a domain, an email (a contact's), a phone.
      if (hit.match === 'domain' || hit.match === 'email' || hit.match === 'phone')
        add(hit.customer, hit.score);
    }
  }
  // Where the index holds no contacts, a contact's email is the vendor's to answer (its domain may be anyone's).
  if (!ws.index.indexesContacts) {
    for (const email of clues.emails.slice(0, VENDOR_EMAIL_LOOKUPS)) {
      const contact = await contactWithEmail(ws, email, signal).catch(() => undefined);
      const owner = contact ? ws.index.getCustomer(contact.customerId) : undefined;
      if (owner) add(owner, 98);
    }
  }
  return scores;
}

/** One clear winner (nothing within 50 points of it), a ranked list, or nothing. */
async function decide(
  ws: Workspace,
  scores: Map<string, { customer: Customer; score: number }>,
  signal?: AbortSignal,
): Promise<MessageLookup | undefined> {
  const ranked = [...scores.values()].sort((a, b) => b.score - a.score);
  const [top, second] = ranked;
  if (!top) return undefined;
  if (!second || top.score - second.score >= 50)
    return { kind: 'one', ...(await customerDetail(ws, top.customer.id, signal)) };
  return { kind: 'many', matches: ranked.slice(0, 10).map((r) => r.customer) };
}

/**
 * "Find customer" on a message: the customers its emails, domains and phone numbers point at, best first; one
 * clear match is the card. The author's email is asked only when the message itself names nobody: an MSP's
 * technician writes from the MSP's own domain, which is often a customer record of its own.
 */
export async function findCustomerInMessage(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  message: { text: string; authorEmail?: string | undefined },
  signal?: AbortSignal,
): Promise<MessageLookup> {
  const refused = await refuse(deps, ws.key, actor, 'lookup');
  if (refused) return refused;
  const clues = cluesIn(message.text);
  const looked = [...clues.emails, ...clues.domains, ...clues.phones];
  const author = message.authorEmail?.trim().toLowerCase() || undefined;
  if (looked.length === 0 && !author) return { kind: 'none', looked };
  await ws.index.ready({ contacts: clues.emails.length > 0 || author !== undefined });
  const fromMessage = await decide(ws, await scoreClues(ws, clues, signal), signal);
  if (fromMessage) return fromMessage;
  if (author && !clues.emails.includes(author)) {
    const fromAuthor = await decide(ws, await scoreClues(ws, cluesIn('', [author]), signal), signal);
    if (fromAuthor) return fromAuthor;
  }
  return { kind: 'none', looked, author };
}
