// What technicians type after /customer, drawn from a fake vendor's customers: names, domains, phones, typos, misses.
import type { AteraWireCustomer } from '../test/fakes/atera/server.js';
import { prng } from '../test/fakes/generate.js';

export type QueryShape = 'name' | 'domain' | 'phone' | 'prefix' | 'typo' | 'miss';

export interface BenchQuery {
  shape: QueryShape;
  text: string;
}

/** The mix cycles through these; about half aim at one customer (a card), the rest at lists and misses. */
const MIX: readonly QueryShape[] = ['name', 'prefix', 'domain', 'typo', 'phone', 'miss', 'name', 'prefix'];

function typo(name: string): string {
  const at = Math.max(1, Math.floor(name.length / 2));
  return `${name.slice(0, at - 1)}${name.charAt(at)}${name.charAt(at - 1)}${name.slice(at + 1)}`;
}

function shaped(customer: AteraWireCustomer, shape: QueryShape, random: () => number): BenchQuery {
  const name = customer.CustomerName ?? '';
  switch (shape) {
    case 'name':
      return { shape, text: name };
    case 'domain':
      return { shape, text: customer.Domain ?? name };
    case 'phone':
      return { shape, text: customer.Phone ?? name };
    case 'prefix':
      return { shape, text: name.split(' ')[0] ?? name };
    case 'typo':
      return { shape, text: typo(name) };
    case 'miss':
      return { shape, text: `zq${Math.floor(random() * 1e6)} nonexistent` };
  }
}

/** `count` queries in the mix above (or only the given shapes), deterministic for a seed. */
export function benchQueries(
  customers: readonly AteraWireCustomer[],
  count: number,
  options: { seed?: number; shapes?: readonly QueryShape[] } = {},
): BenchQuery[] {
  const random = prng(options.seed ?? 7);
  const shapes = options.shapes ?? MIX;
  const out: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const customer = customers[Math.floor(random() * customers.length)];
    const shape = shapes[i % shapes.length];
    if (!customer || !shape) continue;
    out.push(shaped(customer, shape, random));
  }
  return out;
}

/**
 * The same mix for a vendor known only by its customers' names (any fake behind FakeVendor): names, first
 * words, typos and misses; deterministic for a seed.
 */
export function namedQueries(names: readonly string[], count: number, seed = 7): BenchQuery[] {
  const random = prng(seed);
  const shapes: readonly QueryShape[] = ['name', 'prefix', 'typo', 'miss', 'name', 'prefix'];
  const out: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const name = names[Math.floor(random() * names.length)];
    const shape = shapes[i % shapes.length];
    if (name === undefined || !shape) continue;
    const text =
      shape === 'name'
        ? name
        : shape === 'prefix'
          ? (name.split(' ')[0] ?? name)
          : shape === 'typo'
            ? typo(name)
            : `zq${Math.floor(random() * 1e6)} nonexistent`;
    out.push({ shape, text });
  }
  return out;
}
