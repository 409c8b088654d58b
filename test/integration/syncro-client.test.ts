// Syncro's quirks as the client must hide them: titles in properties, one name field, two 422 shapes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isVendorError, type VendorError } from '../../src/domain/index.js';
import { createSyncroClient, type SyncroClient } from '../../src/vendors/syncro/client.js';
import { type FakeSyncro, startFakeSyncro } from '../fakes/syncro/server.js';

let fake: FakeSyncro;
let client: SyncroClient;
const extraClients: SyncroClient[] = [];

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (isVendorError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  fake = await startFakeSyncro({
    seed: {
      customers: [
        {
          name: 'Harbor Insurance Partners',
          email: 'office@harbor-insurance.example',
          customFields: { 'Contract Tier': 'Gold', 'Account Manager': 'Sam Support' },
          contacts: [
            {
              firstName: 'Mary Ann',
              lastName: 'Smith',
              email: 'mary@harbor-insurance.example',
              title: 'Office Manager',
            },
          ],
        },
      ],
    },
    generate: { customers: 30, contactsPerCustomer: 2, seed: 5 },
  });
  client = createSyncroClient({ apiKey: fake.apiKey, baseUrl: fake.url, retry: { baseDelayMs: 1 } });
});
afterEach(() => {
  fake.clearFaults();
  fake.allowAll();
});
afterAll(async () => {
  await client.close();
  await Promise.all(extraClients.map((c) => c.close()));
  await fake.close();
});

const harbor = () => {
  const found = fake.customers().find((c) => c.business_name === 'Harbor Insurance Partners');
  if (!found) throw new Error('seed missing');
  return found;
};

describe('Syncro client quirks', () => {
  it('declares server-side search and per-customer contacts, and sends a Bearer token', async () => {
    expect(client.capabilities).toMatchObject({
      label: 'Syncro',
      serverSideSearch: true,
      contactsByCustomer: true,
      editableContactEmail: true,
      defaultRateLimitPerMinute: 180,
    });
    fake.clearRequests();
    await client.testConnection();
    expect(fake.requests('GET', '/api/v1/me')[0]?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
  });

  it('builds the base URL from the subdomain', () => {
    const c = createSyncroClient({ apiKey: 'k', subdomain: 'acme' });
    extraClients.push(c);
    expect(() => createSyncroClient({ apiKey: 'k' })).toThrow(/subdomain/);
  });

  it('falls back to a one-customer list when /me is missing', async () => {
    fake.inject({ method: 'GET', path: '/api/v1/me', status: 404, body: '{"message":"Not found"}' });
    fake.clearRequests();
    expect((await client.testConnection()).accountName).toBe('127.0.0.1');
    expect(fake.requests('GET', '/api/v1/customers')[0]?.query.per_page).toBe('1');
  });

  it('stores a title given at create in properties.title (POST takes none, so it follows with a PUT)', async () => {
    fake.clearRequests();
    const created = await client.createContact({
      customerId: String(harbor().id),
      firstName: 'Ted',
      lastName: 'Lasso',
      email: 'ted@harbor-insurance.example',
      title: 'Coach',
    });
    expect(created).toMatchObject({ firstName: 'Ted', lastName: 'Lasso', title: 'Coach' });
    expect(fake.requests('POST', '/api/v1/contacts')[0]?.body).toMatchObject({
      name: 'Ted Lasso',
      customer_id: harbor().id,
    });
    expect(fake.requests('PUT', `/api/v1/contacts/${created.id}`)[0]?.body).toMatchObject({
      name: 'Ted Lasso',
      title: 'Coach',
    });
    expect(fake.contact(Number(created.id))?.properties.title).toBe('Coach');
    await client.deleteContact(created.id);
  });

  it('splits and joins the single contact name', async () => {
    const [mary] = await client.searchContacts('mary@harbor');
    expect(mary).toMatchObject({
      firstName: 'Mary Ann',
      lastName: 'Smith',
      fullName: 'Mary Ann Smith',
      title: 'Office Manager',
    });
    if (!mary) return;
    fake.clearRequests();
    const updated = await client.updateContact(mary.id, { lastName: 'Jones' });
    expect(fake.requests('PUT')[0]?.body).toMatchObject({ name: 'Mary Ann Jones' });
    expect(updated).toMatchObject({ firstName: 'Mary Ann', lastName: 'Jones', title: 'Office Manager' });
  });

  it('names a customer by business name, else by the person (residential customers)', async () => {
    const residential = await client.createCustomer({ name: 'Temp', email: 'someone@gmail.com' });
    // Make it residential the way Syncro would hold it: no business name, a person's name.
    const wire = fake.customer(Number(residential.id));
    if (!wire) throw new Error('not stored');
    Object.assign(wire, { business_name: null, business_then_name: 'Pat Person', fullname: 'Pat Person' });
    const read = await client.getCustomer(residential.id);
    expect(read.name).toBe('Pat Person');
    // A mailbox provider's domain says nothing about the customer.
    expect(read.domains).toEqual([]);
    expect((await client.getCustomer(String(harbor().id))).domains).toEqual(['harbor-insurance.example']);
    await client.deleteCustomer(residential.id);
  });

  it('searches customers server-side with ?query= and contacts of a customer with ?customer_id=', async () => {
    fake.clearRequests();
    expect((await client.searchCustomers('harbor insurance')).map((c) => c.name)).toEqual([
      'Harbor Insurance Partners',
    ]);
    expect(fake.requests('GET', '/api/v1/customers')[0]?.query.query).toBe('harbor insurance');
    const contacts = await client.listContacts(String(harbor().id));
    expect(contacts.map((c) => c.email)).toContain('mary@harbor-insurance.example');
    expect(fake.requests('GET', '/api/v1/contacts').at(-1)?.query.customer_id).toBe(String(harbor().id));
  });

  it('reads the 422 shapes into domain fields: {success,message[]}, {errors: string|array|object}', async () => {
    const customerError = await failure(client.createCustomer({ name: 'Bad Mail Co', email: 'nope' }));
    expect(customerError).toMatchObject({ kind: 'validation', status: 422 });
    expect(customerError.fields.email).toBe('Email is not an email');

    const contactError = await failure(
      client.createContact({ customerId: String(harbor().id), firstName: 'X', email: 'nope' }),
    );
    expect(contactError.fields.email).toBe('Email is not an email');

    const [mary] = await client.listContacts(String(harbor().id));
    if (!mary) throw new Error('seed missing');
    const arrayError = await failure(client.updateContact(mary.id, { email: 'still-nope' }));
    expect(arrayError.fields.email).toBe('Email is not an email');
    const nameError = await failure(client.updateContact(mary.id, { firstName: null, lastName: null }));
    expect(nameError.fields.firstName).toMatch(/can't be blank/);
  });

  it('tells a bad token (auth) from a missing permission (forbidden), both 401 in Syncro', async () => {
    const wrong = createSyncroClient({ apiKey: 'not-the-token-123456', baseUrl: fake.url });
    extraClients.push(wrong);
    expect((await failure(wrong.listCustomerPage(1))).kind).toBe('auth');
    fake.denyPermission('Customers - Delete');
    const error = await failure(client.deleteCustomer(String(harbor().id)));
    expect(error).toMatchObject({ kind: 'forbidden', status: 401 });
    expect(error.message).toMatch(/permission/);
  });

  it('infers custom field definitions from properties, and keeps other properties when setting one', async () => {
    const definitions = await client.listCustomFieldDefinitions();
    expect(definitions.map((d) => d.name)).toEqual(
      expect.arrayContaining(['Account Manager', 'Contract Tier']),
    );
    for (const d of definitions) expect(d.type).toBe('text');

    const configured = createSyncroClient({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      customFieldNames: ['Only This'],
    });
    extraClients.push(configured);
    expect((await configured.listCustomFieldDefinitions()).map((d) => d.name)).toEqual(['Only This']);

    await client.setCustomField(String(harbor().id), 'Contract Tier', 'Silver');
    expect(harbor().properties).toMatchObject({
      'Contract Tier': 'Silver',
      'Account Manager': 'Sam Support',
    });
  });

  it('accepts a contact wrapped in {contact: ...} as well as bare', async () => {
    const wire = fake.contacts()[0];
    if (!wire) throw new Error('no contacts');
    fake.inject({
      method: 'GET',
      path: `/api/v1/contacts/${wire.id}`,
      status: 200,
      body: JSON.stringify({ contact: wire }),
      times: 1,
    });
    expect((await client.getContact(String(wire.id))).id).toBe(String(wire.id));
  });

  it('follows meta.total_pages whatever the page size', async () => {
    fake.clearRequests();
    const all = [];
    for await (const page of client.listAllCustomers()) all.push(...page);
    expect(all).toHaveLength(fake.customers().length);
    const requests = fake.requests('GET', '/api/v1/customers');
    expect(requests.length).toBe(Math.ceil(fake.customers().length / 100));
  });
});

describe('fake Syncro fidelity (what the tests above rely on)', () => {
  const get = async (path: string) => {
    const response = await fetch(`${fake.url}${path}`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  it('pages 25 by default, honours per_page up to 100, and answers an empty page past the end', async () => {
    const byDefault = await get('/api/v1/customers');
    expect(byDefault.json.customers).toHaveLength(25);
    expect(byDefault.json.meta).toMatchObject({
      per_page: 25,
      page: 1,
      total_entries: fake.customers().length,
    });
    expect((await get('/api/v1/customers?per_page=500')).json.meta).toMatchObject({ per_page: 100 });
    const past = await get('/api/v1/customers?page=99');
    expect(past).toMatchObject({ status: 200, json: { customers: [] } });
  });

  it('answers a contact bare and a customer wrapped', async () => {
    const wire = fake.contacts()[0];
    expect((await get(`/api/v1/contacts/${wire?.id}`)).json).toMatchObject({
      id: wire?.id,
      name: wire?.name,
    });
    expect((await get(`/api/v1/customers/${harbor().id}`)).json).toHaveProperty('customer.business_name');
  });
});
