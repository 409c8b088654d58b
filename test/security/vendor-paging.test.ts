// Issue 14, item 5 (paging): a vendor claiming 1,000,000 pages makes the index neither push a million requests
// nor crash. Pages are read a few at a time (a window), never past a page cap, and a workspace's index stops
// growing at its memory share (the lookup then says it may be missing customers). The hostile vendor here is
// purpose-built: Atera's paged lists (customers, contacts), each page full of new records and claiming a million
// pages. The cap and the windows themselves are held at the unit level by test/unit/customer-index.test.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedApp, startApp, textOf } from '../helpers/app.js';

const KEY = 'atera-hostile-paging-key-0123456789';
const CLAIMED_PAGES = 1_000_000;
const PER_PAGE = 50;

interface Hostile {
  url: string;
  /** Page numbers asked for, by list. */
  pages: { customers: number[]; contacts: number[] };
  /** Most list requests in flight at once. */
  mostInFlight: number;
  close(): Promise<void>;
}

/** Atera's CustomerDto/ContactDto pages (atera-openapi.yaml `*DtoPagedResult`), every one claiming a million pages. */
async function startHostileAtera(): Promise<Hostile> {
  const pages = { customers: [] as number[], contacts: [] as number[] };
  let inFlight = 0;
  let mostInFlight = 0;
  const customer = (id: number) => ({
    CustomerID: id,
    CustomerName: `Hostile Customer ${String(id).padStart(7, '0')}`,
    Domain: `hostile-${id}.example`,
    Phone: `+1 555 ${String(id).padStart(7, '0')}`,
  });
  const contact = (id: number) => ({
    EndUserID: id,
    CustomerID: id,
    CustomerName: `Hostile Customer ${String(id).padStart(7, '0')}`,
    Firstname: 'Pat',
    Lastname: `Contact${id}`,
    Email: `pat${id}@hostile-${id}.example`,
  });
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers['x-api-key'] !== KEY) return void res.writeHead(401).end();
    const url = new URL(req.url ?? '/', 'http://hostile.invalid');
    const path = url.pathname.toLowerCase();
    const list =
      path === '/api/v3/customers' ? 'customers' : path === '/api/v3/contacts' ? 'contacts' : undefined;
    if (list) {
      const page = Number(url.searchParams.get('page') ?? '1');
      pages[list].push(page);
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      // A moment on the wire, so requests that are sent together are seen together.
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      const first = (page - 1) * PER_PAGE + 1;
      const make = list === 'customers' ? customer : contact;
      return answer(res, 200, {
        items: Array.from({ length: PER_PAGE }, (_, i) => make(first + i)),
        totalItemCount: CLAIMED_PAGES * PER_PAGE,
        page,
        itemsInPage: PER_PAGE,
        totalPages: CLAIMED_PAGES,
        prevLink: null,
        nextLink: `${url.origin}${url.pathname}?page=${page + 1}`,
      });
    }
    const one = /^\/api\/v3\/customers\/(\d+)$/.exec(path);
    if (one) return answer(res, 200, customer(Number(one[1])));
    if (path.startsWith('/api/v3/customvalues/')) return answer(res, 200, []);
    if (path === '/api/v3/account')
      return answer(res, 200, { CompanyName: 'Hostile MSP', TimeZoneName: 'UTC' });
    return answer(res, 404, { title: 'Not Found', status: 404 });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pages,
    get mostInFlight() {
      return mostInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('item 5: a vendor claiming 1,000,000 pages', () => {
  let hostile: Hostile;
  let app: StartedApp;

  beforeAll(async () => {
    hostile = await startHostileAtera();
    app = await startApp({
      env: {
        VENDOR: 'atera',
        ATERA_API_KEY: KEY,
        ATERA_BASE_URL: hostile.url,
        // The smallest bound (a workspace's share is half): the share fills after a few pages.
        INDEX_MEMORY_MB: '1',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await hostile?.close();
  });

  it('reads a bounded number of pages a few at a time, answers the lookup, and keeps running', async () => {
    // A name every record shares: the answer is a list, from the index alone (a card would read the contacts
    // again at the vendor; see SECURITY.md, known gaps).
    const sent = await app.sendCommand('/customer', 'Hostile Customer');
    const answer = textOf(await app.responseFor(sent.responseUrl));
    expect(answer).toContain('Hostile Customer 0000001');
    expect(answer).toMatch(/larger than the bot keeps in memory/);

    const asked = [...hostile.pages.customers, ...hostile.pages.contacts];
    // Not a million, nor the page cap: the memory share stopped the build after a few windows.
    expect(hostile.pages.customers.length).toBeGreaterThan(1);
    expect(asked.length).toBeLessThan(200);
    // Pages in order, never a leap towards the millionth.
    expect(Math.max(...asked)).toBeLessThan(200);
    // A window of pages per list, not everything at once.
    expect(hostile.mostInFlight).toBeLessThanOrEqual(16);

    // The process is alive and well: it answers again, and logged no crash.
    const again = await app.sendCommand('/customer', 'Hostile Customer 00000');
    expect(textOf(await app.responseFor(again.responseUrl))).toContain('Hostile Customer');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(app.logs.text()).not.toMatch(/RangeError|Invalid array length/);
    expect(app.slack.violations).toEqual([]);
  });
});
