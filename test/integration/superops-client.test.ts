// SuperOps' rules as the client must keep them: one GraphQL endpoint, named documents with variables, JSON
// scalars selected bare, ListInfo paging, errors at HTTP 200, an HQ site on every client, a role on every user.
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { explainError, isVendorError, type VendorError } from '../../src/domain/index.js';
import { fetchAllPages } from '../../src/vendors/http.js';
import {
  createSuperOpsClient,
  type SuperOpsClient,
  type SuperOpsClientOptions,
  superOpsRegion,
} from '../../src/vendors/superops/client.js';
import { OPERATIONS } from '../../src/vendors/superops/documents.js';
import { CHOICE_KEYS } from '../../src/vendors/superops/mapping.js';
import { superOpsSchema } from '../fakes/superops/schema.js';
import { type FakeSuperOps, type GraphQLCall, startFakeSuperOps } from '../fakes/superops/server.js';

let fake: FakeSuperOps;
let client: SuperOpsClient;
const opened: SuperOpsClient[] = [];
const FAST = { retries: 2, baseDelayMs: 2, maxDelayMs: 10, maxRetryAfterMs: 2_000 };

function clientFor(target: FakeSuperOps, overrides: Partial<SuperOpsClientOptions> = {}): SuperOpsClient {
  const made = createSuperOpsClient({
    apiToken: target.apiToken,
    subdomain: target.subdomain,
    apiUrl: target.apiUrl,
    retry: FAST,
    ...overrides,
  });
  opened.push(made);
  return made;
}

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (isVendorError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

const lastCall = (operation: string): GraphQLCall => {
  const call = fake.calls(operation).at(-1);
  if (!call) throw new Error(`no ${operation} call`);
  return call;
};
const input = (call: GraphQLCall) => call.variables.input as Record<string, unknown>;

const acme = () => {
  const found = fake.clientByName('Acme Dental Group');
  if (!found) throw new Error('seed missing');
  return found;
};

beforeAll(async () => {
  fake = await startFakeSuperOps({
    seed: {
      customers: [
        {
          name: 'Acme Dental Group',
          domain: 'acme-dental.example',
          phone: '(555) 010-2030',
          address: '12 Harbor Blvd',
          city: 'Austin',
          state: 'TX',
          zip: '73301',
          country: 'United States',
          customFields: { Seats: 12, 'Contract Tier': 'Gold', 'Managed Backup': true },
          contacts: [
            { firstName: 'Jane', lastName: 'Doe', email: 'jane@acme-dental.example', isPrimary: true },
            { firstName: 'Bob', lastName: 'Stone', email: 'bob@acme-dental.example' },
          ],
        },
      ],
    },
    generate: { customers: 230, contactsPerCustomer: 1, seed: 11 },
  });
  client = clientFor(fake);
});
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
  await fake.close();
});

describe('SuperOps requests', () => {
  it('POSTs every call to the one endpoint with a Bearer token and the CustomerSubDomain header', async () => {
    fake.clearRequests();
    await client.testConnection();
    await client.getCustomer(acme().accountId);
    const sent = fake.requests();
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const request of sent) {
      expect(request).toMatchObject({ method: 'POST', path: '/msp' });
      expect(request.headers.authorization).toBe(`Bearer ${fake.apiToken}`);
      expect(request.headers.customersubdomain).toBe(fake.subdomain);
      expect(request.headers['content-type']).toContain('application/json');
    }
  });

  it('sends named operations whose values travel as variables, never in the document', async () => {
    fake.clearRequests();
    const odd = 'Zeb"ra} corn';
    await client.searchCustomers(odd);
    await client.getCustomer(acme().accountId);
    for (const call of fake.calls()) {
      const body = call.request.body as { operationName?: string; query: string };
      expect(body.operationName).toMatch(/^[A-Z][A-Za-z]+$/);
      const document = parse(body.query);
      const named = document.definitions.filter((d) => d.kind === 'OperationDefinition');
      expect(named).toHaveLength(1);
      expect(named[0]).toMatchObject({ name: { value: body.operationName } });
      expect(body.query).not.toContain('Zeb');
      expect(body.query).not.toContain(acme().accountId);
    }
    expect(JSON.stringify(lastCall('ClientSearch').variables)).toContain('Zeb\\"ra} corn');
    expect(lastCall('ClientDetail').variables).toMatchObject({ client: { accountId: acme().accountId } });
  });

  it('keeps every document valid against the reference schema, JSON scalars selected bare', () => {
    for (const variant of ['introspected', 'documented'] as const) {
      // The documented set must hold against a SuperOps that has only what the reference promises.
      const schema = superOpsSchema(variant);
      for (const operation of Object.values(OPERATIONS[variant])) {
        expect({ [operation.name]: validate(schema, parse(operation.text)).map((e) => e.message) }).toEqual({
          [operation.name]: [],
        });
      }
    }
    // What SuperOps does with a sub-selection on a JSON scalar, for the record: a validation error.
    const bad = parse('query Bad { getClient(input: {accountId: "1"}) { hqSite { id } } }');
    expect(validate(superOpsSchema(), bad)[0]?.message).toMatch(/hqSite.*must not have a selection/);
  });

  it('marks queries as reads and mutations as writes, and never asks for a hard delete', () => {
    for (const operation of Object.values(OPERATIONS.introspected)) {
      expect(operation.text.startsWith(operation.kind)).toBe(true);
      expect(operation.text).not.toContain('hardDeleteClients');
      expect(operation.text).not.toMatch(/\bforget\b/);
    }
  });

  it('pages from 1 with pageSize 100, and works out the pages from totalCount', async () => {
    fake.clearRequests();
    const first = await client.listCustomerPage(1);
    expect(input(lastCall('ClientPage'))).toEqual({ page: 1, pageSize: 100 });
    const total = fake.clients().length;
    expect(first).toMatchObject({ page: 1, totalPages: Math.ceil(total / 100), totalItems: total });
    expect(first.items).toHaveLength(100);
    const last = await client.listCustomerPage(first.totalPages);
    expect(last.items).toHaveLength(total % 100 || 100);
    // Big SuperOps ids stay exact strings.
    expect(first.items.map((c) => c.id)).toContain(acme().accountId);
  });

  it('finds every page when SuperOps leaves totalCount out and says hasMore: null on the last', async () => {
    const countless = await startFakeSuperOps({
      generate: { customers: 733, contactsPerCustomer: 0 },
      omitTotalCount: true,
    });
    try {
      const c = clientFor(countless);
      const first = await c.listCustomerPage(1);
      expect(first.totalPages).toBe(8);
      expect(first.totalItems).toBeUndefined();
      const all = await fetchAllPages((page) => c.listCustomerPage(page));
      expect(new Set(all.map((x) => x.id)).size).toBe(733);
      expect(await c.countCustomers?.()).toBe(733);
      // The end is found in a handful of small probes, not by reading every page in full.
      expect(countless.calls('ClientIds').length).toBeLessThan(20);
    } finally {
      await countless.close();
    }
  });
});

describe('SuperOps conditions', () => {
  it('searches clients by part of the name with contains, and by email domain with an uppercase OR', async () => {
    expect((await client.searchCustomers('acme dental')).map((c) => c.name)).toContain('Acme Dental Group');
    expect(input(lastCall('ClientSearch')).condition).toEqual({
      attribute: 'name',
      operator: 'contains',
      value: 'acme dental',
    });
    const byEmail = await client.searchCustomers('someone@acme-dental.example');
    expect(byEmail.map((c) => c.id)).toEqual([acme().accountId]);
    expect(input(lastCall('ClientSearch')).condition).toEqual({
      joinOperator: 'OR',
      operands: [
        { attribute: 'name', operator: 'contains', value: 'someone@acme-dental.example' },
        { attribute: 'emailDomains', operator: 'includes', value: ['acme-dental.example'] },
      ],
    });
  });

  it('counts only open tickets, with an uppercase AND of the client name and the closed statuses', async () => {
    const id = fake.addClient({ name: 'Ticket Count Partners' });
    fake.addTickets(id, 4, 'New');
    fake.addTickets(id, 3, 'Closed');
    fake.addTickets(id, 2, 'Resolved');
    fake.addTickets(acme().accountId, 5, 'New');
    const open = await client.openTickets(id);
    expect(open.total).toBe(4);
    expect(open.sample).toHaveLength(4);
    expect(open.sample[0]?.url).toMatch(/^https:\/\/fakemsp\.superops\.ai\/#\/tickets\/\d+\/ticket$/);
    const condition = input(lastCall('TicketsOfClient')).condition as { joinOperator: string };
    expect(condition.joinOperator).toBe('AND');
    expect(JSON.stringify(condition)).not.toMatch(/"operator":"(equals|in)"/);
  });

  it('counts devices and contracts of one client', async () => {
    const id = fake.addClient({ name: 'Device Count Ltd' });
    fake.addAssets(id, 3);
    fake.addContract(id, { name: 'Managed Backup', contractStatus: 'ACTIVE' });
    fake.addContract(id, { name: 'Old Plan', contractStatus: 'INACTIVE' });
    fake.addContract(acme().accountId, { name: 'Acme Plan' });
    expect((await client.devices(id)).total).toBe(3);
    const contracts = await client.contracts?.(id);
    expect(contracts?.total).toBe(1);
    expect(contracts?.sample[0]?.title).toContain('Managed Backup');
  });

  it('answers equals and in with HTTP 500 in the fake, as SuperOps does live', async () => {
    const response = await fetch(fake.apiUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${fake.apiToken}`,
        customersubdomain: fake.subdomain,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        operationName: 'EqualsProbe',
        query:
          'query EqualsProbe($input: ListInfoInput!) { getClientList(input: $input) { listInfo { totalCount } } }',
        variables: {
          input: { page: 1, pageSize: 1, condition: { attribute: 'name', operator: 'equals', value: 'x' } },
        },
      }),
    });
    expect(response.status).toBe(500);
  });
});

describe('SuperOps clients', () => {
  it('reads the address and main phone from the HQ site, and the custom values by label', async () => {
    const customer = await client.getCustomer(acme().accountId);
    expect(customer).toMatchObject({
      name: 'Acme Dental Group',
      domains: ['acme-dental.example'],
      address: '12 Harbor Blvd',
      city: 'Austin',
      state: 'TX',
      zip: '73301',
      country: 'United States',
      phone: '(555) 010-2030',
      active: true,
      url: `https://fakemsp.superops.ai/#/clients/${acme().accountId}/details`,
    });
    expect(customer.customFields).toMatchObject({
      Seats: 12,
      'Contract Tier': 'Gold',
      'Managed Backup': 'Yes',
    });
    // One request for the client, its sites and the definitions.
    expect(lastCall('ClientDetail').fields).toEqual([
      'getClient',
      'getClientSiteList',
      'getClientCustomFieldList',
    ]);
  });

  it('offers the HQ site as create choices and builds the site from them', async () => {
    const choices = await client.customerCreateChoices?.();
    expect(choices?.map((c) => [c.key, c.kind, c.required])).toEqual([
      [CHOICE_KEYS.siteName, 'text', false],
      [CHOICE_KEYS.timezone, 'timezone', true],
      [CHOICE_KEYS.working24x7, 'boolean', false],
    ]);
    const created = await client.createCustomer({
      name: 'Choices Dental',
      address: '5 Elm St',
      country: 'Germany',
      choices: { siteName: 'Berlin Office', timezone: 'Europe/Berlin', working24x7: 'true' },
    });
    expect(input(lastCall('CreateClient')).hqSite).toEqual({
      name: 'Berlin Office',
      working24x7: true,
      timezoneCode: 'Europe/Berlin',
      line1: '5 Elm St',
      countryCode: 'DE',
    });
    expect(fake.hqSite(created.id)).toMatchObject({
      name: 'Berlin Office',
      timezoneCode: 'Europe/Berlin',
      hq: true,
    });
    expect(created).toMatchObject({ address: '5 Elm St', country: 'Germany' });

    const plain = await client.createCustomer({ name: 'No Choices Ltd' });
    expect(fake.hqSite(plain.id)).toMatchObject({
      name: 'Headquarters',
      timezoneCode: 'UTC',
      working24x7: false,
    });
  });

  it('refuses a time zone or a country SuperOps cannot take, before sending anything', async () => {
    const before = fake.calls('CreateClient').length;
    const zone = await failure(
      client.createCustomer({ name: 'Bad Zone Ltd', choices: { timezone: 'Mars/Olympus' } }),
    );
    expect(zone.kind).toBe('validation');
    expect(Object.keys(zone.fields)).toEqual([CHOICE_KEYS.timezone]);
    const country = await failure(client.createCustomer({ name: 'Bad Country Ltd', country: 'Atlantis' }));
    expect(Object.keys(country.fields)).toEqual(['country']);
    expect(fake.calls('CreateClient').length).toBe(before);
  });

  it('puts the phone on the HQ site with updateClientSite, which works against the documented schema', async () => {
    const documented = await startFakeSuperOps({ schema: 'documented' });
    try {
      const c = clientFor(documented);
      const created = await c.createCustomer({ name: 'Phone Site Ltd', phone: '555-0142' });
      expect(created.phone).toBe('555-0142');
      expect(documented.hqSite(created.id)?.contactNumber).toBe('555-0142');
      expect(JSON.stringify(documented.calls('CreateClient')[0]?.variables)).not.toContain('contactNumber');
      expect(documented.calls('UpdateClientSite')).toHaveLength(1);
    } finally {
      await documented.close();
    }
  });

  it('explains a duplicate name and a duplicate email domain on their fields', async () => {
    const name = await failure(client.createCustomer({ name: 'Acme Dental Group' }));
    expect(name.kind).toBe('validation');
    expect(name.status).toBe(200);
    expect(name.fields.name).toMatch(/already exists/);
    const domain = await failure(
      client.createCustomer({ name: 'Acme Copy', domains: ['acme-dental.example'] }),
    );
    expect(Object.keys(domain.fields)).toEqual(['domains']);
  });

  it('updates name and domains with updateClient, the address with updateClientSite, and clears with null', async () => {
    const created = await client.createCustomer({ name: 'Edit Me Ltd', city: 'Denver', phone: '555-0001' });
    const updated = await client.updateCustomer(created.id, {
      name: 'Edited Ltd',
      domains: ['edited.example'],
      city: null,
    });
    expect(updated).toMatchObject({
      name: 'Edited Ltd',
      domains: ['edited.example'],
      city: null,
      phone: '555-0001',
    });
    expect(input(lastCall('UpdateClient'))).toEqual({
      accountId: created.id,
      name: 'Edited Ltd',
      emailDomains: ['edited.example'],
    });
    expect(input(lastCall('UpdateClientSite'))).toEqual({ id: fake.hqSite(created.id)?.id, city: null });
  });

  it('moves a deleted client to the trash (never hardDeleteClients) and restores it', async () => {
    const created = await client.createCustomer({ name: 'Trash Me Inc.' });
    await client.deleteCustomer(created.id);
    expect(fake.client(created.id)?.trashedAt).not.toBeNull();
    expect(input(lastCall('TrashClient'))).toEqual([{ accountId: created.id }]);
    expect((await failure(client.getCustomer(created.id))).kind).toBe('not_found');
    // Deleting again (already in the trash) is done.
    await client.deleteCustomer(created.id);
    const restored = await client.restoreCustomer?.(created.id);
    expect(restored).toMatchObject({ id: created.id, name: 'Trash Me Inc.', active: true });
    expect(fake.client(created.id)?.trashedAt).toBeNull();
    expect(fake.hardDeleteCalls()).toBe(0);
    expect(fake.calls('hardDeleteClients')).toHaveLength(0);
    expect(client.capabilities).toMatchObject({ customerRemoval: 'trash', restoreWindowDays: 30 });
  });

  it('maps the errors SuperOps returns at HTTP 200 to their kinds', async () => {
    const missing = await failure(client.getCustomer('7928838372746199999'));
    expect({ kind: missing.kind, status: missing.status }).toEqual({ kind: 'not_found', status: 200 });

    fake.forbid('getClient');
    try {
      expect((await failure(client.getCustomer(acme().accountId))).kind).toBe('forbidden');
    } finally {
      fake.allow('getClient');
    }

    fake.injectOperation({
      operation: 'ConnectionCheck',
      status: 200,
      body: JSON.stringify({
        errors: [{ extensions: { clientError: [{ code: 'subscription_trial_expired', param: {} }] } }],
        data: {},
      }),
      times: 1,
    });
    const trial = await failure(client.testConnection());
    expect(trial.kind).toBe('forbidden');
    expect(trial.message).toMatch(/trial has expired/);

    fake.injectOperation({
      operation: 'ConnectionCheck',
      status: 200,
      body: JSON.stringify({
        errors: [
          {
            message: 'Validation error (FieldUndefined@[getClientList/nope])',
            extensions: { classification: 'ValidationError' },
          },
        ],
      }),
      times: 1,
    });
    expect((await failure(client.testConnection())).kind).toBe('bad_response');
  });
});

describe('SuperOps rate limit', () => {
  it('survives rate_limit_exceeded at HTTP 200: reports it so the workspace backs off, then retries', async () => {
    const onRateLimited = vi.fn();
    const c = clientFor(fake, { hooks: { onRateLimited } });
    const before = fake.calls('ClientPage').length;
    fake.rateLimitNext(2);
    const page = await c.listCustomerPage(1);
    expect(page.items.length).toBe(100);
    expect(fake.calls('ClientPage').length - before).toBe(3);
    expect(onRateLimited).toHaveBeenCalledTimes(2);
    for (const [ms] of onRateLimited.mock.calls) expect(ms).toBeGreaterThan(0);
  });

  it('retries a refused create (SuperOps did not process it) and creates it once', async () => {
    const before = fake.clients().length;
    fake.rateLimitNext(1);
    await client.createCustomer({ name: 'Rate Limited Create Ltd' });
    expect(fake.clients().length).toBe(before + 1);
    expect(fake.clients().filter((c) => c.name === 'Rate Limited Create Ltd')).toHaveLength(1);
  });

  it('gives up as rate_limited with a minute to wait when SuperOps keeps refusing', async () => {
    const onRateLimited = vi.fn();
    const c = clientFor(fake, { hooks: { onRateLimited } });
    fake.rateLimitNext(10);
    try {
      const error = await failure(c.testConnection());
      expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 60_000, status: 200 });
      expect(onRateLimited).toHaveBeenLastCalledWith(60_000);
      expect(explainError(error).action).toContain('60 seconds');
    } finally {
      fake.rateLimitNext(0);
    }
  });

  it('follows SuperOps’ own limit as the fake counts it per minute', async () => {
    const limited = await startFakeSuperOps({ rateLimit: { perMinute: 3 } });
    try {
      const onRateLimited = vi.fn();
      const c = clientFor(limited, { hooks: { onRateLimited }, retry: { ...FAST, retries: 1 } });
      for (let i = 0; i < 3; i++) await c.testConnection();
      expect((await failure(c.testConnection())).kind).toBe('rate_limited');
      expect(onRateLimited).toHaveBeenCalled();
    } finally {
      await limited.close();
    }
  });
});

describe('SuperOps connection', () => {
  it('explains a bad token (401) without echoing it', async () => {
    const token = 'not-the-token-9999999999';
    const error = await failure(clientFor(fake, { apiToken: token }).testConnection());
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(error.message).toMatch(/API token/);
    expect(error.message).not.toContain(token);
  });

  it('explains a 400 with an empty body as a wrong subdomain, naming it', async () => {
    const error = await failure(clientFor(fake, { subdomain: 'wrongmsp' }).testConnection());
    expect(error).toMatchObject({ kind: 'auth', status: 400 });
    expect(error.message).toContain('“wrongmsp”');
    expect(error.message).toMatch(/subdomain/);
  });

  it('names the account by its subdomain and the region by the API host', async () => {
    expect(await client.testConnection()).toEqual({ accountName: 'fakemsp' });
    expect(superOpsRegion('https://api.superops.ai/msp')).toBe('US');
    expect(superOpsRegion('https://euapi.superops.ai/msp')).toBe('EU');
    expect(superOpsRegion(fake.apiUrl)).toBeUndefined();
  });

  it('links to the web app and reads a client id back only from this account’s links', async () => {
    const links = await client.webLinks();
    expect(links.base).toBe('https://fakemsp.superops.ai');
    const id = acme().accountId;
    expect(links.customerIdFrom(`https://fakemsp.superops.ai/#/clients/${id}/details`)).toBe(id);
    expect(links.customerIdFrom(`https://FakeMSP.superops.ai/#/clients/${id}`)).toBe(id);
    expect(links.customerIdFrom(`https://othermsp.superops.ai/#/clients/${id}/details`)).toBeUndefined();
    expect(links.customerIdFrom(`http://fakemsp.superops.ai/#/clients/${id}/details`)).toBeUndefined();
    expect(links.customerIdFrom(`https://fakemsp.superops.ai/#/tickets/${id}/ticket`)).toBeUndefined();
  });
});

describe('SuperOps client users', () => {
  it('lists a client’s users with its primary contact marked', async () => {
    const contacts = await client.listContacts(acme().accountId);
    expect(contacts.map((c) => [c.email, c.isPrimary])).toEqual([
      ['jane@acme-dental.example', true],
      ['bob@acme-dental.example', false],
    ]);
    expect(lastCall('ClientUsersOfClient').variables).toMatchObject({
      users: { clientId: acme().accountId },
    });
  });

  it('gives a new user the default requester role, or the one chosen', async () => {
    const [choice] = (await client.contactCreateChoices?.()) ?? [];
    expect(choice).toMatchObject({
      key: CHOICE_KEYS.role,
      kind: 'select',
      required: true,
      defaultValue: '4',
      options: [
        { value: '3', label: 'Client Admin' },
        { value: '4', label: 'Requester' },
      ],
    });
    const plain = await client.createContact({
      customerId: acme().accountId,
      firstName: 'Rita',
      email: 'rita@acme-dental.example',
    });
    expect(fake.user(plain.id)?.roleId).toBe('4');
    expect(input(lastCall('CreateClientUser'))).toMatchObject({
      role: { roleId: '4' },
      addAssociations: [{ client: { accountId: acme().accountId }, site: { id: acme().hqSiteId } }],
    });
    const admin = await client.createContact({
      customerId: acme().accountId,
      firstName: 'Adam',
      email: 'adam@acme-dental.example',
      choices: { role: '3' },
    });
    expect(fake.user(admin.id)?.roleId).toBe('3');
  });

  it('explains a duplicate email, a client user’s or a technician’s, on the email field', async () => {
    for (const email of ['bob@acme-dental.example', 'jason.wheeler@fakemsp.example']) {
      const error = await failure(
        client.createContact({ customerId: acme().accountId, firstName: 'Dup', email }),
      );
      expect(error.kind).toBe('validation');
      expect(Object.keys(error.fields)).toEqual(['email']);
      expect(error.fields.email).toMatch(/already belongs to another SuperOps user/);
      expect(explainError(error).what).toContain('already belongs');
    }
  });

  it('pages every client user of the account, each with its client', async () => {
    const page = await client.listContactPage(1);
    expect(page.totalPages).toBe(Math.ceil(fake.users().length / 100));
    expect(input(lastCall('ClientUserPage'))).toEqual({ listInfo: { page: 1, pageSize: 100 } });
    const jane = page.items.find((c) => c.email === 'jane@acme-dental.example');
    expect(jane).toMatchObject({ customerId: acme().accountId, customerName: 'Acme Dental Group' });
  });

  it('never trusts an id SuperOps sent as a bare number too big for JSON (rounded on parse)', async () => {
    const jane = fake.users(acme().accountId).find((u) => u.email === 'jane@acme-dental.example');
    if (!jane) throw new Error('seed missing');
    // Live, a JSON scalar's accountId has arrived unquoted (RPMC live notes): JSON.parse rounds it.
    fake.injectOperation({
      operation: 'ClientUserDetail',
      status: 200,
      body: `{"data":{"getClientUser":{"userId":"${jane.userId}","firstName":"Jane","lastName":"Doe","name":"Jane Doe","email":"jane@acme-dental.example","contactNumber":null,"role":{"roleId":"4","name":"Requester"},"client":{"accountId":${acme().accountId},"name":"Acme Dental Group"},"customFields":{}}}}`,
      times: 1,
    });
    const contact = await client.getContact(jane.userId);
    expect(contact.customerId).toBe('');
    expect(contact.customerName).toBe('Acme Dental Group');
  });

  it('needs a role and a client for every new user, as the fake (like SuperOps) insists', async () => {
    const post = (query: string, variables: Record<string, unknown>) =>
      fetch(fake.apiUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${fake.apiToken}`,
          customersubdomain: fake.subdomain,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<{ errors?: Array<{ extensions?: Record<string, unknown> }> }>);
    const noRole = await post(
      'mutation NoRole($input: CreateClientUserInput!) { createClientUser(input: $input) { userId } }',
      { input: { firstName: 'No', email: 'no-role@acme-dental.example' } },
    );
    expect(noRole.errors?.[0]?.extensions?.classification).toBe('ValidationError');
    const noSite = await post(
      'mutation NoSite($input: CreateClientInputV2!) { createClientV2(input: $input) { accountId } }',
      { input: { name: 'No Site Ltd' } },
    );
    expect(noSite.errors?.[0]?.extensions?.classification).toBe('ValidationError');
  });

  it('edits, then soft-deletes a user (forget is never sent)', async () => {
    const created = await client.createContact({
      customerId: acme().accountId,
      firstName: 'Tess',
      lastName: 'Temp',
      email: 'tess@acme-dental.example',
      phone: '555-0300',
    });
    const updated = await client.updateContact(created.id, {
      lastName: 'Kept',
      email: 'tess.kept@acme-dental.example',
    });
    expect(updated).toMatchObject({
      lastName: 'Kept',
      email: 'tess.kept@acme-dental.example',
      phone: '555-0300',
    });
    await client.deleteContact(created.id);
    expect(input(lastCall('DeleteClientUser'))).toEqual({ userId: created.id });
    expect(fake.user(created.id)?.deletedAt).not.toBeNull();
    expect(fake.user(created.id)?.email).toBe('tess.kept@acme-dental.example');
    expect((await failure(client.getContact(created.id))).kind).toBe('not_found');
  });
});

describe('SuperOps custom fields', () => {
  it('reads definitions with their columns hidden behind labels, secret fields left out', async () => {
    const definitions = await client.listCustomFieldDefinitions();
    expect(definitions.map((d) => [d.name, d.type])).toEqual([
      ['Contract Tier', 'options'],
      ['Account Manager', 'text'],
      ['Seats', 'number'],
      ['Managed Backup', 'options'],
      ['Onboarded', 'date'],
      ['Services', 'multi'],
    ]);
    expect(definitions.find((d) => d.name === 'Services')?.options).toEqual([
      'Backup',
      'Email',
      'Firewall',
      'Helpdesk',
    ]);
    fake.setCustomValue(acme().accountId, 'Admin Password', 'hunter2');
    expect(JSON.stringify(await client.getCustomFieldValues(acme().accountId))).not.toContain('hunter2');
  });

  it('writes by columnName, multi-select values as arrays, and clears them', async () => {
    const id = acme().accountId;
    const services = fake.customFields().find((d) => d.label === 'Services');
    if (!services) throw new Error('no Services field');
    await client.setCustomField(id, 'Services', ['Backup', 'Email']);
    expect(input(lastCall('UpdateClient'))).toEqual({
      accountId: id,
      customFields: { [services.columnName]: ['Backup', 'Email'] },
    });
    expect(fake.customValuesByLabel(id).Services).toEqual(['Backup', 'Email']);
    expect((await client.getCustomFieldValues(id)).Services).toEqual(['Backup', 'Email']);
    await client.setCustomField(id, 'Seats', 40);
    expect(fake.customValuesByLabel(id).Seats).toBe('40');
    expect((await client.getCustomer(id)).customFields.Seats).toBe(40);
    await client.setCustomField(id, 'Services', null);
    expect(input(lastCall('UpdateClient')).customFields).toEqual({ [services.columnName]: [] });
    expect((await client.getCustomFieldValues(id)).Services ?? null).toBeNull();
    const unknown = await failure(client.setCustomField(id, 'No Such Field', 'x'));
    expect(unknown.kind).toBe('validation');
    await expect(client.setCustomField(id, 'Admin Password', 'x')).rejects.toMatchObject({
      kind: 'validation',
    });
  });

  it('falls back to the documented selection when SuperOps has no CustomField.options', async () => {
    const documented = await startFakeSuperOps({ schema: 'documented', generate: { customers: 3 } });
    try {
      const c = clientFor(documented);
      const definitions = await c.listCustomFieldDefinitions();
      expect(definitions.find((d) => d.name === 'Contract Tier')).toMatchObject({
        type: 'options',
        options: [],
      });
      expect((await c.listCustomerPage(1)).items).toHaveLength(3);
      // One rejected try, then the documented documents only.
      expect(documented.calls('CustomFieldDefinitions')).toHaveLength(2);
      expect(documented.calls('ClientPage')).toHaveLength(1);
    } finally {
      await documented.close();
    }
  });
});
