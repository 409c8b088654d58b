// Opens the store on every backend the machine offers: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store, type StoreSettings } from '../../src/store/index.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Settings for a fresh, empty store (a new directory, or a new PostgreSQL schema). */
  fresh(): Promise<StoreSettings>;
  open(settings: StoreSettings): Promise<Store>;
  cleanup(): Promise<void>;
}

const databaseUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI && !databaseUrl) {
  throw new Error(
    'TEST_DATABASE_URL is not set: CI must run the store suite on PostgreSQL too (.ci/run sets it)',
  );
}

function sqliteBackend(): Backend {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'msp-store-'));
      dirs.push(dir);
      return { dataDir: dir, databaseUrl: undefined };
    },
    open: (settings) => openStore(settings),
    async cleanup() {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Each fresh store is its own schema, so test files running in parallel never see each other's rows. */
export function schemaUrl(base: string, schema: string): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

function postgresBackend(url: string): Backend {
  const schemas: string[] = [];
  const admin = () => new pg.Client({ connectionString: url });
  return {
    name: 'postgres',
    async fresh() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const client = admin();
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.end();
      schemas.push(schema);
      // PostgreSQL needs ENCRYPTION_KEY (replicas share it); each fresh store gets its own.
      return { dataDir: '', databaseUrl: schemaUrl(url, schema), encryptionKey: randomBytes(32) };
    },
    open: (settings) => openStore(settings),
    async cleanup() {
      const client = admin();
      await client.connect();
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

export function backends(): Backend[] {
  return [sqliteBackend(), ...(databaseUrl ? [postgresBackend(databaseUrl)] : [])];
}
