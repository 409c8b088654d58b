// What keeping an index fresh costs (vendor requests per workspace-hour, full re-reads every 600 s vs only what
// changed every 60 s) and how long a restart takes to its first answered lookup (empty store vs snapshot).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type BenchAtera, startBenchAtera } from './bench-atera.js';
import { type BenchApp, startBenchApp } from './harness.js';
import { clearWireCalls, feedWork, watchOrigin } from './probes.js';
import { ms, num, type Table, verdict } from './report.js';

const LATENCY_MS = 100;
const RATE = 3000;
/** The defaults the cost is stated at: INDEX_TTL_SECONDS, INDEX_REFRESH_SECONDS, INDEX_RECONCILE_SECONDS, backstop. */
const BEFORE_PERIOD_S = 600;
const REFRESH_S = 60;
const RECONCILE_S = 900;
const REBUILD_S = 24 * 3600;
/** The measuring window runs the same reads faster: every second, and a count every 4 s. */
const WINDOW_S = 16;
const SCALED = { INDEX_REFRESH_SECONDS: '1', INDEX_RECONCILE_SECONDS: '4' };

interface SizeRun {
  customers: number;
  contacts: number;
  /** List pages one full read takes (customers + contacts), as the cold build read them. */
  fullReadPages: number;
  window: { seconds: number; edits: number; incremental: number; reconcile: number; full: number };
  changedRequests: number;
  countRequests: number;
  /** Restart to first answered lookup, and whole-list pages (past page 1) read before that answer. */
  coldMs: number;
  coldPages: number;
  restoredMs: number;
  restoredPages: number;
  restoredKind: string;
  coldKind: string;
}

const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, msec));

/** Starts the app on `dataDir` and times its start to the answer of one `/customer` (a customer on the last page). */
async function firstLookup(
  env: Record<string, string>,
  team: string,
  front: BenchAtera,
  dataDir: string,
): Promise<{ app: BenchApp; ms: number; pages: number; kind: string }> {
  front.resetServed();
  const started = performance.now();
  const app = await startBenchApp(env, new Map([[team, front.connection]]), { dataDir });
  // Atera lists newest first: the oldest customer is on the last page.
  const target = front.customers.at(-1);
  const sent = await app.send(team, '/customer', target?.Domain ?? target?.CustomerName ?? 'acme', 600_000);
  const reply = await sent.reply;
  const served = front.served();
  return {
    app,
    ms: (reply?.at ?? performance.now()) - started,
    pages: served.pagesPastFirst,
    kind: reply?.kind ?? 'unanswered',
  };
}

async function runSize(customers: number): Promise<SizeRun> {
  const front = await startBenchAtera({
    customers,
    latencyMs: LATENCY_MS,
    ratePerMinute: RATE,
    seed: customers + 5,
  });
  watchOrigin(front.url);
  const dataDir = mkdtempSync(join(tmpdir(), 'msp-fresh-'));
  const team = `TFRESH${customers}`;
  const env = { VENDOR_RATE_LIMIT_PER_MINUTE: String(RATE), ...SCALED };
  try {
    // Before: an empty store, so the first lookup waits for the whole build (what every restart did).
    const cold = await firstLookup(env, team, front, dataDir);
    const index = cold.app.bot.services.indexes.get(team);
    while (index?.refreshing) await sleep(50);
    const served0 = front.served();
    const fullReadPages = served0.customerPages + served0.contactPages;

    // The freshness window: one edit at the vendor per refresh period, as a busy account's web app makes them.
    front.resetServed();
    const from = performance.now();
    let edits = 0;
    for (let second = 0; second < WINDOW_S; second++) {
      const customer = front.customers[(second * 37) % front.customers.length];
      if (customer) {
        front.rename(customer.CustomerID, `${customer.CustomerName ?? 'Customer'} (edited ${second})`);
        edits++;
      }
      await sleep(1000);
    }
    const to = performance.now();
    const served = front.served();
    const work = feedWork(from, to);
    await cold.app.stop();

    // After: the same store, so the snapshot answers.
    const restored = await firstLookup(env, team, front, dataDir);
    await restored.app.stop();
    return {
      customers,
      contacts: front.contactCount,
      fullReadPages,
      window: { seconds: (to - from) / 1000, edits, ...work },
      changedRequests: served.customersChanged + served.contactsChanged,
      // Customers are counted by an itemsInPage=1 read; contacts by page 1's total (a whole-list page 1).
      countRequests: served.customerCounts + served.contactPages,
      coldMs: cold.ms,
      coldPages: cold.pages,
      coldKind: cold.kind,
      restoredMs: restored.ms,
      restoredPages: restored.pages,
      restoredKind: restored.kind,
    };
  } finally {
    await front.close();
    rmSync(dataDir, { recursive: true, force: true });
    clearWireCalls();
  }
}

/** Requests per workspace-hour at the default periods, from what one read of each kind cost in the window. */
function perHour(run: SizeRun) {
  const lists = 2;
  const reads = run.window.incremental + run.window.reconcile;
  const perChanged = reads === 0 ? Number.NaN : run.changedRequests / reads;
  const perCount = run.window.reconcile === 0 ? Number.NaN : run.countRequests / run.window.reconcile;
  const before = run.fullReadPages * (3600 / BEFORE_PERIOD_S);
  // Each list: one changed-since read a minute (a reconcile's included), a count every 15 minutes, and the
  // whole list once a day as a backstop.
  const after =
    lists * (3600 / REFRESH_S) * perChanged +
    lists * (3600 / RECONCILE_S) * perCount +
    run.fullReadPages * (3600 / REBUILD_S);
  return { before, after, perChanged, perCount };
}

export async function benchFreshness(): Promise<Table[]> {
  const runs: SizeRun[] = [];
  for (const size of [1_000, 10_000]) runs.push(await runSize(size));
  const cost: Table = {
    title: '7. Keeping the index fresh: vendor requests per workspace-hour',
    setup:
      `One workspace per size on a fake Atera (${LATENCY_MS} ms a request, VENDOR_RATE_LIMIT_PER_MINUTE=${num(RATE)}), ` +
      'customers and contacts indexed (Atera cannot list one customer’s contacts). Before: the whole account is ' +
      `re-read every ${BEFORE_PERIOD_S} s (INDEX_TTL_SECONDS): the pages of one full read, as the cold build read them, ` +
      `× ${3600 / BEFORE_PERIOD_S} an hour. After: only what changed every ${REFRESH_S} s, a count every ` +
      `${RECONCILE_S / 60} min, the whole list once a day. The after-cost is measured, not assumed: the app ran ` +
      `${WINDOW_S} s with INDEX_REFRESH_SECONDS=1 and INDEX_RECONCILE_SECONDS=4 while one customer a second was ` +
      'edited at the fake (one edit per refresh period); the requests each kind of read cost there are scaled to ' +
      'the default periods.',
    head: [
      'Customers (contacts)',
      'Before: full re-reads',
      'After: changes + counts + daily re-read',
      'Measured per read (changed-since / count)',
      'Window: reads (changed-since / count / full)',
      'Before ÷ after',
      'Target',
      'Result',
    ],
    rows: runs.map((r) => {
      const h = perHour(r);
      const ratio = h.before / h.after;
      const target = r.customers >= 10_000 ? '≥ 20×' : 'info';
      return [
        `${num(r.customers)} (${num(r.contacts)})`,
        `${num(h.before)} /h (${num(r.fullReadPages)} pages × ${3600 / BEFORE_PERIOD_S})`,
        `${num(h.after)} /h`,
        `${num(h.perChanged, 2)} / ${num(h.perCount, 2)} requests`,
        `${num(r.window.incremental + r.window.reconcile)} / ${num(r.window.reconcile)} / ${num(r.window.full)} in ${num(r.window.seconds, 1)} s, ${r.window.edits} edits`,
        `${num(ratio, 1)}×`,
        target,
        r.customers >= 10_000 ? verdict(ratio >= 20 && r.window.full === 0) : 'info',
      ];
    }),
    notes: [
      'Freshness after an edit: at most one refresh period (60 s) instead of one TTL (600 s). A deletion made in ' +
        'the vendor’s app shows within the reconcile period (15 min): the count differs, and only then is the ' +
        'whole list read. The client’s one /account read (the time zone, once per connection) is left out of both.',
    ],
  };
  const restart: Table = {
    title: '8. Restart to the first answered lookup',
    setup:
      'The app started on a store, then `/customer <domain of a customer on the last page>`; time from the start ' +
      '(store open, migrations, HTTP listening) to the answer on response_url. Before: an empty store, so the lookup ' +
      'waits for the full build (what every restart did). After: the store the previous run left, so the index ' +
      'answers from its snapshot and refreshes behind.',
    head: [
      'Customers (contacts)',
      'Before: full build',
      'After: snapshot',
      'Before ÷ after',
      'Whole-list pages past page 1 read before the answer (before / after)',
      'Target',
      'Result',
    ],
    rows: runs.map((r) => [
      `${num(r.customers)} (${num(r.contacts)})`,
      `${ms(r.coldMs)} (${r.coldKind})`,
      `${ms(r.restoredMs)} (${r.restoredKind})`,
      `${num(r.coldMs / r.restoredMs, 1)}×`,
      `${num(r.coldPages)} / ${num(r.restoredPages)}`,
      r.customers >= 10_000 ? 'after: 0 pages, a card' : 'info',
      r.customers >= 10_000 ? verdict(r.restoredPages === 0 && r.restoredKind === 'card') : 'info',
    ]),
  };
  return [cost, restart];
}
