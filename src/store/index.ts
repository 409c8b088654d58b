// Opens the store the config asks for (embedded SQLite by default, PostgreSQL with DATABASE_URL), migrates it,
// and checks the encryption key against it.
import { join } from 'node:path';
import { ConfigError } from '../config.js';
import type { Logger } from '../logger.js';
import { Archives } from './archives.js';
import { AuditLog } from './audit-log.js';
import type { Db } from './db.js';
import { IndexSnapshotsTable } from './index-snapshots.js';
import { InstallationsTable } from './installations.js';
import { verifyKey } from './key-check.js';
import { migrate } from './migrations.js';
import { PendingDeletes } from './pending-deletes.js';
import { openPostgres } from './postgres.js';
import { KEY_FILE, keyFromDataDir, SecretBox } from './secrets.js';
import { openSqlite } from './sqlite.js';
import { Submissions } from './submissions.js';
import { VendorConnectionsTable } from './vendor-connections.js';
import { WorkspaceSettingsTable } from './workspace-settings.js';

export interface Store {
  readonly db: Db;
  readonly pendingDeletes: PendingDeletes;
  readonly audit: AuditLog;
  readonly submissions: Submissions;
  readonly settings: WorkspaceSettingsTable;
  /** Slack installations (OAuth mode), tokens encrypted. */
  readonly installations: InstallationsTable;
  /** Workspaces' vendor connections (OAuth mode), keys encrypted. */
  readonly vendorConnections: VendorConnectionsTable;
  /** Each workspace's last built customer index (records only, no secret), bound to its vendor connection. */
  readonly indexSnapshots: IndexSnapshotsTable;
  /** Archives kept before deletes and exports (customer data, encrypted, kept for a retention period). */
  readonly archives: Archives;
  /**
   * Deletes every row of a workspace that removed the app: tokens, vendor key, archives, pending deletes,
   * onboarding state, settings. The audit trail stays: it records writes made in the MSP's PSA, which outlive the app,
   * carries no secret, and survives an accidental uninstall; the operator can purge it (README).
   */
  forgetWorkspace(workspace: string): Promise<void>;
  /** Answers when the database does. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function storeOver(db: Db, box: SecretBox): Store {
  let closed = false;
  const store: Store = {
    db,
    pendingDeletes: new PendingDeletes(db),
    audit: new AuditLog(db),
    submissions: new Submissions(db),
    settings: new WorkspaceSettingsTable(db),
    installations: new InstallationsTable(db, box),
    vendorConnections: new VendorConnectionsTable(db, box),
    indexSnapshots: new IndexSnapshotsTable(db, box),
    archives: new Archives(db, box),
    async forgetWorkspace(workspace) {
      // Secrets first: if a later delete fails, the tokens and the key are already gone.
      await store.installations.remove(workspace);
      await store.vendorConnections.remove(workspace);
      await store.archives.removeWorkspace(workspace);
      await store.pendingDeletes.removeWorkspace(workspace);
      await store.submissions.removeWorkspace(workspace);
      await store.indexSnapshots.removeWorkspace(workspace);
      await store.settings.removeWorkspace(workspace);
    },
    async ping() {
      if (closed) return false;
      try {
        await db.get('SELECT 1 AS ok');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
  return store;
}

export interface StoreSettings {
  dataDir: string;
  databaseUrl: string | undefined;
  /** ENCRYPTION_KEY; without it the embedded store generates a key file, and PostgreSQL refuses to start. */
  encryptionKey?: Buffer | undefined;
  /** For the one warning when a key file is generated. */
  logger?: Logger | undefined;
}

export async function openStore(settings: StoreSettings): Promise<Store> {
  if (settings.databaseUrl && !settings.encryptionKey) {
    // Replicas must share one key, and a key file on one replica's disk is not shared.
    throw new ConfigError([
      'ENCRYPTION_KEY is missing: with DATABASE_URL (PostgreSQL) every replica needs the same key (openssl rand -base64 32)',
    ]);
  }
  const db = settings.databaseUrl
    ? await openPostgres(settings.databaseUrl, (error) =>
        settings.logger?.error({ err: error }, 'PostgreSQL connection lost; the pool will reconnect'),
      )
    : openSqlite(join(settings.dataDir, 'msp-desk.sqlite'), settings.logger);
  try {
    await migrate(db);
    const key = settings.encryptionKey ?? keyFromDataDir(settings.dataDir, settings.logger);
    const box = new SecretBox(key);
    await verifyKey(
      db,
      box,
      settings.encryptionKey ? 'ENCRYPTION_KEY' : `The key in ${join(settings.dataDir, KEY_FILE)}`,
    );
    return storeOver(db, box);
  } catch (error) {
    await db.close();
    throw error;
  }
}
