// The audit trail: one append-only row per write (create, update, delete, settings), never a secret.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db.js';

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.number(),
  workspace: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  vendor: z.string(),
  action: z.enum(['create', 'update', 'delete', 'deactivate', 'restore', 'export', 'recreate', 'settings']),
  entityType: z.enum(['customer', 'contact', 'custom_field', 'connection', 'settings']),
  entityId: z.string().nullable(),
  entityName: z.string().nullable(),
  /** Field name -> [before, after] (values already summarised, never a secret). */
  changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
  outcome: z.enum(['ok', 'failed']),
  error: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z
    .object({
      /** Whom the vendor credits the write to (Autotask impersonation), or that it fell back to the API user. */
      attributedTo: z.string().optional(),
      /** The archive kept before a delete, or the one a customer was recreated from. */
      archiveId: z.string().optional(),
      /** The write came from a Workflow Builder step. */
      via: z.enum(['workflow']).optional(),
    })
    .default({}),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'details'> & {
  at?: number;
  details?: AuditEntry['details'];
};

type Row = Record<string, unknown>;

function fromRow(row: Row): AuditEntry {
  return AuditEntrySchema.parse({
    id: row.id,
    at: Number(row.at),
    workspace: row.workspace,
    userId: row.user_id,
    userName: row.user_name ?? null,
    vendor: row.vendor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id ?? null,
    entityName: row.entity_name ?? null,
    changes: JSON.parse(String(row.changes)),
    outcome: row.outcome,
    error: row.error ?? null,
    requestId: row.request_id ?? null,
    details: row.details ? JSON.parse(String(row.details)) : {},
  });
}

export interface AuditQuery {
  workspace: string;
  /** Only this user's entries (non-admins see their own). */
  userId?: string;
  /** Entity name contains this (case-insensitive). */
  name?: string;
  limit?: number;
}

export class AuditLog {
  readonly #listeners: ((entry: AuditEntry) => void)[] = [];

  constructor(private readonly db: Db) {}

  /** Told of every appended entry (the optional audit channel). */
  onAppend(listener: (entry: AuditEntry) => void): void {
    this.#listeners.push(listener);
  }

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const full: AuditEntry = {
      ...entry,
      id: randomUUID(),
      at: entry.at ?? Date.now(),
      details: entry.details ?? {},
    };
    await this.db.run(
      `INSERT INTO audit_log (id, at, workspace, user_id, user_name, vendor, action, entity_type, entity_id, entity_name,
         changes, outcome, error, request_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        full.id,
        full.at,
        full.workspace,
        full.userId,
        full.userName,
        full.vendor,
        full.action,
        full.entityType,
        full.entityId,
        full.entityName,
        JSON.stringify(full.changes),
        full.outcome,
        full.error,
        full.requestId,
        JSON.stringify(full.details),
      ],
    );
    for (const listener of this.#listeners) listener(full);
    return full;
  }

  async latest(query: AuditQuery): Promise<AuditEntry[]> {
    const where = ['workspace = ?'];
    const params: (string | number)[] = [query.workspace];
    if (query.userId) {
      where.push('user_id = ?');
      params.push(query.userId);
    }
    if (query.name) {
      where.push('LOWER(entity_name) LIKE ?');
      params.push(`%${query.name.toLowerCase().replace(/[%_]/g, '')}%`);
    }
    params.push(Math.min(Math.max(query.limit ?? 15, 1), 100));
    const rows = await this.db.all<Row>(
      `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ?`,
      params,
    );
    return rows.map(fromRow);
  }

  async removeWorkspace(workspace: string): Promise<void> {
    await this.db.run('DELETE FROM audit_log WHERE workspace = ?', [workspace]);
  }
}
