// Measures the customer index: query latency and memory per customer at 1k/10k/50k, and RSS across many workspaces.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Customer } from '../src/domain/index.js';
import { CustomerCatalog } from '../src/search/customer-catalog.js';
import { rankCustomers } from '../src/search/ranking.js';
import { createPrng, generateDemoData } from '../src/vendors/sandbox/demo-data.js';

/** One line of the search benchmark; `bench/run.ts` prints these as a table. */
export interface SearchBenchRow {
  scenario: string;
  workspaces: number;
  customersPerWorkspace: number;
  /** Time to index the records already in memory (no vendor calls). */
  buildMs: number;
  queries: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** Heap held per customer: the records plus the index's keys and tables. */
  heapBytesPerCustomer: number;
  /** Heap held per customer by the index alone (what indexing adds on top of the records). */
  indexBytesPerCustomer: number;
  /** The index's own estimate (what the LRU bound uses), per customer, to compare with the measurement. */
  estimatedBytesPerCustomer: number;
  rssMb: number;
}

/** A real collection of `gc()` so heap deltas measure what is retained, not garbage. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return typeof gc === 'function' ? () => gc() : () => undefined;
}

function heapUsed(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const SYLLABLES = [
  'ka',
  'zu',
  'ri',
  'mo',
  'ten',
  'lo',
  'vex',
  'an',
  'dor',
  'pi',
  'sha',
  'qu',
  'nel',
  'bri',
  'tor',
  'xi',
];

/**
 * Demo data has a small vocabulary; real customer lists are mostly distinct words. Give most customers
 * a made-up leading word so token lists and the typo search see a realistic vocabulary.
 */
function customers(count: number, seed: number): Customer[] {
  const random = createPrng(seed ^ 0x9e3779b9);
  const list = generateDemoData({ seed, customers: count, contactsPerCustomer: false }).customers;
  for (const [i, customer] of list.entries()) {
    if (i < 10 || random() < 0.3) continue;
    let word = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let s = 0; s < syllables; s++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    customer.name =
      `${word.charAt(0).toUpperCase()}${word.slice(1)} ${customer.name.split(' ').slice(1).join(' ')}`.trim();
  }
  return list;
}

/** A mix of what people type: names, starts of names, typos, domains, emails, phones and misses. */
function queries(list: Customer[], count: number): string[] {
  const random = createPrng(7);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const customer = list[Math.floor(random() * list.length)];
    if (!customer) continue;
    const name = customer.name;
    switch (i % 8) {
      case 0:
        out.push(name);
        break;
      case 1:
        out.push(name.slice(0, 4));
        break;
      case 2: {
        // Swap two letters in the middle: a typo, which sends the query through the fuzzy tier.
        const at = Math.max(1, Math.floor(name.length / 2));
        out.push(`${name.slice(0, at - 1)}${name.charAt(at)}${name.charAt(at - 1)}${name.slice(at + 1)}`);
        break;
      }
      case 3:
        out.push(customer.domains[0] ?? name);
        break;
      case 4:
        out.push(`someone@${customer.domains[0] ?? 'example.com'}`);
        break;
      case 5:
        out.push(customer.phone ?? name);
        break;
      case 6:
        out.push(name.split(' ').slice(-2).join(' ').toLowerCase());
        break;
      default:
        out.push(`zq${Math.floor(random() * 1e6)} nonexistent`);
    }
  }
  return out;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? null;
}

function round(value: number | null, digits = 3): number | null {
  return value === null ? null : Number(value.toFixed(digits));
}

async function singleWorkspace(size: number, gc: () => void): Promise<SearchBenchRow> {
  const before = heapUsed(gc);
  const list = customers(size, size);
  const withRecords = heapUsed(gc);
  const started = performance.now();
  const catalog = new CustomerCatalog();
  for (const customer of list) catalog.upsert(customer);
  const buildMs = performance.now() - started;
  const withIndex = heapUsed(gc);
  const qs = queries(list, 2_000);
  // Warm up the JIT and the lazily built vocabulary, as a live index would be.
  for (const q of qs.slice(0, 200)) rankCustomers(catalog, undefined, q, { limit: 10 });
  const times: number[] = [];
  for (const q of qs) {
    const t = performance.now();
    rankCustomers(catalog, undefined, q, { limit: 10 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const row: SearchBenchRow = {
    scenario: `search, ${size.toLocaleString('en-US')} customers`,
    workspaces: 1,
    customersPerWorkspace: size,
    buildMs: Math.round(buildMs),
    queries: times.length,
    p50Ms: round(percentile(times, 0.5)),
    p95Ms: round(percentile(times, 0.95)),
    maxMs: round(times.at(-1) ?? null),
    heapBytesPerCustomer: Math.round((withIndex - before) / size),
    indexBytesPerCustomer: Math.round((withIndex - withRecords) / size),
    estimatedBytesPerCustomer: Math.round(catalog.approxBytes / size),
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
  // Keep the catalog alive until measured.
  if (catalog.size !== size) throw new Error('catalog lost customers');
  return row;
}

async function manyWorkspaces(workspaces: number, size: number, gc: () => void): Promise<SearchBenchRow> {
  const before = heapUsed(gc);
  // Every workspace gets its own records, as each would from its own vendor.
  const lists = Array.from({ length: workspaces }, (_, w) => customers(size, 1_000 + w));
  const recordsOnly = heapUsed(gc);
  const catalogs: CustomerCatalog[] = [];
  let buildMs = 0;
  for (const list of lists) {
    const started = performance.now();
    const catalog = new CustomerCatalog();
    for (const customer of list) catalog.upsert(customer);
    buildMs += performance.now() - started;
    catalogs.push(catalog);
  }
  lists.length = 0;
  const total = workspaces * size;
  const estimated = catalogs.reduce((sum, c) => sum + c.approxBytes, 0);
  // A few queries across workspaces, so the lazily built parts of each index are counted too.
  const times: number[] = [];
  for (const [i, catalog] of catalogs.entries()) {
    const t = performance.now();
    rankCustomers(catalog, undefined, i % 2 ? 'acme corp' : 'nortwind', { limit: 10 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const heapAfterQueries = heapUsed(gc);
  return {
    scenario: `${workspaces.toLocaleString('en-US')} workspaces x ${size.toLocaleString('en-US')} customers`,
    workspaces,
    customersPerWorkspace: size,
    buildMs: Math.round(buildMs),
    queries: times.length,
    p50Ms: round(percentile(times, 0.5)),
    p95Ms: round(percentile(times, 0.95)),
    maxMs: round(times.at(-1) ?? null),
    heapBytesPerCustomer: Math.round((heapAfterQueries - before) / total),
    indexBytesPerCustomer: Math.round((heapAfterQueries - recordsOnly) / total),
    estimatedBytesPerCustomer: Math.round(estimated / total),
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

/** Index sizes 1k/10k/50k in one workspace, then 1,000 workspaces of 1,000 customers each. */
export async function benchSearch(
  options: { sizes?: number[]; workspaces?: number; customersPerWorkspace?: number } = {},
): Promise<SearchBenchRow[]> {
  const gc = collector();
  const rows: SearchBenchRow[] = [];
  for (const size of options.sizes ?? [1_000, 10_000, 50_000]) rows.push(await singleWorkspace(size, gc));
  rows.push(await manyWorkspaces(options.workspaces ?? 1_000, options.customersPerWorkspace ?? 1_000, gc));
  return rows;
}
