// The registry of per-workspace indexes: one per workspace key, least recently used evicted under a memory bound.
import type { Logger } from 'pino';
import { z } from 'zod';
import { ContactSchema } from '../domain/contact.js';
import { CustomerSchema } from '../domain/customer.js';
import type { VendorClient } from '../vendors/types.js';
import { CustomerIndex, type CustomerIndexOptions, type IndexState } from './customer-index.js';

/** One patch to a workspace's index, as our writes make them; other replicas apply the same (distributed mode). */
export const IndexChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer.upsert'), customer: CustomerSchema }),
  z.object({ kind: z.literal('customer.remove'), id: z.string() }),
  z.object({ kind: z.literal('contact.upsert'), contact: ContactSchema }),
  z.object({ kind: z.literal('contact.remove'), id: z.string() }),
]);
export type IndexChange = z.infer<typeof IndexChangeSchema>;

/** An index that reports each patch made through it; `apply` takes another replica's without reporting it back. */
class ReportingIndex extends CustomerIndex {
  readonly #report: (change: IndexChange) => void;
  readonly connection: string | undefined;

  constructor(options: CustomerIndexOptions, report: (change: IndexChange) => void) {
    super(options);
    this.#report = report;
    this.connection = options.connection;
  }

  override upsertCustomer(customer: Parameters<CustomerIndex['upsertCustomer']>[0]): void {
    super.upsertCustomer(customer);
    this.#report({ kind: 'customer.upsert', customer });
  }

  override removeCustomer(id: string): void {
    super.removeCustomer(id);
    this.#report({ kind: 'customer.remove', id });
  }

  override upsertContact(contact: Parameters<CustomerIndex['upsertContact']>[0]): void {
    super.upsertContact(contact);
    if (this.indexesContacts) this.#report({ kind: 'contact.upsert', contact });
  }

  override removeContact(id: string): void {
    super.removeContact(id);
    if (this.indexesContacts) this.#report({ kind: 'contact.remove', id });
  }

  apply(change: IndexChange): void {
    switch (change.kind) {
      case 'customer.upsert':
        super.upsertCustomer(change.customer);
        return;
      case 'customer.remove':
        super.removeCustomer(change.id);
        return;
      case 'contact.upsert':
        super.upsertContact(change.contact);
        return;
      case 'contact.remove':
        super.removeContact(change.id);
        return;
    }
  }
}

/** What every workspace's index is built with (see CustomerIndexOptions for each). */
type SharedIndexOptions = Pick<
  CustomerIndexOptions,
  | 'ttlMs'
  | 'refreshMs'
  | 'reconcileMs'
  | 'rebuildMs'
  | 'overlapMs'
  | 'idleMs'
  | 'pageWindow'
  | 'maxPages'
  | 'snapshots'
  | 'snapshotEveryMs'
>;

export interface CustomerIndexesOptions extends SharedIndexOptions {
  /** Total estimated bytes across workspaces before the least recently used index goes (default 512 MiB). */
  maxBytes?: number;
  /**
   * One workspace's share of `maxBytes` (default half of it): past it that workspace's index stops growing and
   * is marked partial, so one large account cannot hold more than the bound (the index in use is never evicted).
   */
  maxWorkspaceBytes?: number;
  /** Most indexes kept at once (default 1000). */
  maxWorkspaces?: number;
  logger?: Logger;
  now?: () => number;
  /** Told of every patch (our writes) to any workspace's index, so other replicas can apply it too. */
  onPatch?: (workspace: string, change: IndexChange) => void;
}

export interface IndexFor {
  /**
   * Fingerprint of the workspace's vendor connection: the index reads and writes its snapshot under it, so a
   * snapshot of another connection (after a reconnect) is never used. Without it, no snapshot.
   */
  connection?: string;
}

export const DEFAULT_INDEX_MEMORY_BYTES = 512 * 1024 * 1024;

export interface CustomerIndexStats {
  workspace: string;
  state: IndexState;
  customers: number;
  contacts: number;
  approxBytes: number;
  fromSnapshot: boolean;
  partial: boolean;
}

export class CustomerIndexes {
  /** Map order is recency order: a use moves the key to the end, eviction takes from the front. */
  readonly #indexes = new Map<string, ReportingIndex>();
  readonly #options: CustomerIndexesOptions;

  constructor(options: CustomerIndexesOptions = {}) {
    this.#options = options;
  }

  /**
   * The workspace's index, created on first use. The key alone decides which index answers, and a
   * different client for the same key (the vendor was reconnected) replaces the index, so a workspace
   * never sees another connection's customers.
   */
  for(key: string, client: VendorClient, options: IndexFor = {}): CustomerIndex {
    const existing = this.#indexes.get(key);
    if (existing && existing.client === client && existing.connection === options.connection) {
      this.#touch(key, existing);
      return existing;
    }
    if (existing) this.remove(key);
    const o = this.#options;
    const maxBytes = o.maxBytes ?? DEFAULT_INDEX_MEMORY_BYTES;
    const index = new ReportingIndex(
      {
        client,
        workspace: key,
        ttlMs: o.ttlMs,
        refreshMs: o.refreshMs,
        reconcileMs: o.reconcileMs,
        rebuildMs: o.rebuildMs,
        overlapMs: o.overlapMs,
        idleMs: o.idleMs,
        pageWindow: o.pageWindow,
        maxPages: o.maxPages,
        maxBytes: Math.min(maxBytes, o.maxWorkspaceBytes ?? maxBytes / 2),
        snapshots: o.snapshots,
        connection: options.connection,
        snapshotEveryMs: o.snapshotEveryMs,
        logger: o.logger,
        now: o.now,
        onChange: () => this.#enforceBounds(key),
      },
      (change) => this.#options.onPatch?.(key, change),
    );
    this.#indexes.set(key, index);
    this.#enforceBounds(key);
    return index;
  }

  /** The workspace's index if it exists (and marks it used). */
  get(key: string): CustomerIndex | undefined {
    const index = this.#indexes.get(key);
    if (index) this.#touch(key, index);
    return index;
  }

  /**
   * Another replica's write: patched in if this replica holds the workspace's index (without reporting it
   * again, and without counting as a use); otherwise nothing to do, the next build reads the vendor.
   */
  applyRemote(key: string, change: IndexChange): void {
    this.#indexes.get(key)?.apply(change);
  }

  /** Marks every index stale (changes from other replicas may have been missed): each reads what changed now. */
  invalidateAll(): void {
    for (const index of this.#indexes.values()) index.invalidate();
  }

  /** Uninstall or disconnect: the index and any build in flight go. */
  remove(key: string): void {
    const index = this.#indexes.get(key);
    if (!index) return;
    this.#indexes.delete(key);
    index.close();
  }

  /** Shutdown: every index writes what changed since its last snapshot (before the store closes). */
  async flushSnapshots(): Promise<void> {
    await Promise.allSettled(Array.from(this.#indexes.values(), (index) => index.flushSnapshot()));
  }

  get size(): number {
    return this.#indexes.size;
  }

  get approxBytes(): number {
    let total = 0;
    for (const index of this.#indexes.values()) total += index.approxBytes;
    return total;
  }

  stats(): CustomerIndexStats[] {
    return Array.from(this.#indexes, ([workspace, index]) => ({
      workspace,
      state: index.state,
      customers: index.size,
      contacts: index.contactCount,
      approxBytes: index.approxBytes,
      fromSnapshot: index.fromSnapshot,
      partial: index.partial,
    }));
  }

  #touch(key: string, index: ReportingIndex): void {
    this.#indexes.delete(key);
    this.#indexes.set(key, index);
  }

  /** Drops least recently used indexes until within bounds; the one in use (`keep`) always stays. */
  #enforceBounds(keep: string): void {
    const maxWorkspaces = this.#options.maxWorkspaces ?? 1000;
    const maxBytes = this.#options.maxBytes ?? DEFAULT_INDEX_MEMORY_BYTES;
    let total = this.approxBytes;
    for (const [key, index] of this.#indexes) {
      if (this.#indexes.size <= maxWorkspaces && total <= maxBytes) return;
      if (key === keep) continue;
      total -= index.approxBytes;
      // Evicted, not uninstalled: what it learned since its last snapshot is kept for its next use.
      index.flushSnapshot().catch(() => undefined);
      this.remove(key);
      this.#options.logger?.info(
        { workspace: key, approxBytes: index.approxBytes },
        'customer index evicted',
      );
    }
  }
}
