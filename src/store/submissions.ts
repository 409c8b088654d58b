// Remembers each keyed submission (an onboarding) and how far it got, so a repeat or a retry never writes twice.
import type { Db } from './db.js';

export class Submissions {
  constructor(private readonly db: Db) {}

  /** Records the key with its initial state; false when it already existed (a duplicate submission). */
  async start(workspace: string, key: string, state: unknown, now = Date.now()): Promise<boolean> {
    const { changes } = await this.db.run(
      'INSERT INTO submissions (key, workspace, created_at, updated_at, state) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
      [key, workspace, now, now, JSON.stringify(state)],
    );
    return changes === 1;
  }

  async get<T>(workspace: string, key: string): Promise<T | undefined> {
    const row = await this.db.get<{ state: string }>(
      'SELECT state FROM submissions WHERE key = ? AND workspace = ?',
      [key, workspace],
    );
    return row ? (JSON.parse(row.state) as T) : undefined;
  }

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
