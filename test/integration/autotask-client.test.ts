// Autotask's rules as the client must keep them, over HTTP against the fake: each test fails on a client that breaks one.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVendorError, type VendorError } from '../../src/domain/index.js';
import {
  type AutotaskClient,
  createAutotaskClient,
  isTrustedZoneUrl,
} from '../../src/vendors/autotask/client.js';
import {
  type FakeAutotask,
  type StartFakeAutotaskOptions,
  startFakeAutotask,
} from '../fakes/autotask/server.js';
import type { RecordedRequest } from '../fakes/vendor-server.js';

const FAST = { retries: 3, baseDelayMs: 2, maxDelayMs: 10, maxRetryAfterMs: 2_000 };

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (isVendorError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

const opened: Array<{ close(): Promise<void> }> = [];
async function fakeWith(options: StartFakeAutotaskOptions = {}): Promise<FakeAutotask> {
  const fake = await startFakeAutotask(options);
  opened.push(fake);
  return fake;
}
function clientOf(
  fake: FakeAutotask,
  extra: Partial<Parameters<typeof createAutotaskClient>[0]> = {},
): AutotaskClient {
  const client = createAutotaskClient({
    username: fake.username,
    secret: fake.secret,
    integrationCode: fake.integrationCode,
    baseUrl: fake.url,
    retry: FAST,
    ...extra,
  });
  opened.push(client);
  return client;
}
afterAll(async () => {
  for (const o of opened.reverse()) await o.close();
});

/** Every leaf operator of a recorded query body's filter tree. */
function operators(body: unknown): string[] {
  const out: string[] = [];
  const walk = (f: unknown) => {
    if (typeof f !== 'object' || f === null) return;
    const node = f as { op?: string; items?: unknown[] };
    if (Array.isArray(node.items)) node.items.forEach(walk);
    else if (node.op) out.push(node.op);
  };
  for (const f of (body as { filter?: unknown[] }).filter ?? []) walk(f);
  return out;
}
const DOCUMENTED_OPS = [
  'eq',
  'noteq',
  'gt',
  'gte',
  'lt',
  'lte',
  'beginsWith',
  'endsWith',
  'contains',
  'exist',
  'notExist',
  'in',
  'notIn',
];

const ZONE = '/atservicesrest/v1.0/zoneInformation';
const zoneAsks = (fake: FakeAutotask) => fake.requests('GET', ZONE).length;

let fake: FakeAutotask;
let client: AutotaskClient;
let acme: number;
let jane: number;
let bob: number;

beforeAll(async () => {
  fake = await fakeWith({
    seed: {
      customers: [
        {
          name: 'Acme Dental Group',
          domain: 'acme-dental.example',
          phone: '(555) 010-2030',
          city: 'Springfield',
          customFields: {
            Seats: 12,
            'Managed Backup': true,
            'Contract Tier': 'Gold',
            'Account Manager': 'Sam',
          },
          contacts: [
            {
              firstName: 'Jane',
              lastName: 'Doe',
              email: 'jane@acme-dental.example',
              phone: '555-0101',
              isPrimary: true,
            },
            { firstName: 'Bob', lastName: 'Stone', email: 'bob@acme-dental.example', title: 'Owner' },
          ],
        },
      ],
    },
    generate: { customers: 40, contactsPerCustomer: 1, seed: 5 },
  });
  client = clientOf(fake);
  const find = (name: string) => fake.companies().find((c) => c.companyName === name)?.id ?? -1;
  acme = find('Acme Dental Group');
  const byEmail = (email: string) => fake.contacts().find((c) => c.emailAddress === email)?.id ?? -1;
  jane = byEmail('jane@acme-dental.example');
  bob = byEmail('bob@acme-dental.example');
});

describe('zone discovery', () => {
  it('asks the base host for the zone of the API user once, then calls the zone URL + V1.0 with the three headers', async () => {
    const f = await fakeWith();
    const c = clientOf(f);
    await c.getCustomer('0');
    await c.searchCustomers('fake');
    const asks = f.requests('GET', ZONE);
    expect(asks).toHaveLength(1);
    expect(asks[0]?.query.user).toBe(f.username);
    // Discovery needs no credentials (getZoneInfo); nothing secret goes to the base host.
    expect(asks[0]?.headers.secret).toBeUndefined();
    const rest = f.requests().filter((r) => r.path !== ZONE);
    expect(rest.length).toBeGreaterThan(1);
    for (const r of rest) {
      expect(r.path.startsWith('/ATServicesRest/V1.0/')).toBe(true);
      expect(r.headers).toMatchObject({
        apiintegrationcode: f.integrationCode,
        username: f.username,
        secret: f.secret,
      });
    }
  });

  it('rediscovers once when the zone host answers 404 (the database moved) and repeats the call there', async () => {
    const f = await fakeWith();
    const c = clientOf(f);
    await c.getCustomer('0');
    f.moveZone();
    expect((await c.getCustomer('0')).name).toBe('Fake MSP Ltd');
    expect(zoneAsks(f)).toBe(2);
    expect(f.requests('GET').at(-1)?.path.startsWith(f.restPath())).toBe(true);
    // Once moved, no more discovery.
    await c.getCustomer('0');
    expect(zoneAsks(f)).toBe(2);
  });

  it('rediscovers once on a 401, and says auth when the zone is the same', async () => {
    const f = await fakeWith();
    const c = clientOf(f, { secret: 'wrong-secret-value-123456' });
    const error = await failure(c.getCustomer('0'));
    expect(error.kind).toBe('auth');
    expect(zoneAsks(f)).toBe(2);
  });

  it('skips discovery with a pinned zone URL, whatever its case', async () => {
    const f = await fakeWith({ generate: { customers: 25, contactsPerCustomer: 1 } });
    const c = clientOf(f, { zoneUrl: `${f.url}/atservicesrest/`, pageSize: 10 });
    const first = await c.listCustomerPage(1);
    const all = [...first.items];
    for (let p = 2; p <= first.totalPages; p++) all.push(...(await c.listCustomerPage(p)).items);
    expect(all).toHaveLength(f.companies().length);
    expect(zoneAsks(f)).toBe(0);
    expect(f.requests().every((r) => r.path.toLowerCase().startsWith('/atservicesrest/v1.0/'))).toBe(true);
  });

  it('tests the connection with discovery plus one query: the own company (id 0), the API user, the zone', async () => {
    const f = await fakeWith();
    const c = clientOf(f);
    expect(await c.testConnection()).toEqual({
      accountName: 'Fake MSP Ltd',
      user: f.username,
      region: f.zoneName,
    });
    expect(zoneAsks(f)).toBe(1);
    expect(f.requests().filter((r) => r.path !== ZONE)).toHaveLength(1);
  });
});

describe('zone discovery answers are not trusted with the credentials', () => {
  /** A server that records whatever reaches it: where a hostile discovery answer would send the credentials. */
  async function thief() {
    const seen: { url: string; headers: Record<string, unknown> }[] = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: { ...req.headers } });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"item":null}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    opened.push({
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    });
    return { url: `http://127.0.0.1:${port}`, seen };
  }

  /** The fake answers zone discovery once with `zone` (and `webUrl`) instead of its own address. */
  function answerZone(f: FakeAutotask, zone: string, webUrl = 'https://ww5.autotask.net/') {
    f.inject({
      method: 'GET',
      path: /zoneinformation/i,
      status: 200,
      times: 1,
      body: JSON.stringify({ zoneName: 'Hostile', url: zone, webUrl, ci: 1 }),
    });
  }

  it('refuses a zone on another host, and sends it nothing (the credentials least of all)', async () => {
    const f = await fakeWith();
    const evil = await thief();
    answerZone(f, `${evil.url}/ATServicesRest/`);
    const c = clientOf(f);
    const error = await failure(c.getCustomer('0'));
    expect(error.kind).toBe('bad_response');
    expect(error.message).toMatch(/credentials were not sent there/);
    expect(error.message).toMatch(/AUTOTASK_ZONE_URL/);
    expect(error.message).not.toContain(f.secret);
    expect(evil.seen).toEqual([]);
    // Nothing but discovery reached the fake either.
    expect(f.requests().filter((r) => r.path !== ZONE)).toEqual([]);
  });

  it('refuses plain http and look-alike hosts for the real discovery host, before any connection', async () => {
    const base = 'https://webservices.autotask.net';
    for (const zone of [
      'http://webservices5.autotask.net/ATServicesRest/',
      'https://webservices5.autotask.net.evil.example/ATServicesRest/',
      'https://evilautotask.net/ATServicesRest/',
      'https://user:pw@webservices5.autotask.net/ATServicesRest/',
      'https://127.0.0.1/ATServicesRest/',
      'not a url',
    ])
      expect(isTrustedZoneUrl(zone, base), zone).toBe(false);
    for (const zone of [
      'https://webservices5.autotask.net/ATServicesRest/',
      'https://WEBSERVICES14.AUTOTASK.NET/atservicesrest/',
      'https://ww5.autotask.net/',
    ])
      expect(isTrustedZoneUrl(zone, base), zone).toBe(true);
    // An operator's own discovery host (AUTOTASK_BASE_URL) may name a zone on itself, and only there.
    expect(isTrustedZoneUrl('http://10.0.0.5:8080/ATServicesRest/', 'http://10.0.0.5:8080')).toBe(true);
    expect(isTrustedZoneUrl('http://10.0.0.6:8080/ATServicesRest/', 'http://10.0.0.5:8080')).toBe(false);
  });

  it('keeps a trusted zone but drops a web address off Autotask, so card links do not point elsewhere', async () => {
    const f = await fakeWith();
    answerZone(f, `${f.url}/ATServicesRest/`, 'https://phish.example/');
    const c = clientOf(f);
    expect((await c.getCustomer('0')).url?.startsWith(`${f.url}/`)).toBe(true);
    expect((await c.webLinks()).base).toBe(`${f.url}/`);
  });
});

describe('queries and paging', () => {
  it('searches companies with POST /Companies/query: a contains or-group on companyName, documented operators only', async () => {
    fake.clearRequests();
    const found = await client.searchCustomers('acme dental');
    expect(found.map((c) => c.name)).toEqual(['Acme Dental Group']);
    const [sent] = fake.requests('POST', `${fake.restPath()}/Companies/query`);
    const body = sent?.body as { filter: unknown[]; maxRecords: number };
    expect(body.maxRecords).toBeGreaterThanOrEqual(1);
    expect(body.maxRecords).toBeLessThanOrEqual(500);
    expect(JSON.stringify(body.filter)).toContain('"field":"companyName"');
    expect(operators(body)).toContain('contains');
    for (const op of operators(body)) expect(DOCUMENTED_OPS).toContain(op);
    expect((await client.searchCustomers('555 010-2030')).map((c) => c.id)).toContain(String(acme));
  });

  it('repeats a read-only query POST through a 5xx, like a GET', async () => {
    fake.clearRequests();
    fake.inject({ method: 'POST', path: `${fake.restPath()}/Companies/query`, status: 502, times: 1 });
    expect(await client.searchCustomers('acme')).not.toHaveLength(0);
    expect(fake.requests('POST', `${fake.restPath()}/Companies/query`)).toHaveLength(2);
  });

  const walk = async (c: AutotaskClient) => {
    const first = await c.listCustomerPage(1);
    // The index asks page 1, then all the others at once.
    const rest = await Promise.all(
      Array.from({ length: first.totalPages - 1 }, (_, i) => c.listCustomerPage(i + 2)),
    );
    return { first, all: [first, ...rest].flatMap((p) => p.items) };
  };

  it('pages by nextPageUrl: tries GET as documented, re-POSTs the body on 405 and keeps POSTing', async () => {
    const f = await fakeWith({ generate: { customers: 45, contactsPerCustomer: 1 }, nextPage: 'post' });
    const c = clientOf(f, { pageSize: 10 });
    const { first, all } = await walk(c);
    expect(first.totalPages).toBe(5);
    expect(first.totalItems).toBe(46);
    expect(all.map((x) => x.id)).toEqual(f.companies().map((x) => String(x.id)));
    const next = `${f.restPath()}/Companies/query/next`;
    expect(f.requests('GET', next)).toHaveLength(1);
    const posts = f.requests('POST', next);
    expect(posts).toHaveLength(4);
    const original = f
      .requests('POST', `${f.restPath()}/Companies/query`)
      .find((r) => r.path.endsWith('/query'));
    for (const p of posts) expect(p.body).toEqual(original?.body);
  });

  it('pages by nextPageUrl with GET where the zone takes it, never POSTing the next page', async () => {
    const f = await fakeWith({ generate: { customers: 45, contactsPerCustomer: 1 }, nextPage: 'get' });
    const c = clientOf(f, { pageSize: 10 });
    const { all } = await walk(c);
    expect(all).toHaveLength(46);
    const next = `${f.restPath()}/Companies/query/next`;
    expect(f.requests('GET', next)).toHaveLength(4);
    expect(f.requests('POST', next)).toHaveLength(0);
  });

  it('never follows a next page outside its zone (the credentials would go with it)', async () => {
    const f = await fakeWith();
    const c = clientOf(f);
    f.inject({
      method: 'POST',
      path: `${f.restPath()}/Companies/query`,
      status: 200,
      times: 1,
      body: JSON.stringify({
        items: [{ id: 1, companyName: 'One' }],
        pageDetails: {
          count: 1,
          requestCount: 500,
          nextPageUrl: 'https://evil.example/ATServicesRest/V1.0/Companies/query/next?paging=x',
        },
      }),
    });
    const error = await failure(c.listCustomersChangedSince(new Date(0)));
    expect(error.kind).toBe('bad_response');
    expect(error.message).toMatch(/not followed/);
  });

  it('answers a missing id (200 with item null) as not_found', async () => {
    fake.clearRequests();
    expect((await failure(client.getCustomer('424242'))).kind).toBe('not_found');
    expect((await failure(client.getContact('424242'))).kind).toBe('not_found');
    expect(fake.requests('GET', `${fake.restPath()}/Companies/424242`)).toHaveLength(1);
  });

  it('lists customers and contacts changed since a time with a gte filter on the last-modified field (UTC)', async () => {
    const since = new Date();
    fake.setCompany(acme, { city: 'Shelbyville' });
    fake.clearRequests();
    const changed = await client.listCustomersChangedSince(since);
    expect(changed.find((c) => c.id === String(acme))?.city).toBe('Shelbyville');
    const body = fake.requests('POST', `${fake.restPath()}/Companies/query`)[0]?.body;
    const text = JSON.stringify(body);
    expect(text).toContain('"field":"lastTrackedModifiedDateTime"');
    expect(text).toMatch(/"op":"gte?"/);
    expect(text).toMatch(/"value":"\d{4}-\d\d-\d\dT[\d:.]+Z"/);
    const contactSince = new Date();
    await client.updateContact(String(bob), { title: 'Owner & CEO' });
    const contacts = await client.listContactsChangedSince(contactSince);
    expect(contacts.find((c) => c.id === String(bob))?.title).toBe('Owner & CEO');
    expect(JSON.stringify(fake.requests('POST', `${fake.restPath()}/Contacts/query`).at(-1)?.body)).toContain(
      '"field":"lastModifiedDate"',
    );
  });

  it('counts with /Companies/query/count', async () => {
    fake.clearRequests();
    expect(await client.countCustomers()).toBe(fake.companies().length);
    expect(fake.requests('POST', `${fake.restPath()}/Companies/query/count`)).toHaveLength(1);
  });
});

describe('companies cannot be deleted', () => {
  it('deactivates with PATCH isActive false (no DELETE), reads the company as inactive, and reactivates', async () => {
    expect(client.capabilities.customerRemoval).toBe('deactivate');
    const id = String(fake.addCompany({ name: 'Deactivate Me LLC' }));
    fake.clearRequests();
    await client.deleteCustomer(id);
    expect(fake.requests('DELETE')).toHaveLength(0);
    expect(fake.requests('PATCH', `${fake.restPath()}/Companies`)[0]?.body).toEqual({
      id: Number(id),
      isActive: false,
    });
    expect(fake.company(Number(id))?.isActive).toBe(false);
    expect((await client.getCustomer(id)).active).toBe(false);
    const restored = await client.restoreCustomer(id);
    expect(restored.active).toBe(true);
    expect(fake.company(Number(id))?.isActive).toBe(true);
  });

  it('updates with PATCH /Companies and the id in the body, then reads the record back', async () => {
    fake.clearRequests();
    const updated = await client.updateCustomer(String(acme), {
      phone: '555-0199',
      domains: ['acme.example'],
    });
    expect(fake.requests('PATCH', `${fake.restPath()}/Companies`)[0]).toMatchObject({
      path: `${fake.restPath()}/Companies`,
      body: { id: acme, phone: '555-0199', webAddress: 'acme.example' },
    });
    expect(updated).toMatchObject({ phone: '555-0199', domains: ['acme.example'] });
  });
});

describe('contacts are a child resource', () => {
  it('creates, updates and deletes only through /Companies/{id}/Contacts, isActive as an integer', async () => {
    fake.clearRequests();
    const created = await client.createContact({
      customerId: String(acme),
      firstName: 'Carl',
      lastName: 'Child',
      email: 'carl@acme-dental.example',
      address: '1 Side St',
      zip: '62702',
    });
    const post = fake.requests('POST', `${fake.restPath()}/Companies/${acme}/Contacts`)[0];
    expect(post?.body).toMatchObject({
      isActive: 1,
      firstName: 'Carl',
      emailAddress: 'carl@acme-dental.example',
    });
    expect(created).toMatchObject({
      customerId: String(acme),
      address: '1 Side St',
      zip: '62702',
      archived: false,
    });
    await client.updateContact(created.id, { mobile: '555-0177' });
    expect(fake.requests('PATCH', `${fake.restPath()}/Companies/${acme}/Contacts`)[0]?.body).toEqual({
      id: Number(created.id),
      mobilePhone: '555-0177',
    });
    await client.deleteContact(created.id);
    expect(fake.requests('DELETE')).toEqual([
      expect.objectContaining({ path: `${fake.restPath()}/Companies/${acme}/Contacts/${created.id}` }),
    ]);
    // The top-level /Contacts only ever queried or read.
    const topLevelWrites = fake
      .requests()
      .filter(
        (r) =>
          r.path.startsWith(`${fake.restPath()}/Contacts`) &&
          r.method !== 'GET' &&
          !r.path.includes('/query'),
      );
    expect(topLevelWrites).toEqual([]);
  });

  it('turns a refused delete (tickets, primary contact) into a conflict carrying Autotask’s reason', async () => {
    fake.addTicket(acme, { contactId: bob });
    const byTicket = await failure(client.deleteContact(String(bob)));
    expect(byTicket.kind).toBe('conflict');
    expect(byTicket.message).toMatch(/ticket/);
    const primary = await failure(client.deleteContact(String(jane)));
    expect(primary.kind).toBe('conflict');
    expect(primary.message).toMatch(/primary contact/);
    expect(fake.contact(bob)).toBeDefined();
  });

  it('deactivates a contact instead (isActive 0): archived, off the customer, still found by search', async () => {
    expect(client.capabilities.contactDeactivation).toBe(true);
    const archived = await client.updateContact(String(bob), { archived: true });
    expect(fake.contact(bob)?.isActive).toBe(0);
    expect(archived.archived).toBe(true);
    // Still listed (every contact of the company is), marked archived: a card shows only the live ones.
    expect((await client.listContacts(String(acme))).find((c) => c.id === String(bob))?.archived).toBe(true);
    expect((await client.searchContacts('bob@acme-dental')).find((c) => c.id === String(bob))?.archived).toBe(
      true,
    );
    await client.updateContact(String(bob), { archived: false });
    expect(fake.contact(bob)?.isActive).toBe(1);
  });

  it('searches contacts by email, phone and name with query filters', async () => {
    fake.clearRequests();
    expect((await client.searchContacts('jane@acme')).map((c) => c.id)).toEqual([String(jane)]);
    expect((await client.searchContacts('555-0101')).map((c) => c.id)).toContain(String(jane));
    expect((await client.searchContacts('Jane Doe')).map((c) => c.id)).toContain(String(jane));
    for (const r of fake.requests('POST', `${fake.restPath()}/Contacts/query`)) {
      for (const op of operators(r.body)) expect(DOCUMENTED_OPS).toContain(op);
    }
  });
});

describe('user-defined fields', () => {
  it('reads definitions for companies and contacts, and typed values from userDefinedFields', async () => {
    const definitions = await client.listCustomFieldDefinitions();
    expect(definitions.find((d) => d.name === 'Contract Tier')).toMatchObject({
      target: 'customer',
      type: 'options',
      options: ['Bronze', 'Silver', 'Gold'],
    });
    expect(definitions.find((d) => d.name === 'Badge Number')).toMatchObject({
      target: 'contact',
      type: 'text',
    });
    expect((await client.getCustomer(String(acme))).customFields).toMatchObject({
      Seats: 12,
      'Managed Backup': true,
      'Contract Tier': 'Gold',
      'Account Manager': 'Sam',
    });
  });

  it('writes a UDF with PATCH userDefinedFields [{name, value}], a picklist label as its stored value', async () => {
    fake.clearRequests();
    await client.setCustomField(String(acme), 'Contract Tier', 'Silver');
    const patch = fake.requests('PATCH', `${fake.restPath()}/Companies`)[0]?.body as {
      userDefinedFields: Array<{ name: string; value: string }>;
    };
    const silver = fake.udfLabels(acme)['Contract Tier'];
    expect(silver).toBe('Silver');
    expect(patch.userDefinedFields).toEqual([
      { name: 'Contract Tier', value: fake.udfValues(acme)['Contract Tier'] },
    ]);
    expect(patch.userDefinedFields[0]?.value).not.toBe('Silver');
    await client.setCustomField(String(acme), 'Seats', null);
    expect(fake.udfValues(acme).Seats).toBeNull();
    await client.setContactCustomField(String(jane), 'Preferred Channel', 'Slack');
    expect((await client.getContact(String(jane))).customFields['Preferred Channel']).toBe('Slack');
  });
});

describe('required fields and picklists from entityInformation', () => {
  it('offers each required field the form does not cover as a create choice, with defaults', async () => {
    const f = await fakeWith({
      requiredCompanyFields: [
        {
          name: 'marketSegmentID',
          picklist: [
            { value: 3, label: 'Healthcare' },
            { value: 4, label: 'Legal' },
          ],
        },
      ],
    });
    const c = clientOf(f);
    const choices = await c.customerCreateChoices();
    expect(choices.map((x) => x.key)).toEqual(['type', 'owner', 'autotask.marketSegmentID']);
    const type = choices[0];
    expect(type?.options.map((o) => o.label)).toEqual([
      'Customer',
      'Lead',
      'Prospect',
      'Dead',
      'Cancellation',
      'Vendor',
      'Partner',
    ]);
    expect(type?.defaultValue).toBe('1');
    const owner = choices[1];
    // Active resources only; the API user is the default owner.
    expect(owner?.options.map((o) => o.label)).not.toContain('Former Tech');
    expect(owner?.defaultValue).toBe('4');
    expect(choices[2]?.defaultValue).toBeNull();

    // A required choice without a value is refused before anything is sent.
    f.clearRequests();
    const missing = await failure(c.createCustomer({ name: 'Needs Segment LLC' }));
    expect(missing.kind).toBe('validation');
    expect(Object.keys(missing.fields)).toEqual(['autotask.marketSegmentID']);
    expect(
      f.requests('POST', `${f.restPath()}/Companies`).filter((r) => !r.path.includes('query')),
    ).toHaveLength(0);

    const created = await c.createCustomer({
      name: 'Chosen Ltd',
      choices: { type: '3', owner: '29682886', 'autotask.marketSegmentID': '4' },
    });
    expect(f.company(Number(created.id))).toMatchObject({
      companyType: 3,
      ownerResourceID: 29_682_886,
      marketSegmentID: 4,
    });
  });
});

describe('errors', () => {
  it('maps 500-with-errors naming fields to validation on domain fields, and does not repeat the write', async () => {
    fake.clearRequests();
    const error = await failure(
      client.createContact({ customerId: String(acme), firstName: 'No', email: 'bad' }),
    );
    expect(error.kind).toBe('validation');
    expect(error.status).toBe(500);
    expect(Object.keys(error.fields).sort()).toEqual(['email', 'lastName']);
    expect(fake.requests('POST', `${fake.restPath()}/Companies/${acme}/Contacts`)).toHaveLength(1);
  });

  it('survives the thread limit (429 with the threshold text) by backing off, and says rate_limited when it persists', async () => {
    const f = await fakeWith({ processingMs: 100 });
    const c = clientOf(f, { retry: { retries: 10, baseDelayMs: 50, maxDelayMs: 200 } });
    const queries = () => f.requests('POST', `${f.restPath()}/Companies/query`).length;
    const results = await Promise.all(Array.from({ length: 6 }, () => c.searchCustomers('fake')));
    for (const r of results) expect(r.map((x) => x.name)).toEqual(['Fake MSP Ltd']);
    // More requests than searches: some were refused at the threshold and repeated.
    expect(queries()).toBeGreaterThan(6);

    // Three searches hold the endpoint's threads; a client that may not retry meets the 429 and says so.
    const once = clientOf(f, { retry: { retries: 0 } });
    await once.listCustomFieldDefinitions();
    f.setProcessing(1_000);
    const before = queries();
    const held = Promise.all(Array.from({ length: 3 }, () => c.searchCustomers('fake')));
    for (let i = 0; i < 200 && queries() < before + 3; i++) await new Promise((r) => setTimeout(r, 10));
    const error = await failure(once.searchCustomers('fake'));
    f.setProcessing(0);
    await held;
    expect(error.kind).toBe('rate_limited');
    expect(error.message).toMatch(/thread threshold of 3 threads/);
  });

  it('never puts the secret or the integration code in an error message, even when Autotask echoes them', async () => {
    const f = await fakeWith();
    const c = clientOf(f);
    f.inject({
      method: 'POST',
      path: `${f.restPath()}/Companies/query`,
      status: 500,
      body: JSON.stringify({ errors: [`Secret ${f.secret} with code ${f.integrationCode} is not valid`] }),
    });
    const error = await failure(c.searchCustomers('x'));
    expect(error.message).not.toContain(f.secret);
    expect(error.message).not.toContain(f.integrationCode);
    expect(JSON.stringify(error.fields)).not.toContain(f.secret);
  });
});

describe('attribution', () => {
  it('finds an active resource by email, and sends ImpersonationResourceId on writes only', async () => {
    expect(client.capabilities.impersonation).toBe(true);
    const alex = await client.resolveActor('Alex.Tech@fake-msp.example');
    expect(alex).toEqual({ id: '29682885', name: 'Alex Tech' });
    expect(await client.resolveActor('former.tech@fake-msp.example')).toBeUndefined();
    expect(await client.resolveActor('nobody@fake-msp.example')).toBeUndefined();
    fake.clearRequests();
    const created = await client.createCustomer({ name: 'Attributed Co.' }, { actAs: alex?.id });
    await client.updateCustomer(created.id, { city: 'Austin' }, { actAs: alex?.id });
    const writes = fake
      .requests()
      .filter((r) => r.method === 'PATCH' || (r.method === 'POST' && !r.path.includes('/query')));
    expect(writes).toHaveLength(2);
    for (const w of writes) expect(w.headers.impersonationresourceid).toBe('29682885');
    const reads = fake.requests().filter((r: RecordedRequest) => r.method === 'GET');
    for (const r of reads) expect(r.headers.impersonationresourceid).toBeUndefined();
    // The technician who creates the company is its default owner.
    expect(fake.company(Number(created.id))?.ownerResourceID).toBe(29_682_885);

    fake.clearRequests();
    const contact = await client.createContact(
      { customerId: created.id, firstName: 'Ima', lastName: 'Attributed' },
      { actAs: alex?.id },
    );
    await client.updateContact(contact.id, { title: 'Boss' }, { actAs: alex?.id });
    await client.deleteContact(contact.id, { actAs: alex?.id });
    const contactWrites = fake.requests().filter((r) => r.method !== 'GET' && !r.path.includes('/query'));
    expect(contactWrites.map((r) => r.method)).toEqual(['POST', 'PATCH', 'DELETE']);
    for (const w of contactWrites) expect(w.headers.impersonationresourceid).toBe('29682885');
  });
});

describe('related records and links', () => {
  it("counts open tickets by the status picklist's Complete value, not a hard-coded 5", async () => {
    const f = await fakeWith({ completeStatus: 99 });
    const c = clientOf(f);
    const id = f.addCompany({ name: 'Tickets Co.' });
    f.addTicket(id);
    f.addTicket(id, { complete: true });
    f.addTicket(id);
    const open = await c.openTickets(String(id));
    expect(open.total).toBe(2);
    expect(open.sample[0]?.url).toContain('Code=OpenTicketDetail&TicketID=');
    f.addConfigurationItem(id);
    f.addConfigurationItem(id, { active: false });
    expect((await c.devices(String(id))).total).toBe(1);
    f.addContract(id, 'Managed Services Gold');
    expect((await c.contracts?.(String(id)))?.sample.map((s) => s.title)).toEqual(['Managed Services Gold']);
  });

  it("opens accounts with ExecuteCommand OpenAccount on the zone's webUrl, and reads ids only from this web base", async () => {
    const f = await fakeWith({ webUrl: 'https://ww14.autotask.net/' });
    const c = clientOf(f);
    const links = await c.webLinks();
    expect(links.base).toBe('https://ww14.autotask.net/');
    const customer = await c.getCustomer('0');
    expect(customer.url).toBe(
      'https://ww14.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenAccount&AccountID=0',
    );
    expect(links.customerIdFrom(f.accountUrl(1000))).toBe('1000');
    expect(
      links.customerIdFrom(
        'https://WW14.autotask.net/autotask/autotaskextend/executecommand.aspx?code=openaccount&accountid=7',
      ),
    ).toBe('7');
    expect(
      links.customerIdFrom(
        'https://ww3.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenAccount&AccountID=7',
      ),
    ).toBeUndefined();
    expect(
      links.customerIdFrom(
        'https://ww14.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=7',
      ),
    ).toBeUndefined();
  });

  it('derives the web base from a pinned webservicesN zone URL', async () => {
    const c = createAutotaskClient({
      username: 'u@example.com',
      secret: 'secret-value-123',
      integrationCode: 'code-value-123',
      baseUrl: 'http://127.0.0.1:9',
      zoneUrl: 'https://webservices5.autotask.net/ATServicesRest/',
    });
    opened.push(c);
    expect((await c.webLinks()).base).toBe('https://ww5.autotask.net/');
  });
});

describe('the fake keeps Autotask’s rules (what the tests above rely on)', () => {
  const call = async (
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${fake.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ApiIntegrationCode: fake.integrationCode,
        UserName: fake.username,
        Secret: fake.secret,
        'content-type': 'application/json',
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };
  const rest = () => fake.restPath();

  it('routes ignoring case, and refuses requests without the three headers', async () => {
    expect((await call(`${rest().toLowerCase()}/COMPANIES/0`)).json.item.companyName).toBe('Fake MSP Ltd');
    expect((await call(`${rest()}/Companies/0`, { headers: { Secret: 'nope' } })).status).toBe(401);
  });

  it('rejects maxRecords outside 1..500, unknown operators and a second UDF filter with HTTP 500 errors', async () => {
    const q = (body: unknown) => call(`${rest()}/Companies/query`, { method: 'POST', body });
    const tooMany = await q({ filter: [{ op: 'gte', field: 'id', value: 0 }], maxRecords: 501 });
    expect(tooMany).toEqual({
      status: 500,
      json: { errors: ['maxCountOfRecordsToReturn must be between 1 and 500'] },
    });
    expect((await q({ filter: [{ op: 'like', field: 'companyName', value: 'a' }] })).status).toBe(500);
    const twoUdfs = await q({
      filter: [
        { op: 'eq', field: 'Seats', udf: true, value: 1 },
        { op: 'eq', field: 'Onboarded', udf: true, value: '2020-01-01' },
      ],
    });
    expect(twoUdfs.status).toBe(500);
    const grouped = await q({
      filter: [
        {
          op: 'or',
          items: [
            { op: 'eq', field: 'id', value: 0 },
            { op: 'in', field: 'id', value: [acme] },
          ],
        },
      ],
    });
    expect(grouped.json.items.map((c: { id: number }) => c.id)).toEqual([0, acme]);
  });

  it('has no company DELETE and no top-level contact writes', async () => {
    expect((await call(`${rest()}/Companies/${acme}`, { method: 'DELETE' })).status).toBe(405);
    expect(
      (
        await call(`${rest()}/Contacts`, {
          method: 'POST',
          body: { companyID: acme, firstName: 'A', lastName: 'B', isActive: 1 },
        })
      ).status,
    ).toBe(405);
    expect(
      (await call(`${rest()}/Companies/${acme}`, { method: 'PATCH', body: { companyName: 'x' } })).status,
    ).toBe(405);
  });

  it('moves last-modified times on every write', async () => {
    const before = String(fake.company(acme)?.lastTrackedModifiedDateTime);
    await call(`${rest()}/Companies`, { method: 'PATCH', body: { id: acme, city: 'Capital City' } });
    expect(String(fake.company(acme)?.lastTrackedModifiedDateTime) > before).toBe(true);
  });
});
