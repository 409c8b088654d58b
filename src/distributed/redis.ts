// Opens the Redis connections of distributed mode (fails fast at start, never logs the URL) and closes them.
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** Where a Redis URL points, without its password: safe for a log line or an error message. */
export function redisHost(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'redis';
  }
}

/**
 * A connected client. Commands fail at once while the connection is down (no offline queue) so the rate
 * limiter falls back to its in-process insurance instead of holding vendor requests; ioredis keeps
 * reconnecting behind. Start fails with one line naming REDIS_URL when Redis cannot be reached at all.
 */
export async function connectRedis(
  url: string,
  options: { logger: Logger; role: string; offlineQueue?: boolean },
): Promise<Redis> {
  const host = redisHost(url);
  const client = new Redis(url, {
    lazyConnect: true,
    connectionName: `msp-desk-${options.role}`,
    enableOfflineQueue: options.offlineQueue ?? false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 3000),
  });
  let reported = false;
  client.on('error', (error: Error) => {
    // One line per outage, not one per reconnect attempt.
    if (reported) return;
    reported = true;
    options.logger.warn({ redis: host, role: options.role, err: error.message }, 'redis connection error');
  });
  client.on('ready', () => {
    if (reported) options.logger.info({ redis: host, role: options.role }, 'redis connection restored');
    reported = false;
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`REDIS_URL: could not connect to Redis at ${host} (${reason})`);
  }
  return client;
}

/** Closes politely (QUIT), or drops the socket when Redis is not answering. */
export async function quitRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
