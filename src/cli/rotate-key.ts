// `npm run rotate-key`: re-encrypts every stored secret from OLD_ENCRYPTION_KEY to ENCRYPTION_KEY in one transaction.
// Stop the bot first (every replica), run this once, then start the bot with the new ENCRYPTION_KEY.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { rotateSecrets } from '../store/key-check.js';
import { migrate } from '../store/migrations.js';
import { openPostgres } from '../store/postgres.js';
import { KEY_FILE, keyFromDataDir, keyId, parseKey } from '../store/secrets.js';
import { openSqlite } from '../store/sqlite.js';

/** Runs the rotation; returns the lines to print. Throws ConfigError for anything the operator must fix. */
async function rotateKey(env: NodeJS.ProcessEnv): Promise<string[]> {
  const config = loadConfig(env, { isTTY: false });
  const newKey = config.encryptionKey;
  if (!newKey)
    throw new ConfigError(['ENCRYPTION_KEY is missing: set it to the new key (openssl rand -base64 32)']);
  const keyFile = join(config.dataDir, KEY_FILE);
  const fromFile = !env.OLD_ENCRYPTION_KEY?.trim() && !config.databaseUrl && existsSync(keyFile);
  const oldKey = fromFile ? keyFromDataDir(config.dataDir, undefined) : parseKey(env.OLD_ENCRYPTION_KEY);
  if (!oldKey)
    throw new ConfigError([
      env.OLD_ENCRYPTION_KEY?.trim()
        ? 'OLD_ENCRYPTION_KEY is invalid: expected base64 of exactly 32 bytes'
        : 'OLD_ENCRYPTION_KEY is missing: set it to the key the store was written with',
    ]);
  if (oldKey.equals(newKey))
    throw new ConfigError(['ENCRYPTION_KEY is the same as the old key: nothing to rotate']);

  const db = config.databaseUrl
    ? await openPostgres(config.databaseUrl)
    : openSqlite(join(config.dataDir, 'msp-desk.sqlite'));
  try {
    await migrate(db);
    const result = await rotateSecrets(db, oldKey, newKey);
    const counts = Object.entries(result.rotated)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ');
    const lines = [
      `rotated: ${counts}${result.skipped ? `; ${result.skipped} already under the new key` : ''}`,
      `the store is now written with key id ${keyId(newKey)}; start the bot with this ENCRYPTION_KEY`,
    ];
    if (fromFile) {
      // The generated key no longer opens anything; leaving it would only invite starting without ENCRYPTION_KEY.
      rmSync(keyFile);
      lines.push(`removed ${keyFile}: ENCRYPTION_KEY is now required to start`);
    }
    return lines;
  } finally {
    await db.close();
  }
}

rotateKey(process.env).then(
  (lines) => {
    for (const line of lines) process.stdout.write(`${line}\n`);
  },
  (error: unknown) => {
    const lines =
      error instanceof ConfigError
        ? error.problems
        : [error instanceof Error ? error.message : String(error)];
    for (const line of lines) process.stderr.write(`rotate-key: ${line}\n`);
    process.exitCode = 1;
  },
);
