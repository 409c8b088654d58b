// One workspace's customer (and, where the vendor needs it, contact) index: built by paging, served stale-while-revalidate.
import type { Logger } from 'pino';
import type { Contact, Customer } from '../domain/index.js';
import type { Page, VendorClient } from '../vendors/types.js';
import { ContactCatalog } from './contact-catalog.js';
import { CustomerCatalog } from './customer-catalog.js';
import { emailOf } from './normalize.js';
import { type ContactHit, type CustomerHit, rankContacts, rankCustomers } from './ranking.js';
import { type IndexState, SwrCell } from './swr-cell.js';

export type { IndexState } from './swr-cell.js';

export interface CustomerIndexOptions {
  /** The workspace's vendor client, already wired to the workspace's request limiter through its hooks. */
  client: VendorClient;
  /** For logs. */
  workspace?: string;
  /** How long a build counts as fresh (default 10 minutes). */
  ttlMs?: number;
  /** Index every contact too; default: when the vendor cannot list one customer's contacts (Atera). */
  indexContacts?: boolean;
  logger?: Logger;
  now?: () => number;
  /** Told when a build finishes or a patch lands, so the registry can re-check its memory bound. */
  onChange?: () => void;
}

export const DEFAULT_INDEX_TTL_MS = 10 * 60_000;

/**
 * Fetches page 1 to learn how many pages there are, then every other page at once: the workspace's
 * request limiter (reached through the client's hooks) decides how fast they really go.
 */
export async function fetchAllPages<T extends { id: string }>(
  fetchPage: (page: number, signal: AbortSignal) => Promise<Page<T>>,
  signal: AbortSignal,
): Promise<T[]> {
  const first = await fetchPage(1, signal);
  const pages = [first];
  if (first.totalPages > 1 && first.items.length > 0) {
    // One failed page fails the build; stop the others rather than let them use up the rate budget.
    const abort = new AbortController();
    const both = AbortSignal.any([signal, abort.signal]);
    const rest = Array.from({ length: first.totalPages - 1 }, (_, i) => fetchPage(i + 2, both));
    try {
      pages.push(...(await Promise.all(rest)));
    } catch (error) {
      abort.abort(error);
      await Promise.allSettled(rest);
      throw error;
    }
  }
  // Records can shift between pages while we read them; the last copy of an id wins.
  const byId = new Map<string, T>();
  for (const page of pages) for (const item of page.items) byId.set(item.id, item);
  return Array.from(byId.values());
}

export class CustomerIndex {
  readonly workspace: string;
  readonly client: VendorClient;
  readonly indexesContacts: boolean;
  readonly #customers: SwrCell<CustomerCatalog>;
  readonly #contacts: SwrCell<ContactCatalog> | undefined;
  readonly #onChange: (() => void) | undefined;

  constructor(options: CustomerIndexOptions) {
    const { client, logger } = options;
    const now = options.now ?? Date.now;
    const ttlMs = options.ttlMs ?? DEFAULT_INDEX_TTL_MS;
    this.workspace = options.workspace ?? '';
    this.client = client;
    this.indexesContacts = options.indexContacts ?? !client.capabilities.contactsByCustomer;
    this.#onChange = options.onChange;
    const log = (what: string) => ({
      onLoaded: (catalog: { size: number }, durationMs: number) => {
        logger?.info({ workspace: this.workspace, what, count: catalog.size, durationMs }, 'index built');
        this.#onChange?.();
      },
      onError: (error: unknown, background: boolean) => {
        logger?.warn({ workspace: this.workspace, what, background, err: error }, 'index build failed');
      },
    });
    this.#customers = new SwrCell<CustomerCatalog>({
      ttlMs,
      now,
      load: async (signal) => {
        const catalog = new CustomerCatalog();
        const all = await fetchAllPages((page, s) => client.listCustomerPage(page, { signal: s }), signal);
        for (const customer of all) catalog.upsert(customer);
        return catalog;
      },
      ...log('customers'),
    });
    this.#contacts = this.indexesContacts
      ? new SwrCell<ContactCatalog>({
          ttlMs,
          now,
          load: async (signal) => {
            const catalog = new ContactCatalog();
            const all = await fetchAllPages((page, s) => client.listContactPage(page, { signal: s }), signal);
            for (const contact of all) catalog.upsert(contact);
            return catalog;
          },
          ...log('contacts'),
        })
      : undefined;
  }

  /** cold: nothing loaded; building: first load running; warm: fresh; stale: past its TTL (still answering). */
  get state(): IndexState {
    const customers = this.#customers.state;
    const contacts = this.#contacts?.state;
    if (contacts === undefined || customers === 'cold' || customers === 'building') return customers;
    if (contacts === 'cold' || contacts === 'building') return contacts;
    return customers === 'stale' || contacts === 'stale' ? 'stale' : 'warm';
  }

  /** A refresh is running (first build or behind a stale index). */
  get refreshing(): boolean {
    return this.#customers.refreshing || (this.#contacts?.refreshing ?? false);
  }

  /**
   * Resolves at once when there is something to serve (starting a background refresh if stale); when
   * cold, builds once however many callers wait. `contacts: false` waits for customers only.
   */
  async ready(options: { contacts?: boolean } = {}): Promise<void> {
    const customers = this.#customers.ready();
    const contacts = this.#contacts?.ready();
    if (options.contacts === false) {
      contacts?.catch(() => undefined);
      await customers;
      return;
    }
    await Promise.all([customers, contacts]);
  }

  /** Rebuild now (joins one already running); for an admin's "refresh" or after a bulk change elsewhere. */
  async refresh(): Promise<void> {
    await Promise.all([this.#customers.refresh(), this.#contacts?.refresh()]);
  }

  /** Marks the index stale: the next read answers from it and refreshes behind. */
  invalidate(): void {
    this.#customers.invalidate();
    this.#contacts?.invalidate();
  }

  search(query: string, limit = 10): CustomerHit[] {
    const customers = this.#read();
    if (!customers) return [];
    return rankCustomers(customers, this.#contactCatalog(), query, { limit });
  }

  /** "Did you mean": looser typo budget, for when `search` found nothing. */
  suggest(query: string, n = 3): CustomerHit[] {
    const customers = this.#read();
    if (!customers) return [];
    return rankCustomers(customers, this.#contactCatalog(), query, { limit: n, loose: true });
  }

  /** Contacts by name, email or phone; empty when this vendor's contacts are not indexed (ask the vendor). */
  searchContacts(query: string, limit = 10): ContactHit[] {
    const contacts = this.#contactCatalog();
    return contacts ? rankContacts(contacts, query, { limit }) : [];
  }

  /** The indexed record (frozen: copy it before changing anything). */
  getCustomer(id: string): Customer | undefined {
    return this.#read()?.get(id);
  }

  /** A customer's contacts, or undefined when contacts are not indexed for this vendor (or not loaded yet). */
  contactsOf(customerId: string): Contact[] | undefined {
    return this.#contactCatalog()?.ofCustomer(customerId);
  }

  findContactByEmail(email: string): Contact | undefined {
    const normalized = emailOf(email);
    return normalized ? this.#contactCatalog()?.byEmail(normalized)[0] : undefined;
  }

  getContact(id: string): Contact | undefined {
    return this.#contactCatalog()?.get(id);
  }

  /** Our own write, visible at once and kept through a rebuild that was already reading the vendor. */
  upsertCustomer(customer: Customer): void {
    const copy = structuredClone(customer);
    this.#customers.patch((catalog) => catalog.upsert(structuredClone(copy)));
    this.#onChange?.();
  }

  removeCustomer(id: string): void {
    this.#customers.patch((catalog) => catalog.remove(id));
    this.#contacts?.patch((catalog) => catalog.removeCustomer(id));
    this.#onChange?.();
  }

  upsertContact(contact: Contact): void {
    if (!this.#contacts) return;
    const copy = structuredClone(contact);
    this.#contacts.patch((catalog) => catalog.upsert(structuredClone(copy)));
    this.#onChange?.();
  }

  removeContact(id: string): void {
    this.#contacts?.patch((catalog) => catalog.remove(id));
    this.#onChange?.();
  }

  get size(): number {
    return this.#customers.value?.size ?? 0;
  }

  get contactCount(): number {
    return this.#contacts?.value?.size ?? 0;
  }

  /** Estimated heap held (records and lookup tables), for the registry's memory bound. */
  get approxBytes(): number {
    return (this.#customers.value?.approxBytes ?? 0) + (this.#contacts?.value?.approxBytes ?? 0);
  }

  /** Stops a build in flight; the registry calls this on eviction and uninstall. */
  close(): void {
    this.#customers.close();
    this.#contacts?.close();
  }

  #read(): CustomerCatalog | undefined {
    this.#customers.touch();
    this.#contacts?.touch();
    return this.#customers.value;
  }

  #contactCatalog(): ContactCatalog | undefined {
    return this.#contacts?.value;
  }
}
