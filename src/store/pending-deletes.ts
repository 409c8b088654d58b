// Delete requests waiting for a confirmation: stored so a restart loses none, claimed atomically so one runs once.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db.js';

export const PendingDeleteStatusSchema = z.enum([
  'pending',
  'running',
  'deleted',
  'cancelled',
  'expired',
  'failed',
  /** A removed customer (trashed, deactivated) being brought back, then brought back. */
  'restoring',
  'restored',
]);
export type PendingDeleteStatus = z.infer<typeof PendingDeleteStatusSchema>;

/** A count of related records read for the confirmation, or why it could not be read. */
export const ImpactCountSchema = z.union([
  z.object({
    total: z.number().int().nonnegative(),
    sample: z.array(z.object({ id: z.string(), title: z.string(), url: z.string().nullable() })),
  }),
  z.object({ unreadable: z.string() }),
]);
export type ImpactCount = z.infer<typeof ImpactCountSchema>;

export const DeleteImpactSchema = z.object({
  contacts: ImpactCountSchema,
  openTickets: ImpactCountSchema,
  devices: ImpactCountSchema,
  /** Absent where the vendor has no contracts. */
  contracts: ImpactCountSchema.optional(),
});
export type DeleteImpact = z.infer<typeof DeleteImpactSchema>;

export const DeleteDetailSchema = z.object({
  /** Contacts that go with a customer (known at once from the index; the impact has the vendor's count). */
  contactCount: z.number().int().nonnegative().optional(),
  /** The customer a contact belongs to. */
  customerName: z.string().optional(),
  /** Vendor's warning of what else goes (Atera: agents and tickets). */
  cascadeWarning: z.string().optional(),
  vendorLabel: z.string(),
  /** What removing does at this vendor: delete, deactivate (Autotask) or move to the trash (SuperOps). */
  removal: z.enum(['delete', 'deactivate', 'trash']).default('delete'),
  /** Days a trashed customer can be restored. */
  restoreWindowDays: z.number().optional(),
  /** The connection the entity id belongs to: a confirm after a reconnect is refused. */
  connection: z.string().optional(),
  /** What goes with a customer, read from the vendor after the confirmation was posted. */
  impact: DeleteImpactSchema.optional(),
  /** The archive kept before the delete ran. */
  archiveId: z.string().optional(),
  /** The vendor refused (a referenced contact); the reason, and whether deactivating is offered instead. */
  refusal: z.object({ reason: z.string(), canDeactivate: z.boolean() }).optional(),
  /** Restored (from the trash, or reactivated) after the delete, by whom and when. */
  restoredBy: z.string().optional(),
  restoredAt: z.number().optional(),
});
export type DeleteDetail = z.infer<typeof DeleteDetailSchema>;

export const PendingDeleteSchema = z.object({
  id: z.string(),
  workspace: z.string(),
  entityType: z.enum(['customer', 'contact']),
  entityId: z.string(),
  entityName: z.string(),
  detail: DeleteDetailSchema,
  requestedBy: z.string(),
  channelId: z.string(),
  messageTs: z.string().nullable(),
  responseUrl: z.string().nullable(),
  createdAt: z.number(),
  expiresAt: z.number(),
  status: PendingDeleteStatusSchema,
  resolvedBy: z.string().nullable(),
  resolvedAt: z.number().nullable(),
  error: z.string().nullable(),
});
export type PendingDelete = z.infer<typeof PendingDeleteSchema>;

type Row = Record<string, unknown>;

function fromRow(row: Row): PendingDelete {
  return PendingDeleteSchema.parse({
    id: row.id,
    workspace: row.workspace,
    entityType: row.entity_type,
    entityId: row.entity_id,
    entityName: row.entity_name,
    detail: JSON.parse(String(row.detail)),
    requestedBy: row.requested_by,
    channelId: row.channel_id,
    messageTs: row.message_ts ?? null,
    responseUrl: row.response_url ?? null,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    status: row.status,
    resolvedBy: row.resolved_by ?? null,
    resolvedAt: row.resolved_at === null || row.resolved_at === undefined ? null : Number(row.resolved_at),
    error: row.error ?? null,
  });
}

export type NewPendingDelete = Omit<
  PendingDelete,
  'id' | 'status' | 'resolvedBy' | 'resolvedAt' | 'error' | 'messageTs'
>;

export class PendingDeletes {
  constructor(private readonly db: Db) {}

  async create(input: NewPendingDelete): Promise<PendingDelete> {
    const id = randomUUID();
    await this.db.run(
      `INSERT INTO pending_deletes (id, workspace, entity_type, entity_id, entity_name, detail, requested_by, channel_id,
         message_ts, response_url, created_at, expires_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 'pending')`,
      [
        id,
        input.workspace,
        input.entityType,
        input.entityId,
        input.entityName,
        JSON.stringify(input.detail),
        input.requestedBy,
        input.channelId,
        input.responseUrl,
        input.createdAt,
        input.expiresAt,
      ],
    );
    const created = await this.get(input.workspace, id);
    if (!created) throw new Error('pending delete vanished after insert');
    return created;
  }

  async get(workspace: string, id: string): Promise<PendingDelete | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM pending_deletes WHERE id = ? AND workspace = ?', [
      id,
      workspace,
    ]);
    return row ? fromRow(row) : undefined;
  }

  /** Replaces the detail (the impact once read, the archive once kept); the status is not touched. */
  async setDetail(workspace: string, id: string, detail: DeleteDetail): Promise<void> {
    await this.db.run('UPDATE pending_deletes SET detail = ? WHERE id = ? AND workspace = ?', [
      JSON.stringify(detail),
      id,
      workspace,
    ]);
  }

  async setMessage(workspace: string, id: string, messageTs: string): Promise<void> {
    await this.db.run('UPDATE pending_deletes SET message_ts = ? WHERE id = ? AND workspace = ?', [
      messageTs,
      id,
      workspace,
    ]);
  }

  /**
   * Moves a pending request to `to` if, and only if, it is still pending and unexpired. The single UPDATE is the
   * lock: of any number of concurrent clicks, on any number of replicas, exactly one sees `true`.
   */
  async claim(
    workspace: string,
    id: string,
    to: 'running' | 'cancelled',
    by: string,
    now: number,
  ): Promise<boolean> {
    const { changes } = await this.db.run(
      `UPDATE pending_deletes SET status = ?, resolved_by = ?, resolved_at = ?
       WHERE id = ? AND workspace = ? AND status = 'pending' AND expires_at > ?`,
      [to, by, now, id, workspace, now],
    );
    return changes === 1;
  }

  /** Records how a claimed delete ended. */
  async finish(
    workspace: string,
    id: string,
    status: 'deleted' | 'failed',
    now: number,
    error?: string,
  ): Promise<void> {
    await this.db.run(
      'UPDATE pending_deletes SET status = ?, resolved_at = ?, error = ? WHERE id = ? AND workspace = ?',
      [status, now, error ?? null, id, workspace],
    );
  }

  /**
   * Claims a removed customer's Restore: of any number of clicks, on any number of replicas, exactly one sees
   * true. `settleRestore` then records how it went.
   */
  async claimRestore(workspace: string, id: string): Promise<boolean> {
    const { changes } = await this.db.run(
      "UPDATE pending_deletes SET status = 'restoring' WHERE id = ? AND workspace = ? AND status = 'deleted'",
      [id, workspace],
    );
    return changes === 1;
  }

  /** Restored (with who and when in the detail), or back to removed when the vendor would not. */
  async settleRestore(workspace: string, id: string, restored: DeleteDetail | undefined): Promise<void> {
    await this.db.run(
      "UPDATE pending_deletes SET status = ?, detail = COALESCE(?, detail) WHERE id = ? AND workspace = ? AND status = 'restoring'",
      [restored ? 'restored' : 'deleted', restored ? JSON.stringify(restored) : null, id, workspace],
    );
  }

  /** A failed delete may be confirmed again. */
  async reopen(workspace: string, id: string): Promise<void> {
    await this.db.run(
      "UPDATE pending_deletes SET status = 'pending', resolved_by = NULL, resolved_at = NULL WHERE id = ? AND workspace = ? AND status = 'failed'",
      [id, workspace],
    );
  }

  /** Marks every pending request past its time as expired and returns them, so their messages can say so. */
  /** Marks this one request expired if it is pending and past its time; true when this call did it. */
  async expireOne(workspace: string, id: string, now: number): Promise<boolean> {
    const { changes } = await this.db.run(
      "UPDATE pending_deletes SET status = 'expired', resolved_at = ? WHERE id = ? AND workspace = ? AND status = 'pending' AND expires_at <= ?",
      [now, id, workspace, now],
    );
    return changes === 1;
  }

  /** A claimed delete that never ran (the queue refused it): pending again, so it can be confirmed. */
  async release(workspace: string, id: string): Promise<void> {
    await this.db.run(
      "UPDATE pending_deletes SET status = 'pending', resolved_by = NULL, resolved_at = NULL WHERE id = ? AND workspace = ? AND status = 'running'",
      [id, workspace],
    );
  }

  /**
   * Deletes left `running` by a process that died mid-way go back to pending (a vendor 404 makes a repeat safe),
   * so their messages do not promise forever that someone is deleting.
   */
  async recoverStale(now: number, olderThanMs: number): Promise<number> {
    const { changes } = await this.db.run(
      "UPDATE pending_deletes SET status = 'pending', resolved_by = NULL, resolved_at = NULL WHERE status = 'running' AND resolved_at < ?",
      [now - olderThanMs],
    );
    return changes;
  }

  async expire(now: number): Promise<PendingDelete[]> {
    const rows = await this.db.all<Row>(
      "SELECT * FROM pending_deletes WHERE status = 'pending' AND expires_at <= ?",
      [now],
    );
    const expired: PendingDelete[] = [];
    for (const row of rows) {
      const { changes } = await this.db.run(
        "UPDATE pending_deletes SET status = 'expired', resolved_at = ? WHERE id = ? AND status = 'pending'",
        [now, row.id as string],
      );
      if (changes === 1) expired.push({ ...fromRow(row), status: 'expired', resolvedAt: now });
    }
    return expired;
  }

  async removeWorkspace(workspace: string): Promise<void> {
    await this.db.run('DELETE FROM pending_deletes WHERE workspace = ?', [workspace]);
  }
}
