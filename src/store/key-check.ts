// The encryption key's two jobs beyond encrypting: proving at start it is the key the store was written with,
// and re-encrypting every stored secret under a new key (npm run rotate-key).
import { ConfigError } from '../config.js';
import type { Db } from './db.js';
import { installationContext } from './installations.js';
import { SecretBox, SecretError } from './secrets.js';
import { connectionContext } from './vendor-connections.js';

const CHECK_NAME = 'key_check';
const CHECK_TEXT = 'msp-desk encryption key check';
const metaContext = (name: string) => `store_meta:${name}`;

/** Every column that holds a ciphertext, with the associated data its rows are bound to. */
export const SECRET_COLUMNS = [
  { table: 'installations', id: 'key', column: 'secret', context: installationContext },
  { table: 'vendor_connections', id: 'workspace', column: 'secret', context: connectionContext },
  { table: 'store_meta', id: 'name', column: 'value', context: metaContext },
] as const;

/**
 * Writes the check value on a new store, and on every start decrypts it: a wrong key stops the start with
 * one line, rather than turning every token and vendor key into an error later. `source` names where the
 * key came from, so the line says what to fix.
 */
export async function verifyKey(db: Db, box: SecretBox, source: string, now = Date.now()): Promise<void> {
  await db.run(
    'INSERT INTO store_meta (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
    [CHECK_NAME, box.encrypt(CHECK_TEXT, metaContext(CHECK_NAME)), now],
  );
  const row = await db.get<{ value: string }>('SELECT value FROM store_meta WHERE name = ?', [CHECK_NAME]);
  let ok = false;
  try {
    ok = row !== undefined && box.decrypt(row.value, metaContext(CHECK_NAME)) === CHECK_TEXT;
  } catch (error) {
    if (!(error instanceof SecretError)) throw error;
  }
  if (!ok)
    throw new ConfigError([
      `${source} does not match the key the store was written with; set the key it was written with, or change keys with npm run rotate-key (README, "Encryption key")`,
    ]);
}

export interface RotationResult {
  /** Secrets re-encrypted, per table. */
  rotated: Record<string, number>;
  /** Secrets already under the new key (a rerun after a partial rotation). */
  skipped: number;
}

/**
 * Re-encrypts every stored secret from the old key to the new one in one transaction: either every secret
 * moves, or (on any secret the old key cannot read) none does.
 */
export async function rotateSecrets(db: Db, oldKey: Buffer, newKey: Buffer): Promise<RotationResult> {
  const from = new SecretBox(oldKey);
  const to = new SecretBox(newKey);
  return db.transaction(async (tx) => {
    const rotated: Record<string, number> = {};
    let skipped = 0;
    for (const { table, id, column, context } of SECRET_COLUMNS) {
      let count = 0;
      const rows = await tx.all<{ id: string; value: string }>(
        `SELECT ${id} AS id, ${column} AS value FROM ${table}`,
      );
      for (const row of rows) {
        if (SecretBox.keyIdOf(row.value) === to.keyId) {
          skipped++;
          continue;
        }
        let plaintext: string;
        try {
          plaintext = from.decrypt(row.value, context(row.id));
        } catch (error) {
          if (error instanceof SecretError)
            throw new SecretError(
              `a secret in ${table} cannot be read with OLD_ENCRYPTION_KEY: ${error.message}`,
            );
          throw error;
        }
        await tx.run(`UPDATE ${table} SET ${column} = ? WHERE ${id} = ?`, [
          to.encrypt(plaintext, context(row.id)),
          row.id,
        ]);
        count++;
      }
      rotated[table] = count;
    }
    return { rotated, skipped };
  });
}
