// Bolt's InstallationStore (an adapter Bolt asks for) over our installations table, with an LRU in front so
// authorizing a request (Bolt asks on every one) costs no database round trip once a workspace has been seen.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { InstallationsTable } from '../store/installations.js';
import { workspaceKey } from '../workspaces.js';

/** The parts of a stored installation we rely on; the rest is kept as the SDK wrote it. */
const StoredInstallationSchema = z.looseObject({
  team: z.looseObject({ id: z.string() }).optional(),
  enterprise: z.looseObject({ id: z.string() }).optional(),
  isEnterpriseInstall: z.boolean().optional(),
  user: z.looseObject({ id: z.string() }).optional(),
  bot: z.looseObject({ token: z.string() }).optional(),
});

type AnyInstallation = Installation<'v1' | 'v2', boolean>;

export class UnknownWorkspaceError extends Error {
  override readonly name = 'UnknownWorkspaceError';
}

export interface StoreInstallationStoreOptions {
  table: InstallationsTable;
  logger: Logger;
  /**
   * How long a cached installation is trusted. An uninstall handled by this replica drops it at once; one
   * handled by another replica is seen here after this long (Slack stops sending its events anyway).
   */
  cacheTtlMs?: number;
  maxCached?: number;
  /** Told after this replica stored a workspace's installation (distributed mode tells the others). */
  onChange?: (key: string) => void;
}

export class StoreInstallationStore implements InstallationStore {
  readonly #table: InstallationsTable;
  readonly #logger: Logger;
  readonly #cache: LRUCache<string, AnyInstallation>;
  readonly #onChange: ((key: string) => void) | undefined;

  constructor(options: StoreInstallationStoreOptions) {
    this.#table = options.table;
    this.#onChange = options.onChange;
    this.#logger = options.logger;
    this.#cache = new LRUCache({ max: options.maxCached ?? 10_000, ttl: options.cacheTtlMs ?? 5 * 60_000 });
  }

  /** Org-wide installs are keyed by enterprise id, others by team id, exactly as requests are. */
  static keyOf(installation: AnyInstallation): string {
    return workspaceKey({
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall,
    });
  }

  async storeInstallation<V extends 'v1' | 'v2'>(installation: Installation<V, boolean>): Promise<void> {
    const key = StoreInstallationStore.keyOf(installation);
    await this.#table.put({
      key,
      teamId: installation.team?.id ?? null,
      enterpriseId: installation.enterprise?.id ?? null,
      isEnterpriseInstall: installation.isEnterpriseInstall === true,
      data: JSON.stringify(installation),
      installedBy: installation.user?.id ?? null,
    });
    this.#cache.set(key, installation);
    this.#onChange?.(key);
    this.#logger.info({ workspace: key, installedBy: installation.user?.id }, 'workspace installed');
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<AnyInstallation> {
    const key = workspaceKey(query);
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const record = await this.#table.get(key);
    if (!record) throw new UnknownWorkspaceError(`no installation for workspace ${key}`);
    const parsed = StoredInstallationSchema.safeParse(JSON.parse(record.data));
    if (!parsed.success)
      throw new UnknownWorkspaceError(`the installation of workspace ${key} is unreadable`);
    // The JSON is what the SDK handed storeInstallation; the schema checked the fields authorizing relies on.
    const installation = parsed.data as unknown as AnyInstallation;
    this.#cache.set(key, installation);
    return installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.forget(workspaceKey(query));
  }

  /** Drops the cached installation only (another replica changed or deleted the row). */
  evict(key: string): void {
    this.#cache.delete(key);
  }

  /** Deletes the workspace's installation (its tokens) and drops it from the cache. */
  async forget(key: string): Promise<void> {
    this.#cache.delete(key);
    await this.#table.remove(key);
    // A request that read the row before the delete may have cached it again.
    this.#cache.delete(key);
  }
}
