// The fake Atera for benches: the test fake's data and wire format, list pages served from a snapshot.
import type { VendorConnection } from '../src/config.js';
import { type AteraWireContact, type AteraWireCustomer, startFakeAtera } from '../test/fakes/atera/server.js';
import {
  type FakeRequest,
  type FakeResponse,
  type RecordedRequest,
  type Route,
  type RouteHandler,
  startVendorServer,
} from '../test/fakes/vendor-server.js';

export interface BenchAteraOptions {
  customers: number;
  /** Added to every request, as the vendor's own latency. */
  latencyMs: number;
  /** The vendor's per-minute limit (429 + Retry-After past it); none when absent. */
  ratePerMinute?: number;
  /** Contacts per customer (default the generator's 1 to 4). */
  contactsPerCustomer?: number | [number, number];
  seed?: number;
}

/** List requests the front answered, by kind, since the last reset. */
export interface ServedLists {
  /** Whole-list pages (an index build, or page 1 as a contacts count). */
  customerPages: number;
  contactPages: number;
  /** Of those, pages after page 1: only a read of the whole list asks for them (a count reads page 1). */
  pagesPastFirst: number;
  /** `itemsInPage=1` reads of the customers list: the client's cheap count. */
  customerCounts: number;
  /** Lists filtered by FromLastModifiedDate: only what changed (proxied to the fake, which filters them). */
  customersChanged: number;
  contactsChanged: number;
}

export interface BenchAtera {
  url: string;
  apiKey: string;
  connection: VendorConnection;
  customers: readonly AteraWireCustomer[];
  contactCount: number;
  /** List pages a full read takes (Atera pages hold at most 50). */
  pages: { customers: number; contacts: number };
  /** Every request that reached the vendor, 429s included. */
  requests(): RecordedRequest[];
  clearRequests(): void;
  served(): ServedLists;
  resetServed(): void;
  /** As Atera's web app would: the customer's name changes and its LastModified moves on. */
  rename(customerId: number, name: string): void;
  close(): Promise<void>;
}

const MAX_PAGE = 50;
const DEFAULT_PAGE = 20;

/**
 * The test fake sorts its whole table on every list request (about 12 ms per customers page and 22 ms
 * per contacts page at 50,000 customers, on the bench's own event loop), which would make the fake, not
 * the bot, the bottleneck of an index build. This front keeps the fake as the source of every record and
 * of every non-list route (proxied), serves the unfiltered list pages from a snapshot sorted once, and
 * uses the fakes' shared server machinery for latency, the rate limit (429s) and request recording.
 * Edits (`rename`) are made at the fake, and lists filtered by FromLastModifiedDate hold exactly the records
 * edited since (see `changedSince`), so an incremental refresh sees them; whole-list pages stay the snapshot of
 * the start (the freshness bench counts those, it does not read their contents).
 */
export async function startBenchAtera(options: BenchAteraOptions): Promise<BenchAtera> {
  const fake = await startFakeAtera({
    generate: {
      customers: options.customers,
      seed: options.seed ?? options.customers,
      ...(options.contactsPerCustomer === undefined
        ? {}
        : { contactsPerCustomer: options.contactsPerCustomer }),
    },
  });
  // Atera lists newest first (ids descending), as the fake does.
  const customers = fake.customers().reverse();
  const contacts: AteraWireContact[] = fake.contacts().reverse();
  let baseUrl = '';

  const paged = <T>(request: FakeRequest, all: readonly T[], path: string): FakeResponse => {
    const page = Math.max(1, Number.parseInt(request.queryParam('page') ?? '1', 10) || 1);
    const requested = Number.parseInt(request.queryParam('itemsInPage') ?? String(DEFAULT_PAGE), 10);
    const size = Math.min(MAX_PAGE, Math.max(1, Number.isNaN(requested) ? DEFAULT_PAGE : requested));
    const totalPages = Math.ceil(all.length / size);
    const link = (p: number) => `${baseUrl}${path}?page=${p}&itemsInPage=${size}`;
    return {
      status: 200,
      json: {
        items: all.slice((page - 1) * size, page * size),
        page,
        itemsInPage: size,
        totalItemCount: all.length,
        totalPages,
        prevLink: page > 1 ? link(page - 1) : null,
        nextLink: page < totalPages ? link(page + 1) : '',
      },
    };
  };

  const proxy: RouteHandler = async (request) => {
    const query = new URLSearchParams(request.query).toString();
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body);
    const res = await fetch(`${fake.url}${request.path}${query ? `?${query}` : ''}`, {
      method: request.method,
      headers: {
        'x-api-key': fake.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body,
    });
    const headers: Record<string, string> = {};
    const type = res.headers.get('content-type');
    if (type) headers['content-type'] = type;
    return { status: res.status, raw: await res.text(), headers };
  };

  const filtered = (request: FakeRequest) =>
    ['Email', 'Phone', 'searchOptions.email', 'searchOptions.phone', 'FromLastModifiedDate'].some(
      (name) => request.queryParam(name) !== undefined,
    );
  const served: ServedLists = {
    customerPages: 0,
    contactPages: 0,
    pagesPastFirst: 0,
    customerCounts: 0,
    customersChanged: 0,
    contactsChanged: 0,
  };
  const changed = (request: FakeRequest) => request.queryParam('FromLastModifiedDate') !== undefined;
  /**
   * The test fake stamps every generated record with the time it was generated, so to it the whole account
   * changed a moment ago. A real account's records were mostly last modified long before: this front treats
   * every record as modified before it started, except those `rename` edited since, whose LastModified (the
   * fake's own stamp, in the account's time) is compared with FromLastModifiedDate as the fake compares them.
   */
  const edited = new Map<number, string>();
  const changedSince = (request: FakeRequest): AteraWireCustomer[] => {
    const raw = request.queryParam('FromLastModifiedDate') ?? '';
    const from = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00` : raw;
    const out: AteraWireCustomer[] = [];
    for (const [id, at] of edited) {
      const customer = at >= from ? fake.customer(id) : undefined;
      if (customer) out.push(customer);
    }
    return out;
  };
  const pastFirst = (request: FakeRequest) => {
    if (Number.parseInt(request.queryParam('page') ?? '1', 10) > 1) served.pagesPastFirst++;
  };
  const everywhere = (pattern: string): Route[] =>
    ['GET', 'POST', 'PUT', 'DELETE'].map((method) => ({ method, pattern, handler: proxy }));

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/api/v3/customers',
      handler: (r) => {
        if (changed(r)) {
          served.customersChanged++;
          return paged(r, changedSince(r), '/api/v3/customers');
        }
        if (r.queryParam('itemsInPage') === '1') served.customerCounts++;
        else served.customerPages++;
        pastFirst(r);
        return paged(r, customers, '/api/v3/customers');
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/contacts',
      handler: (r) => {
        // No contact is edited during a bench: only what changed is nothing.
        if (changed(r)) {
          served.contactsChanged++;
          return paged(r, [], '/api/v3/contacts');
        }
        if (filtered(r)) return proxy(r);
        served.contactPages++;
        pastFirst(r);
        return paged(r, contacts, '/api/v3/contacts');
      },
    },
    ...everywhere('/api/v3/customers'),
    ...everywhere('/api/v3/customers/:id'),
    ...everywhere('/api/v3/contacts'),
    ...everywhere('/api/v3/contacts/:id'),
    ...everywhere('/api/v3/customvalues/customfields'),
    ...everywhere('/api/v3/customvalues/customerfields/:id'),
    ...everywhere('/api/v3/customvalues/customerfield/:id/:field'),
    ...everywhere('/api/v3/account'),
  ];

  const server = await startVendorServer({
    routes,
    latencyMs: options.latencyMs,
    ...(options.ratePerMinute === undefined ? {} : { rateLimit: { perMinute: options.ratePerMinute } }),
    authorize: (r) => {
      const ok =
        r.headers['x-api-key'] === fake.apiKey || r.headers.authorization === `Bearer ${fake.apiKey}`;
      return ok ? undefined : { status: 401 };
    },
  });
  baseUrl = server.url;

  return {
    url: server.url,
    apiKey: fake.apiKey,
    connection: { vendor: 'atera', apiKey: fake.apiKey, baseUrl: server.url },
    customers,
    contactCount: contacts.length,
    pages: {
      customers: Math.ceil(customers.length / MAX_PAGE),
      contacts: Math.ceil(contacts.length / MAX_PAGE),
    },
    requests: () => server.requests(),
    clearRequests: () => server.clearRequests(),
    served: () => ({ ...served }),
    resetServed: () => {
      for (const key of Object.keys(served) as Array<keyof ServedLists>) served[key] = 0;
    },
    rename: (customerId, name) => {
      fake.renameCustomer(customerId, name);
      edited.set(customerId, fake.customer(customerId)?.LastModified ?? '');
    },
    async close() {
      await server.close();
      await fake.close();
    },
  };
}
