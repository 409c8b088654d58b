// Slack installations (OAuth mode), one row per workspace key; the installation, tokens and all, is encrypted.
import type { Db } from './db.js';
import type { SecretBox } from './secrets.js';

export interface InstallationRecord {
  /** Team id, or enterprise id for an org-wide install (workspaceKey). */
  key: string;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  /** The installation as Slack's SDK built it, as JSON; it holds the tokens, so it is stored encrypted. */
  data: string;
  installedBy: string | null;
}

type Row = {
  key: string;
  team_id: string | null;
  enterprise_id: string | null;
  is_enterprise_install: number;
  secret: string;
  installed_by: string | null;
};

/** The associated data every installation's ciphertext is bound to. */
export const installationContext = (key: string) => `installations:${key}`;

export class InstallationsTable {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async put(record: InstallationRecord, now = Date.now()): Promise<void> {
    await this.db.run(
      `INSERT INTO installations (key, team_id, enterprise_id, is_enterprise_install, secret, installed_by, installed_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET team_id = excluded.team_id, enterprise_id = excluded.enterprise_id,
         is_enterprise_install = excluded.is_enterprise_install, secret = excluded.secret,
         installed_by = excluded.installed_by, updated_at = excluded.updated_at`,
      [
        record.key,
        record.teamId,
        record.enterpriseId,
        record.isEnterpriseInstall ? 1 : 0,
        this.box.encrypt(record.data, installationContext(record.key)),
        record.installedBy,
        now,
        now,
      ],
    );
  }

  async get(key: string): Promise<InstallationRecord | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM installations WHERE key = ?', [key]);
    if (!row) return undefined;
    return {
      key: row.key,
      teamId: row.team_id,
      enterpriseId: row.enterprise_id,
      isEnterpriseInstall: Number(row.is_enterprise_install) === 1,
      data: this.box.decrypt(row.secret, installationContext(row.key)),
      installedBy: row.installed_by,
    };
  }

  async exists(key: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS ok FROM installations WHERE key = ?', [key])) !== undefined;
  }

  /** Keys of every installed workspace (no secrets decrypted). */
  async keys(): Promise<string[]> {
    const rows = await this.db.all<{ key: string }>('SELECT key FROM installations ORDER BY key');
    return rows.map((r) => r.key);
  }

  async remove(key: string): Promise<boolean> {
    const { changes } = await this.db.run('DELETE FROM installations WHERE key = ?', [key]);
    return changes > 0;
  }
}
