import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hint, keyId, parseKey, SecretBox, SecretError } from '../../src/store/secrets.js';

describe('secrets at rest', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('round-trips, with a fresh IV each time and the key id in front', () => {
    const a = box.encrypt('atera-key-123456', 'vendor_connections:T1');
    const b = box.encrypt('atera-key-123456', 'vendor_connections:T1');
    expect(a).not.toBe(b);
    expect(a.startsWith(`v1:${keyId(key)}:`)).toBe(true);
    expect(a).not.toContain('atera-key');
    expect(box.decrypt(a, 'vendor_connections:T1')).toBe('atera-key-123456');
  });

  it('refuses another row’s context, tampered bytes and another key, without echoing the secret', () => {
    const sealed = box.encrypt('secret-value-xyz', 'vendor_connections:T1');
    expect(() => box.decrypt(sealed, 'vendor_connections:T2')).toThrow(SecretError);
    const [v, id, payload = ''] = sealed.split(':');
    const bytes = Buffer.from(payload, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => box.decrypt(`${v}:${id}:${bytes.toString('base64')}`, 'vendor_connections:T1')).toThrow(
      /integrity/,
    );
    const other = new SecretBox(randomBytes(32));
    expect(() => other.decrypt(sealed, 'vendor_connections:T1')).toThrow(/another encryption key/);
    try {
      other.decrypt(sealed, 'vendor_connections:T1');
    } catch (error) {
      expect(String(error)).not.toContain('secret-value-xyz');
    }
  });

  it('reads values written under an older key it is given, and writes under the current one', () => {
    const oldKey = randomBytes(32);
    const sealed = new SecretBox(oldKey).encrypt('token', 'installations:T1');
    expect(() => box.decrypt(sealed, 'installations:T1')).toThrow(SecretError);
    const rotating = new SecretBox(key, [oldKey]);
    expect(rotating.decrypt(sealed, 'installations:T1')).toBe('token');
    expect(SecretBox.keyIdOf(rotating.encrypt('token', 'installations:T1'))).toBe(keyId(key));
  });

  it('shows only the last four characters of a key', () => {
    expect(hint('abcdefgh1234')).toBe('…1234');
    expect(hint('abc')).toBe('…');
  });

  it('accepts only base64 of 32 bytes as a key', () => {
    expect(parseKey(randomBytes(32).toString('base64'))).toHaveLength(32);
    expect(parseKey(randomBytes(16).toString('base64'))).toBeUndefined();
    expect(parseKey('  ')).toBeUndefined();
  });
});
