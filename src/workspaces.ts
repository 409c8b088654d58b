// Each workspace's connection to its vendor: the client, its job queue and rate limit, and its customer index.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { VendorConnection } from './config.js';
import type { CustomFieldValue } from './domain/index.js';
import type { Logger } from './logger.js';
import { limitsOf, type WorkspaceQueue, type WorkspaceQueues } from './queue/index.js';
import type { CustomerIndex, CustomerIndexes } from './search/index.js';
import { createVendorClient } from './vendors/index.js';
import type { VendorClient } from './vendors/types.js';

export interface Workspace {
  /** Team id, or enterprise id for an org-wide install: every cache, queue, index and row is keyed by it. */
  key: string;
  /**
   * Names the vendor connection (account and key) this workspace uses now. Every vendor id the bot stores or
   * carries (a pending delete, an onboarding, an open modal) is bound to it, so after a reconnect to another
   * account an old id is refused instead of hitting a different record that happens to share it.
   */
  fingerprint: string;
  vendor: VendorClient;
  queue: WorkspaceQueue;
  index: CustomerIndex;
  /**
   * Custom values read for cards, by customer id, for vendors whose customer lists do not carry them (Atera):
   * a repeated card costs no request, an empty set of values included. Our own writes drop the entry.
   */
  fieldValues: LRUCache<string, Record<string, CustomFieldValue>>;
}

/** Where a workspace's vendor connection comes from: the environment (one workspace) or the store (many). */
export type ConnectionSource = (key: string) => Promise<VendorConnection | undefined>;

export interface WorkspacesOptions {
  connections: ConnectionSource;
  queues: WorkspaceQueues;
  indexes: CustomerIndexes;
  logger: Logger;
  /** Overrides the vendor's default requests per minute. */
  ratePerMinute?: number;
  /** Per-request vendor time limit. */
  vendorTimeoutMs?: number;
  /** How long a card's custom values are reused (the index's time-to-live). */
  fieldValuesTtlMs?: number;
  /** Told when a vendor call succeeds (the Home tab's "last successful call"); the caller throttles. */
  onVendorOk?: (key: string) => void;
}

/** Org-wide installs share one connection across their teams; otherwise each team has its own. */
export function workspaceKey(ids: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): string {
  if (ids.isEnterpriseInstall && ids.enterpriseId) return ids.enterpriseId;
  return ids.teamId ?? ids.enterpriseId ?? 'unknown';
}

/** A short, one-way name for a connection: it changes with the account or key, and reveals neither. */
export function connectionFingerprint(connection: VendorConnection): string {
  return createHash('sha256')
    .update('msp-desk connection\0')
    .update(JSON.stringify(connection))
    .digest('hex')
    .slice(0, 16);
}

/** The same client, calling `onOk` whenever one of its calls resolves. */
function withSuccessHook(client: VendorClient, onOk: () => void): VendorClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) {
          result.then(onOk, () => undefined);
        }
        return result;
      };
    },
  });
}

/** What lives as long as one connection: its client and the custom values its cards have read. */
interface Connected {
  fingerprint: string;
  client: VendorClient;
  fieldValues: LRUCache<string, Record<string, CustomFieldValue>>;
}

export class Workspaces {
  readonly #clients = new Map<string, Connected>();
  readonly #options: WorkspacesOptions;

  constructor(options: WorkspacesOptions) {
    this.#options = options;
  }

  /** The workspace, or undefined when it has no vendor connection yet. */
  async get(key: string): Promise<Workspace | undefined> {
    const connection = await this.#options.connections(key);
    if (!connection) return undefined;
    const { client: vendor, fieldValues, fingerprint } = this.#connect(key, connection);
    const queue = this.#queue(key, vendor);
    const index = this.#options.indexes.for(key, vendor, { connection: fingerprint });
    return { key, fingerprint, vendor, queue, index, fieldValues };
  }

  /** Uninstall or disconnect: the client, queue and index go; the next use starts afresh. */
  remove(key: string): void {
    this.#release(key);
    this.#clients.delete(key);
    this.#options.queues.remove(key);
    this.#options.indexes.remove(key);
  }

  /** Shutdown: every vendor client's connections are released. */
  async closeAll(): Promise<void> {
    const clients = [...this.#clients.values()].map((c) => c.client);
    this.#clients.clear();
    await Promise.allSettled(clients.map((client) => client.close?.()));
  }

  #queue(key: string, vendor: VendorClient): WorkspaceQueue {
    return this.#options.queues.for(key, {
      ratePerMinute: this.#options.ratePerMinute ?? vendor.capabilities.defaultRateLimitPerMinute,
      // In-flight cap and per-IP budget from the vendor's capabilities.
      ...limitsOf(vendor),
    });
  }

  #connect(key: string, connection: VendorConnection): Connected {
    const print = connectionFingerprint(connection);
    const cached = this.#clients.get(key);
    if (cached?.fingerprint === print) return cached;
    // The hooks look the queue up on every attempt, so a queue recreated after an uninstall is the one used.
    let client: VendorClient | undefined;
    const queue = () => {
      if (!client) throw new Error('vendor client used before it was built');
      return this.#queue(key, client);
    };
    client = createVendorClient(
      connection,
      {
        schedule: (attempt) => queue().hooks.schedule(attempt),
        onRateLimited: (ms) => queue().hooks.onRateLimited(ms),
      },
      { timeoutMs: this.#options.vendorTimeoutMs },
    );
    const onOk = this.#options.onVendorOk;
    if (onOk) client = withSuccessHook(client, () => onOk(key));
    if (cached) {
      this.#release(key);
      this.#options.logger.info({ workspace: key, vendor: connection.vendor }, 'vendor connection changed');
    }
    const connected: Connected = {
      fingerprint: print,
      client,
      fieldValues: new LRUCache({ max: 5000, ttl: this.#options.fieldValuesTtlMs ?? 10 * 60_000 }),
    };
    this.#clients.set(key, connected);
    return connected;
  }

  #release(key: string): void {
    const old = this.#clients.get(key)?.client;
    old?.close?.().catch((error: unknown) => {
      this.#options.logger.warn({ err: error, workspace: key }, 'closing a vendor client failed');
    });
  }
}
