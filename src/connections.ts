// Where each workspace's vendor connection comes from: the environment (one workspace) or the store (many),
// cached per workspace so a request costs no database read, and dropped from the cache when it changes.
import { LRUCache } from 'lru-cache';
import type { VendorConnection } from './config.js';
import type { Logger } from './logger.js';
import type {
  ConnectionStatus,
  KeyedConnection,
  NewConnection,
  VendorConnectionsTable,
} from './store/vendor-connections.js';

/** What the Home tab may show about a workspace's connection. */
export type ConnectionView =
  | { source: 'environment'; vendor: VendorConnection['vendor'] }
  | { source: 'store'; status: ConnectionStatus }
  | { source: 'none' };

/** The vendor a view points at, for audit entries: 'none' when the workspace is not connected. */
export function vendorOfView(view: ConnectionView): string {
  if (view.source === 'store') return view.status.vendor;
  if (view.source === 'environment') return view.vendor;
  return 'none';
}

export interface WorkspaceConnectionsOptions {
  /** `environment`: every workspace uses `env` (single-workspace mode); `store`: each its own row. */
  mode: 'environment' | 'store';
  env: VendorConnection;
  table: VendorConnectionsTable;
  logger: Logger;
  /**
   * How long another replica's change may go unseen here (this replica's own changes are seen at once).
   * Default one minute.
   */
  cacheTtlMs?: number;
  /** Told after this replica saved or removed a workspace's connection (distributed mode tells the others). */
  onChange?: (key: string) => void;
}

type Cached = { connection: KeyedConnection | undefined };

export class WorkspaceConnections {
  readonly mode: 'environment' | 'store';
  readonly #options: WorkspaceConnectionsOptions;
  readonly #cache: LRUCache<string, Cached>;

  constructor(options: WorkspaceConnectionsOptions) {
    this.mode = options.mode;
    this.#options = options;
    this.#cache = new LRUCache({ max: 10_000, ttl: options.cacheTtlMs ?? 60_000 });
  }

  /** The ConnectionSource the workspaces read. */
  readonly source = (key: string): Promise<VendorConnection | undefined> => this.get(key);

  async get(key: string): Promise<VendorConnection | undefined> {
    if (this.mode === 'environment') return this.#options.env;
    let cached = this.#cache.get(key);
    if (!cached) {
      let connection: KeyedConnection | undefined;
      try {
        connection = await this.#options.table.connection(key);
      } catch (error) {
        // An unreadable key (a damaged row) reads as "not connected": an admin reconnects from the Home tab.
        this.#options.logger.error({ err: error, workspace: key }, 'could not read the vendor connection');
      }
      cached = { connection };
      this.#cache.set(key, cached);
    }
    return cached.connection;
  }

  async view(key: string): Promise<ConnectionView> {
    if (this.mode === 'environment') return { source: 'environment', vendor: this.#options.env.vendor };
    const status = await this.#options.table.status(key);
    return status ? { source: 'store', status } : { source: 'none' };
  }

  async save(key: string, input: NewConnection): Promise<void> {
    await this.#options.table.save(key, input);
    this.#cache.delete(key);
    this.#options.onChange?.(key);
  }

  async remove(key: string): Promise<void> {
    await this.#options.table.remove(key);
    this.#cache.delete(key);
    this.#options.onChange?.(key);
  }

  /** Forgets the cached connection (after an uninstall, or a change made elsewhere). */
  invalidate(key: string): void {
    this.#cache.delete(key);
  }
}
