// Each workspace's vendor connection (OAuth mode): vendor, base URL, the API key encrypted, and what it last did.
import { z } from 'zod';
import type { VendorConnection } from '../config.js';
import type { Db } from './db.js';
import { hint, type SecretBox } from './secrets.js';

export const StoredVendorSchema = z.enum(['atera', 'syncro']);
export type StoredVendor = z.infer<typeof StoredVendorSchema>;
export type KeyedConnection = Extract<VendorConnection, { apiKey: string }>;

/** What may be shown about a connection: never the key, only its last four characters. */
export interface ConnectionStatus {
  vendor: StoredVendor;
  baseUrl: string;
  keyHint: string;
  accountName: string | null;
  connectedBy: string | null;
  updatedAt: number;
  lastOkAt: number | null;
}

export interface NewConnection {
  connection: KeyedConnection;
  /** The account name the vendor gave when the key was tested. */
  accountName: string | null;
  connectedBy: string;
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
      `INSERT INTO vendor_connections (workspace, vendor, base_url, secret, key_hint, account_name, connected_by, updated_at, last_ok_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace) DO UPDATE SET vendor = excluded.vendor, base_url = excluded.base_url,
         secret = excluded.secret, key_hint = excluded.key_hint, account_name = excluded.account_name,
         connected_by = excluded.connected_by, updated_at = excluded.updated_at, last_ok_at = excluded.last_ok_at`,
      [
        workspace,
        connection.vendor,
        connection.baseUrl,
        this.box.encrypt(connection.apiKey, connectionContext(workspace)),
        hint(connection.apiKey),
        input.accountName,
        input.connectedBy,
        now,
        now,
      ],
    );
  }

  async status(workspace: string): Promise<ConnectionStatus | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM vendor_connections WHERE workspace = ?', [workspace]);
    return row ? status(row) : undefined;
  }

  /** The connection with its key decrypted, for building the vendor client. */
  async connection(workspace: string): Promise<KeyedConnection | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM vendor_connections WHERE workspace = ?', [workspace]);
    if (!row) return undefined;
    const apiKey = this.box.decrypt(row.secret, connectionContext(workspace));
    return { vendor: StoredVendorSchema.parse(row.vendor), apiKey, baseUrl: row.base_url };
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
