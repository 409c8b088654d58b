// Shared HTTP for vendor clients: keep-alive pools, timeouts, safe retries, Retry-After and typed errors.
import { Pool } from 'undici';
import type { z } from 'zod';
import { VendorError, type VendorErrorKind } from '../domain/errors.js';
import type { Page, VendorHooks } from './types.js';

export interface HttpTimeouts {
  /** TCP/TLS connect. */
  connectMs: number;
  /** From sending the request to the response headers. */
  headersMs: number;
  /** Longest gap between body chunks. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000 };

export interface RetryOptions {
  /** Extra attempts after the first, for requests that are safe to repeat. */
  retries: number;
  /** First backoff step; doubles per attempt, jittered. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * A Retry-After longer than this is not waited out inside a job: the call fails as `rate_limited`
   * (with the vendor's wait) and the workspace queue, told through onRateLimited, does the waiting.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 3,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 20_000,
};

/** What a vendor module reads out of an error body; `kind` overrides the status-based kind. */
export interface ParsedErrorBody {
  message?: string;
  /** Field messages keyed by DOMAIN field name. */
  fields?: Record<string, string>;
  kind?: VendorErrorKind;
}

export type ErrorBodyParser = (status: number, bodyText: string) => ParsedErrorBody;

export interface HttpClientOptions {
  /** Display name for errors ("Atera"). */
  vendor: string;
  /** Origin plus an optional path prefix, e.g. https://acme.syncromsp.com/api/v1. */
  baseUrl: string;
  /** Sent on every request (auth lives here; it is never copied into errors). */
  headers?: Record<string, string>;
  /** Strings scrubbed from every error message (API keys), in case a vendor echoes them. */
  secrets?: readonly string[];
  hooks?: VendorHooks;
  timeouts?: Partial<HttpTimeouts>;
  retry?: Partial<RetryOptions>;
  parseError?: ErrorBodyParser;
  /**
   * Largest response body read, in bytes (default 8 MiB): a vendor that sends more gets a clear `bad_response`
   * instead of filling the process's memory.
   */
  maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

export interface HttpRequest<S extends z.ZodType> {
  method: HttpMethod;
  /** Path below the base URL, starting with '/'. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  schema: S;
  signal?: AbortSignal | undefined;
  /** Per-call error parser (field names differ between a customer and a contact form). */
  parseError?: ErrorBodyParser;
  /**
   * A POST that only reads (Autotask `/query`, a GraphQL query) may be repeated like a GET; writes never are.
   * Default: true for GET, false otherwise.
   */
  idempotent?: boolean;
  /** Extra headers for this call only (Autotask `ImpersonationResourceId`). */
  headers?: Record<string, string>;
}

export interface DeleteRequest {
  path: string;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal | undefined;
  parseError?: ErrorBodyParser;
  /** Extra headers for this call only (Autotask `ImpersonationResourceId`, which its DELETEs take too). */
  headers?: Record<string, string>;
}

export interface HttpClient {
  readonly vendor: string;
  /** Sends one request (retried only when safe) and returns the body parsed by `schema`. */
  request<S extends z.ZodType>(request: HttpRequest<S>): Promise<z.output<S>>;
  /** DELETE, retried; a 404 on a retry means an earlier attempt already deleted it. */
  delete(request: DeleteRequest): Promise<void>;
  /** Releases this client's share of the keep-alive pool. */
  close(): Promise<void>;
}

// --- pools: one keep-alive pool per origin (and connect timeout), shared by every client of that origin.

interface PoolEntry {
  pool: Pool;
  users: number;
}
const pools = new Map<string, PoolEntry>();

function acquirePool(origin: string, connectMs: number): { pool: Pool; release: () => Promise<void> } {
  const key = `${origin}|${connectMs}`;
  let entry = pools.get(key);
  if (!entry) {
    entry = {
      pool: new Pool(origin, { connect: { timeout: connectMs }, keepAliveTimeout: 10_000 }),
      users: 0,
    };
    pools.set(key, entry);
  }
  entry.users++;
  const held = entry;
  let released = false;
  return {
    pool: held.pool,
    release: async () => {
      if (released) return;
      released = true;
      held.users--;
      if (held.users === 0) {
        pools.delete(key);
        await held.pool.destroy();
      }
    },
  };
}

// --- small helpers, exported for their own tests.

/** Milliseconds to wait from a Retry-After header (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with jitter: half fixed, half random, so many clients do not retry in step. */
export function backoffDelay(
  attempt: number,
  retry: RetryOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The kind a status means before the vendor's body is consulted. */
export function kindForStatus(status: number): VendorErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  if (status >= 400) return 'validation';
  return 'bad_response';
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short strings would redact ordinary words; real keys are long.
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** The most pages one listing reads (500,000 customers at Atera's 50 a page); past that the vendor is not believed. */
export const MAX_PAGES = 10_000;

/** Fetches page 1, then the rest `concurrency` at a time (each still goes through the hooks), in order. */
export async function fetchAllPages<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  options: { concurrency?: number; maxPages?: number } = {},
): Promise<T[]> {
  const first = await fetchPage(1);
  // A vendor claiming a million pages must not make us ask for a million: read at most `maxPages`.
  const last = Math.min(first.totalPages, options.maxPages ?? MAX_PAGES);
  const results: T[][] = [first.items];
  if (first.items.length === 0) return [];
  let next = 2;
  // One failed page fails the whole read; the other workers stop rather than spend the rate budget on it.
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next <= last && !failed) {
      const page = next++;
      try {
        results[page - 1] = (await fetchPage(page)).items;
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(0, last - 1)) }, worker));
  return results.flatMap((items) => items ?? []);
}

/** Reads each record of a list on its own: one null or malformed record is skipped, never the whole page. */
export function readEach<T>(schema: z.ZodType<T>, items: readonly unknown[] | null | undefined): T[] {
  const out: T[] = [];
  for (const item of items ?? []) {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** What an aborted call rejects with: the signal's own reason, else a standard AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Waits `ms` (a backoff, a Retry-After), or rejects with the abort reason as soon as the call is aborted. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal ? abortReason(signal) : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** A schema issue's path as `a.0.b`, for a `bad_response` message and its `path`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** One attempt's result: a value, or an error plus what the retry loop needs to know about it. */
type Attempt<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: VendorError;
      /** The request certainly never reached the vendor (connection refused, connect timeout). */
      neverSent: boolean;
      /** The vendor named a wait (Retry-After). */
      retryAfterMs: number | undefined;
    };

const GONE = Symbol('gone');

interface FailDetails {
  status?: number | undefined;
  fields?: Record<string, string>;
  retryAfterMs?: number | undefined;
  path?: string;
  cause?: unknown;
}

/** What one call asks for, as the retry loop and each attempt see it. */
interface AttemptRequest {
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal | undefined;
  idempotent?: boolean | undefined;
  headers?: Record<string, string> | undefined;
}

/** Reads a body as text, stopping (and throwing BodyTooLarge) once it passes `max` bytes. */
class BodyTooLarge extends Error {}
async function readCapped(body: AsyncIterable<Uint8Array>, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > max) throw new BodyTooLarge(`body over ${max} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const vendor = options.vendor;
  const timeouts: HttpTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const secrets = options.secrets ?? [];
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const { pool, release } = acquirePool(base.origin, timeouts.connectMs);
  const schedule = options.hooks?.schedule;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onRateLimited = options.hooks?.onRateLimited;

  const fail = (kind: VendorErrorKind, message: string, extra: FailDetails = {}) =>
    new VendorError(kind, redact(message, secrets).slice(0, 500), {
      vendor,
      status: extra.status,
      fields: extra.fields,
      retryAfterMs: extra.retryAfterMs,
      path: extra.path,
      cause: extra.cause,
    });

  function buildPath(path: string, query: Record<string, QueryValue> | undefined): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) params.append(key, String(value));
    }
    const qs = params.toString();
    return `${basePath}${path}${qs ? `?${qs}` : ''}`;
  }

  function networkFailure(error: unknown, method: HttpMethod): Attempt<never> {
    const code = errorCode(error);
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return {
        ok: false,
        error: fail('timeout', `${vendor} could not be reached in time.`, { cause: error }),
        neverSent: true,
        retryAfterMs: undefined,
      };
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return {
        ok: false,
        error: fail('timeout', `${vendor} did not answer a ${method} in time.`, { cause: error }),
        neverSent: false,
        retryAfterMs: undefined,
      };
    }
    const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
    return {
      ok: false,
      error: fail('unavailable', `${vendor} could not be reached (${code ?? 'network error'}).`, {
        cause: error,
      }),
      neverSent: refused,
      retryAfterMs: undefined,
    };
  }

  async function attemptOnce<S extends z.ZodType>(
    method: HttpMethod,
    request: AttemptRequest,
    schema: S | undefined,
    parseError: ErrorBodyParser | undefined,
    goneIsDone: boolean,
  ): Promise<Attempt<z.output<S> | typeof GONE>> {
    const signal = request.signal;
    if (signal?.aborted) throw abortReason(signal);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'msp-slack-bot',
      ...options.headers,
      ...request.headers,
    };
    let payload: string | undefined;
    if (request.body !== undefined) {
      payload = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    // undici's own timers start only once a request is dispatched and tick coarsely; one deadline over the whole
    // attempt guarantees that no attempt outlives connect + headers + body, whatever state the pool is in.
    const deadline = AbortSignal.timeout(timeouts.connectMs + timeouts.headersMs + timeouts.bodyMs);
    try {
      const response = await pool.request({
        method,
        path: buildPath(request.path, request.query),
        headers,
        body: payload,
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
      status = response.statusCode;
      responseHeaders = response.headers;
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBodyBytes) {
        response.body.destroy();
        throw new BodyTooLarge(`content-length ${declared}`);
      }
      text = await readCapped(response.body, maxBodyBytes);
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (error instanceof BodyTooLarge) {
        return {
          ok: false,
          error: fail(
            'bad_response',
            `${vendor} answered ${method} ${request.path} with more than ${Math.round(maxBodyBytes / 1024 / 1024)} MiB; the answer was not read.`,
            { cause: error },
          ),
          neverSent: false,
          retryAfterMs: undefined,
        };
      }
      if (deadline.aborted) {
        return {
          ok: false,
          error: fail('timeout', `${vendor} did not answer a ${method} in time.`, { cause: error }),
          neverSent: false,
          retryAfterMs: undefined,
        };
      }
      return networkFailure(error, method);
    }

    if (status >= 200 && status < 300) {
      if (!schema) return { ok: true, value: GONE };
      let json: unknown;
      if (text.trim() !== '') {
        try {
          json = JSON.parse(text);
        } catch (error) {
          return {
            ok: false,
            error: fail(
              'bad_response',
              `${vendor} answered ${method} ${request.path} with something that is not JSON.`,
              {
                status,
                cause: error,
              },
            ),
            neverSent: false,
            retryAfterMs: undefined,
          };
        }
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const path = issue ? formatPath(issue.path) : '';
        return {
          ok: false,
          error: fail(
            'bad_response',
            `${vendor} answered ${method} ${request.path} in an unexpected shape${path ? ` at ${path}` : ''}: ${issue?.message ?? 'invalid'}.`,
            { status, path },
          ),
          neverSent: false,
          retryAfterMs: undefined,
        };
      }
      return { ok: true, value: parsed.data };
    }

    if (status === 404 && goneIsDone) return { ok: true, value: GONE };

    const retryAfterMs =
      status === 429 || status === 503 ? parseRetryAfter(responseHeaders['retry-after']) : undefined;
    let parsedBody: ParsedErrorBody = {};
    try {
      parsedBody = parseError?.(status, text) ?? {};
    } catch {
      // A vendor parser that trips over a strange body must not hide the status.
      parsedBody = {};
    }
    const kind = parsedBody.kind ?? kindForStatus(status);
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsedBody.fields ?? {})) fields[key] = redact(value, secrets);
    const message =
      parsedBody.message?.trim() || `${vendor} answered HTTP ${status} to ${method} ${request.path}.`;
    return {
      ok: false,
      error: fail(kind, message, { status, fields, retryAfterMs }),
      neverSent: false,
      retryAfterMs,
    };
  }

  async function run<S extends z.ZodType>(
    method: HttpMethod,
    request: AttemptRequest,
    schema: S | undefined,
    parseError: ErrorBodyParser | undefined,
  ): Promise<z.output<S> | typeof GONE> {
    // Only GET and DELETE repeat blindly (and POSTs that only read); a POST/PUT/PATCH may have been applied
    // before a 5xx or a timeout.
    const idempotent = request.idempotent ?? (method === 'GET' || method === 'DELETE');
    for (let attempt = 1; ; attempt++) {
      const goneIsDone = method === 'DELETE' && attempt > 1;
      const once = () => attemptOnce(method, request, schema, parseError, goneIsDone);
      const result = schedule ? await schedule(once) : await once();
      if (result.ok) return result.value;
      const { error } = result;
      const status = error.status;
      const rateLimited = status === 429 || (status === 503 && result.retryAfterMs !== undefined);
      const waitMs = result.retryAfterMs ?? backoffDelay(attempt, retry);
      if (rateLimited) onRateLimited?.(waitMs);

      const transient =
        error.kind === 'rate_limited' || error.kind === 'unavailable' || error.kind === 'timeout';
      // A 429 means the vendor refused the request unprocessed, so even a create may go again.
      const safe = idempotent || result.neverSent || status === 429;
      const waitTooLong = result.retryAfterMs !== undefined && result.retryAfterMs > retry.maxRetryAfterMs;
      if (!transient || !safe || waitTooLong || attempt > retry.retries) {
        if (error.kind === 'rate_limited' && error.retryAfterMs === undefined) {
          throw fail('rate_limited', error.message, { status, fields: error.fields, retryAfterMs: waitMs });
        }
        throw error;
      }
      await abortableSleep(waitMs, request.signal);
    }
  }

  return {
    vendor,
    async request<S extends z.ZodType>(request: HttpRequest<S>): Promise<z.output<S>> {
      const value = await run(
        request.method,
        request,
        request.schema,
        request.parseError ?? options.parseError,
      );
      if (value === GONE) throw fail('bad_response', `${vendor} answered without a body.`);
      return value;
    },
    async delete(request: DeleteRequest): Promise<void> {
      await run('DELETE', request, undefined, request.parseError ?? options.parseError);
    },
    close: release,
  };
}
