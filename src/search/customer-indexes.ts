// The registry of per-workspace indexes: one per workspace key, least recently used evicted under a memory bound.
import type { Logger } from 'pino';
import type { VendorClient } from '../vendors/types.js';
import { CustomerIndex, type IndexState } from './customer-index.js';

export interface CustomerIndexesOptions {
  /** Total estimated bytes across workspaces before the least recently used index goes (default 512 MiB). */
  maxBytes?: number;
  /** Most indexes kept at once (default 1000). */
  maxWorkspaces?: number;
  ttlMs?: number;
  logger?: Logger;
  now?: () => number;
}

export interface CustomerIndexStats {
  workspace: string;
  state: IndexState;
  customers: number;
  contacts: number;
  approxBytes: number;
}

export class CustomerIndexes {
  /** Map order is recency order: a use moves the key to the end, eviction takes from the front. */
  readonly #indexes = new Map<string, CustomerIndex>();
  readonly #options: CustomerIndexesOptions;

  constructor(options: CustomerIndexesOptions = {}) {
    this.#options = options;
  }

  /**
   * The workspace's index, created on first use. The key alone decides which index answers, and a
   * different client for the same key (the vendor was reconnected) replaces the index, so a workspace
   * never sees another connection's customers.
   */
  for(key: string, client: VendorClient): CustomerIndex {
    const existing = this.#indexes.get(key);
    if (existing && existing.client === client) {
      this.#touch(key, existing);
      return existing;
    }
    if (existing) this.remove(key);
    const index = new CustomerIndex({
      client,
      workspace: key,
      ttlMs: this.#options.ttlMs,
      logger: this.#options.logger,
      now: this.#options.now,
      onChange: () => this.#enforceBounds(key),
    });
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

  /** Uninstall or disconnect: the index and any build in flight go. */
  remove(key: string): void {
    const index = this.#indexes.get(key);
    if (!index) return;
    this.#indexes.delete(key);
    index.close();
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
    }));
  }

  #touch(key: string, index: CustomerIndex): void {
    this.#indexes.delete(key);
    this.#indexes.set(key, index);
  }

  /** Drops least recently used indexes until within bounds; the one in use (`keep`) always stays. */
  #enforceBounds(keep: string): void {
    const maxWorkspaces = this.#options.maxWorkspaces ?? 1000;
    const maxBytes = this.#options.maxBytes ?? 512 * 1024 * 1024;
    let total = this.approxBytes;
    for (const [key, index] of this.#indexes) {
      if (this.#indexes.size <= maxWorkspaces && total <= maxBytes) return;
      if (key === keep) continue;
      total -= index.approxBytes;
      this.remove(key);
      this.#options.logger?.info(
        { workspace: key, approxBytes: index.approxBytes },
        'customer index evicted',
      );
    }
  }
}
