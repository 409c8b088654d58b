// One workspace's customer (and, where the vendor needs it, contact) index: built by paging in bounded windows,
// kept fresh by reading only what changed, reconciled by counts, restored from a snapshot after a restart, and
// served stale-while-revalidate.
import type { Logger } from 'pino';
import type { Contact, Customer } from '../domain/index.js';
import type { VendorClient } from '../vendors/types.js';
import { ContactCatalog } from './contact-catalog.js';
import { CustomerCatalog } from './customer-catalog.js';
import { Feed, type FeedSource, type FeedState, type FeedTiming, type FeedWork } from './feed.js';
import { emailOf } from './normalize.js';
import { type ContactHit, type CustomerHit, rankContacts, rankCustomers } from './ranking.js';
import type { IndexSnapshot, SnapshotStore } from './snapshot.js';

export type IndexState = FeedState;

export interface CustomerIndexOptions {
  /** The workspace's vendor client, already wired to the workspace's request limiter through its hooks. */
  client: VendorClient;
  /** For logs, and the snapshot's key. */
  workspace?: string;
  /** Full re-read period for lists the vendor cannot ask "what changed" (INDEX_TTL_SECONDS; default 10 min). */
  ttlMs?: number;
  /** Incremental refresh period where the vendor can (INDEX_REFRESH_SECONDS; default 60 s). */
  refreshMs?: number;
  /** Count check for deletions made in the vendor's app (INDEX_RECONCILE_SECONDS; default 15 min). */
  reconcileMs?: number;
  /** Full re-read of an incremental list, as a backstop (default 24 h). */
  rebuildMs?: number;
  /** How far before the last sync a changed-since read starts (default 2 min). */
  overlapMs?: number;
  /** Refreshes stop this long after the last use (default 30 min); the next use resumes them. */
  idleMs?: number;
  /** Index every contact too; default: when the vendor cannot list one customer's contacts (Atera). */
  indexContacts?: boolean;
  /** This workspace's share of the memory bound: past it the index stops growing and is marked partial. */
  maxBytes?: number;
  /** Page requests in flight during a full read (default 8; the limiter still paces them). */
  pageWindow?: number;
  /** Most pages one full read asks for (default MAX_PAGES of src/vendors/http.ts). */
  maxPages?: number;
  /** Where snapshots live; used only together with `connection`. */
  snapshots?: SnapshotStore;
  /** Fingerprint of the vendor connection: a snapshot of any other connection is never used. */
  connection?: string;
  /** Snapshots are written at most this often (default 5 min), and after every full read. */
  snapshotEveryMs?: number;
  logger?: Logger;
  now?: () => number;
  /** Told when a read lands or a patch is made, so the registry can re-check its memory bound. */
  onChange?: () => void;
}

export const DEFAULT_INDEX_TTL_MS = 10 * 60_000;
export const DEFAULT_INDEX_REFRESH_MS = 60_000;
export const DEFAULT_INDEX_RECONCILE_MS = 15 * 60_000;
export const DEFAULT_INDEX_REBUILD_MS = 24 * 60 * 60_000;
/** The vendor's own search answers a cold typeahead within this, well inside Slack's 3 s for options. */
export const TYPEAHEAD_DEADLINE_MS = 1_500;

/** How fresh the answers are, for the Home tab and for "from the last sync at ..." in an answer. */
export interface IndexFreshness {
  state: IndexState;
  /** Answers come from a snapshot of the store, taken at `syncedAt`, not yet refreshed from the vendor. */
  fromSnapshot: boolean;
  /** Epoch ms the customers were last synced through; null before any read or snapshot. */
  syncedAt: number | null;
  /** The vendor can say what changed: refreshed every refreshMs; otherwise re-read whole every ttlMs. */
  incremental: boolean;
  /** The memory share (or the page cap) stopped the index before the end of the vendor's list. */
  partial: boolean;
  refreshing: boolean;
  customers: number;
  contacts: number;
}

export interface FindOptions {
  limit?: number;
  signal?: AbortSignal;
  /** How long the vendor's search may take when it is asked (default TYPEAHEAD_DEADLINE_MS). */
  deadlineMs?: number;
}

export interface FindResult {
  hits: CustomerHit[];
  /** 'vendor': the index is partial and the vendor's own search answered ("searched <vendor> directly"). */
  source: 'index' | 'vendor';
  partial: boolean;
  fromSnapshot: boolean;
  syncedAt: number | null;
}

export interface TypeaheadResult {
  hits: CustomerHit[];
  /**
   * index: from memory (a snapshot's records included, see fromSnapshot); vendor: nothing in memory yet (or the
   * index is partial) and the vendor's own search answered in time; none: nothing could answer in time.
   */
  source: 'index' | 'vendor' | 'none';
  fromSnapshot: boolean;
}

const NEVER = Number.NEGATIVE_INFINITY;

/** How long a typeahead waits for a snapshot (a store read) before asking the vendor instead. */
const SNAPSHOT_WAIT_MS = 500;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

/** The vendor's answer to a search, ranked as the index ranks (so a clear winner is told apart the same way). */
function rankFound(found: readonly Customer[], query: string, limit: number): CustomerHit[] {
  const catalog = new CustomerCatalog();
  const live = found.filter((c) => c.active !== false);
  for (const customer of live) catalog.upsert(structuredClone(customer));
  const ranked = rankCustomers(catalog, undefined, query, { limit });
  const seen = new Set(ranked.map((h) => h.customer.id));
  // The vendor matched on something the index does not (a contact, a note): keep its order, below.
  for (const customer of live) {
    if (ranked.length >= limit) break;
    const held = catalog.get(customer.id);
    if (held && !seen.has(held.id)) ranked.push({ customer: held, score: 0, match: 'word' });
  }
  return ranked;
}

async function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  deadlineMs: number,
  signal?: AbortSignal,
): Promise<T> {
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new DOMException('The vendor did not answer in time', 'TimeoutError')),
    Math.max(1, deadlineMs),
  );
  const both = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
  // A request still waiting in the rate limiter does not see the abort until its turn: race it.
  const expired = new Promise<never>((_, reject) => {
    if (both.aborted) reject(both.reason);
    both.addEventListener('abort', () => reject(both.reason), { once: true });
  });
  expired.catch(() => undefined);
  try {
    return await Promise.race([work(both), expired]);
  } finally {
    clearTimeout(timer);
  }
}

export class CustomerIndex {
  readonly workspace: string;
  readonly client: VendorClient;
  readonly indexesContacts: boolean;
  readonly #customers: Feed<Customer, CustomerCatalog>;
  readonly #contacts: Feed<Contact, ContactCatalog> | undefined;
  readonly #options: CustomerIndexOptions;
  readonly #now: () => number;
  readonly #idleMs: number;
  readonly #snapshotEveryMs: number;
  readonly #logger: Logger | undefined;
  #boot: Promise<void> | undefined;
  #booting = false;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = 0;
  #lastUsed: number;
  #dirty = false;
  /** The snapshot write under way, if any. */
  #saving: Promise<void> | undefined;
  #savedAt = NEVER;
  #closed = false;

  constructor(options: CustomerIndexOptions) {
    const { client } = options;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
    this.#idleMs = options.idleMs ?? 30 * 60_000;
    this.#snapshotEveryMs = options.snapshotEveryMs ?? 5 * 60_000;
    this.#lastUsed = this.#now();
    this.workspace = options.workspace ?? '';
    this.client = client;
    this.indexesContacts = options.indexContacts ?? !client.capabilities.contactsByCustomer;
    const refreshMs = options.refreshMs ?? DEFAULT_INDEX_REFRESH_MS;
    const timing: FeedTiming = {
      ttlMs: options.ttlMs ?? DEFAULT_INDEX_TTL_MS,
      refreshMs,
      reconcileMs: options.reconcileMs ?? DEFAULT_INDEX_RECONCILE_MS,
      rebuildMs: options.rebuildMs ?? DEFAULT_INDEX_REBUILD_MS,
      overlapMs: options.overlapMs ?? 2 * 60_000,
      retryAfterErrorMs: Math.min(60_000, refreshMs),
    };
    const changed = client.capabilities.changedSince ?? { customers: false, contacts: false };
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const common = {
      timing,
      now: this.#now,
      pageWindow: options.pageWindow ?? 8,
      maxPages: options.maxPages ?? Number.POSITIVE_INFINITY,
    };
    const customers: FeedSource<Customer> = {
      what: 'customers',
      page: (page, signal) => client.listCustomerPage(page, { signal }),
      changedSince:
        changed.customers && client.listCustomersChangedSince
          ? (since, signal) => client.listCustomersChangedSince?.(since, { signal }) ?? Promise.resolve([])
          : undefined,
      count: client.countCustomers
        ? (signal) => client.countCustomers?.({ signal }) ?? Promise.resolve(undefined)
        : (signal) => client.listCustomerPage(1, { signal }).then((p) => p.totalItems),
      countIsFirstPageTotal: !client.countCustomers,
      // Retired customers stay (their cards and restores need them); ranking leaves them out of lookups.
      live: () => true,
    };
    this.#customers = new Feed<Customer, CustomerCatalog>({
      ...common,
      source: customers,
      create: () => new CustomerCatalog(),
      room: (own) => maxBytes - own - (this.#contacts?.value?.approxBytes ?? 0),
      onLoaded: (work, info) => this.#loaded('customers', work, info),
      onError: (work, error, background) => this.#failed('customers', work, error, background),
      // A customer deleted at the vendor takes its contacts with it.
      onGone: (ids) => {
        const contacts = this.#contacts;
        if (contacts) for (const id of ids) contacts.patch(`customer:${id}`, (c) => c.removeCustomer(id));
      },
    });
    this.#contacts = this.indexesContacts
      ? new Feed<Contact, ContactCatalog>({
          ...common,
          source: {
            what: 'contacts',
            page: (page, signal) => client.listContactPage(page, { signal }),
            changedSince:
              changed.contacts && client.listContactsChangedSince
                ? (since, signal) =>
                    client.listContactsChangedSince?.(since, { signal }) ?? Promise.resolve([])
                : undefined,
            count: (signal) => client.listContactPage(1, { signal }).then((p) => p.totalItems),
            countIsFirstPageTotal: true,
            // Archived contacts are not live: never listed, searched or counted.
            live: (contact) => !contact.archived,
          },
          create: () => new ContactCatalog(),
          room: (own) => maxBytes - own - (this.#customers.value?.approxBytes ?? 0),
          onLoaded: (work, info) => this.#loaded('contacts', work, info),
          onError: (work, error, background) => this.#failed('contacts', work, error, background),
        })
      : undefined;
    // The snapshot is read as soon as the workspace is first seen, so its first lookup finds it loaded.
    this.#restoreOnce();
  }

  /** cold: nothing loaded; building: first load (or snapshot read) running; warm: fresh; stale: still answering. */
  get state(): IndexState {
    const customers = this.#customers.state;
    const contacts = this.#contacts?.state;
    const booting = this.#booting ? 'building' : undefined;
    if (customers === 'cold' || customers === 'building') return booting ?? customers;
    if (contacts === undefined) return customers;
    if (contacts === 'cold' || contacts === 'building') return booting ?? contacts;
    return customers === 'stale' || contacts === 'stale' ? 'stale' : 'warm';
  }

  /** A read of the vendor is running (first build, refresh, reconcile). */
  get refreshing(): boolean {
    return this.#customers.busy !== undefined || this.#contacts?.busy !== undefined;
  }

  /** Answers come from a snapshot not yet refreshed from the vendor. */
  get fromSnapshot(): boolean {
    return this.#customers.fromSnapshot || (this.#contacts?.fromSnapshot ?? false);
  }

  /** The index stopped short of the vendor's whole list (its memory share, or the page cap). */
  get partial(): boolean {
    return this.#customers.partial || (this.#contacts?.partial ?? false);
  }

  freshness(): IndexFreshness {
    const synced = this.#customers.mark.syncedAt;
    return {
      state: this.state,
      fromSnapshot: this.fromSnapshot,
      syncedAt: Number.isFinite(synced) ? synced : null,
      incremental: this.#customers.incremental,
      partial: this.partial,
      refreshing: this.refreshing,
      customers: this.size,
      contacts: this.contactCount,
    };
  }

  /**
   * Resolves at once when there is something to serve (a snapshot counts); when cold, reads the snapshot or
   * builds once however many callers wait. `contacts: false` waits for customers only.
   */
  async ready(options: { contacts?: boolean } = {}): Promise<void> {
    this.#use();
    const wantContacts = options.contacts !== false;
    if (this.#customers.value && (!wantContacts || !this.#contacts || this.#contacts.value)) return;
    // Only a snapshot read is waited for here: without one the build starts before this call returns.
    const restoring = this.#restoreOnce();
    if (restoring) await restoring;
    const customers = this.#readyFeed(this.#customers);
    const contacts = this.#contacts ? this.#readyFeed(this.#contacts) : undefined;
    if (!wantContacts) {
      contacts?.catch(() => undefined);
      await customers;
      return;
    }
    await Promise.all([customers, contacts]);
  }

  /**
   * Resolves once the snapshot read that starts with the index has finished (at once when there is none), so a
   * caller can tell "cold" from "answering from the last sync in a moment" before choosing the vendor's search.
   */
  async whenRestored(): Promise<void> {
    await this.#boot;
  }

  /** Re-read everything now (joins a read already running); for an admin's "refresh". */
  async refresh(): Promise<void> {
    this.#use();
    await Promise.all([
      this.#run(this.#customers, 'full', this.#customers.value !== undefined),
      this.#contacts ? this.#run(this.#contacts, 'full', this.#contacts.value !== undefined) : undefined,
    ]);
  }

  /** Marks the index stale (changes may have been missed): it reads what changed at once, and answers meanwhile. */
  invalidate(): void {
    this.#customers.invalidate();
    this.#contacts?.invalidate();
    this.#arm();
  }

  search(query: string, limit = 10): CustomerHit[] {
    const customers = this.#read();
    if (!customers) return [];
    return rankCustomers(customers, this.#contactCatalog(), query, { limit });
  }

  /**
   * `search`, and where the index is partial (its memory share is full) and the vendor can search by itself, the
   * vendor's own search instead, within a deadline (falling back to the partial index).
   */
  async find(query: string, options: FindOptions = {}): Promise<FindResult> {
    const limit = options.limit ?? 10;
    const hits = this.search(query, limit);
    const base = {
      partial: this.partial,
      fromSnapshot: this.fromSnapshot,
      syncedAt: this.freshness().syncedAt,
    };
    if (!this.partial || !this.client.capabilities.serverSideSearch || !query.trim())
      return { hits, source: 'index', ...base };
    try {
      const found = await withDeadline(
        (signal) => this.client.searchCustomers(query, { signal }),
        options.deadlineMs ?? TYPEAHEAD_DEADLINE_MS,
        options.signal,
      );
      return { hits: rankFound(found, query, limit), source: 'vendor', ...base };
    } catch (error) {
      this.#logger?.warn(
        { workspace: this.workspace, err: error },
        'vendor search for a partial index failed; answering from the partial index',
      );
      return { hits, source: 'index', ...base };
    }
  }

  /**
   * Customers for a typeahead (the options request has 3 s), and for the customer a form starts with. From the
   * index or its snapshot when there is one (waiting a moment for the snapshot's store read); when neither exists
   * yet, from the vendor's own search within `deadlineMs` (default 1.5 s), while the index builds behind.
   */
  async typeahead(query: string, options: FindOptions = {}): Promise<TypeaheadResult> {
    const limit = options.limit ?? 20;
    const deadlineMs = options.deadlineMs ?? TYPEAHEAD_DEADLINE_MS;
    const started = this.#now();
    if (!this.#customers.value) {
      const loading = this.ready({ contacts: false }).catch(() => undefined);
      const boot = this.#boot;
      if (boot) await Promise.race([boot, loading, sleep(Math.min(SNAPSHOT_WAIT_MS, deadlineMs / 3))]);
    }
    if (this.#customers.value) {
      if (this.partial && this.client.capabilities.serverSideSearch) {
        const found = await this.find(query, {
          limit,
          deadlineMs: Math.max(1, deadlineMs - (this.#now() - started)),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        return { hits: found.hits, source: found.source, fromSnapshot: found.fromSnapshot };
      }
      return { hits: this.search(query, limit), source: 'index', fromSnapshot: this.fromSnapshot };
    }
    if (!this.client.capabilities.serverSideSearch || !query.trim())
      return { hits: [], source: 'none', fromSnapshot: false };
    try {
      const found = await withDeadline(
        (signal) => this.client.searchCustomers(query, { signal }),
        Math.max(1, deadlineMs - (this.#now() - started)),
        options.signal,
      );
      return { hits: rankFound(found, query, limit), source: 'vendor', fromSnapshot: false };
    } catch {
      return { hits: [], source: 'none', fromSnapshot: false };
    }
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

  /** The indexed record (frozen: copy it before changing anything); retired customers included. */
  getCustomer(id: string): Customer | undefined {
    return this.#read()?.get(id);
  }

  /**
   * A customer's live contacts, or undefined when contacts are not indexed for this vendor, not loaded yet, or
   * only partly held (the memory share): ask the vendor then.
   */
  contactsOf(customerId: string): Contact[] | undefined {
    if (this.#contacts?.partial) return undefined;
    return this.#contactCatalog()?.ofCustomer(customerId);
  }

  findContactByEmail(email: string): Contact | undefined {
    const normalized = emailOf(email);
    return normalized ? this.#contactCatalog()?.byEmail(normalized)[0] : undefined;
  }

  getContact(id: string): Contact | undefined {
    return this.#contactCatalog()?.get(id);
  }

  /** Every customer held (for reports that look at them all, like the duplicates report); [] while cold. */
  allCustomers(): Customer[] {
    const catalog = this.#read();
    return catalog ? catalog.slots.records.filter((c): c is Customer => c !== undefined) : [];
  }

  /** Every live contact held, or undefined where contacts are not indexed (or only partly held). */
  allContacts(): Contact[] | undefined {
    if (this.#contacts?.partial) return undefined;
    const catalog = this.#contactCatalog();
    return catalog ? catalog.slots.records.filter((c): c is Contact => c !== undefined) : undefined;
  }

  /** Our own write, visible at once and kept through a read that was already under way at the vendor. */
  upsertCustomer(customer: Customer): void {
    const copy = structuredClone(customer);
    this.#customers.patch(customer.id, (catalog) => catalog.upsert(structuredClone(copy)));
    this.#changed();
  }

  removeCustomer(id: string): void {
    this.#customers.patch(id, (catalog) => catalog.remove(id));
    this.#contacts?.patch(`customer:${id}`, (catalog) => catalog.removeCustomer(id));
    this.#changed();
  }

  /** An archived contact leaves the live index (the vendor still counts it). */
  upsertContact(contact: Contact): void {
    const contacts = this.#contacts;
    if (!contacts) return;
    if (contact.archived) {
      const held = contacts.value?.get(contact.id) !== undefined;
      contacts.patch(contact.id, (catalog) => catalog.remove(contact.id));
      if (held) contacts.noteRetired();
    } else {
      const copy = structuredClone(contact);
      contacts.patch(contact.id, (catalog) => catalog.upsert(structuredClone(copy)));
    }
    this.#changed();
  }

  removeContact(id: string): void {
    this.#contacts?.patch(id, (catalog) => catalog.remove(id));
    this.#changed();
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

  /** Stops reads in flight and the refresh timer; the registry calls this on eviction and uninstall. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#customers.close();
    this.#contacts?.close();
  }

  /** Writes the snapshot now if anything changed since the last one (shutdown, tests). */
  async flushSnapshot(): Promise<void> {
    await this.#saving;
    if (this.#dirty) await this.#save();
  }

  #read(): CustomerCatalog | undefined {
    this.#use();
    return this.#customers.value;
  }

  #contactCatalog(): ContactCatalog | undefined {
    return this.#contacts?.value;
  }

  #readyFeed(feed: Feed<Customer, CustomerCatalog> | Feed<Contact, ContactCatalog>): Promise<void> {
    if (feed.value !== undefined) return Promise.resolve();
    return this.#run(feed, 'full', false);
  }

  #run(
    feed: Feed<Customer, CustomerCatalog> | Feed<Contact, ContactCatalog>,
    work: FeedWork,
    background: boolean,
  ): Promise<void> {
    // The timer is armed again once the feed is free, whatever the outcome.
    return feed.run(work, background).finally(() => this.#arm());
  }

  /** Reads the snapshot of this very connection once, before the first build; a failure only costs the build. */
  #restoreOnce(): Promise<void> | undefined {
    const { snapshots, connection } = this.#options;
    if (!snapshots || !connection) return undefined;
    if (!this.#boot) {
      this.#booting = true;
      this.#boot = this.#restore(snapshots, connection)
        .catch((error: unknown) => {
          this.#logger?.warn(
            { workspace: this.workspace, err: error },
            'index snapshot unreadable; building',
          );
        })
        .finally(() => {
          this.#booting = false;
        });
    }
    return this.#boot;
  }

  async #restore(store: SnapshotStore, connection: string): Promise<void> {
    const started = this.#now();
    const snapshot = await store.load(this.workspace, connection);
    if (!snapshot || this.#closed) return;
    const restores = [this.#customers.restore(snapshot.customers, snapshot.customersMark)];
    if (this.#contacts && snapshot.contacts && snapshot.contactsMark)
      restores.push(this.#contacts.restore(snapshot.contacts, snapshot.contactsMark));
    await Promise.all(restores);
    this.#savedAt = snapshot.takenAt;
    this.#logger?.info(
      {
        workspace: this.workspace,
        customers: this.size,
        contacts: this.contactCount,
        syncedAt: new Date(snapshot.customersMark.syncedAt).toISOString(),
        durationMs: this.#now() - started,
      },
      'index restored from snapshot; refreshing from the vendor',
    );
    this.#options.onChange?.();
    this.#arm();
  }

  #loaded(
    what: 'customers' | 'contacts',
    work: FeedWork | 'snapshot',
    info: { count: number; changes: number; durationMs: number },
  ): void {
    if (work === 'snapshot') return;
    const fields = { workspace: this.workspace, what, work, count: info.count, durationMs: info.durationMs };
    if (work === 'full') this.#logger?.info(fields, 'index built');
    else this.#logger?.debug({ ...fields, changes: info.changes }, 'index refreshed');
    if (work === 'full' || info.changes > 0) {
      this.#dirty = true;
      this.#options.onChange?.();
      this.#maybeSave();
    }
  }

  #failed(what: 'customers' | 'contacts', work: FeedWork, error: unknown, background: boolean): void {
    this.#logger?.warn(
      { workspace: this.workspace, what, work, background, err: error },
      'index read failed',
    );
  }

  #changed(): void {
    this.#dirty = true;
    this.#options.onChange?.();
  }

  /** A use keeps the refreshes going; an index nobody used for `idleMs` stops reading the vendor until the next. */
  #use(): void {
    const now = this.#now();
    const wasIdle = now - this.#lastUsed > this.#idleMs;
    this.#lastUsed = now;
    // Stale-while-revalidate: a read that finds a read of the vendor overdue starts it now, and answers.
    if (wasIdle || !this.#timer || this.#timerAt <= now) this.#tick();
  }

  #feeds(): Array<Feed<Customer, CustomerCatalog> | Feed<Contact, ContactCatalog>> {
    return this.#contacts ? [this.#customers, this.#contacts] : [this.#customers];
  }

  /** One timer for the earliest due read (or snapshot write) of either list. */
  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed) return;
    const now = this.#now();
    if (now - this.#lastUsed > this.#idleMs) return;
    let at = Number.POSITIVE_INFINITY;
    for (const feed of this.#feeds()) {
      if (feed.busy) continue;
      const due = feed.nextDue();
      if (due) at = Math.min(at, due.at);
    }
    if (this.#dirty && this.#canSave()) at = Math.min(at, this.#savedAt + this.#snapshotEveryMs);
    if (at === Number.POSITIVE_INFINITY) return;
    // Something due since forever (never read, just invalidated) runs at once.
    const delay = Math.min(2 ** 31 - 1, Math.max(0, Math.ceil(at - now)));
    this.#timerAt = now + delay;
    this.#timer = setTimeout(() => this.#tick(), delay);
    this.#timer.unref?.();
  }

  #tick(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed) return;
    const now = this.#now();
    if (now - this.#lastUsed > this.#idleMs) return;
    for (const feed of this.#feeds()) {
      if (feed.busy) continue;
      const due = feed.nextDue();
      if (due && due.at <= now) this.#run(feed, due.work, true).catch(() => undefined);
    }
    this.#maybeSave();
    // For the list not busy now; a busy one arms again when its read ends.
    this.#arm();
  }

  #canSave(): boolean {
    return Boolean(this.#options.snapshots && this.#options.connection);
  }

  #maybeSave(): void {
    if (!this.#dirty || !this.#canSave() || this.#saving) return;
    // Not before every list has been read once: a snapshot without the contacts would cost a build after all.
    if (this.#feeds().some((feed) => feed.value === undefined)) return;
    if (this.#now() - this.#savedAt < this.#snapshotEveryMs) return;
    this.#save().catch(() => undefined);
  }

  /** The records as they are now (never a secret), with how far each list was synced. */
  #save(): Promise<void> {
    if (this.#saving) return this.#saving;
    const saving = this.#write().finally(() => {
      if (this.#saving === saving) this.#saving = undefined;
    });
    this.#saving = saving;
    return saving;
  }

  async #write(): Promise<void> {
    const { snapshots, connection } = this.#options;
    const customers = this.#customers.value;
    if (!snapshots || !connection || !customers) return;
    // A snapshot not yet refreshed has nothing new to say.
    if (this.fromSnapshot) return;
    this.#dirty = false;
    this.#savedAt = this.#now();
    const contacts = this.#contacts;
    const snapshot: IndexSnapshot = {
      customers: Array.from(customers.slots.values()),
      customersMark: this.#customers.mark,
      ...(contacts?.value
        ? { contacts: Array.from(contacts.value.slots.values()), contactsMark: contacts.mark }
        : {}),
      takenAt: this.#savedAt,
    };
    try {
      await snapshots.save(this.workspace, connection, snapshot);
      this.#logger?.debug(
        { workspace: this.workspace, customers: snapshot.customers.length },
        'index snapshot written',
      );
    } catch (error) {
      this.#dirty = true;
      this.#logger?.warn({ workspace: this.workspace, err: error }, 'could not write the index snapshot');
    }
  }
}
