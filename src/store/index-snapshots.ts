// Each workspace's last built customer index, compact (gzipped JSON lines) and encrypted like the archives
// (customer data at rest), base64 in a TEXT column so SQLite and PostgreSQL store it alike, bound to the vendor
// connection it was read from, so a restart or another replica answers at once.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { z } from 'zod';
import { ContactSchema } from '../domain/contact.js';
import { CustomerSchema } from '../domain/customer.js';
import type { FeedMark, IndexSnapshot, SnapshotStore } from '../search/snapshot.js';
import type { Db } from './db.js';
import type { SecretBox } from './secrets.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Bumped when what a line holds changes meaning; a row of another format is ignored (the index builds instead),
 * as is a row whose records no longer parse as the domain schemas say.
 */
const FORMAT = 1;

const FeedMarkSchema = z.object({
  syncedAt: z.number(),
  fullAt: z.number(),
  countOffset: z.number().nullable(),
  partial: z.boolean(),
});

const HeaderSchema = z.object({
  v: z.literal(FORMAT),
  takenAt: z.number(),
  customers: z.number().int().min(0),
  contacts: z.number().int().min(0).nullable(),
  customersMark: FeedMarkSchema,
  contactsMark: FeedMarkSchema.nullable(),
});

/** Records are turned to text and back in slices, so a large index never holds the event loop for long. */
const SLICE = 2000;
const breathe = () => new Promise((resolve) => setImmediate(resolve));

/** -Infinity (never) does not survive JSON; the marks keep it as a very old time instead. */
function markOut(mark: FeedMark): FeedMark {
  const finite = (n: number) => (Number.isFinite(n) ? n : 0);
  return { ...mark, syncedAt: finite(mark.syncedAt), fullAt: finite(mark.fullAt) };
}

/** The connection's fingerprint, hashed once more under this table's own label: nothing else compares it. */
function bindingOf(connection: string): string {
  return createHash('sha256').update(`msp-desk index snapshot\n${connection}`).digest('hex');
}

/**
 * Envelope encryption: the records (megabytes) under a fresh AES-256-GCM key of their own, that key under the
 * store's SecretBox (so ENCRYPTION_KEY guards it, bound to the row's workspace). A row the key cannot open
 * (another key, a rotation that left it behind) is only a missing snapshot: the index builds instead.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

function seal(box: SecretBox, workspace: string, plain: Buffer): string {
  const context = `index_snapshots:${workspace}`;
  const key = randomBytes(32);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const wrapped = box.encrypt(key.toString('base64'), context);
  return `${wrapped}|${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

function unseal(box: SecretBox, workspace: string, data: string): Buffer {
  const context = `index_snapshots:${workspace}`;
  const at = data.indexOf('|');
  if (at < 0) throw new Error('not a sealed snapshot');
  const key = Buffer.from(box.decrypt(data.slice(0, at), context), 'base64');
  const bytes = Buffer.from(data.slice(at + 1), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

async function encode(snapshot: IndexSnapshot): Promise<Buffer> {
  const header = {
    v: FORMAT,
    takenAt: snapshot.takenAt,
    customers: snapshot.customers.length,
    contacts: snapshot.contacts?.length ?? null,
    customersMark: markOut(snapshot.customersMark),
    contactsMark: snapshot.contactsMark ? markOut(snapshot.contactsMark) : null,
  };
  const parts: string[] = [JSON.stringify(header)];
  const records: readonly unknown[][] = [snapshot.customers, snapshot.contacts ?? []];
  for (const list of records) {
    for (let i = 0; i < list.length; i += SLICE) {
      for (const record of list.slice(i, i + SLICE)) parts.push(JSON.stringify(record));
      await breathe();
    }
  }
  return gzipAsync(Buffer.from(parts.join('\n'), 'utf8'));
}

async function decode(zipped: Buffer): Promise<IndexSnapshot | undefined> {
  const text = (await gunzipAsync(zipped)).toString('utf8');
  const lines = text.split('\n');
  let header: z.infer<typeof HeaderSchema>;
  try {
    const parsed = HeaderSchema.safeParse(JSON.parse(lines[0] ?? ''));
    if (!parsed.success) return undefined;
    header = parsed.data;
  } catch {
    return undefined;
  }
  const expected = 1 + header.customers + (header.contacts ?? 0);
  if (lines.length !== expected) return undefined;
  const parse = async <S extends z.ZodType>(schema: S, from: number, count: number) => {
    const out: z.output<S>[] = [];
    for (let i = 0; i < count; i++) {
      const parsed = schema.safeParse(JSON.parse(lines[from + i] ?? 'null'));
      if (!parsed.success) return undefined;
      out.push(parsed.data);
      if (i % SLICE === SLICE - 1) await breathe();
    }
    return out;
  };
  const customers = await parse(CustomerSchema, 1, header.customers);
  if (!customers) return undefined;
  const snapshot: IndexSnapshot = {
    customers,
    customersMark: header.customersMark,
    takenAt: header.takenAt,
  };
  if (header.contacts !== null && header.contactsMark) {
    const contacts = await parse(ContactSchema, 1 + header.customers, header.contacts);
    if (!contacts) return undefined;
    snapshot.contacts = contacts;
    snapshot.contactsMark = header.contactsMark;
  }
  return snapshot;
}

export interface SnapshotInfo {
  customers: number;
  contacts: number | null;
  takenAt: number;
  bytes: number;
}

export class IndexSnapshotsTable implements SnapshotStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async load(workspace: string, connection: string): Promise<IndexSnapshot | undefined> {
    const row = await this.db.get<{ data: string; format: number }>(
      'SELECT data, format FROM index_snapshots WHERE workspace = ? AND connection = ?',
      [workspace, bindingOf(connection)],
    );
    if (!row || Number(row.format) !== FORMAT) return undefined;
    try {
      return await decode(unseal(this.box, workspace, row.data));
    } catch {
      // A truncated, foreign or unopenable row costs a build, never a crash.
      return undefined;
    }
  }

  /**
   * Replaces the workspace's row unless it holds a newer snapshot of the same connection (another replica wrote
   * it since): replicas share one row per workspace, newest wins, and a new connection always wins.
   */
  async save(workspace: string, connection: string, snapshot: IndexSnapshot): Promise<void> {
    const data = seal(this.box, workspace, await encode(snapshot));
    await this.db.run(
      `INSERT INTO index_snapshots (workspace, connection, format, customers, contacts, taken_at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace) DO UPDATE SET connection = excluded.connection, format = excluded.format,
         customers = excluded.customers, contacts = excluded.contacts, taken_at = excluded.taken_at,
         data = excluded.data
       WHERE index_snapshots.connection <> excluded.connection OR index_snapshots.taken_at <= excluded.taken_at`,
      [
        workspace,
        bindingOf(connection),
        FORMAT,
        snapshot.customers.length,
        snapshot.contacts?.length ?? null,
        snapshot.takenAt,
        data,
      ],
    );
  }

  /** What a workspace's row holds, without reading the records (the Home tab, tests). */
  async info(workspace: string): Promise<SnapshotInfo | undefined> {
    const row = await this.db.get<{
      customers: number;
      contacts: number | null;
      taken_at: number;
      bytes: number;
    }>(
      'SELECT customers, contacts, taken_at, LENGTH(data) AS bytes FROM index_snapshots WHERE workspace = ?',
      [workspace],
    );
    if (!row) return undefined;
    return {
      customers: Number(row.customers),
      contacts: row.contacts === null ? null : Number(row.contacts),
      takenAt: Number(row.taken_at),
      bytes: Number(row.bytes),
    };
  }

  async remove(workspace: string): Promise<void> {
    await this.db.run('DELETE FROM index_snapshots WHERE workspace = ?', [workspace]);
  }

  /** Uninstall: the customer records go with the rest of the workspace's rows. */
  async removeWorkspace(workspace: string): Promise<void> {
    await this.remove(workspace);
  }
}
