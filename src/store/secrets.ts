// Secrets at rest: AES-256-GCM under ENCRYPTION_KEY (or a generated key file), with a key id so keys can rotate.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';

/** Ciphertexts look like `v1:<key id>:<base64 of iv | tag | ciphertext>`; the version allows another format later. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_FILE = 'encryption.key';

/** A secret that cannot be read: wrong key, another row's ciphertext, or tampered bytes. Never carries the secret. */
export class SecretError extends Error {
  override readonly name = 'SecretError';
}

/** A short, non-secret name for a key: enough to tell which key wrote a value, useless for guessing it. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('msp-desk key id\0').update(key).digest('hex').slice(0, 8);
}

/** Parses a base64 key of exactly 32 bytes; undefined when it is not one. */
export function parseKey(text: string | undefined): Buffer | undefined {
  if (!text?.trim()) return undefined;
  const key = Buffer.from(text.trim(), 'base64');
  return key.length === 32 ? key : undefined;
}

/**
 * Encrypts and decrypts with one current key, and can read values written under older keys it is given.
 * `context` (e.g. `vendor_connections:T123`) is bound in as associated data, so a ciphertext copied into
 * another row does not decrypt there.
 */
export class SecretBox {
  readonly keyId: string;
  readonly #key: Buffer;
  readonly #keys: Map<string, Buffer>;

  constructor(key: Buffer, older: readonly Buffer[] = []) {
    if (key.length !== 32) throw new Error('an encryption key is 32 bytes');
    this.#key = key;
    this.keyId = keyId(key);
    this.#keys = new Map([...older, key].map((k) => [keyId(k), k]));
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${this.keyId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(value: string, context: string): string {
    const [version, id, payload] = value.split(':');
    if (version !== VERSION || !id || payload === undefined) throw new SecretError('not a stored secret');
    const key = this.#keys.get(id);
    if (!key) throw new SecretError(`written under another encryption key (key id ${id})`);
    const bytes = Buffer.from(payload, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretError('a stored secret is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretError('a stored secret failed its integrity check');
    }
  }

  /** The key id a stored value was written under, without decrypting it. */
  static keyIdOf(value: string): string | undefined {
    const [version, id] = value.split(':');
    return version === VERSION ? id : undefined;
  }
}

/** The last four characters, which is all of a key the bot ever shows again. */
export function hint(secret: string): string {
  return secret.length <= 4 ? '…' : `…${secret.slice(-4)}`;
}

/**
 * The embedded store's key when ENCRYPTION_KEY is unset: read from DATA_DIR, or generated there (mode 0600)
 * with one warning, so a fresh `npm start` encrypts without any setup. Two processes racing to create it
 * agree, because only the first exclusive create wins and the other reads what it wrote.
 */
export function keyFromDataDir(dataDir: string, logger: Logger | undefined): Buffer {
  const file = join(dataDir, KEY_FILE);
  const read = () => {
    const key = parseKey(readFileSync(file, 'utf8'));
    if (!key) throw new SecretError(`${file} does not hold a base64 key of 32 bytes`);
    return key;
  };
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    // The umask cannot widen 0600, but an existing directory ACL might: state the mode outright.
    chmodSync(file, 0o600);
    logger?.warn(
      { file },
      'ENCRYPTION_KEY is not set: generated a key file for the embedded store; back it up with the data, or set ENCRYPTION_KEY',
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return read();
}
