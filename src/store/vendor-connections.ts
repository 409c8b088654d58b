// Each workspace's vendor connection (OAuth mode): vendor, base URL, the credentials encrypted, and what it last did.
import { z } from 'zod';
import type { RealConnection } from '../config.js';
import type { Db } from './db.js';
import { hint, type SecretBox } from './secrets.js';

export const StoredVendorSchema = z.enum(['atera', 'syncro', 'autotask', 'superops']);
export type StoredVendor = z.infer<typeof StoredVendorSchema>;
export type KeyedConnection = RealConnection;

/** What the key may do and who it acts as, as the vendor said when it was tested (shown on the Home tab). */
export const ConnectionDetailsSchema = z.object({
  user: z.string().optional(),
  region: z.string().optional(),
  permissions: z.object({ read: z.boolean(), write: z.boolean(), delete: z.boolean() }).optional(),
});
export type ConnectionDetails = z.infer<typeof ConnectionDetailsSchema>;

/**
 * Everything but the vendor and base URL goes into the ciphertext as JSON (usernames and subdomains too: they
 * are half a credential). Rows written before version 3 hold the bare API key of Atera or Syncro.
 */
const CredentialsSchema = z.record(z.string(), z.string());

function credentialsOf(connection: RealConnection): Record<string, string> {
  const { vendor: _v, baseUrl: _b, ...rest } = connection as RealConnection & { baseUrl?: string };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) if (typeof v === 'string') out[k] = v;
  return out;
}

function baseUrlOf(connection: RealConnection): string {
  return connection.vendor === 'superops' ? connection.apiUrl : connection.baseUrl;
}

/** The secret a hint is made of: the part an admin would recognise when rotating it. */
function mainSecret(connection: RealConnection): string {
  switch (connection.vendor) {
    case 'atera':
    case 'syncro':
      return connection.apiKey;
    case 'autotask':
      return connection.secret;
    case 'superops':
      return connection.apiToken;
  }
}

function connectionFrom(vendor: StoredVendor, baseUrl: string, plaintext: string): RealConnection {
  const legacy = !plaintext.startsWith('{');
  const c = legacy ? { apiKey: plaintext } : CredentialsSchema.parse(JSON.parse(plaintext));
  const need = (k: string): string => {
    const v = c[k];
    if (typeof v !== 'string') throw new Error(`stored ${vendor} connection lacks ${k}`);
    return v;
  };
  switch (vendor) {
    case 'atera':
    case 'syncro':
      return { vendor, apiKey: need('apiKey'), baseUrl };
    case 'autotask':
      return {
        vendor,
        username: need('username'),
        secret: need('secret'),
        integrationCode: need('integrationCode'),
        baseUrl,
        zoneUrl: c.zoneUrl,
      };
    case 'superops':
      return { vendor, apiToken: need('apiToken'), subdomain: need('subdomain'), apiUrl: baseUrl };
  }
}

/** What may be shown about a connection: never the key, only its last four characters. */
export interface ConnectionStatus {
  vendor: StoredVendor;
  baseUrl: string;
  keyHint: string;
  accountName: string | null;
  connectedBy: string | null;
  updatedAt: number;
  lastOkAt: number | null;
  details: ConnectionDetails;
}

export interface NewConnection {
  connection: KeyedConnection;
  /** The account name the vendor gave when the key was tested. */
  accountName: string | null;
  connectedBy: string;
  details?: ConnectionDetails;
}

type Row = {
  workspace: string;
  vendor: string;
  base_url: string;
  secret: string;
  key_hint: string;
  account_name: string | null;
  connected_by: string | null;
  updated_at: number;
  last_ok_at: number | null;
  details: string | null;
};

/** The associated data every vendor key's ciphertext is bound to. */
export const connectionContext = (workspace: string) => `vendor_connections:${workspace}`;

function status(row: Row): ConnectionStatus {
  return {
    vendor: StoredVendorSchema.parse(row.vendor),
    baseUrl: row.base_url,
    keyHint: row.key_hint,
    accountName: row.account_name,
    connectedBy: row.connected_by,
    updatedAt: Number(row.updated_at),
    lastOkAt: row.last_ok_at === null ? null : Number(row.last_ok_at),
    details: row.details ? ConnectionDetailsSchema.parse(JSON.parse(row.details)) : {},
  };
}

export class VendorConnectionsTable {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  /** Saves (or replaces) the workspace's connection; a tested key counts as a successful call. */
  async save(workspace: string, input: NewConnection, now = Date.now()): Promise<void> {
    const { connection } = input;
    await this.db.run(
      `INSERT INTO vendor_connections (workspace, vendor, base_url, secret, key_hint, account_name, connected_by, updated_at, last_ok_at, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace) DO UPDATE SET vendor = excluded.vendor, base_url = excluded.base_url,
         secret = excluded.secret, key_hint = excluded.key_hint, account_name = excluded.account_name,
         connected_by = excluded.connected_by, updated_at = excluded.updated_at, last_ok_at = excluded.last_ok_at,
         details = excluded.details`,
      [
        workspace,
        connection.vendor,
        baseUrlOf(connection),
        this.box.encrypt(JSON.stringify(credentialsOf(connection)), connectionContext(workspace)),
        hint(mainSecret(connection)),
        input.accountName,
        input.connectedBy,
        now,
        now,
        JSON.stringify(input.details ?? {}),
      ],
    );
  }

  async status(workspace: string): Promise<ConnectionStatus | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM vendor_connections WHERE workspace = ?', [workspace]);
    return row ? status(row) : undefined;
  }

  /** The connection with its credentials decrypted, for building the vendor client. */
  async connection(workspace: string): Promise<KeyedConnection | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM vendor_connections WHERE workspace = ?', [workspace]);
    if (!row) return undefined;
    const plaintext = this.box.decrypt(row.secret, connectionContext(workspace));
    return connectionFrom(StoredVendorSchema.parse(row.vendor), row.base_url, plaintext);
  }

  /** Records a successful vendor call (callers throttle this). */
  async markOk(workspace: string, at = Date.now()): Promise<void> {
    await this.db.run(
      'UPDATE vendor_connections SET last_ok_at = ? WHERE workspace = ? AND (last_ok_at IS NULL OR last_ok_at < ?)',
      [at, workspace, at],
    );
  }

  async remove(workspace: string): Promise<boolean> {
    const { changes } = await this.db.run('DELETE FROM vendor_connections WHERE workspace = ?', [workspace]);
    return changes > 0;
  }
}
