// The schema, as numbered migrations run at start; every statement is valid on SQLite and PostgreSQL alike.
import type { Db } from './db.js';

export const MIGRATIONS: readonly string[] = [
  // 1: deletes that wait for a confirmation, the audit trail, onboarding idempotency, workspace settings.
  `
  CREATE TABLE pending_deletes (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    entity_name TEXT NOT NULL,
    detail TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    message_ts TEXT,
    response_url TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    resolved_by TEXT,
    resolved_at BIGINT,
    error TEXT
  );
  CREATE INDEX pending_deletes_workspace ON pending_deletes (workspace, status);
  CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    workspace TEXT NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT,
    vendor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT,
    entity_name TEXT,
    changes TEXT NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT,
    request_id TEXT
  );
  CREATE INDEX audit_log_workspace_at ON audit_log (workspace, at);
  CREATE TABLE submissions (
    key TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    state TEXT NOT NULL
  );
  CREATE TABLE workspace_settings (
    workspace TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  `,
  // 2: many workspaces: Slack installations and each workspace's vendor connection, secrets encrypted (secrets.ts).
  // `store_meta` holds the encryption key check, so a wrong ENCRYPTION_KEY stops the start instead of
  // producing garbage tokens later.
  `
  CREATE TABLE installations (
    key TEXT PRIMARY KEY,
    team_id TEXT,
    enterprise_id TEXT,
    is_enterprise_install INTEGER NOT NULL,
    secret TEXT NOT NULL,
    installed_by TEXT,
    installed_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE TABLE vendor_connections (
    workspace TEXT PRIMARY KEY,
    vendor TEXT NOT NULL,
    base_url TEXT NOT NULL,
    secret TEXT NOT NULL,
    key_hint TEXT NOT NULL,
    account_name TEXT,
    connected_by TEXT,
    updated_at BIGINT NOT NULL,
    last_ok_at BIGINT
  );
  CREATE TABLE store_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  `,
  // 3: what a connection's key may do and who it acts as (the credentials of every vendor now go into the one
  // encrypted secret as JSON; rows written before hold a bare API key, still read as such); audit details (who
  // the vendor credits a write to, the archive a delete kept, a workflow's part); archives kept before deletes
  // (customer data, encrypted like a secret), and which of them were recreated (so a second click does nothing).
  `
  ALTER TABLE vendor_connections ADD COLUMN details TEXT;
  ALTER TABLE audit_log ADD COLUMN details TEXT;
  CREATE TABLE archives (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    connection TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    entity_name TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    recreated_at BIGINT,
    recreated_by TEXT,
    recreated_id TEXT
  );
  CREATE INDEX archives_workspace ON archives (workspace, created_at);
  CREATE INDEX archives_expiry ON archives (expires_at);
  `,
  // 4: each workspace's last built customer index (records only: gzipped JSON lines, encrypted, in base64), bound
  // to a hash of the vendor connection's fingerprint, so a restart or another replica answers before any build.
  `
  CREATE TABLE index_snapshots (
    workspace TEXT PRIMARY KEY,
    connection TEXT NOT NULL,
    format INTEGER NOT NULL,
    customers INTEGER NOT NULL,
    contacts INTEGER,
    taken_at BIGINT NOT NULL,
    data TEXT NOT NULL
  );
  `,
];

/**
 * Runs the migrations not yet applied, each once, in order, in one transaction. Replicas starting together
 * wait for each other: PostgreSQL through an advisory lock held until the transaction ends (scoped to the
 * schema), SQLite through its write lock. The second one then finds nothing left to do.
 */
export async function migrate(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres')
      await tx.get(
        "SELECT pg_advisory_xact_lock(hashtext('msp-desk migrate ' || coalesce(current_schema(), '')))",
      );
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
    );
    const rows = await tx.all<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    let count = 0;
    for (const [i, sql] of MIGRATIONS.entries()) {
      const version = i + 1;
      if (applied.has(version)) continue;
      await tx.exec(sql);
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [
        version,
        Date.now(),
      ]);
      count++;
    }
    return count;
  });
}
