// Remembers each keyed submission (an onboarding), its status and how far it got, so a repeat never writes twice.
import type { Db } from './db.js';

export interface Submission<T> {
  status: string;
  state: T;
}

export class Submissions {
  constructor(private readonly db: Db) {}

  /** Records the key; false when it already existed (the same submission delivered again). */
  async start(
    workspace: string,
    key: string,
    status: string,
    state: unknown,
    now = Date.now(),
  ): Promise<boolean> {
    const { changes } = await this.db.run(
      'INSERT INTO submissions (key, workspace, status, created_at, updated_at, state) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
      [key, workspace, status, now, now, JSON.stringify(state)],
    );
    return changes === 1;
  }

  async get<T>(workspace: string, key: string): Promise<Submission<T> | undefined> {
    const row = await this.db.get<{ status: string; state: string }>(
      'SELECT status, state FROM submissions WHERE key = ? AND workspace = ?',
      [key, workspace],
    );
    return row ? { status: row.status, state: JSON.parse(row.state) as T } : undefined;
  }

  /**
   * Moves the submission from one of `from` to `to` (with new state) if, and only if, it is in one of them now:
   * the single UPDATE is what lets exactly one of two deliveries or clicks go ahead.
   */
  async transition(
    workspace: string,
    key: string,
    from: readonly string[],
    to: string,
    state: unknown,
    now = Date.now(),
  ): Promise<boolean> {
    const { changes } = await this.db.run(
      `UPDATE submissions SET status = ?, state = ?, updated_at = ? WHERE key = ? AND workspace = ? AND status IN (${from.map(() => '?').join(', ')})`,
      [to, JSON.stringify(state), now, key, workspace, ...from],
    );
    return changes === 1;
  }

  /** Progress within a status the caller already owns. */
  async save(workspace: string, key: string, state: unknown, now = Date.now()): Promise<void> {
    await this.db.run('UPDATE submissions SET state = ?, updated_at = ? WHERE key = ? AND workspace = ?', [
      JSON.stringify(state),
      now,
      key,
      workspace,
    ]);
  }

  async removeWorkspace(workspace: string): Promise<void> {
    await this.db.run('DELETE FROM submissions WHERE workspace = ?', [workspace]);
  }
}
