// The replicas' pub/sub bus: one Redis channel carrying per-workspace changes (index patches, uninstalls,
// reconnects) so every replica's in-memory caches follow a write made on any of them.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { IndexChangeSchema } from '../search/customer-indexes.js';

export const WorkspaceChangeSchema = z.discriminatedUnion('kind', [
  /** A patch to the workspace's customer index (a write made on the publishing replica). */
  ...IndexChangeSchema.options,
  /** Uninstalled or token revoked: drop the queue, index, installation and connection caches. */
  z.object({ kind: z.literal('workspace.removed') }),
  /** The vendor connection was saved or removed (Home tab): drop what was built on the old one. */
  z.object({ kind: z.literal('connection.changed') }),
  /** An install or reinstall stored new tokens: drop the cached installation. */
  z.object({ kind: z.literal('installation.changed') }),
]);
export type WorkspaceChange = z.infer<typeof WorkspaceChangeSchema>;

export const BusMessageSchema = z.object({
  /** The replica that published it, so it ignores its own. */
  origin: z.string(),
  workspace: z.string(),
  change: WorkspaceChangeSchema,
});
export type BusMessage = z.infer<typeof BusMessageSchema>;

/** What the rest of the engine sees: tell the other replicas about a change to a workspace. */
export interface WorkspaceBroadcast {
  publish(workspace: string, change: WorkspaceChange): void;
}

/** One process, nobody to tell. */
export const NO_BROADCAST: WorkspaceBroadcast = { publish: () => undefined };

export interface ReplicaBusOptions {
  publisher: Redis;
  /** A connection of its own: a subscribed Redis connection can do nothing else. */
  subscriber: Redis;
  keyPrefix: string;
  logger: Logger;
  /** This replica's id; random by default. */
  origin?: string;
}

export class ReplicaBus implements WorkspaceBroadcast {
  readonly origin: string;
  readonly channel: string;
  readonly #options: ReplicaBusOptions;
  readonly #handlers: Array<(workspace: string, change: WorkspaceChange) => void> = [];

  constructor(options: ReplicaBusOptions) {
    this.#options = options;
    this.origin = options.origin ?? randomUUID();
    this.channel = `${options.keyPrefix}bus`;
  }

  /** Subscribes; resolves once Redis confirmed, so no message published after start is missed. */
  async start(): Promise<void> {
    this.#options.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.#receive(text);
    });
    await this.#options.subscriber.subscribe(this.channel);
  }

  /** Calls `handler` for every change another replica publishes. */
  onRemote(handler: (workspace: string, change: WorkspaceChange) => void): void {
    this.#handlers.push(handler);
  }

  publish(workspace: string, change: WorkspaceChange): void {
    const message: BusMessage = { origin: this.origin, workspace, change };
    this.#options.publisher.publish(this.channel, JSON.stringify(message)).catch((error: unknown) => {
      // The write itself succeeded; the others catch up when their index's TTL runs out.
      this.#options.logger.warn(
        { err: error, workspace, change: change.kind },
        'could not tell the other replicas about a change',
      );
    });
  }

  #receive(text: string): void {
    let parsed: ReturnType<typeof BusMessageSchema.safeParse>;
    try {
      parsed = BusMessageSchema.safeParse(JSON.parse(text));
    } catch {
      this.#options.logger.warn('unreadable message on the replica bus; ignored');
      return;
    }
    if (!parsed.success) {
      this.#options.logger.warn(
        { issues: parsed.error.issues.length },
        'malformed replica bus message; ignored',
      );
      return;
    }
    const { origin, workspace, change } = parsed.data;
    if (origin === this.origin) return;
    for (const handler of this.#handlers) {
      try {
        handler(workspace, change);
      } catch (error) {
        this.#options.logger.error(
          { err: error, workspace, change: change.kind },
          'replica bus handler failed',
        );
      }
    }
  }
}
