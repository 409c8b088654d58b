// `npm run bench`: runs every bench, prints the tables and writes them, with the machine, to bench/RESULTS.md.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchAcks, benchBurst, benchLookups, benchNeighbour } from './app-bench.js';
import { benchFreshness } from './freshness-bench.js';
import { installProbes } from './probes.js';
import { benchReplicasTable } from './replicas-bench.js';
import { markdown, ms, num, type Table, verdict } from './report.js';
import type { SearchBenchRow } from './search-bench.js';
import { benchColdVendors } from './vendor-bench.js';

/** Runs `script` (a bench step) in a fresh process, with this one's flags, and returns the JSON it prints last. */
async function inFreshProcess<T>(script: string, what: string): Promise<T> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !/^[[{]/.test(line)) throw new Error(`${what} failed (exit ${code}): ${out}`);
  return JSON.parse(line) as T;
}

/** The memory bench runs in its own process, so the RSS it reports holds the indexes and nothing the app benches left. */
const searchRows = () => inFreshProcess<SearchBenchRow[]>('./search-child.ts', 'search bench');

/**
 * The per-vendor burst too: its ratio to a bare server is a few tens of milliseconds either way, and what the
 * benches before it leave in this process (a 10,000-customer heap, other apps' timers) moved it from run to run.
 */
const benchVendorBurstsAlone = () => inFreshProcess<Table>('./burst-child.ts', 'burst per vendor');

async function benchMemory(): Promise<Table> {
  const [row] = await searchRows();
  if (!row) throw new Error('search bench returned no row');
  const estimateRatio = row.estimatedBytesPerCustomer / row.heapBytesPerCustomer;
  const defaultBound = 512 * 2 ** 20;
  const fitting = Math.floor(defaultBound / (row.estimatedBytesPerCustomer * row.customersPerWorkspace));
  return {
    title: '6. Memory: 1,000 workspaces of 1,000 customers indexed',
    setup:
      `bench/search-bench.ts in a fresh process: ${num(row.workspaces)} catalogs of ${num(row.customersPerWorkspace)} ` +
      'customers each (sandbox-generated records, no contacts), heap measured after full GCs.',
    head: ['Measure', 'Value', 'Target', 'Result'],
    rows: [
      ['RSS with all indexed', `${num(row.rssMb)} MB`, '≤ 2,048 MB', verdict(row.rssMb <= 2048)],
      [
        'Heap per customer, records + index',
        `${num(row.heapBytesPerCustomer)} B`,
        '≤ 2,048 B',
        verdict(row.heapBytesPerCustomer <= 2048),
      ],
      [
        'Heap per customer, index only',
        `${num(row.indexBytesPerCustomer)} B`,
        '≤ 1,024 B',
        verdict(row.indexBytesPerCustomer <= 1024),
      ],
      [
        'Index’s own estimate per customer (what the LRU bound counts)',
        `${num(row.estimatedBytesPerCustomer)} B (${num(100 * estimateRatio, 0)}% of measured)`,
        'within ±15% of measured',
        verdict(Math.abs(estimateRatio - 1) <= 0.15),
      ],
      ['Query p50 / p95 across the indexes', `${ms(row.p50Ms, 2)} / ${ms(row.p95Ms, 2)}`, 'info', 'info'],
      ['Indexing time, records already in memory', ms(row.buildMs), 'info', 'info'],
    ],
    notes: [
      `With the default INDEX_MEMORY_MB=512 the LRU keeps about ${num(fitting)} such workspaces' indexes; the ` +
        'rest are rebuilt from the vendor on their next use.',
    ],
  };
}

function header(startedAt: Date, seconds: number, load: readonly number[]): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${startedAt.toISOString()}.`,
    '',
    `Machine: ${availableParallelism()} cores (\`nproc\`), ${cpu}, ${num(totalmem() / 2 ** 30, 1)} GiB memory, ` +
      `Node.js ${process.version}, ${process.platform}/${process.arch}. Whole run: ${num(seconds)} s. Load average ` +
      `(1 / 5 / 15 min) at the start: ${load.map((l) => num(l, 2)).join(' / ')}, at the end: ` +
      `${loadavg()
        .map((l) => num(l, 2))
        .join(' / ')} (other work on the machine slows every wall time here; ratios to a floor measured in ` +
      'the same run are the steadier figures).',
    '',
    'The app runs in the bench process as `npm start` builds it (createApp, config from loadConfig), on ' +
      '127.0.0.1:0, driven by signed slash commands; the fake Slack (response_url) and the fake vendors run in the ' +
      'same process, so their CPU shares the app’s event loop (a conservative setup on 2 cores). Fake Atera list ' +
      'pages are served from a snapshot (bench/bench-atera.ts explains why); latency, 429s and request recording ' +
      'are the test fakes’ own. Nothing is scaled down: every size and count is the one asked for; the ' +
      'VENDOR_RATE_LIMIT_PER_MINUTE of each table is stated in it. The probes (an AsyncLocalStorage around each ' +
      'command, a wrapper on RequestLimiter.schedule, undici’s diagnostics channels; bench/probes.ts) cost a few ' +
      'percent of CPU.',
  ].join('\n');
}

/** One line per target: how many passed, and which missed. */
function verdicts(tables: readonly Table[]): string {
  let passed = 0;
  const missed: string[] = [];
  for (const table of tables) {
    const number = table.title.split(' ')[0] ?? '';
    for (const row of table.rows) {
      const judged = row.flatMap((cell, i) =>
        cell.startsWith('PASS') || cell.startsWith(verdict(false)) ? [i] : [],
      );
      for (const i of judged) {
        if (row[i]?.startsWith('PASS')) passed++;
        else missed.push(`- ${number} ${row[0]}${judged.length > 1 ? ` (${table.head[i - 2]})` : ''}`);
      }
    }
  }
  const head = `**${passed} targets met, ${missed.length} missed.**`;
  return missed.length === 0 ? head : [head, '', 'Missed:', ...missed].join('\n');
}

async function main(): Promise<void> {
  installProbes();
  const startedAt = new Date();
  const load = loadavg();
  const started = performance.now();
  const tables: Table[] = [];
  const steps: Array<[string, () => Promise<Table | Table[]>]> = [
    ['ack latency', benchAcks],
    ['lookups', benchLookups],
    ['burst', benchBurst],
    ['noisy neighbour', benchNeighbour],
    ['memory', benchMemory],
    ['freshness and restart', benchFreshness],
    ['burst per vendor', benchVendorBurstsAlone],
    ['cold index per vendor', benchColdVendors],
    ['replicas', benchReplicasTable],
  ];
  // `npm run bench -- <words>` runs only the steps whose name contains one of them, and writes no RESULTS.md.
  const only = process.argv.slice(2);
  const chosen =
    only.length === 0 ? steps : steps.filter(([name]) => only.some((word) => name.includes(word)));
  for (const [name, step] of chosen) {
    const t = performance.now();
    process.stderr.write(`bench: ${name}...\n`);
    const result = await step();
    const list = Array.isArray(result) ? result : [result];
    for (const table of list) {
      tables.push(table);
      process.stdout.write(`${markdown(table)}\n\n`);
    }
    process.stderr.write(`bench: ${name} took ${num((performance.now() - t) / 1000, 1)} s\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = verdicts(tables);
  process.stdout.write(`${summary}\n`);
  if (only.length > 0) {
    process.stderr.write(`bench: done in ${num(seconds)} s; a partial run writes no bench/RESULTS.md\n`);
    return;
  }
  const text = `${header(startedAt, seconds, load)}\n\n${summary}\n\n${tables.map(markdown).join('\n\n')}\n`;
  writeFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), text);
  process.stderr.write(`bench: done in ${num(seconds)} s; wrote bench/RESULTS.md\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}${
        error instanceof Error && error.cause
          ? `\ncaused by: ${String((error.cause as Error).stack ?? error.cause)}`
          : ''
      }\n`,
    );
    process.exit(1);
  },
);
