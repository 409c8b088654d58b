// Archives kept before a delete (or asked for as an export): the record, its contacts and custom values,
// encrypted like a secret, for a retention period; and which were recreated, claimed once.
import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';
import type { SecretBox } from './secrets.js';

export interface ArchiveRow {
  id: string;
  workspace: string;
  /** The connection the archived ids belong to. */
  connection: string;
  entityType: 'customer' | 'contact';
  entityId: string;
  entityName: string;
  /** The archive itself (JSON), decrypted. */
  content: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  recreatedAt: number | null;
  recreatedBy: string | null;
  recreatedId: string | null;
}

export type NewArchive = Pick<
  ArchiveRow,
  | 'workspace'
  | 'connection'
  | 'entityType'
  | 'entityId'
  | 'entityName'
  | 'content'
  | 'createdBy'
  | 'createdAt'
  | 'expiresAt'
>;

type Row = Record<string, unknown>;

/** The associated data an archive's ciphertext is bound to: it decrypts in its own row only. */
const context = (workspace: string, id: string) => `archives:${workspace}:${id}`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export class Archives {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  #fromRow(row: Row): ArchiveRow {
    const workspace = String(row.workspace);
    const id = String(row.id);
    return {
      id,
      workspace,
      connection: String(row.connection),
      entityType: row.entity_type === 'contact' ? 'contact' : 'customer',
      entityId: String(row.entity_id),
      entityName: String(row.entity_name),
      content: this.box.decrypt(String(row.secret), context(workspace, id)),
      createdBy: String(row.created_by),
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
      recreatedAt: num(row.recreated_at),
      recreatedBy: text(row.recreated_by),
      recreatedId: text(row.recreated_id),
    };
  }

  async create(input: NewArchive): Promise<ArchiveRow> {
    const id = randomUUID();
    await this.db.run(
      `INSERT INTO archives (id, workspace, connection, entity_type, entity_id, entity_name, secret, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        input.workspace,
        input.connection,
        input.entityType,
        input.entityId,
        input.entityName,
        this.box.encrypt(input.content, context(input.workspace, id)),
        input.createdBy,
        input.createdAt,
        input.expiresAt,
      ],
    );
    return { ...input, id, recreatedAt: null, recreatedBy: null, recreatedId: null };
  }

  /** The archive, if it exists in this workspace and has not expired. */
  async get(workspace: string, id: string, now = Date.now()): Promise<ArchiveRow | undefined> {
    const row = await this.db.get<Row>(
      'SELECT * FROM archives WHERE id = ? AND workspace = ? AND expires_at > ?',
      [id, workspace, now],
    );
    return row ? this.#fromRow(row) : undefined;
  }

  /**
   * Claims the archive for a recreate: of any number of clicks, on any number of replicas, exactly one sees true.
   * `recreated_id` stays empty until `finishRecreate`.
   */
  async claimRecreate(workspace: string, id: string, by: string, now: number): Promise<boolean> {
    const { changes } = await this.db.run(
      'UPDATE archives SET recreated_at = ?, recreated_by = ? WHERE id = ? AND workspace = ? AND recreated_at IS NULL AND expires_at > ?',
      [now, by, id, workspace, now],
    );
    return changes === 1;
  }

  async finishRecreate(workspace: string, id: string, newId: string): Promise<void> {
    await this.db.run('UPDATE archives SET recreated_id = ? WHERE id = ? AND workspace = ?', [
      newId,
      id,
      workspace,
    ]);
  }

  /** A recreate that failed before the customer existed may be tried again. */
  async releaseRecreate(workspace: string, id: string): Promise<void> {
    await this.db.run(
      'UPDATE archives SET recreated_at = NULL, recreated_by = NULL WHERE id = ? AND workspace = ? AND recreated_id IS NULL',
      [id, workspace],
    );
  }

  /** Deletes archives past their retention; returns how many. */
  async purgeExpired(now = Date.now()): Promise<number> {
    const { changes } = await this.db.run('DELETE FROM archives WHERE expires_at <= ?', [now]);
    return changes;
  }

  async removeWorkspace(workspace: string): Promise<void> {
    await this.db.run('DELETE FROM archives WHERE workspace = ?', [workspace]);
  }
}
