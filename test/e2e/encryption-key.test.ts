// The encryption key as an operator meets it: a wrong key stops the process with one line, PostgreSQL needs
// one, and `npm run rotate-key` moves every secret to a new key.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { KEY_FILE } from '../../src/store/secrets.js';

/** The API key of an Atera or Syncro connection read back from the store. */
const keyOf = (c: unknown) => (c as { apiKey?: string } | undefined)?.apiKey;

const root = fileURLToPath(new URL('../..', import.meta.url));
const VENDOR_KEY = 'atera-key-from-before-0a1b2c3d';

function run(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data directory whose store was written with `key` (undefined: the generated key file). */
async function writtenWith(key: Buffer | undefined): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'msp-key-'));
  dirs.push(dataDir);
  const store = await openStore({ dataDir, databaseUrl: undefined, encryptionKey: key });
  await store.vendorConnections.save('T1', {
    connection: { vendor: 'atera', apiKey: VENDOR_KEY, baseUrl: 'https://app.atera.com' },
    accountName: 'Alpha',
    connectedBy: 'U1',
  });
  await store.close();
  return dataDir;
}

const b64 = (key: Buffer) => key.toString('base64');
const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-abcdef', SLACK_SIGNING_SECRET: 'abcdef0123456789', PORT: '0' };

describe('the encryption key', () => {
  it('stops the process with one clear line when ENCRYPTION_KEY is not the key the store was written with', async () => {
    const dataDir = await writtenWith(randomBytes(32));
    const { code, stderr } = await run('src/main.ts', {
      ...slack,
      DATA_DIR: dataDir,
      ENCRYPTION_KEY: b64(randomBytes(32)),
    });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/: ENCRYPTION_KEY does not match the key the store was written with; /);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('is required with DATABASE_URL, in one line naming it', async () => {
    const { code, stderr } = await run('src/main.ts', {
      ...slack,
      DATABASE_URL: 'postgres://127.0.0.1:1/none',
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'config: ENCRYPTION_KEY is missing: with DATABASE_URL (PostgreSQL) every replica needs the same key (openssl rand -base64 32)',
    ]);
  });

  it('rotates with npm run rotate-key: every secret moves, only the new key opens the store, and no key is printed', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const dataDir = await writtenWith(oldKey);
    const done = await run('src/cli/rotate-key.ts', {
      DATA_DIR: dataDir,
      OLD_ENCRYPTION_KEY: b64(oldKey),
      ENCRYPTION_KEY: b64(newKey),
    });
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/rotated: installations 0, vendor_connections 1, store_meta 1/);
    for (const key of [oldKey, newKey]) expect(done.stdout).not.toContain(b64(key));
    await expect(openStore({ dataDir, databaseUrl: undefined, encryptionKey: oldKey })).rejects.toThrow(
      /does not match/,
    );
    const store = await openStore({ dataDir, databaseUrl: undefined, encryptionKey: newKey });
    expect(keyOf(await store.vendorConnections.connection('T1'))).toBe(VENDOR_KEY);
    await store.close();
  });

  it('changes nothing when OLD_ENCRYPTION_KEY is wrong', async () => {
    const key = randomBytes(32);
    const dataDir = await writtenWith(key);
    const failed = await run('src/cli/rotate-key.ts', {
      DATA_DIR: dataDir,
      OLD_ENCRYPTION_KEY: b64(randomBytes(32)),
      ENCRYPTION_KEY: b64(randomBytes(32)),
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toMatch(/^rotate-key: a secret in \w+ cannot be read with OLD_ENCRYPTION_KEY/);
    const store = await openStore({ dataDir, databaseUrl: undefined, encryptionKey: key });
    expect(keyOf(await store.vendorConnections.connection('T1'))).toBe(VENDOR_KEY);
    await store.close();
  });

  it('moves a store from its generated key file to ENCRYPTION_KEY, and removes the file', async () => {
    const dataDir = await writtenWith(undefined);
    expect(existsSync(join(dataDir, KEY_FILE))).toBe(true);
    const newKey = randomBytes(32);
    const done = await run('src/cli/rotate-key.ts', { DATA_DIR: dataDir, ENCRYPTION_KEY: b64(newKey) });
    expect(done.code).toBe(0);
    expect(existsSync(join(dataDir, KEY_FILE))).toBe(false);
    const store = await openStore({ dataDir, databaseUrl: undefined, encryptionKey: newKey });
    expect(keyOf(await store.vendorConnections.connection('T1'))).toBe(VENDOR_KEY);
    await store.close();
  });
});
