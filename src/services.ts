// The engine's services, built once at start and handed to the Slack layer: store, queues, indexes, workspaces, roles.

import { AccessPolicy, PersonCache } from './auth/roles.js';
import type { Config } from './config.js';
import { WorkspaceConnections } from './connections.js';
import { NO_BROADCAST, startDistributed, type WorkspaceBroadcast } from './distributed/index.js';
import type { Logger } from './logger.js';
import { WorkspaceQueues } from './queue/index.js';
import { CustomerIndexes } from './search/index.js';
import { StoreInstallationStore } from './slack/installation-store.js';
import { openStore, type Store } from './store/index.js';
import { type ConnectionSource, Workspaces } from './workspaces.js';

export interface Services {
  config: Config;
  logger: Logger;
  store: Store;
  queues: WorkspaceQueues;
  indexes: CustomerIndexes;
  workspaces: Workspaces;
  /** Who is an admin by configuration, and how a user's role is decided. */
  access: AccessPolicy;
  /** What Slack said about each user lately (standing, email, time zone). */
  people: PersonCache;
  /** Each workspace's vendor connection: the environment's (one workspace) or its stored one (OAuth mode). */
  connections: WorkspaceConnections;
  /** Slack installations for Bolt's OAuth (OAuth mode), cached in front of the store. */
  installations: StoreInstallationStore;
  /** Tells the other replicas a workspace changed (distributed mode, REDIS_URL); a no-op for one process. */
  broadcast: WorkspaceBroadcast;
  /** The process can serve: store open, a vendor connection configured. */
  readiness(): Promise<Readiness>;
  /** Lets queued work finish (bounded by the config's shutdown timeout), then closes the store. */
  close(): Promise<void>;
  /** Runs `stop` first thing in close(): timers and background loops that must not touch a closed store. */
  onClose(stop: () => void): void;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: unknown }>;
}

export interface ServiceOverrides {
  store?: Store;
  /** Where workspaces' vendor connections come from; single-workspace mode uses the environment's. */
  connections?: ConnectionSource;
}

function queueTotals(queues: WorkspaceQueues) {
  const stats = queues.stats();
  return {
    workspaces: stats.length,
    pending: stats.reduce((n, q) => n + q.pending, 0),
    running: stats.reduce((n, q) => n + q.running, 0),
    paused: stats.filter((q) => q.pausedUntil !== null).length,
  };
}

/** Runs `work` for a key at most once per `ms`, for bookkeeping on hot paths; its failures are ignored. */
function throttled(ms: number, work: (key: string) => Promise<void>): (key: string) => void {
  const last = new Map<string, number>();
  return (key) => {
    const now = Date.now();
    if (now - (last.get(key) ?? 0) < ms) return;
    last.set(key, now);
    work(key).catch(() => undefined);
  };
}

export async function createServices(
  config: Config,
  logger: Logger,
  overrides: ServiceOverrides = {},
): Promise<Services> {
  // Distributed mode (REDIS_URL): the vendor rate limits and the caches' invalidations are shared by replicas.
  const distributed = config.redis ? await startDistributed({ ...config.redis, logger }) : undefined;
  const broadcast = distributed?.bus ?? NO_BROADCAST;
  const store =
    overrides.store ??
    (await openStore({ ...config, logger }).catch(async (error: unknown) => {
      await distributed?.close();
      throw error;
    }));
  const queues = new WorkspaceQueues({
    logger,
    jobConcurrency: config.queueConcurrency,
    maxWaitingJobs: config.queueMaxPending,
    maxWaitMs: config.queueMaxWaitMs,
    shared: distributed?.rateLimit,
  });
  const indexes = new CustomerIndexes({
    ttlMs: config.indexTtlMs,
    refreshMs: config.indexRefreshMs,
    reconcileMs: config.indexReconcileMs,
    maxBytes: config.indexMemoryBytes,
    maxWorkspaceBytes: config.indexWorkspaceMemoryBytes,
    // A restart (or another replica) answers from the last sync at once.
    snapshots: store.indexSnapshots,
    logger,
    onPatch: distributed ? (key, change) => broadcast.publish(key, change) : undefined,
  });
  const connections = new WorkspaceConnections({
    mode: config.slack.kind === 'oauth' ? 'store' : 'environment',
    env: config.vendor,
    table: store.vendorConnections,
    logger,
    onChange: (key) => broadcast.publish(key, { kind: 'connection.changed' }),
  });
  const installations = new StoreInstallationStore({
    table: store.installations,
    logger,
    onChange: (key) => broadcast.publish(key, { kind: 'installation.changed' }),
  });
  const source: ConnectionSource = overrides.connections ?? connections.source;
  const workspaces = new Workspaces({
    connections: source,
    queues,
    indexes,
    logger,
    ratePerMinute: config.vendorRateLimitPerMinute,
    vendorTimeoutMs: config.vendorTimeoutMs,
    fieldValuesTtlMs: config.indexTtlMs,
    onVendorOk:
      config.slack.kind === 'oauth'
        ? throttled(60_000, (key) => store.vendorConnections.markOk(key))
        : undefined,
  });
  distributed?.follow({ indexes, connections, installations, workspaces });
  const access = new AccessPolicy({
    adminUserIds: config.adminUserIds,
    mode: config.slack.kind === 'oauth' ? 'many' : 'single',
  });
  let closed = false;
  const stoppers: (() => void)[] = [];

  return {
    config,
    logger,
    store,
    queues,
    indexes,
    workspaces,
    access,
    people: new PersonCache(),
    connections,
    installations,
    broadcast,
    async readiness() {
      const storeOk = await store.ping();
      const vendorOk =
        config.slack.kind === 'oauth' || config.vendor.vendor === 'sandbox' || 'apiKey' in config.vendor;
      return {
        ready: storeOk && vendorOk,
        checks: {
          store: { ok: storeOk, detail: { backend: store.db.dialect } },
          vendor: {
            ok: vendorOk,
            detail: { vendor: config.slack.kind === 'oauth' ? 'per workspace' : config.vendor.vendor },
          },
          // Totals only: /readyz is unauthenticated and must not list the workspaces this process serves.
          queues: { ok: true, detail: queueTotals(queues) },
          indexes: { ok: true, detail: { workspaces: indexes.size, approxBytes: indexes.approxBytes } },
          // Informational: without Redis a replica still serves, on its own share of the vendor limit.
          ...(distributed ? { redis: { ok: distributed.connected() } } : {}),
        },
      };
    },
    onClose(stop) {
      stoppers.push(stop);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of stoppers) stop();
      const result = await queues.drain(config.shutdownTimeoutMs);
      if (!result.drained)
        logger.warn({ left: result.left }, 'shutdown timeout: some queued work was abandoned');
      // What the indexes learned since their last snapshot, before the store closes.
      await indexes.flushSnapshots();
      for (const stat of indexes.stats()) indexes.remove(stat.workspace);
      await workspaces.closeAll();
      // After the drain: the jobs that ran until now still needed their permits and the bus.
      await distributed?.close();
      await store.close();
    },
  };
}
