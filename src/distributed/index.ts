// Distributed mode in one place: the Redis connections, the shared vendor rate limit, and the replica bus
// with what each replica does when another one changes a workspace.

import type { WorkspaceConnections } from '../connections.js';
import type { Logger } from '../logger.js';
import type { CustomerIndexes } from '../search/index.js';
import type { StoreInstallationStore } from '../slack/installation-store.js';
import type { Workspaces } from '../workspaces.js';
import { ReplicaBus, type WorkspaceChange } from './bus.js';
import { SharedRateLimit } from './rate-limit.js';
import { connectRedis, quitRedis, redisHost } from './redis.js';

export * from './bus.js';
export * from './rate-limit.js';
export * from './redis.js';

export interface Distributed {
  rateLimit: SharedRateLimit;
  bus: ReplicaBus;
  /** Reacts to the other replicas' changes with this replica's caches. */
  follow(targets: FollowTargets): void;
  /** Is the command connection up (for /readyz; the replica still serves on its local limits without it). */
  connected(): boolean;
  /** After the queues drained: stop waiting for permits, unsubscribe, close both connections. */
  close(): Promise<void>;
}

export interface FollowTargets {
  indexes: CustomerIndexes;
  connections: WorkspaceConnections;
  installations: StoreInstallationStore;
  workspaces: Workspaces;
}

/** What one replica does with a change another replica published. */
export function applyRemoteChange(targets: FollowTargets, workspace: string, change: WorkspaceChange): void {
  switch (change.kind) {
    case 'customer.upsert':
    case 'customer.remove':
    case 'contact.upsert':
    case 'contact.remove':
      targets.indexes.applyRemote(workspace, change);
      return;
    case 'workspace.removed':
      // The rows are already gone (the other replica deleted them); only this replica's memory is left.
      targets.installations.evict(workspace);
      targets.connections.invalidate(workspace);
      targets.workspaces.remove(workspace);
      return;
    case 'connection.changed':
      // As the Home tab does where the change was made: nothing of the old connection answers again.
      targets.connections.invalidate(workspace);
      targets.workspaces.remove(workspace);
      return;
    case 'installation.changed':
      targets.installations.evict(workspace);
      return;
  }
}

export async function startDistributed(options: {
  url: string;
  keyPrefix: string;
  logger: Logger;
}): Promise<Distributed> {
  const { url, keyPrefix, logger } = options;
  const commands = await connectRedis(url, { logger, role: 'commands' });
  let subscriber: Awaited<ReturnType<typeof connectRedis>>;
  try {
    // A subscribing connection keeps its offline queue, so it resubscribes by itself after a reconnect.
    subscriber = await connectRedis(url, { logger, role: 'bus', offlineQueue: true });
  } catch (error) {
    await quitRedis(commands);
    throw error;
  }
  const rateLimit = new SharedRateLimit({ redis: commands, keyPrefix, logger });
  const bus = new ReplicaBus({ publisher: commands, subscriber, keyPrefix, logger });
  await bus.start();
  logger.info(
    { redis: redisHost(url), replica: bus.origin },
    'distributed mode: shared rate limits and replica bus',
  );
  return {
    rateLimit,
    bus,
    follow(targets) {
      bus.onRemote((workspace, change) => applyRemoteChange(targets, workspace, change));
      // Messages published while this replica was cut off from Redis are lost: every index refreshes instead.
      let lost = false;
      subscriber.on('close', () => {
        lost = true;
      });
      subscriber.on('ready', () => {
        if (!lost) return;
        lost = false;
        targets.indexes.invalidateAll();
        logger.info('replica bus reconnected: indexes marked stale in case changes were missed');
      });
    },
    connected: () => commands.status === 'ready',
    async close() {
      rateLimit.close();
      await Promise.all([quitRedis(subscriber), quitRedis(commands)]);
    },
  };
}
