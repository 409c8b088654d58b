// Shared machinery of the fake vendor HTTP servers: routing, request recording, fault injection, rate limit.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
}

export interface FakeRequest extends RecordedRequest {
  params: Record<string, string>;
  /** Query lookup ignoring case, as ASP.NET binds it. */
  queryParam(name: string): string | undefined;
}

export interface FakeResponse {
  status: number;
  /** JSON-serialised unless `raw` is given. */
  json?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface Route {
  method: string;
  pattern: string;
  handler: RouteHandler;
}

/** A rule that changes how matching requests are answered. */
export interface Fault {
  /** Any method when absent. */
  method?: string;
  /** Exact path, a path with `*` wildcards, or a RegExp tested against the path. */
  path: string | RegExp;
  /** Apply to this many matching requests, then answer normally; forever when absent. */
  times?: number;
  /** Added delay before answering. */
  latencyMs?: number;
  /** Answer with this status instead (429, 500, 503, ...). */
  status?: number;
  /** Retry-After header value (seconds or an HTTP date). */
  retryAfter?: string | number;
  /** Body for `status` (raw text; default a short JSON error). */
  body?: string;
  /** Never answer: the client has to give up on its own. */
  hang?: boolean;
  /** Answer 200 with a truncated JSON document. */
  malformedJson?: boolean;
  /** Run the real handler first (the write happens), then apply the fault to the answer. */
  processFirst?: boolean;
}

export interface RateLimit {
  perMinute: number;
}

export interface VendorServerOptions {
  routes: Route[];
  /** Runs before routing; an answer here (e.g. 401) short-circuits the route. */
  authorize?: (request: FakeRequest) => FakeResponse | undefined;
  /** Answer for an unknown path. */
  notFound?: (request: FakeRequest) => FakeResponse;
  latencyMs?: number;
  rateLimit?: RateLimit;
}

export interface VendorServer {
  url: string;
  requests(method?: string, pathPrefix?: string): RecordedRequest[];
  clearRequests(): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Per-minute limit answered with 429 + Retry-After; `null` turns it off (the default). */
  setRateLimit(limit: RateLimit | null): void;
  close(): Promise<void>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${source}/?$`), names };
}

function pathMatches(pattern: string | RegExp, path: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);
  if (!pattern.includes('*')) return pattern === path;
  const source = pattern
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(path);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startVendorServer(options: VendorServerOptions): Promise<VendorServer> {
  const routes = options.routes.map(compile);
  const recorded: RecordedRequest[] = [];
  let faults: Array<Fault & { remaining: number }> = [];
  let latencyMs = options.latencyMs ?? 0;
  let rateLimit: RateLimit | null = options.rateLimit ?? null;
  let windowStart = Date.now();
  let windowCount = 0;
  const hanging = new Set<ServerResponse>();

  const send = (res: ServerResponse, response: FakeResponse) => {
    const headers: Record<string, string> = { ...response.headers };
    let text = '';
    if (response.raw !== undefined) text = response.raw;
    else if (response.json !== undefined) {
      text = JSON.stringify(response.json);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    res.writeHead(response.status, headers);
    res.end(text);
  };

  const takeFault = (method: string, path: string) => {
    const fault = faults.find(
      (f) => f.remaining > 0 && (!f.method || f.method.toUpperCase() === method) && pathMatches(f.path, path),
    );
    if (fault) fault.remaining--;
    return fault;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://fake.local');
        const query: Record<string, string> = {};
        for (const [k, v] of url.searchParams) query[k] = v;
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        if (text !== '') {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        const method = (req.method ?? 'GET').toUpperCase();
        const path = url.pathname;
        const record: RecordedRequest = { method, path, query, headers: req.headers, body };
        recorded.push(record);

        const lowerQuery = new Map(Object.entries(query).map(([k, v]) => [k.toLowerCase(), v]));
        const base: FakeRequest = {
          ...record,
          params: {},
          queryParam: (name) => lowerQuery.get(name.toLowerCase()),
        };

        if (latencyMs > 0) await sleep(latencyMs);

        if (rateLimit) {
          const now = Date.now();
          if (now - windowStart >= 60_000) {
            windowStart = now;
            windowCount = 0;
          }
          windowCount++;
          if (windowCount > rateLimit.perMinute) {
            const seconds = Math.max(1, Math.ceil((windowStart + 60_000 - now) / 1000));
            send(res, { status: 429, raw: 'Too Many Requests', headers: { 'retry-after': String(seconds) } });
            return;
          }
        }

        const fault = takeFault(method, path);
        if (fault?.latencyMs) await sleep(fault.latencyMs);

        const handle = async (): Promise<FakeResponse> => {
          const auth = options.authorize?.(base);
          if (auth) return auth;
          for (const route of routes) {
            if (route.method !== method) continue;
            const match = route.regex.exec(path);
            if (!match) continue;
            const params: Record<string, string> = {};
            route.names.forEach((name, i) => {
              params[name] = decodeURIComponent(match[i + 1] ?? '');
            });
            return route.handler({ ...base, params });
          }
          return options.notFound?.(base) ?? { status: 404, json: { message: 'Not found' } };
        };

        const faulting = fault && (fault.status !== undefined || fault.hang || fault.malformedJson);
        if (!faulting || fault.processFirst) {
          const response = await handle();
          if (!faulting) {
            send(res, response);
            return;
          }
        }
        if (fault.hang) {
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        if (fault.malformedJson) {
          send(res, {
            status: 200,
            raw: '{"items": [{"id": 1, "name": "trunc',
            headers: { 'content-type': 'application/json' },
          });
          return;
        }
        const headers: Record<string, string> = {};
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        send(res, {
          status: fault.status ?? 500,
          raw: fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }),
          headers: { 'content-type': 'application/json', ...headers },
        });
      })().catch((error: unknown) => {
        if (!res.headersSent) send(res, { status: 500, json: { error: String(error) } });
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests(method, pathPrefix) {
      return recorded.filter(
        (r) =>
          (!method || r.method === method.toUpperCase()) && (!pathPrefix || r.path.startsWith(pathPrefix)),
      );
    },
    clearRequests() {
      recorded.length = 0;
    },
    inject(fault) {
      faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      faults = [];
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setRateLimit(limit) {
      rateLimit = limit;
      windowStart = Date.now();
      windowCount = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
