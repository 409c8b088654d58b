// Syncro's quirks as the client must hide them: titles in properties, one name field, two 422 shapes, and what
// its swagger really says (issue 15): 25 a page, /settings definitions, /me permissions, residential customers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Customer, isVendorError, type VendorError } from '../../src/domain/index.js';
import { createSyncroClient, type SyncroClient } from '../../src/vendors/syncro/client.js';
import { GENERATED_CUSTOM_FIELDS } from '../fakes/generate.js';
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
              address: '1 Harbor Way',
              city: 'Portland',
              state: 'OR',
              zip: '97201',
              customFields: { 'Badge Number': 'H-12' },
            },
          ],
        },
        { name: 'Walkin Customer', kind: 'person', firstName: 'Walkin', lastName: 'Customer' },
      ],
      customFields: [
        ...GENERATED_CUSTOM_FIELDS,
        // Empty on every customer: only /settings can offer it.
        { name: 'Warranty Expires', type: 'date' },
        { name: 'PO Required', type: 'boolean', required: true },
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

  it('falls back to one page of customers when /me is missing', async () => {
    fake.inject({ method: 'GET', path: '/api/v1/me', status: 404, body: '{"message":"Not found"}' });
    fake.clearRequests();
    expect((await client.testConnection()).accountName).toBe('127.0.0.1');
    // per_page is not a documented parameter of /customers.
    expect(fake.requests('GET', '/api/v1/customers')[0]?.query).toEqual({ page: '1' });
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
    // The name was just set by the POST: the PUT carries the title only.
    expect(fake.requests('PUT', `/api/v1/contacts/${created.id}`)[0]?.body).toEqual({ title: 'Coach' });
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
    // A card's contacts come embedded in GET /customers/{id}: one request, no paging of /contacts.
    fake.clearRequests();
    const contacts = await client.listContacts(String(harbor().id));
    expect(contacts.map((c) => c.email)).toContain('mary@harbor-insurance.example');
    expect(fake.requests('GET', `/api/v1/customers/${harbor().id}`)).toHaveLength(1);
    expect(fake.requests('GET', '/api/v1/contacts')).toHaveLength(0);
    // An empty embed is confirmed with /contacts?customer_id=.
    const empty = await client.createCustomer({ name: 'No Contacts Yet LLC' });
    fake.clearRequests();
    expect(await client.listContacts(empty.id)).toEqual([]);
    expect(fake.requests('GET', '/api/v1/contacts')[0]?.query.customer_id).toBe(empty.id);
    await client.deleteCustomer(empty.id);
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

  it('offers custom field definitions from /settings (required ones too), and guesses only when refused', async () => {
    const definitions = await client.listCustomFieldDefinitions();
    const customer = definitions.filter((d) => d.target === 'customer');
    // "Warranty Expires" is empty on every customer: a guess from properties would never offer it.
    expect(customer.find((d) => d.name === 'Warranty Expires')).toMatchObject({
      type: 'date',
      source: 'definitions',
    });
    expect(customer.find((d) => d.name === 'PO Required')).toMatchObject({ type: 'boolean', required: true });
    expect(customer.find((d) => d.name === 'Contract Tier')).toMatchObject({
      type: 'options',
      options: ['Bronze', 'Silver', 'Gold'],
      required: false,
    });

    fake.denyPermission('Settings');
    const guessed = await client.listCustomFieldDefinitions();
    expect(guessed.filter((d) => d.target === 'customer').map((d) => d.name)).toEqual(
      expect.arrayContaining(['Account Manager', 'Contract Tier']),
    );
    expect(guessed.map((d) => d.name)).not.toContain('Warranty Expires');
    for (const d of guessed) expect(d.source).toBe('guessed');
    fake.allowAll();

    const configured = createSyncroClient({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      customFieldNames: ['Only This'],
    });
    extraClients.push(configured);
    expect(
      (await configured.listCustomFieldDefinitions())
        .filter((d) => d.target === 'customer')
        .map((d) => d.name),
    ).toEqual(['Only This']);

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

  it('follows meta.total_pages whatever the page size, never sending per_page', async () => {
    fake.clearRequests();
    const all: Customer[] = [];
    const first = await client.listCustomerPage(1);
    all.push(...first.items);
    for (let page = 2; page <= first.totalPages; page++)
      all.push(...(await client.listCustomerPage(page)).items);
    expect(all).toHaveLength(fake.customers().length);
    const requests = fake.requests('GET', '/api/v1/customers');
    expect(requests.length).toBe(Math.ceil(fake.customers().length / 25));
    for (const r of requests) expect(r.query.per_page).toBeUndefined();
  });
});

describe('Syncro as its swagger declares it (issue 15)', () => {
  it('declares the per-IP rate budget, residential customers and contact fields', () => {
    expect(client.capabilities).toMatchObject({
      rateLimitScope: 'ip',
      personCustomers: true,
      contactCustomFields: true,
      contactAddress: true,
      pageSize: 25,
    });
  });

  it('tells who the key is and what it may do, from /me', async () => {
    expect(await client.testConnection()).toEqual({
      accountName: 'fakemsp',
      user: 'admin@fakemsp.example',
      permissions: { read: true, write: true, delete: true },
    });
    fake.denyPermission('Customers - Delete');
    expect((await client.testConnection()).permissions).toEqual({ read: true, write: true, delete: false });
  });

  it('keeps a residential customer a person: named, searched and edited by the person', async () => {
    const walkin = await client.searchCustomers('Walkin');
    expect(walkin.map((c) => [c.name, c.kind])).toEqual([['Walkin Customer', 'person']]);
    const id = walkin[0]?.id ?? '';
    fake.clearRequests();
    const renamed = await client.updateCustomer(id, { name: 'Walkin Clients', city: 'Austin' });
    const sent = fake.requests('PUT', `/api/v1/customers/${id}`)[0]?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ firstname: 'Walkin', lastname: 'Clients', city: 'Austin' });
    expect(sent).not.toHaveProperty('business_name');
    expect(renamed).toMatchObject({ kind: 'person', name: 'Walkin Clients', lastName: 'Clients' });

    fake.clearRequests();
    const created = await client.createCustomer({
      name: 'Robin Home',
      kind: 'person',
      email: 'robin@gmail.com',
    });
    expect(fake.requests('POST', '/api/v1/customers')[0]?.body).toEqual({
      firstname: 'Robin',
      lastname: 'Home',
      email: 'robin@gmail.com',
    });
    expect(created).toMatchObject({ kind: 'person', name: 'Robin Home', firstName: 'Robin' });
    await client.deleteCustomer(created.id);
  });

  it('looks contacts up through /search, not by paging every contact', async () => {
    fake.clearRequests();
    const [mary] = await client.searchContacts('mary@harbor');
    expect(mary?.email).toBe('mary@harbor-insurance.example');
    expect(fake.requests('GET', '/api/v1/search')[0]?.query.query).toBe('mary@harbor');
    expect(fake.requests('GET', '/api/v1/contacts')).toHaveLength(0);
    // Phone numbers by their digits (Syncro strips a number's formatting where it stores it).
    const wire = fake.contacts().find((c) => c.phone);
    if (!wire?.phone) throw new Error('no phone in seed');
    fake.clearRequests();
    const byPhone = await client.searchContacts(wire.phone);
    expect(byPhone.map((c) => c.id)).toContain(String(wire.id));
    expect(fake.requests('GET', '/api/v1/search')[0]?.query.query).toBe(wire.phone.replace(/\D/g, ''));
  });

  it("keeps a contact's properties as its custom fields, its address, and writes both", async () => {
    const [mary] = await client.searchContacts('mary@harbor');
    expect(mary).toMatchObject({
      address: '1 Harbor Way',
      city: 'Portland',
      state: 'OR',
      zip: '97201',
      customFields: { 'Badge Number': 'H-12' },
      title: 'Office Manager',
    });
    if (!mary) return;
    expect((await client.listCustomFieldDefinitions()).find((d) => d.name === 'Badge Number')).toMatchObject({
      target: 'contact',
      source: 'guessed',
    });
    await client.setContactCustomField?.(mary.id, 'Badge Number', 'H-13');
    expect(fake.contact(Number(mary.id))?.properties).toEqual({
      'Badge Number': 'H-13',
      title: 'Office Manager',
    });
    fake.clearRequests();
    const moved = await client.updateContact(mary.id, { city: 'Salem', zip: '97301' });
    expect(fake.requests('PUT')[0]?.body).toEqual({ city: 'Salem', zip: '97301' });
    expect(moved).toMatchObject({ city: 'Salem', customFields: { 'Badge Number': 'H-13' } });
  });

  it('sends a contact name only when it changed, exactly as typed', async () => {
    const customer = await client.createCustomer({ name: 'Spacing Matters LLC' });
    const wire = fake.customer(Number(customer.id));
    if (!wire) throw new Error('not stored');
    const spaced = await client.createContact({
      customerId: customer.id,
      firstName: 'Mary  Ann',
      lastName: 'Smith',
    });
    expect(fake.contact(Number(spaced.id))?.name).toBe('Mary  Ann Smith');
    // An edit form re-sends the split name; nothing changed, so no name is sent and the spacing stays.
    fake.clearRequests();
    await client.updateContact(spaced.id, { firstName: 'Mary Ann', lastName: 'Smith', phone: '555-0100' });
    expect(fake.requests('PUT')[0]?.body).toEqual({ phone: '555-0100' });
    expect(fake.contact(Number(spaced.id))?.name).toBe('Mary  Ann Smith');
    // A contact without a name can still be edited (no "" name sent).
    const nameless = await client.createContact({ customerId: customer.id, email: 'nobody@spacing.example' });
    fake.clearRequests();
    await client.updateContact(nameless.id, { phone: '555-0111' });
    expect(fake.requests('PUT')[0]?.body).toEqual({ phone: '555-0111' });
    // A real change is sent as typed.
    fake.clearRequests();
    await client.updateContact(spaced.id, { lastName: 'Smith-Jones' });
    expect(fake.requests('PUT')[0]?.body).toEqual({ name: 'Mary Ann Smith-Jones' });
    await client.deleteCustomer(customer.id);
  });

  it('finds every match of a wide search though pages hold 25 (not 125 and stop)', async () => {
    const wide = await startFakeSyncro({
      seed: { customers: Array.from({ length: 130 }, (_, i) => ({ name: `Widget Works ${i + 1}` })) },
    });
    const c = createSyncroClient({ apiKey: wide.apiKey, baseUrl: wide.url });
    extraClients.push(c);
    try {
      expect(await c.searchCustomers('widget works')).toHaveLength(130);
      expect(wide.requests('GET', '/api/v1/customers')).toHaveLength(6);
      expect(await c.countCustomers?.()).toBe(130);
    } finally {
      await wide.close();
    }
  });

  it('lists customers changed since a time, newest first, reading only the pages it needs', async () => {
    // Everything else last changed long ago (beyond the client's two minutes of clock slack).
    for (const c of fake.customers()) c.updated_at = '2020-01-01T00:00:00.000Z';
    const since = new Date();
    const id = fake.addCustomer({
      name: 'Fresh Change Ltd',
      contacts: [{ firstName: 'Fay', lastName: 'Fresh', email: 'fay@fresh.example' }],
    });
    fake.renameCustomer(Number(harbor().id), 'Harbor Insurance Partners');
    fake.clearRequests();
    const changed = (await client.listCustomersChangedSince?.(since)) ?? [];
    expect(changed.map((c) => c.id)).toEqual(expect.arrayContaining([String(id), String(harbor().id)]));
    const requests = fake.requests('GET', '/api/v1/customers');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.query.sort).toBe('updated_at DESC');
    const contacts = (await client.listContactsChangedSince?.(since)) ?? [];
    expect(contacts.map((c) => c.email)).toContain('fay@fresh.example');
    fake.removeCustomer(id);
  });

  it('counts open tickets ("Not Closed") and assets per customer, across pages without totals', async () => {
    const id = fake.addCustomer({ name: 'Ticket Heavy Inc.' });
    fake.addTickets(id, 53);
    fake.addTickets(id, 4, 'Resolved');
    fake.addAssets(id, 26);
    fake.clearRequests();
    const tickets = await client.openTickets(String(id));
    expect(tickets.total).toBe(53);
    expect(tickets.sample).toHaveLength(10);
    expect(fake.requests('GET', '/api/v1/tickets')[0]?.query.status).toBe('Not Closed');
    // Tickets' meta has total_pages only: the first and the last page are enough.
    expect(fake.requests('GET', '/api/v1/tickets')).toHaveLength(2);
    expect((await client.devices(String(id))).total).toBe(26);
    // Assets come without meta: paged until a short page.
    expect(fake.requests('GET', '/api/v1/customer_assets')).toHaveLength(2);
    fake.removeCustomer(id);
  });

  it("reads a customer id back only from this account's customer page URLs", async () => {
    const links = await client.webLinks();
    const id = String(harbor().id);
    expect(links.base).toBe(fake.url);
    expect(links.customerIdFrom(`${fake.url}/customers/${id}`)).toBe(id);
    expect(links.customerIdFrom(`${fake.url}/customers/${id}/edit?tab=1`)).toBe(id);
    expect(links.customerIdFrom(`https://other.syncromsp.com/customers/${id}`)).toBeUndefined();
    expect(links.customerIdFrom(`${fake.url}/contacts/${id}`)).toBeUndefined();
    const sub = createSyncroClient({ apiKey: 'k', subdomain: 'acme' });
    extraClients.push(sub);
    const subLinks = await sub.webLinks();
    expect(subLinks.customerIdFrom('https://acme.syncromsp.com/customers/42')).toBe('42');
    expect(subLinks.customerIdFrom('https://beta.syncromsp.com/customers/42')).toBeUndefined();
  });
});

describe('fake Syncro fidelity (what the tests above rely on)', () => {
  const get = async (path: string) => {
    const response = await fetch(`${fake.url}${path}`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  it('pages 25 whatever per_page says, and answers an empty page past the end', async () => {
    const byDefault = await get('/api/v1/customers');
    expect(byDefault.json.customers).toHaveLength(25);
    expect(byDefault.json.meta).toMatchObject({
      per_page: 25,
      page: 1,
      total_entries: fake.customers().length,
    });
    // "each 'page' contains 25 results"; per_page is documented for ticket comments only.
    expect((await get('/api/v1/customers?per_page=100')).json.customers).toHaveLength(25);
    expect((await get('/api/v1/contacts?per_page=100')).json.contacts).toHaveLength(25);
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
    // The detail view embeds the customer's contacts (spec example: "contacts": []).
    expect((await get(`/api/v1/customers/${harbor().id}`)).json).toHaveProperty('customer.contacts.0.name');
  });

  it('serves /me and /settings in the shapes of the spec examples', async () => {
    expect((await get('/api/v1/me')).json).toMatchObject({
      user_email: expect.any(String),
      subdomain: 'fakemsp',
      permissions: { customer: { read: true, write: true, delete: true } },
    });
    const settings = (await get('/api/v1/settings')).json as { customers: { customer_fields: unknown[] } };
    expect(settings.customers.customer_fields.length).toBeGreaterThan(0);
  });
});
