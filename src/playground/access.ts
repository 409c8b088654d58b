// Who may use the playground: a loopback (or operator-listed) Host header on every route, and the per-start token
// on every /api call. The page acts as an admin with no login, so these two are its whole lock.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The names a browser on this machine sends for the loopback, whatever the port. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** The header the page sends its token in; /api/events (an EventSource, which sends no headers) uses ?token=. */
export const TOKEN_HEADER = 'x-playground-token';

/** A fresh token for one start: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time, so the answer's timing says nothing about how much of a guess was right. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A Host header split into its name (lower-cased, IPv6 in brackets) and port; undefined when malformed. */
export function parseHostHeader(header: string | undefined): { name: string; port: string } | undefined {
  if (!header) return undefined;
  const value = header.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match?.[1]) return undefined;
  return { name: match[1], port: match[2] ?? '' };
}

/**
 * True when the page may answer a request with this Host header: a loopback name with any port, or one the
 * operator listed in PLAYGROUND_ALLOWED_HOSTS (a bare name allows any port, `name:port` only that port).
 * A DNS-rebinding page reaches this server under its own name (rebind.attacker.example), which is refused.
 */
export function hostAllowed(header: string | undefined, allowed: readonly string[]): boolean {
  const host = parseHostHeader(header);
  if (!host) return false;
  if (LOOPBACK_HOSTS.includes(host.name)) return true;
  return allowed.some((entry) => {
    const listed = parseHostHeader(entry);
    if (!listed || listed.name !== host.name) return false;
    return listed.port === '' || listed.port === host.port;
  });
}

/** True when `host` (a listen address, HOST) can only be reached from this machine. */
export function isLoopbackListen(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}
