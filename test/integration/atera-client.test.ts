// Atera's quirks as the client must hide them: fixed email, no name search, ActionID-only writes, typed values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVendorError, type VendorError } from '../../src/domain/index.js';
import { type AteraClient, createAteraClient } from '../../src/vendors/atera/client.js';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';

let fake: FakeAtera;
let client: AteraClient;
const extraClients: AteraClient[] = [];

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
  fake = await startFakeAtera({
    seed: {
      customers: [
        {
          name: 'Acme Dental Group',
          domain: 'acme-dental.example;acmedental.example',
          phone: '(555) 010-2030',
          customFields: { Seats: 12, 'Managed Backup': true, 'Contract Tier': 'Gold' },
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
    generate: { customers: 60, contactsPerCustomer: 1, seed: 3 },
  });
  client = createAteraClient({ apiKey: fake.apiKey, baseUrl: fake.url, retry: { baseDelayMs: 1 } });
});
afterAll(async () => {
  await client.close();
  await Promise.all(extraClients.map((c) => c.close()));
  await fake.close();
});

const acme = () => {
  const found = fake.customers().find((c) => c.CustomerName === 'Acme Dental Group');
  if (!found) throw new Error('seed missing');
  return found;
};

describe('Atera client quirks', () => {
  it('declares what Atera cannot do, so the UI can adapt', () => {
    expect(client.capabilities).toMatchObject({
      label: 'Atera',
      serverSideSearch: false,
      contactsByCustomer: false,
      editableContactEmail: false,
      contactEmailRequired: true,
      pageSize: 50,
    });
  });

  it('sends the key as X-API-KEY, or as a Bearer token when it is a JWT', async () => {
    fake.clearRequests();
    await client.testConnection();
    expect(fake.requests('GET', '/api/v3/account')[0]?.headers['x-api-key']).toBe(fake.apiKey);

    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
    const jwtFake = await startFakeAtera({ apiKey: jwt });
    const jwtClient = createAteraClient({ apiKey: jwt, baseUrl: jwtFake.url });
    try {
      expect((await jwtClient.testConnection()).accountName).toBe('Fake MSP Ltd');
      const sent = jwtFake.requests('GET', '/api/v3/account')[0]?.headers;
      expect(sent?.authorization).toBe(`Bearer ${jwt}`);
      expect(sent?.['x-api-key']).toBeUndefined();
    } finally {
      await jwtClient.close();
      await jwtFake.close();
    }
  });

  it('maps the wire record: domains split on ";", zip, links, typed custom values, web-app URL', async () => {
    const customer = await client.getCustomer(String(acme().CustomerID));
    expect(customer).toMatchObject({
      name: 'Acme Dental Group',
      domains: ['acme-dental.example', 'acmedental.example'],
      phone: '(555) 010-2030',
      url: `${fake.url}/new/customer/${acme().CustomerID}`,
    });
    expect(customer.customFields).toMatchObject({
      Seats: 12,
      'Managed Backup': true,
      'Contract Tier': 'Gold',
    });
  });

  it('writes domains and links as one semicolon list, and reads the record back after the ActionID-only create', async () => {
    fake.clearRequests();
    const created = await client.createCustomer({
      name: 'Domain Test LLC',
      domains: ['domaintest.example', 'dt.example'],
      links: ['https://domaintest.example'],
      zip: '02134',
    });
    expect(fake.requests('POST', '/api/v3/customers')[0]?.body).toMatchObject({
      CustomerName: 'Domain Test LLC',
      Domain: 'domaintest.example;dt.example',
      ZipCodeStr: '02134',
    });
    expect(fake.requests('GET', `/api/v3/customers/${created.id}`)).toHaveLength(1);
    expect(created).toMatchObject({
      domains: ['domaintest.example', 'dt.example'],
      links: ['https://domaintest.example'],
      zip: '02134',
    });
    await client.deleteCustomer(created.id);
  });

  it("refuses to change a contact's email, clearly, without sending the update", async () => {
    const jane = fake.contacts().find((c) => c.Email === 'jane@acme-dental.example');
    if (!jane) throw new Error('seed missing');
    fake.clearRequests();
    const error = await failure(
      client.updateContact(String(jane.EndUserID), { email: 'new@acme-dental.example' }),
    );
    expect(error.kind).toBe('validation');
    expect(error.fields.email).toMatch(/Atera/);
    expect(fake.requests('PUT')).toHaveLength(0);
    expect(fake.contact(jane.EndUserID)?.Email).toBe('jane@acme-dental.example');

    // The unchanged email on an edit form is fine; the rest of the patch goes through (without Email).
    const updated = await client.updateContact(String(jane.EndUserID), {
      email: 'JANE@acme-dental.example',
      title: 'Practice Manager',
    });
    expect(updated.title).toBe('Practice Manager');
    expect(fake.requests('PUT', `/api/v3/contacts/${jane.EndUserID}`)[0]?.body).toEqual({
      JobTitle: 'Practice Manager',
    });
  });

  it('says validation on email when a contact is created without one (Email is required)', async () => {
    const error = await failure(
      client.createContact({ customerId: String(acme().CustomerID), firstName: 'No', lastName: 'Mail' }),
    );
    expect(error.kind).toBe('validation');
    expect(error.fields.email).toMatch(/required/i);
  });

  it('maps contact fields: Firstname/Lastname, JobTitle, IsContactPerson, EndUserID', async () => {
    const contacts = await client.listContacts(String(acme().CustomerID));
    const bob = contacts.find((c) => c.email === 'bob@acme-dental.example');
    const jane = contacts.find((c) => c.email === 'jane@acme-dental.example');
    expect(bob).toMatchObject({
      firstName: 'Bob',
      lastName: 'Stone',
      fullName: 'Bob Stone',
      title: 'Owner',
      isPrimary: false,
    });
    expect(jane).toMatchObject({ isPrimary: true, customerName: 'Acme Dental Group' });
    expect(bob?.url).toBe(`${fake.url}/new/contact/${bob?.id}`);
  });

  it('pages 50 at a time and finds a customer by name locally (Atera has no name search)', async () => {
    fake.clearRequests();
    const found = await client.searchCustomers('acme dental');
    expect(found.map((c) => c.name)).toEqual(['Acme Dental Group']);
    const pages = fake.requests('GET', '/api/v3/customers');
    expect(pages.length).toBe(Math.ceil(fake.customers().length / 50));
    for (const r of pages) expect(r.query.itemsInPage).toBe('50');
    expect(await client.searchCustomers('010-2030')).toHaveLength(1);
  });

  it('uses the Email and Phone contains-filters for contact searches that look like them', async () => {
    fake.clearRequests();
    expect((await client.searchContacts('jane@acme')).map((c) => c.email)).toEqual([
      'jane@acme-dental.example',
    ]);
    expect(fake.requests('GET', '/api/v3/contacts')[0]?.query.Email).toBe('jane@acme');
    fake.clearRequests();
    expect((await client.searchContacts('555-0101')).map((c) => c.email)).toContain(
      'jane@acme-dental.example',
    );
    expect(fake.requests('GET', '/api/v3/contacts')[0]?.query.Phone).toBe('555-0101');
  });

  it('offers customer custom fields with their types and writes values as strings (clear = "")', async () => {
    const definitions = await client.listCustomFieldDefinitions();
    expect(definitions.map((d) => d.name)).not.toContain('Ticket Source');
    expect(definitions.find((d) => d.name === 'Contract Tier')).toMatchObject({
      type: 'options',
      options: ['Bronze', 'Silver', 'Gold'],
    });
    expect(definitions.find((d) => d.name === 'Seats')?.type).toBe('number');

    const id = String(acme().CustomerID);
    fake.clearRequests();
    await client.setCustomField(id, 'Contract Tier', 'Silver');
    await client.setCustomField(id, 'Seats', 40);
    const puts = fake.requests('PUT');
    expect(puts[0]?.path).toBe(`/api/v3/customvalues/customerfield/${id}/Contract%20Tier`);
    expect(puts[1]?.body).toEqual({ Value: '40' });
    expect(await client.getCustomFieldValues(id)).toMatchObject({ 'Contract Tier': 'Silver', Seats: 40 });

    await client.setCustomField(id, 'Seats', null);
    expect(fake.customValues(acme().CustomerID).Seats).toBe('');
    expect((await client.getCustomFieldValues(id)).Seats ?? null).toBeNull();

    const error = await failure(client.setCustomField(id, 'Contract Tier', 'Platinum'));
    expect(error.kind).toBe('validation');
  });

  it('answers not_found for an id Atera could never have, without a request', async () => {
    fake.clearRequests();
    expect((await failure(client.getCustomer('abc'))).kind).toBe('not_found');
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('fake Atera fidelity (what the tests above rely on)', () => {
  const get = async (path: string, headers: Record<string, string> = { 'x-api-key': fake.apiKey }) => {
    const response = await fetch(`${fake.url}${path}`, { headers });
    return { status: response.status, text: await response.text() };
  };

  it('caps itemsInPage at 50 and ends with nextLink "" (not null)', async () => {
    const first = JSON.parse((await get('/api/v3/customers?itemsInPage=500')).text);
    expect(first).toMatchObject({ page: 1, itemsInPage: 50, prevLink: null });
    expect(first.items).toHaveLength(50);
    const last = JSON.parse((await get(`/api/v3/customers?page=${first.totalPages}&itemsInPage=50`)).text);
    expect(last.nextLink).toBe('');
  });

  it('answers a bad key with 401 and an empty body', async () => {
    expect(await get('/api/v3/customers', { 'x-api-key': 'nope' })).toEqual({ status: 401, text: '' });
  });

  it('answers 429 with Retry-After once its per-minute limit is spent, and the client reports the wait', async () => {
    const limited = await startFakeAtera({ rateLimit: { perMinute: 1 } });
    const c = createAteraClient({
      apiKey: limited.apiKey,
      baseUrl: limited.url,
      retry: { maxRetryAfterMs: 0 },
    });
    try {
      await c.testConnection();
      const error = await failure(c.testConnection());
      expect(error.kind).toBe('rate_limited');
      expect(error.retryAfterMs).toBeGreaterThan(0);
    } finally {
      await c.close();
      await limited.close();
    }
  });
});
