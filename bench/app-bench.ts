// End-to-end benches of the running app: ack latency, lookup latency warm and cold, vendor requests, 429s, fairness.
import { performance } from 'node:perf_hooks';
import type { VendorConnection } from '../src/config.js';
import { spacingForRate } from '../src/queue/index.js';
import { type BenchAtera, startBenchAtera } from './bench-atera.js';
import { type BenchApp, type Reply, type ReplyKind, type SentCommand, startBenchApp } from './harness.js';
import {
  clearWireCalls,
  coveredMs,
  forgetTraces,
  laneCounts,
  traceOf,
  watchOrigin,
  wireCalls,
} from './probes.js';
import { type BenchQuery, benchQueries } from './queries.js';
import { ms, num, percentile, type Table, verdict } from './report.js';

/** Vendor requests a workspace keeps in flight: WorkspaceQueues' default (services.ts sets none). */
const REQUEST_CONCURRENCY = 6;

async function startFronts(count: number, options: Parameters<typeof startBenchAtera>[0]) {
  const fronts: BenchAtera[] = [];
  for (let i = 0; i < count; i++) {
    const front = await startBenchAtera({ ...options, seed: (options.seed ?? 1) + i });
    watchOrigin(front.url);
    fronts.push(front);
  }
  return fronts;
}

async function closeAll(fronts: readonly BenchAtera[]): Promise<void> {
  await Promise.all(fronts.map((f) => f.close()));
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i];
      if (item !== undefined) out[i] = await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

interface LookupSample {
  query: BenchQuery;
  e2eMs: number;
  kind: ReplyKind | 'unanswered';
  vendorRequests: number;
  vendorMs: number;
}

/** One lookup at a time, so every vendor request between send and reply belongs to that lookup. */
async function sequentialLookups(
  app: BenchApp,
  team: string,
  front: BenchAtera,
  queries: readonly BenchQuery[],
): Promise<LookupSample[]> {
  const samples: LookupSample[] = [];
  for (const query of queries) {
    const before = front.requests().length;
    const behind = laneCounts(team).background;
    const sent = await app.send(team, '/customer', query.text, 60_000);
    const reply = await sent.reply;
    const end = reply?.at ?? performance.now();
    samples.push({
      query,
      e2eMs: end - sent.sentAt,
      kind: reply?.kind ?? 'unanswered',
      // The index's own refresh (every 60 s, in the background lane) may land meanwhile: not this lookup's.
      vendorRequests: front.requests().length - before - (laneCounts(team).background - behind),
      vendorMs: coveredMs(wireCalls(front.url, sent.sentAt, end), end),
    });
  }
  return samples;
}

function indexBuildMs(app: BenchApp, workspace: string): number | undefined {
  const durations = app.logs.lines
    .filter((l) => l.msg === 'index built' && l.workspace === workspace)
    .map((l) => (typeof l.durationMs === 'number' ? l.durationMs : 0));
  return durations.length === 0 ? undefined : Math.max(...durations);
}

function count<T>(list: readonly T[], test: (item: T) => boolean): number {
  let n = 0;
  for (const item of list) if (test(item)) n++;
  return n;
}

/** A percentile of the samples' end-to-end times. */
function e2eAt(samples: readonly LookupSample[], p: number): number | null {
  return percentile(
    samples.map((s) => s.e2eMs),
    p,
  );
}

function teams(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);
}

// ---------------------------------------------------------------- 1. ack latency

export async function benchAcks(): Promise<Table> {
  const workspaces = 20;
  const perWorkspace = 10;
  const latencyMs = 150;
  const fronts = await startFronts(workspaces + 1, { customers: 300, latencyMs });
  const ids = teams(workspaces);
  const connections = new Map<string, VendorConnection>();
  const warmFront = fronts[workspaces];
  if (warmFront) connections.set('T00', warmFront.connection);
  ids.forEach((team, i) => {
    const front = fronts[i];
    if (front) connections.set(team, front.connection);
  });
  const app = await startBenchApp({ VENDOR_RATE_LIMIT_PER_MINUTE: '600' }, connections);
  try {
    // Load and warm every module on the path (Bolt, the vendor client, the index, the blocks) in a workspace
    // of its own, so the measured burst is not also the process's first use of them.
    await Promise.all(Array.from({ length: 20 }, () => app.send('T00', '/customer', 'help')));
    for (const query of benchQueries(warmFront?.customers ?? [], 16, { seed: 99 })) {
      await (await app.send('T00', '/customer', query.text, 60_000)).reply;
    }
    forgetTraces();
    const plan = Array.from({ length: workspaces * perWorkspace }, (_, i) => {
      const w = i % workspaces;
      const front = fronts[w];
      const query = front ? benchQueries(front.customers, 1, { seed: i + 1 })[0] : undefined;
      return { team: ids[w] ?? 'T01', text: query?.text ?? 'acme' };
    });
    const prepared = plan.map((p) => app.prepare(p.team, '/customer', p.text, 120_000));
    const results = await app.burstFromWorker(prepared);
    const sent = results.map((r, i) => ({
      ...r,
      trace: prepared[i]?.trace ?? '',
      reply: prepared[i]?.reply,
    }));
    const acks = sent.map((s) => s.ackedAt - s.sentAt);
    const traced = sent.map((s) => traceOf(s.trace));
    const serverSide = traced.flatMap((t) =>
      t?.respondedAt === undefined ? [] : [t.respondedAt - t.arrivedAt],
    );
    const waited = count(traced, (t) => (t?.callsBeforeAck ?? 0) > 0);
    const ok = count(sent, (s) => s.status === 200);
    const replies = await Promise.all(sent.map((s) => s.reply));
    // Commands are acked before Bolt dispatches them (src/slack/commands-first.ts): the listeners ran after the
    // acks, so they are counted once every reply is in.
    const seen = count(traced, (t) => t?.listenerSeen === true);
    const listenerBeforeAck = count(traced, (t) => t?.listenerBeforeAck === true);
    const answered = replies.filter((r): r is Reply => r !== undefined);
    const e2e = sent.flatMap((s, i) => {
      const r = replies[i];
      return r ? [r.at - s.sentAt] : [];
    });
    const slowerThanVendor = count(acks, (a) => a >= latencyMs);
    // Not a wall time but a property of the design: the ack goes out before any vendor work. Say so loudly.
    const holds = waited === 0 && seen === sent.length;
    process.stderr.write(
      `bench: assert ack-before-vendor: ${waited}/${sent.length} acks waited on a vendor call ` +
        `(probe reached ${seen}/${sent.length} listeners): ${holds ? 'OK' : 'FAILED'}\n`,
    );
    if (!holds) process.exitCode = 1;
    const total = sent.length;
    const p50 = percentile(acks, 0.5);
    const p99 = percentile(acks, 0.99);
    return {
      title: '1. Ack latency under 200 concurrent `/customer` commands',
      setup:
        `${total} signed \`/customer <query>\` commands sent at once, ${perWorkspace} to each of ${workspaces} workspaces ` +
        `(T01..T20), each workspace its own fake Atera (300 customers, ${latencyMs} ms per request), indexes cold, ` +
        'so every job has vendor work to do. Ack = HTTP response to the slash command, timed by a client in a ' +
        'worker thread over already-open keep-alive connections (so sending 200 requests neither shares the app’s ' +
        'event loop nor measures TCP handshakes); the whole path was warmed first in another workspace. The ack ' +
        'targets are the bench’s own (Slack allows 3 s).',
      head: ['Measure', 'Value', 'Target', 'Result'],
      rows: [
        ['Ack p50', ms(p50), '≤ 500 ms', verdict(p50 !== null && p50 <= 500)],
        ['Ack p99', ms(p99), '≤ 1,000 ms (Slack allows 3,000)', verdict(p99 !== null && p99 <= 1000)],
        ['Ack max', ms(Math.max(...acks)), 'info', 'info'],
        [
          'Ack p50 / p99 inside the app (request emitted → response flushed)',
          `${ms(percentile(serverSide, 0.5), 1)} / ${ms(percentile(serverSide, 0.99), 1)}`,
          'info',
          'info',
        ],
        ['Acks answered 200', `${ok} / ${total}`, `${total} / ${total}`, verdict(ok === total)],
        [
          'Acks that waited on a vendor call (vendor request scheduled in the request before its ack was sent)',
          `${waited} / ${total} (${num((100 * waited) / total, 1)}%)`,
          '0',
          verdict(waited === 0),
        ],
        [
          'Probe check: listener reached inside the traced request',
          `${seen} / ${total}`,
          `${total} / ${total}`,
          verdict(seen === total),
        ],
        [
          'Listeners that ran before their command’s ack (commands are acked before Bolt)',
          `${listenerBeforeAck} / ${total}`,
          'info',
          'info',
        ],
        [
          `Acks slower than one vendor request (${latencyMs} ms)`,
          `${slowerThanVendor} / ${total}`,
          'info',
          'info',
        ],
        [
          'Replies on response_url (cold index build + card)',
          `${answered.length} / ${total}; p50 ${ms(percentile(e2e, 0.5))}, p99 ${ms(percentile(e2e, 0.99))}`,
          `${total} / ${total}`,
          verdict(answered.length === total),
        ],
      ],
      notes: [
        'A vendor request "waited on" by an ack is counted by wrapping RequestLimiter.schedule (every vendor ' +
          'attempt goes through it) and checking, in the slash command’s own async context, whether the HTTP ' +
          'response had already been ended. The probe-check row shows that context reached every listener.',
        'A signed slash command is acked (an empty 200) before Bolt sees it, and handed to Bolt once the burst ' +
          'pauses, one per event-loop turn (src/slack/commands-first.ts); what a listener acks with goes to the ' +
          'response_url. Acks still queue for one event loop with the jobs and the fakes of the same process.',
      ],
    };
  } finally {
    await app.stop();
    await closeAll(fronts);
    clearWireCalls();
  }
}

// ---------------------------------------------------------------- 2 + 3. lookups warm and cold, vendor requests

interface SizeResult {
  size: number;
  contacts: number;
  pages: number;
  coldE2eMs: number;
  coldKind: ReplyKind | 'unanswered';
  buildMs: number | undefined;
  floorMs: number;
  rateFloorMs: number;
  concurrencyFloorMs: number;
  coldRequests: number;
  cold429s: number;
  warm: LookupSample[];
  repeatRequests: number;
  repeatKind: ReplyKind | 'unanswered';
}

export async function benchLookups(): Promise<Table[]> {
  const latencyMs = 100;
  const ratePerMinute = 3000;
  const sizes = [1_000, 10_000, 50_000];
  const warmLookups = 200;
  const connections = new Map<string, VendorConnection>();
  const app = await startBenchApp({ VENDOR_RATE_LIMIT_PER_MINUTE: String(ratePerMinute) }, connections);
  const spacing = spacingForRate(ratePerMinute);
  const results: SizeResult[] = [];
  try {
    for (const size of sizes) {
      const team = `TSIZE${size}`;
      const front = await startBenchAtera({ customers: size, latencyMs, ratePerMinute });
      watchOrigin(front.url);
      connections.set(team, front.connection);
      try {
        const target = front.customers[Math.floor(front.customers.length / 3)];
        // A domain names exactly one customer, so the cold lookup ends in a card, as a technician's usually does.
        const coldQuery = target?.Domain ?? target?.CustomerName ?? 'acme';
        const cold = await app.send(team, '/customer', coldQuery, 300_000);
        const coldReply = await cold.reply;
        const coldEnd = coldReply?.at ?? performance.now();
        const coldRequests = front.requests().length;
        const cold429s = count(wireCalls(front.url), (c) => c.status === 429);
        const pages = front.pages.customers + front.pages.contacts;
        const rateFloorMs = 2 * latencyMs + Math.max(0, pages - 2) * spacing;
        const concurrencyFloorMs =
          latencyMs + Math.ceil(Math.max(0, pages - 2) / REQUEST_CONCURRENCY) * latencyMs;

        const queries = benchQueries(front.customers, warmLookups + 10, { seed: size + 1 });
        await sequentialLookups(app, team, front, queries.slice(0, 10));
        const warm = await sequentialLookups(app, team, front, queries.slice(10));
        // The same card twice in a row: the second could be served wholly from the index.
        const repeat = await sequentialLookups(app, team, front, [
          { shape: 'domain', text: coldQuery },
          { shape: 'domain', text: coldQuery },
        ]);
        results.push({
          size,
          contacts: front.contactCount,
          pages,
          coldE2eMs: coldEnd - cold.sentAt,
          coldKind: coldReply?.kind ?? 'unanswered',
          buildMs: indexBuildMs(app, team),
          floorMs: Math.max(rateFloorMs, concurrencyFloorMs),
          rateFloorMs,
          concurrencyFloorMs,
          coldRequests,
          cold429s,
          warm,
          repeatRequests: repeat[1]?.vendorRequests ?? Number.NaN,
          repeatKind: repeat[1]?.kind ?? 'unanswered',
        });
      } finally {
        await front.close();
        clearWireCalls();
      }
    }
  } finally {
    await app.stop();
  }
  const stale = await staleCard(latencyMs, ratePerMinute);
  return lookupTables(results, stale, { latencyMs, ratePerMinute, spacing, warmLookups });
}

interface StaleResult {
  customers: number;
  contactPages: number;
  foreground: number;
  background: number;
  e2eMs: number;
  kind: ReplyKind | 'unanswered';
}

/**
 * A card looked up while the index is stale (marked so as after a lost replica bus: changes may have been missed):
 * it is still served, and what changed is read behind.
 */
async function staleCard(latencyMs: number, ratePerMinute: number): Promise<StaleResult> {
  const team = 'TSTALE';
  const front = await startBenchAtera({ customers: 1_000, latencyMs, ratePerMinute, seed: 77 });
  watchOrigin(front.url);
  const app = await startBenchApp(
    { VENDOR_RATE_LIMIT_PER_MINUTE: String(ratePerMinute) },
    new Map([[team, front.connection]]),
  );
  try {
    const target = front.customers[100];
    const query = target?.Domain ?? target?.CustomerName ?? 'acme';
    await sequentialLookups(app, team, front, [{ shape: 'domain', text: query }]);
    const index = app.bot.services.indexes.get(team);
    while (index?.refreshing) await new Promise((resolve) => setTimeout(resolve, 20));
    index?.invalidate();
    const state = index?.state;
    if (state !== 'stale') throw new Error(`expected a stale index, found ${state}`);
    const before = laneCounts(team);
    const [sample] = await sequentialLookups(app, team, front, [{ shape: 'domain', text: query }]);
    const after = laneCounts(team);
    // Let the refresh behind finish before the app stops.
    await new Promise((resolve) => setTimeout(resolve, 50));
    while (index?.refreshing) await new Promise((resolve) => setTimeout(resolve, 20));
    return {
      customers: front.customers.length,
      contactPages: front.pages.contacts,
      foreground: after.foreground - before.foreground,
      background: after.background - before.background,
      e2eMs: sample?.e2eMs ?? Number.NaN,
      kind: sample?.kind ?? 'unanswered',
    };
  } finally {
    await app.stop();
    await front.close();
    clearWireCalls();
  }
}

function lookupTables(
  results: readonly SizeResult[],
  stale: StaleResult,
  o: { latencyMs: number; ratePerMinute: number; spacing: number; warmLookups: number },
): Table[] {
  const warmTarget = 500;
  const e2e: Table = {
    title: '2. `/customer` end to end (command sent → response_url answered), warm and cold',
    setup:
      `One workspace per size on a fake Atera answering every request in ${o.latencyMs} ms, its limit ` +
      `${num(o.ratePerMinute)}/min and VENDOR_RATE_LIMIT_PER_MINUTE=${num(o.ratePerMinute)}. Warm: ${o.warmLookups} ` +
      'lookups one after another (names, prefixes, domains, typos, phones, misses; about half end in a card, ' +
      'which reads the custom values from Atera). Cold: the first lookup, which waits for the index build ' +
      '(customers and contacts: Atera cannot list one customer’s contacts), one sample per size.',
    head: [
      'Customers (contacts)',
      'Warm p50',
      'Warm p95',
      'Warm target',
      'Result',
      'Cold e2e',
      'Cold target (1.2 × (build floor + 1 request))',
      'Result',
    ],
    rows: results.map((r) => {
      const p95 = e2eAt(r.warm, 0.95);
      const coldTarget = 1.2 * (r.floorMs + o.latencyMs);
      return [
        `${num(r.size)} (${num(r.contacts)})`,
        ms(e2eAt(r.warm, 0.5)),
        ms(p95),
        `p95 ≤ ${warmTarget} ms`,
        verdict(p95 !== null && p95 <= warmTarget && r.warm.every((s) => s.kind !== 'unanswered')),
        `${ms(r.coldE2eMs)} (${r.coldKind})`,
        `≤ ${ms(coldTarget)}`,
        verdict(r.coldE2eMs <= coldTarget && r.coldKind === 'card'),
      ];
    }),
  };

  const build: Table = {
    title: '2b. Cold index build vs the floor the rate limit and latency set',
    setup:
      `Floor = max(rate floor, concurrency floor). Rate floor = 2 × ${o.latencyMs} ms + (pages − 2) × ` +
      `${num(o.spacing, 1)} ms (page 1 of customers and of contacts first, the rest started ` +
      `${num(o.spacing, 1)} ms apart: the limiter's spacing for ${num(o.ratePerMinute)}/min, which keeps 3% ` +
      `headroom under the vendor's limit). Concurrency floor = ${o.latencyMs} ms + ⌈(pages − 2) / ` +
      `${REQUEST_CONCURRENCY}⌉ × ${o.latencyMs} ms (${REQUEST_CONCURRENCY} requests in flight per workspace). ` +
      'Build time is the index’s own "index built" duration (the longer of customers and contacts).',
    head: [
      'Customers',
      'Pages (customers + contacts)',
      'Requests (build + card)',
      'Build time',
      'Floor (rate / concurrency)',
      'Build ÷ floor',
      'Target',
      'Result',
      '429s',
    ],
    rows: results.map((r) => {
      const ratio = r.buildMs === undefined ? undefined : r.buildMs / r.floorMs;
      return [
        num(r.size),
        num(r.pages),
        num(r.coldRequests),
        ms(r.buildMs),
        `${ms(r.floorMs)} (${ms(r.rateFloorMs)} / ${ms(r.concurrencyFloorMs)})`,
        ratio === undefined ? 'n/a' : `${num(ratio, 2)}×`,
        '≤ 1.2×',
        verdict(ratio !== undefined && ratio <= 1.2),
        num(r.cold429s),
      ];
    }),
  };

  const tenK = results.find((r) => r.size === 10_000);
  const own = tenK?.warm.map((s) => s.e2eMs - s.vendorMs) ?? [];
  const ownCards = tenK?.warm.filter((s) => s.kind === 'card').map((s) => s.e2eMs - s.vendorMs) ?? [];
  const ownP95 = percentile(own, 0.95);
  const ownTarget = 50;
  const ownTable: Table = {
    title: '2c. Our own time above the vendor’s, warm lookups at 10,000 customers',
    setup:
      'Per lookup: end-to-end time minus the wall time covered by the vendor requests it made (undici’s ' +
      'request create → trailers, so the vendor’s latency and the wire). What is left is Bolt, the queue, ' +
      'the limiter, the index search, the card and the response_url post.',
    head: ['Measure', 'Value', 'Target', 'Result'],
    rows: [
      ['Own time p50 (all lookups)', ms(percentile(own, 0.5), 1), 'info', 'info'],
      [
        'Own time p95 (all lookups)',
        ms(ownP95, 1),
        `≤ ${ownTarget} ms`,
        verdict(ownP95 !== null && ownP95 <= ownTarget),
      ],
      [
        'Own time p95 (card lookups only)',
        ms(percentile(ownCards, 0.95), 1),
        `≤ ${ownTarget} ms`,
        verdict((percentile(ownCards, 0.95) ?? Infinity) <= ownTarget),
      ],
      [
        'Vendor time p95 (card lookups)',
        ms(percentile(tenK?.warm.filter((s) => s.kind === 'card').map((s) => s.vendorMs) ?? [], 0.95), 1),
        'info',
        'info',
      ],
    ],
  };

  const all = results.flatMap((r) => r.warm);
  const byKind = (kind: ReplyKind) => all.filter((s) => s.kind === kind);
  const requestRow = (
    label: string,
    list: readonly LookupSample[],
    max: number,
    target: string,
  ): string[] => {
    const total = list.reduce((sum, s) => sum + s.vendorRequests, 0);
    const worst = list.length === 0 ? 0 : Math.max(...list.map((s) => s.vendorRequests));
    return [
      label,
      num(list.length),
      list.length === 0 ? 'n/a' : num(total / list.length, 2),
      num(worst),
      target,
      verdict(list.length > 0 && worst <= max),
    ];
  };
  const repeats = results.map((r) => r.repeatRequests);
  const requests: Table = {
    title: '3. Vendor requests per warm lookup',
    setup:
      `Requests the fake Atera recorded during each warm lookup of table 2 (${num(all.length)} lookups over the ` +
      'three sizes, one at a time, index fresh). Atera lists carry no custom values, so a card reads them: one ' +
      'request, every time (the values read are not kept in the index).',
    head: ['Lookup ends in', 'Lookups', 'Requests per lookup (avg)', 'Max', 'Target', 'Result'],
    rows: [
      requestRow('a card', byKind('card'), 2, '≤ 2 (what the card needs)'),
      requestRow('a list', byKind('list'), 0, '0 (the index holds them)'),
      requestRow('no match', byKind('none'), 0, '0 (the index holds them)'),
      [
        'the same card again, right after (index fresh)',
        num(repeats.length),
        num(repeats.reduce((a, b) => a + b, 0) / Math.max(1, repeats.length), 2),
        num(Math.max(...repeats)),
        '0 (the index holds it fresh)',
        verdict(repeats.every((n) => n === 0)),
      ],
      [
        `a card while the index is stale (served, what changed read behind; ${num(stale.customers)} customers)`,
        '1',
        `${num(stale.foreground)} for the card (+${num(stale.background)} refresh requests behind)`,
        num(stale.foreground),
        '≤ 2 (what the card needs)',
        verdict(stale.kind === 'card' && stale.foreground <= 2),
      ],
    ],
    notes: [
      `Other outcomes: ${num(all.length - byKind('card').length - byKind('list').length - byKind('none').length)}.`,
      'The stale row: the index was marked stale (as after a lost replica bus) right before the card; it answered ' +
        `in ${ms(stale.e2eMs)}. Requests are split by the limiter's lane (user work vs background refresh). The ` +
        `card made ${num(stale.foreground)} request(s) of its own and none of the ${num(stale.contactPages)} ` +
        'contacts pages: a stale index still serves the card (customerDetail, src/operations/lookups.ts) while ' +
        'only what changed is read, in the background lane, and custom values already read are reused.',
    ],
  };
  return [e2e, build, ownTable, requests];
}

// ---------------------------------------------------------------- 4. a burst against the vendor's limit

export async function benchBurst(): Promise<Table> {
  const ratePerMinute = 600;
  const commands = 2_000;
  const [front] = await startFronts(1, { customers: 1_000, latencyMs: 100, ratePerMinute });
  if (!front) throw new Error('no fake vendor');
  const team = 'T0BURST';
  const app = await startBenchApp(
    {
      VENDOR_RATE_LIMIT_PER_MINUTE: String(ratePerMinute),
      QUEUE_MAX_PENDING: '2500',
      // This bench is about the vendor's limit, not admission: every command is let in, however long it waits.
      QUEUE_MAX_WAIT_SECONDS: '600',
    },
    new Map([[team, front.connection]]),
  );
  try {
    const warmup = await app.send(team, '/customer', front.customers[0]?.CustomerName ?? 'acme', 120_000);
    await warmup.reply;
    const queries = benchQueries(front.customers, commands, { seed: 11 });
    const requestsBefore = front.requests().length;
    const started = performance.now();
    const sent: SentCommand[] = await pooled(queries, 200, (q) =>
      app.send(team, '/customer', q.text, 600_000),
    );
    const ackedAll = performance.now();
    const replies = await Promise.all(sent.map((s) => s.reply));
    const finished = performance.now();
    const wire = wireCalls(front.url, started, finished);
    const got429 = count(wire, (c) => c.status === 429);
    const answered = replies.filter((r): r is Reply => r !== undefined);
    const kinds = (kind: ReplyKind) => count(answered, (r) => r.kind === kind);
    const vendorRequests = front.requests().length - requestsBefore;
    const minutes = (finished - started) / 60_000;
    const ok = count(sent, (s) => s.status === 200);
    return {
      title: '4. A burst of 2,000 commands for one workspace against the vendor’s limit',
      setup:
        `${num(commands)} \`/customer\` lookups sent as fast as 200 connections allow to one workspace (warm index, ` +
        `1,000 customers) whose fake Atera enforces ${ratePerMinute}/min (429 + Retry-After past it); the app runs ` +
        `with VENDOR_RATE_LIMIT_PER_MINUTE=${ratePerMinute}, QUEUE_MAX_PENDING=2500 and QUEUE_MAX_WAIT_SECONDS=600 ` +
        '(admission by expected wait would otherwise turn away what cannot start within 60 s; table 9 measures that).',
      head: ['Measure', 'Value', 'Target', 'Result'],
      rows: [
        [
          `429s received from the vendor (of ${num(count(wire, (c) => c.status !== undefined))} responses the probe saw)`,
          num(got429),
          '0',
          verdict(got429 === 0),
        ],
        ['Commands acked (HTTP 200)', `${num(ok)} / ${num(commands)}`, 'all', verdict(ok === commands)],
        [
          'Commands answered on response_url',
          `${num(answered.length)} / ${num(commands)}`,
          'all',
          verdict(answered.length === commands),
        ],
        [
          'Answers (cards / lists / no match)',
          `${num(kinds('card'))} / ${num(kinds('list'))} / ${num(kinds('none'))}`,
          'info',
          'info',
        ],
        ['"Busy" replies', num(kinds('busy')), '0', verdict(kinds('busy') === 0)],
        ['Error replies', num(kinds('error')), '0', verdict(kinds('error') === 0)],
        [
          'Vendor requests for the burst',
          `${num(vendorRequests)} (${num(vendorRequests / Math.max(1, kinds('card')), 2)} per card)`,
          '≤ 1 per card, 0 per list or miss',
          verdict(vendorRequests <= kinds('card')),
        ],
        [
          'Vendor request rate during the burst',
          `${num(vendorRequests / minutes, 0)}/min`,
          `≤ ${ratePerMinute}/min`,
          verdict(vendorRequests / minutes <= ratePerMinute),
        ],
        ['All acked after', ms(ackedAll - started), 'info', 'info'],
        ['Last answer after', ms(finished - started), 'info', 'info'],
      ],
    };
  } finally {
    await app.stop();
    await front.close();
    clearWireCalls();
  }
}

// ---------------------------------------------------------------- 5. a noisy neighbour

export async function benchNeighbour(): Promise<Table> {
  const ratePerMinute = 600;
  const fronts = await startFronts(2, { customers: 1_000, latencyMs: 100, ratePerMinute });
  const [quietFront, noisyFront] = fronts;
  if (!quietFront || !noisyFront) throw new Error('no fake vendors');
  const quiet = 'T0QUIET';
  const noisy = 'T0NOISY';
  const app = await startBenchApp(
    {
      VENDOR_RATE_LIMIT_PER_MINUTE: String(ratePerMinute),
      QUEUE_MAX_PENDING: '2500',
      // This bench is about the vendor's limit, not admission: every command is let in, however long it waits.
      QUEUE_MAX_WAIT_SECONDS: '600',
    },
    new Map([
      [quiet, quietFront.connection],
      [noisy, noisyFront.connection],
    ]),
  );
  const pending = () => app.bot.services.queues.get(noisy)?.stats().pending ?? 0;
  try {
    const warm = await Promise.all([
      app.send(quiet, '/customer', quietFront.customers[0]?.CustomerName ?? 'acme', 120_000),
      app.send(noisy, '/customer', noisyFront.customers[0]?.CustomerName ?? 'acme', 120_000),
    ]);
    await Promise.all(warm.map((s) => s.reply));
    // Two disjoint sets of queries drawn alike: a card once shown is served from memory, so repeating the
    // same queries would flatter the second run.
    const queries = benchQueries(quietFront.customers, 150, { seed: 5 });
    await sequentialLookups(app, quiet, quietFront, queries.slice(0, 10));
    const alone = await sequentialLookups(app, quiet, quietFront, queries.slice(10, 80));

    const noise = benchQueries(noisyFront.customers, 1_100, { seed: 6, shapes: ['name', 'domain'] });
    await pooled(noise, 200, (q) => app.send(noisy, '/customer', q.text, 1_000));
    const heldAtStart = pending();
    const crowded = await sequentialLookups(app, quiet, quietFront, queries.slice(80, 150));
    const heldAtEnd = pending();

    const p95Alone = e2eAt(alone, 0.95);
    const p95Crowded = e2eAt(crowded, 0.95);
    const ratio = p95Alone && p95Crowded ? p95Crowded / p95Alone : undefined;
    return {
      title: '5. A quiet workspace next to a noisy one',
      setup:
        `The quiet workspace runs ${alone.length} warm lookups one after another (two disjoint sets of queries drawn alike), ` +
        `first alone, then while a noisy workspace in the same process holds over 1,000 queued lookups ` +
        `(1,100 names and domains sent; most end in a card, which needs a vendor request, and its vendor allows ${ratePerMinute}/min).`,
      head: ['Quiet workspace', 'p50', 'p95', 'Noisy jobs queued (start → end)', 'Target', 'Result'],
      rows: [
        ['alone', ms(e2eAt(alone, 0.5)), ms(p95Alone), '0', 'info', 'info'],
        [
          'next to the noisy neighbour',
          ms(e2eAt(crowded, 0.5)),
          `${ms(p95Crowded)} (${ratio === undefined ? 'n/a' : `${num(ratio, 2)}×`} alone)`,
          `${num(heldAtStart)} → ${num(heldAtEnd)}`,
          'p95 ≤ 2 × alone',
          `${verdict(ratio !== undefined && ratio <= 2)}${heldAtStart < 1_000 ? ' (fewer than 1,000 were queued)' : ''}`,
        ],
      ],
    };
  } finally {
    await app.stop();
    await closeAll(fronts);
    clearWireCalls();
  }
}
