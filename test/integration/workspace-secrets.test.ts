// The many-workspace tables on every backend: installations and vendor connections round-trip, their
// secrets never sit in plain text, a wrong key stops the open, keys rotate, and a forgotten workspace is gone.

import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/index.js';
import { rotateSecrets } from '../../src/store/key-check.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { KEY_FILE } from '../../src/store/secrets.js';
import { DEFAULT_SETTINGS } from '../../src/store/workspace-settings.js';
import { LogCapture } from '../helpers/app.js';
import { backends } from '../helpers/stores.js';

/** The API key of an Atera or Syncro connection read back from the store. */
const keyOf = (c: unknown) => (c as { apiKey?: string } | undefined)?.apiKey;

const ATERA_KEY = 'atera-live-key-5d41402abc4b2a76';
const SYNCRO_KEY = 'syncro-live-token-8f14e45fceea167a';
const BOT_TOKEN = 'xoxb-9999-8888-plaintexttokenvalue';

async function seed(store: Store): Promise<void> {
  await store.installations.put({
    key: 'T1',
    teamId: 'T1',
    enterpriseId: null,
    isEnterpriseInstall: false,
    data: JSON.stringify({ team: { id: 'T1' }, bot: { token: BOT_TOKEN, userId: 'UB', id: 'BB' } }),
    installedBy: 'U1',
  });
  await store.vendorConnections.save('T1', {
    connection: { vendor: 'atera', apiKey: ATERA_KEY, baseUrl: 'https://app.atera.com' },
    accountName: 'Alpha IT',
    connectedBy: 'U1',
  });
  await store.vendorConnections.save('T2', {
    connection: { vendor: 'syncro', apiKey: SYNCRO_KEY, baseUrl: 'https://beta.syncromsp.com' },
    accountName: 'Beta',
    connectedBy: 'U2',
  });
}

/** Every byte the backend holds for this store: the SQLite files, or every row of every table of the schema. */
async function everything(store: Store, settings: { dataDir: string; databaseUrl: string | undefined }) {
  if (!settings.databaseUrl) {
    return Buffer.concat(
      readdirSync(settings.dataDir)
        .filter((f) => f.startsWith('msp-desk.sqlite'))
        .map((f) => readFileSync(join(settings.dataDir, f))),
    );
  }
  const tables = await store.db.all<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()',
  );
  const rows = [];
  for (const { table_name } of tables) rows.push(...(await store.db.all(`SELECT * FROM ${table_name}`)));
  return Buffer.from(JSON.stringify(rows));
}

for (const backend of backends()) {
  describe(`workspace secrets on ${backend.name}`, () => {
    afterAll(() => backend.cleanup());

    it('round-trips installations and connections, showing only a key’s last four characters', async () => {
      const store = await backend.open(await backend.fresh());
      await seed(store);
      expect(JSON.parse((await store.installations.get('T1'))?.data ?? '{}').bot.token).toBe(BOT_TOKEN);
      expect(await store.installations.get('T2')).toBeUndefined();
      expect(await store.vendorConnections.connection('T1')).toEqual({
        vendor: 'atera',
        apiKey: ATERA_KEY,
        baseUrl: 'https://app.atera.com',
      });
      const status = await store.vendorConnections.status('T2');
      expect(status).toMatchObject({
        vendor: 'syncro',
        keyHint: '…167a',
        accountName: 'Beta',
        connectedBy: 'U2',
      });
      expect(JSON.stringify(status)).not.toContain(SYNCRO_KEY);
      await store.vendorConnections.markOk('T2', (status?.lastOkAt ?? 0) + 5);
      expect((await store.vendorConnections.status('T2'))?.lastOkAt).toBe((status?.lastOkAt ?? 0) + 5);
      await store.close();
    });

    it('holds no key or token in plain text anywhere in the store', async () => {
      const settings = await backend.fresh();
      const store = await backend.open(settings);
      await seed(store);
      const bytes = await everything(store, settings);
      expect(bytes.length).toBeGreaterThan(0);
      for (const secret of [ATERA_KEY, SYNCRO_KEY, BOT_TOKEN, 'plaintexttokenvalue'])
        expect(bytes.includes(Buffer.from(secret))).toBe(false);
      await store.close();
    });

    it('will not decrypt one workspace’s key copied into another’s row', async () => {
      const store = await backend.open(await backend.fresh());
      await seed(store);
      const row = await store.db.get<{ secret: string }>(
        'SELECT secret FROM vendor_connections WHERE workspace = ?',
        ['T1'],
      );
      await store.db.run('UPDATE vendor_connections SET secret = ? WHERE workspace = ?', [
        row?.secret ?? '',
        'T2',
      ]);
      await expect(store.vendorConnections.connection('T2')).rejects.toThrow(/integrity/);
      await store.close();
    });

    it('refuses to open with another key, in one line that names ENCRYPTION_KEY', async () => {
      const settings = await backend.fresh();
      const key = settings.encryptionKey ?? randomBytes(32);
      const first = await backend.open({ ...settings, encryptionKey: key });
      await seed(first);
      await first.close();
      const wrong = backend.open({ ...settings, encryptionKey: randomBytes(32) });
      await expect(wrong).rejects.toBeInstanceOf(ConfigError);
      await expect(wrong).rejects.toThrow(
        /^ENCRYPTION_KEY does not match the key the store was written with; /,
      );
      const again = await backend.open({ ...settings, encryptionKey: key });
      expect(keyOf(await again.vendorConnections.connection('T1'))).toBe(ATERA_KEY);
      await again.close();
    });

    it('rotates every secret to a new key in one pass, after which only the new key opens the store', async () => {
      const settings = await backend.fresh();
      const oldKey = randomBytes(32);
      const newKey = randomBytes(32);
      const store = await backend.open({ ...settings, encryptionKey: oldKey });
      await seed(store);
      const result = await rotateSecrets(store.db, oldKey, newKey);
      expect(result.rotated).toEqual({ installations: 1, vendor_connections: 2, store_meta: 1 });
      // A rerun finds everything already moved.
      expect((await rotateSecrets(store.db, oldKey, newKey)).skipped).toBe(4);
      await store.close();
      await expect(backend.open({ ...settings, encryptionKey: oldKey })).rejects.toThrow(/does not match/);
      const rotated = await backend.open({ ...settings, encryptionKey: newKey });
      expect(keyOf(await rotated.vendorConnections.connection('T2'))).toBe(SYNCRO_KEY);
      expect(JSON.parse((await rotated.installations.get('T1'))?.data ?? '{}').bot.token).toBe(BOT_TOKEN);
      await rotated.close();
    });

    it('moves nothing when the old key cannot read a secret', async () => {
      const settings = await backend.fresh();
      const key = randomBytes(32);
      const store = await backend.open({ ...settings, encryptionKey: key });
      await seed(store);
      await expect(rotateSecrets(store.db, randomBytes(32), randomBytes(32))).rejects.toThrow(
        /OLD_ENCRYPTION_KEY/,
      );
      expect(keyOf(await store.vendorConnections.connection('T1'))).toBe(ATERA_KEY);
      await store.close();
    });

    it('forgets a workspace: every row but its audit trail, and nothing of another workspace', async () => {
      const store = await backend.open(await backend.fresh());
      await seed(store);
      await store.settings.put('T1', {
        ...DEFAULT_SETTINGS,
        defaultRole: 'viewer',
        editorsMayDelete: true,
        roles: { U9: 'admin' },
      });
      await store.submissions.start('T1', 'k1', 'new', { step: 1 });
      await store.pendingDeletes.create({
        workspace: 'T1',
        entityType: 'customer',
        entityId: '1',
        entityName: 'Acme',
        detail: { vendorLabel: 'Atera', removal: 'delete' },
        requestedBy: 'U1',
        channelId: 'C1',
        responseUrl: null,
        createdAt: 1,
        expiresAt: 2,
      });
      await store.audit.append({
        workspace: 'T1',
        userId: 'U1',
        userName: null,
        vendor: 'atera',
        action: 'settings',
        entityType: 'connection',
        entityId: null,
        entityName: 'Alpha IT',
        changes: {},
        outcome: 'ok',
        error: null,
        requestId: null,
      });
      await store.forgetWorkspace('T1');
      for (const table of ['installations', 'pending_deletes', 'submissions'])
        expect(
          await store.db.all(
            `SELECT * FROM ${table} WHERE ${table === 'installations' ? 'key' : 'workspace'} = ?`,
            ['T1'],
          ),
        ).toEqual([]);
      expect(await store.db.all('SELECT * FROM vendor_connections WHERE workspace = ?', ['T1'])).toEqual([]);
      expect(await store.db.all('SELECT * FROM workspace_settings WHERE workspace = ?', ['T1'])).toEqual([]);
      expect(await store.audit.latest({ workspace: 'T1' })).toHaveLength(1);
      expect(keyOf(await store.vendorConnections.connection('T2'))).toBe(SYNCRO_KEY);
      await store.close();
    });

    if (backend.name === 'postgres') {
      it('lets replicas start together on an empty database: one migrates, the others wait and find it done', async () => {
        const settings = await backend.fresh();
        const stores = await Promise.all(Array.from({ length: 4 }, () => backend.open(settings)));
        const versions = await stores[0]?.db.all<{ version: number }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(versions?.map((v) => v.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
        await Promise.all(stores.map((s) => s.close()));
      });

      it('refuses PostgreSQL without ENCRYPTION_KEY, naming it', async () => {
        const settings = await backend.fresh();
        await expect(backend.open({ ...settings, encryptionKey: undefined })).rejects.toThrow(
          /^ENCRYPTION_KEY is missing/,
        );
        const client = new pg.Client({ connectionString: settings.databaseUrl });
        await client.connect();
        // Nothing was created: the check comes before the connection.
        const tables = await client.query(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()',
        );
        await client.end();
        expect(tables.rows).toEqual([]);
      });
    }

    if (backend.name === 'sqlite') {
      it('without ENCRYPTION_KEY, generates a key file readable only by its owner, warns once, and reuses it', async () => {
        const settings = await backend.fresh();
        const logs = new LogCapture();
        const logger = createLogger({ level: 'info', destination: logs });
        const first = await backend.open({ ...settings, encryptionKey: undefined, logger });
        await seed(first);
        await first.close();
        const file = join(settings.dataDir, KEY_FILE);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        const second = await backend.open({ ...settings, encryptionKey: undefined, logger });
        expect(keyOf(await second.vendorConnections.connection('T1'))).toBe(ATERA_KEY);
        await second.close();
        const warnings = logs.lines.filter((l) => l.level === 'warn');
        expect(warnings).toHaveLength(1);
        expect(String(warnings[0]?.msg)).toMatch(/ENCRYPTION_KEY is not set/);
        expect(logs.text()).not.toContain(readFileSync(file, 'utf8').trim());
      });
    }
  });
}
