// Per-workspace settings an admin changes from the Home tab: who may delete, extra admins, members' roles.
import { z } from 'zod';
import type { Db } from './db.js';

export const RoleSchema = z.enum(['admin', 'editor', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

export const WorkspaceSettingsSchema = z.object({
  /** The role of a member nobody assigned one to. */
  defaultRole: z.enum(['editor', 'viewer']).default('editor'),
  /** Editors may delete too (by default only admins may). */
  editorsMayDelete: z.boolean().default(false),
  /** Roles given to particular users, besides workspace owners/admins and ADMIN_USER_IDS. */
  roles: z.record(z.string(), RoleSchema).default({}),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export const DEFAULT_SETTINGS: WorkspaceSettings = WorkspaceSettingsSchema.parse({});

export class WorkspaceSettingsTable {
  constructor(private readonly db: Db) {}

  async get(workspace: string): Promise<WorkspaceSettings> {
    const row = await this.db.get<{ data: string }>(
      'SELECT data FROM workspace_settings WHERE workspace = ?',
      [workspace],
    );
    if (!row) return DEFAULT_SETTINGS;
    const parsed = WorkspaceSettingsSchema.safeParse(JSON.parse(row.data));
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  async put(workspace: string, settings: WorkspaceSettings, now = Date.now()): Promise<void> {
    await this.db.run(
      `INSERT INTO workspace_settings (workspace, data, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (workspace) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [workspace, JSON.stringify(settings), now],
    );
  }

  async removeWorkspace(workspace: string): Promise<void> {
    await this.db.run('DELETE FROM workspace_settings WHERE workspace = ?', [workspace]);
  }
}
