// The shared vendor HTTP layer: what is retried, what never is, how waits and failures come back.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { isVendorError, type VendorError } from '../../src/domain/index.js';
import {
  backoffDelay,
  createHttpClient,
  DEFAULT_RETRY,
  type HttpClient,
  type HttpClientOptions,
  kindForStatus,
  parseRetryAfter,
} from '../../src/vendors/http.js';
import { startVendorServer, type VendorServer } from '../fakes/vendor-server.js';

const SECRET = 'sk_live_very-secret-key-123456';
const ItemsSchema = z.object({ items: z.array(z.object({ id: z.number() })) });

let server: VendorServer;
const clients: HttpClient[] = [];

function client(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  const c = createHttpClient({
    vendor: 'Testvendor',
    baseUrl: `${server.url}/api`,
    headers: { 'x-api-key': SECRET },
    secrets: [SECRET],
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 },
    timeouts: { headersMs: 300, bodyMs: 300 },
    ...overrides,
  });
  clients.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (isVendorError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  server = await startVendorServer({
    routes: [
      {
        method: 'GET',
        pattern: '/api/items',
        handler: () => ({ status: 200, json: { items: [{ id: 1 }] } }),
      },
      {
        method: 'GET',
        pattern: '/api/odd',
        handler: () => ({ status: 200, json: { items: [{ id: 1 }, { id: 'two' }] } }),
      },
      { method: 'POST', pattern: '/api/items', handler: () => ({ status: 201, json: { items: [] } }) },
      { method: 'PUT', pattern: '/api/items/1', handler: () => ({ status: 200, json: { items: [] } }) },
      { method: 'DELETE', pattern: '/api/items/1', handler: () => ({ status: 204 }) },
      {
        method: 'DELETE',
        pattern: '/api/items/404',
        handler: () => ({ status: 404, json: { message: 'gone' } }),
      },
      {
        method: 'GET',
        pattern: '/api/echo-key',
        handler: (r) => ({ status: 400, json: { message: `bad key ${String(r.headers['x-api-key'])}` } }),
      },
      {
        method: 'GET',
        pattern: '/api/status/:code',
        handler: (r) => ({ status: Number(r.params.code), json: { message: `status ${r.params.code}` } }),
      },
    ],
  });
});
afterEach(() => {
  server.clearFaults();
  server.clearRequests();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(['4', '9'], now)).toBe(4_000);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially, is jittered within its step, and is capped', () => {
    const retry = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(1, retry, () => 0)).toBe(50);
    expect(backoffDelay(1, retry, () => 1)).toBe(100);
    expect(backoffDelay(3, retry, () => 1)).toBe(400);
    expect(backoffDelay(10, retry, () => 1)).toBe(1_000);
  });
});

describe('status kinds', () => {
  it('maps each status to the kind a user needs', () => {
    expect(kindForStatus(400)).toBe('validation');
    expect(kindForStatus(422)).toBe('validation');
    expect(kindForStatus(401)).toBe('auth');
    expect(kindForStatus(403)).toBe('forbidden');
    expect(kindForStatus(404)).toBe('not_found');
    expect(kindForStatus(429)).toBe('rate_limited');
    expect(kindForStatus(500)).toBe('unavailable');
    expect(kindForStatus(503)).toBe('unavailable');
    expect(kindForStatus(504)).toBe('timeout');
  });

  it('turns a vendor error into a VendorError with the status and the vendor message', async () => {
    const error = await failure(
      client().request({ method: 'GET', path: '/status/403', schema: ItemsSchema }),
    );
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, vendor: 'Testvendor' });
  });
});

describe('retries', () => {
  it('retries a GET through a 503 and returns the parsed body', async () => {
    server.inject({ method: 'GET', path: '/api/items', status: 503, times: 1 });
    const body = await client().request({ method: 'GET', path: '/items', schema: ItemsSchema });
    expect(body.items).toEqual([{ id: 1 }]);
    expect(server.requests('GET', '/api/items')).toHaveLength(2);
  });

  it('gives up after the configured retries with the last error', async () => {
    server.inject({ method: 'GET', path: '/api/items', status: 502 });
    const error = await failure(client().request({ method: 'GET', path: '/items', schema: ItemsSchema }));
    expect(error.kind).toBe('unavailable');
    expect(server.requests('GET', '/api/items')).toHaveLength(3);
  });

  it('never repeats a POST after a 5xx', async () => {
    server.inject({ method: 'POST', path: '/api/items', status: 500, times: 1 });
    const error = await failure(
      client().request({ method: 'POST', path: '/items', body: { name: 'x' }, schema: ItemsSchema }),
    );
    expect(error.kind).toBe('unavailable');
    expect(server.requests('POST', '/api/items')).toHaveLength(1);
  });

  it('never repeats a POST after a timeout, even though the server applied it', async () => {
    server.inject({ method: 'POST', path: '/api/items', hang: true, processFirst: true, times: 1 });
    const error = await failure(
      client().request({ method: 'POST', path: '/items', body: { name: 'x' }, schema: ItemsSchema }),
    );
    expect(error.kind).toBe('timeout');
    expect(server.requests('POST', '/api/items')).toHaveLength(1);
  });

  it('does not repeat a PUT after a 5xx either', async () => {
    server.inject({ method: 'PUT', path: '/api/items/1', status: 502, times: 1 });
    await failure(client().request({ method: 'PUT', path: '/items/1', body: {}, schema: ItemsSchema }));
    expect(server.requests('PUT', '/api/items/1')).toHaveLength(1);
  });

  it('sends a POST again after a 429, which the vendor refused without processing', async () => {
    server.inject({ method: 'POST', path: '/api/items', status: 429, retryAfter: 0, times: 1 });
    await client().request({ method: 'POST', path: '/items', body: {}, schema: ItemsSchema });
    expect(server.requests('POST', '/api/items')).toHaveLength(2);
  });

  it('runs every attempt through hooks.schedule and reports the Retry-After wait', async () => {
    const scheduled = vi.fn();
    const schedule = <T>(attempt: () => Promise<T>): Promise<T> => {
      scheduled();
      return attempt();
    };
    const onRateLimited = vi.fn();
    server.inject({ method: 'GET', path: '/api/items', status: 429, retryAfter: 0, times: 1 });
    server.inject({ method: 'GET', path: '/api/items', status: 503, retryAfter: '0', times: 1 });
    await client({ hooks: { schedule, onRateLimited } }).request({
      method: 'GET',
      path: '/items',
      schema: ItemsSchema,
    });
    expect(server.requests('GET', '/api/items')).toHaveLength(3);
    expect(scheduled).toHaveBeenCalledTimes(3);
    expect(onRateLimited).toHaveBeenCalledTimes(2);
    expect(onRateLimited).toHaveBeenNthCalledWith(1, 0);
  });

  it('does not sit out a Retry-After beyond its cap: rate_limited at once, with the wait', async () => {
    const onRateLimited = vi.fn();
    server.inject({ method: 'GET', path: '/api/items', status: 429, retryAfter: 90 });
    const error = await failure(
      client({ hooks: { onRateLimited } }).request({ method: 'GET', path: '/items', schema: ItemsSchema }),
    );
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 90_000, status: 429 });
    expect(onRateLimited).toHaveBeenCalledWith(90_000);
    expect(server.requests('GET', '/api/items')).toHaveLength(1);
  });

  it('gives a 429 without Retry-After a wait anyway, so the queue can back off', async () => {
    server.inject({ method: 'GET', path: '/api/items', status: 429 });
    const error = await failure(client().request({ method: 'GET', path: '/items', schema: ItemsSchema }));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(0);
  });

  it('treats a DELETE that finds 404 on a retry as done, but a first 404 as not_found', async () => {
    await expect(client().delete({ path: '/items/1' })).resolves.toBeUndefined();
    expect((await failure(client().delete({ path: '/items/404' }))).kind).toBe('not_found');
    server.clearRequests();
    server.inject({ method: 'DELETE', path: '/api/items/404', status: 503, times: 1 });
    await expect(client().delete({ path: '/items/404' })).resolves.toBeUndefined();
    expect(server.requests('DELETE')).toHaveLength(2);
  });
});

describe('responses that cannot be read', () => {
  it('turns malformed JSON into bad_response without retrying', async () => {
    server.inject({ method: 'GET', path: '/api/items', malformedJson: true, times: 1 });
    const error = await failure(client().request({ method: 'GET', path: '/items', schema: ItemsSchema }));
    expect(error.kind).toBe('bad_response');
    expect(server.requests('GET', '/api/items')).toHaveLength(1);
  });

  it('turns a schema mismatch into bad_response naming the failing path', async () => {
    const error = await failure(client().request({ method: 'GET', path: '/odd', schema: ItemsSchema }));
    expect(error.kind).toBe('bad_response');
    expect(error.path).toBe('items.1.id');
  });
});

describe('timeouts, aborts and unreachable vendors', () => {
  it('says timeout when the vendor never answers a GET', async () => {
    server.inject({ method: 'GET', path: '/api/items', hang: true });
    const error = await failure(
      client({ retry: { retries: 0 } }).request({ method: 'GET', path: '/items', schema: ItemsSchema }),
    );
    expect(error.kind).toBe('timeout');
  });

  it('stops a hanging request when the caller aborts, with the abort reason, not a VendorError', async () => {
    server.inject({ method: 'GET', path: '/api/items', hang: true });
    const controller = new AbortController();
    const pending = client({ timeouts: { headersMs: 10_000 } }).request({
      method: 'GET',
      path: '/items',
      schema: ItemsSchema,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops waiting out a Retry-After when the caller aborts', async () => {
    server.inject({ method: 'GET', path: '/api/items', status: 429, retryAfter: 2 });
    const controller = new AbortController();
    const pending = client().request({
      method: 'GET',
      path: '/items',
      schema: ItemsSchema,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests('GET', '/api/items')).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      client().request({ method: 'GET', path: '/items', schema: ItemsSchema, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests()).toHaveLength(0);
  });

  it('says unavailable when nothing listens, retrying even a POST that was never sent', async () => {
    const gone = await startVendorServer({ routes: [] });
    const url = gone.url;
    await gone.close();
    const c = createHttpClient({ vendor: 'Testvendor', baseUrl: url, retry: { retries: 1, baseDelayMs: 1 } });
    clients.push(c);
    const error = await failure(c.request({ method: 'POST', path: '/x', body: {}, schema: ItemsSchema }));
    expect(error.kind).toBe('unavailable');
  });
});

describe('vendor error bodies and secrets', () => {
  it('lets the vendor module supply the message, domain field messages and a kind', async () => {
    const parseError = vi.fn(() => ({
      message: 'Email is not an email',
      fields: { email: 'is not an email' },
    }));
    const error = await failure(
      client({ parseError }).request({ method: 'GET', path: '/status/422', schema: ItemsSchema }),
    );
    expect(parseError).toHaveBeenCalledWith(422, JSON.stringify({ message: 'status 422' }));
    expect(error).toMatchObject({
      kind: 'validation',
      message: 'Email is not an email',
      fields: { email: 'is not an email' },
    });

    const forbidden = await failure(
      client({ parseError: () => ({ kind: 'forbidden', message: 'missing permission' }) }).request({
        method: 'GET',
        path: '/status/401',
        schema: ItemsSchema,
      }),
    );
    expect(forbidden.kind).toBe('forbidden');
  });

  it('keeps going when a vendor parser throws on a strange body', async () => {
    const error = await failure(
      client({
        parseError: () => {
          throw new Error('parser bug');
        },
      }).request({ method: 'GET', path: '/status/404', schema: ItemsSchema }),
    );
    expect(error.kind).toBe('not_found');
  });

  it('never puts the API key into an error, even when the vendor echoes it', async () => {
    const error = await failure(
      client({ parseError: (_s, text) => ({ message: text, fields: { key: text } }) }).request({
        method: 'GET',
        path: '/echo-key',
        schema: ItemsSchema,
      }),
    );
    expect(error.message).toContain('[redacted]');
    expect(JSON.stringify({ message: error.message, fields: error.fields })).not.toContain(SECRET);
  });
});
