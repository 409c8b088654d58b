// Per-workspace settings an admin changes from the Home tab: who may delete, extra admins, members' roles.
import { z } from 'zod';
import type { Db } from './db.js';

/** `none`: may not even look up (an admin withheld it, or a guest nobody granted access). */
export const RoleSchema = z.enum(['admin', 'editor', 'viewer', 'none']);
export type Role = z.infer<typeof RoleSchema>;
/** The roles an admin can give everyone of a kind at once (admin is given to people, one by one). */
export const GroupRoleSchema = z.enum(['editor', 'viewer', 'none']);
export type GroupRole = z.infer<typeof GroupRoleSchema>;

export const WorkspaceSettingsSchema = z.object({
  /** The role of a member nobody assigned one to; `none` withholds lookups too. */
  defaultRole: GroupRoleSchema.default('editor'),
  /**
   * Guests (single- and multi-channel) and people of another organisation (Slack Connect): no access unless an
   * admin grants it here or one by one, since MSPs often have client staff in their support channels.
   */
  guestRole: GroupRoleSchema.default('none'),
  /** What Workflow Builder steps may do when they name no acting user ("Workflows act as"). */
  workflowRole: GroupRoleSchema.default('editor'),
  /** Editors may delete too (by default only admins may). */
  editorsMayDelete: z.boolean().default(false),
  /** Roles given to particular users, besides workspace owners/admins and ADMIN_USER_IDS. */
  roles: z.record(z.string(), RoleSchema).default({}),
  /** Link unfurls show the customer's custom fields (off: unfurls show what a shared card shows and no more). */
  unfurlCustomFields: z.boolean().default(false),
  /** Where the weekly duplicates report goes (a channel id), if an admin asked for one. */
  duplicatesReportChannel: z.string().nullable().default(null),
  /** The last weekly report posted (its digest, and when), so an unchanged list is not posted again. */
  duplicatesReportDigest: z.string().nullable().default(null),
  duplicatesReportAt: z.number().nullable().default(null),
  /** Choices remembered per workspace for vendor-specific create fields (Autotask company type and owner). */
  lastCreateChoices: z.record(z.string(), z.string()).default({}),
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

  /** The workspaces whose settings satisfy `which` (a few hundred rows at most: read them all). */
  async workspacesWhere(which: (settings: WorkspaceSettings) => boolean): Promise<string[]> {
    const rows = await this.db.all<{ workspace: string; data: string }>(
      'SELECT workspace, data FROM workspace_settings',
    );
    return rows
      .filter((row) => {
        const parsed = WorkspaceSettingsSchema.safeParse(JSON.parse(row.data));
        return parsed.success && which(parsed.data);
      })
      .map((row) => row.workspace);
  }

  async removeWorkspace(workspace: string): Promise<void> {
    await this.db.run('DELETE FROM workspace_settings WHERE workspace = ?', [workspace]);
  }
}
