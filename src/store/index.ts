// Opens the store the config asks for (embedded SQLite by default, PostgreSQL with DATABASE_URL) and migrates it.
import { join } from 'node:path';
import { AuditLog } from './audit-log.js';
import type { Db } from './db.js';
import { migrate } from './migrations.js';
import { PendingDeletes } from './pending-deletes.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import { Submissions } from './submissions.js';
import { WorkspaceSettingsTable } from './workspace-settings.js';

export interface Store {
  readonly db: Db;
  readonly pendingDeletes: PendingDeletes;
  readonly audit: AuditLog;
  readonly submissions: Submissions;
  readonly settings: WorkspaceSettingsTable;
  /** Answers when the database does. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function storeOver(db: Db): Store {
  let closed = false;
  return {
    db,
    pendingDeletes: new PendingDeletes(db),
    audit: new AuditLog(db),
    submissions: new Submissions(db),
    settings: new WorkspaceSettingsTable(db),
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
}

export interface StoreSettings {
  dataDir: string;
  databaseUrl: string | undefined;
}

export async function openStore(settings: StoreSettings): Promise<Store> {
  const db = settings.databaseUrl
    ? await openPostgres(settings.databaseUrl)
    : openSqlite(join(settings.dataDir, 'msp-desk.sqlite'));
  await migrate(db);
  return storeOver(db);
}
