// Measurement probes: which Slack request a vendor call was made for (before or after its ack), and vendor wire times.
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import { type IncomingMessage, Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isBackground, RequestLimiter } from '../src/queue/index.js';
import { Feed, type FeedWork } from '../src/search/feed.js';

/** The header the bench adds to each slash command so its handling can be followed (Slack's signature ignores it). */
export const TRACE_HEADER = 'x-bench-trace';

/** What happened inside one traced Slack request's own async chain. */
export interface CommandTrace {
  id: string;
  /** Vendor requests scheduled before the HTTP response (the ack) was ended. */
  callsBeforeAck: number;
  /** Vendor requests scheduled in the same chain after the ack (the job, when it started at once). */
  callsAfterAck: number;
  /** The listener ran inside the trace (proves the context reached it, so a zero above means something). */
  listenerSeen: boolean;
  /** The listener was reached before the ack had been sent. */
  listenerBeforeAck: boolean;
  response: ServerResponse;
  /** performance.now() when the server emitted the request, and when its response was flushed. */
  arrivedAt: number;
  respondedAt: number | undefined;
}

/** One vendor HTTP request as undici saw it. */
export interface WireCall {
  origin: string;
  path: string;
  start: number;
  end: number | undefined;
  status: number | undefined;
}

/** Vendor requests a workspace's limiter was asked to run, by lane (user work vs index refreshes). */
export interface LaneCounts {
  foreground: number;
  background: number;
}

/** Reads of the vendor an index started (full, incremental, reconcile), in order; see feedWork(). */
const feedRuns: Array<{ work: FeedWork; at: number }> = [];

const context = new AsyncLocalStorage<CommandTrace>();
const lanes = new Map<string, LaneCounts>();
const traces = new Map<string, CommandTrace>();
const watched = new Set<string>();
const calls: WireCall[] = [];
const byRequest = new WeakMap<object, WireCall>();
let installed = false;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function originOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    try {
      return new URL(value).origin;
    } catch {
      return undefined;
    }
  }
  return value instanceof URL ? value.origin : undefined;
}

/**
 * Wraps every HTTP server's request handling carrying TRACE_HEADER in its own async context, counts the
 * vendor requests scheduled inside it (RequestLimiter.schedule is the one door every vendor attempt goes
 * through), and records vendor wire times from undici's diagnostics channels. Idempotent.
 */
export function installProbes(): void {
  if (installed) return;
  installed = true;

  const emit = Server.prototype.emit;
  const traced = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const request = args[0] as IncomingMessage;
      const response = args[1] as ServerResponse;
      const id = request.headers[TRACE_HEADER];
      if (typeof id === 'string') {
        const trace: CommandTrace = {
          id,
          callsBeforeAck: 0,
          callsAfterAck: 0,
          listenerSeen: false,
          listenerBeforeAck: false,
          response,
          arrivedAt: performance.now(),
          respondedAt: undefined,
        };
        response.once('finish', () => {
          trace.respondedAt = performance.now();
        });
        traces.set(id, trace);
        return context.run(trace, () => Reflect.apply(emit, this, [event, ...args]) as boolean);
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  };
  Server.prototype.emit = traced as typeof emit;

  const schedule = RequestLimiter.prototype.schedule;
  RequestLimiter.prototype.schedule = function <T>(
    this: RequestLimiter,
    attempt: () => Promise<T>,
  ): Promise<T> {
    const lane = lanes.get(this.workspace) ?? { foreground: 0, background: 0 };
    if (isBackground()) lane.background++;
    else lane.foreground++;
    lanes.set(this.workspace, lane);
    const trace = context.getStore();
    if (trace) {
      if (trace.response.writableEnded) trace.callsAfterAck++;
      else trace.callsBeforeAck++;
    }
    return schedule.call(this, attempt) as Promise<T>;
  };

  // Every read an index makes of the vendor starts in Feed.run (joins of a read already running included).
  const run = Feed.prototype.run;
  Feed.prototype.run = function (this: Feed<never, never>, work: FeedWork, background: boolean) {
    if (!this.busy) feedRuns.push({ work, at: performance.now() });
    return run.call(this, work, background);
  } as typeof run;

  subscribe('undici:request:create', (message) => {
    const request = field(message, 'request');
    const origin = originOf(field(request, 'origin'));
    if (!origin || !watched.has(origin) || typeof request !== 'object' || request === null) return;
    const path = field(request, 'path');
    const call: WireCall = {
      origin,
      path: typeof path === 'string' ? path : '',
      start: performance.now(),
      end: undefined,
      status: undefined,
    };
    calls.push(call);
    byRequest.set(request, call);
  });
  subscribe('undici:request:headers', (message) => {
    const request = field(message, 'request');
    const call = typeof request === 'object' && request !== null ? byRequest.get(request) : undefined;
    const status = field(field(message, 'response'), 'statusCode');
    if (call && typeof status === 'number') call.status = status;
  });
  const finish = (message: unknown) => {
    const request = field(message, 'request');
    const call = typeof request === 'object' && request !== null ? byRequest.get(request) : undefined;
    if (call && call.end === undefined) call.end = performance.now();
  };
  subscribe('undici:request:trailers', finish);
  subscribe('undici:request:error', finish);
}

/** How many reads of each kind indexes started in [from, to] (performance.now() times). */
export function feedWork(from = 0, to = Number.POSITIVE_INFINITY): Record<FeedWork, number> {
  const counts: Record<FeedWork, number> = { full: 0, incremental: 0, reconcile: 0 };
  for (const r of feedRuns) if (r.at >= from && r.at <= to) counts[r.work]++;
  return counts;
}

/** Marks the trace of the request being handled as having reached the listener; call from inside the app. */
export function noteListener(): void {
  const trace = context.getStore();
  if (!trace) return;
  trace.listenerSeen = true;
  if (!trace.response.writableEnded) trace.listenerBeforeAck = true;
}

/** Requests scheduled so far for a workspace, per lane (a copy). */
export function laneCounts(workspace: string): LaneCounts {
  const lane = lanes.get(workspace);
  return lane ? { ...lane } : { foreground: 0, background: 0 };
}

export function traceOf(id: string): CommandTrace | undefined {
  return traces.get(id);
}

export function forgetTraces(): void {
  traces.clear();
}

/** Record wire calls to this vendor origin from now on. */
export function watchOrigin(url: string): void {
  const origin = originOf(url);
  if (origin) watched.add(origin);
}

/** Wire calls to `url`'s origin that started in [from, to] (performance.now() times). */
export function wireCalls(url: string, from = 0, to = Number.POSITIVE_INFINITY): WireCall[] {
  const origin = originOf(url);
  return calls.filter((c) => c.origin === origin && c.start >= from && c.start <= to);
}

/** Drops recorded wire calls (between sections, so memory stays flat). */
export function clearWireCalls(): void {
  calls.length = 0;
}

/** Milliseconds covered by the union of the calls' [start, end] intervals, clipped to `until`. */
export function coveredMs(list: readonly WireCall[], until: number): number {
  const spans = list
    .map((c) => [c.start, Math.min(c.end ?? until, until)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let open = Number.NEGATIVE_INFINITY;
  let close = Number.NEGATIVE_INFINITY;
  for (const [s, e] of spans) {
    if (s > close) {
      if (close > open) total += close - open;
      open = s;
      close = e;
    } else if (e > close) close = e;
  }
  if (close > open) total += close - open;
  return total;
}
