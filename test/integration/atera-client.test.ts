// Atera's quirks as the client must hide them: fixed email, no name search, ActionID-only writes, typed values,
// and what its OpenAPI v3 really declares (issue 15): 500 for a missing record, nullable lists, "" to clear.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isVendorError, type VendorError } from '../../src/domain/index.js';
import { ATERA_CAPABILITIES, type AteraClient, createAteraClient } from '../../src/vendors/atera/client.js';
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
            {
              firstName: 'Old',
              lastName: 'Timer',
              email: 'old.timer@acme-dental.example',
              phone: '(555) 010-4477',
              archived: true,
            },
            {
              firstName: 'Noisy',
              lastName: 'Printer',
              email: 'printer@acme-dental.example',
              ignored: true,
              customFields: { 'Badge Number': 'B-77' },
            },
          ],
        },
        {
          // One value of each DataType, as a card shows them.
          name: 'Typed Values Clinic',
          customFields: {
            'Account Manager': 'Alex Tech',
            Onboarded: '2021-03-15',
            'Contract Tier': 'Gold',
            Seats: 12,
            'Managed Backup': true,
          },
        },
      ],
    },
    generate: { customers: 60, contactsPerCustomer: 1, seed: 3 },
  });
  client = createAteraClient({ apiKey: fake.apiKey, baseUrl: fake.url, retry: { baseDelayMs: 1 } });
});
afterEach(() => {
  fake.clearFaults();
});
afterAll(async () => {
  await client.close();
  await Promise.all(extraClients.map((c) => c.close()));
  await fake.close();
});

const named = (name: string) => {
  const found = fake.customers().find((c) => c.CustomerName === name);
  if (!found) throw new Error('seed missing');
  return found;
};
const acme = () => named('Acme Dental Group');
const contactByEmail = (email: string) => {
  const found = fake.contacts().find((c) => c.Email === email);
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
    // Archived contacts are listed marked, so the card can keep them out and an archive can keep them.
    expect(contacts.find((c) => c.email === 'old.timer@acme-dental.example')?.archived).toBe(true);
    expect(contacts.filter((c) => !c.archived).map((c) => c.email)).not.toContain(
      'old.timer@acme-dental.example',
    );
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
    expect(puts[0]?.body).toEqual({ Value: 'Silver' });
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

describe('Atera as its OpenAPI v3 declares it (issue 15)', () => {
  it('reads Text, Date, Options, Numeric and Boolean values as stored, though ValueAsBool/ValueAsDecimal are never null', async () => {
    const id = String(named('Typed Values Clinic').CustomerID);
    expect(await client.getCustomFieldValues(id)).toEqual({
      'Account Manager': 'Alex Tech',
      Onboarded: '2021-03-15',
      'Contract Tier': 'Gold',
      Seats: 12,
      'Managed Backup': true,
    });
    // The card reads them through getCustomer too.
    expect((await client.getCustomer(id)).customFields).toMatchObject({
      'Account Manager': 'Alex Tech',
      Seats: 12,
    });
    // A false boolean and a zero are values, not "cleared".
    await client.setCustomField(id, 'Managed Backup', false);
    await client.setCustomField(id, 'Seats', 0);
    expect(await client.getCustomFieldValues(id)).toMatchObject({ 'Managed Backup': false, Seats: 0 });
  });

  it('clears a field with "" (null would mean "unchanged"), and sends only the fields given', async () => {
    const created = await client.createCustomer({
      name: 'Clearing House LLC',
      city: 'Springfield',
      notes: 'temporary',
      domains: ['clearing.example'],
    });
    fake.clearRequests();
    const updated = await client.updateCustomer(created.id, { city: null, domains: [], notes: null });
    expect(fake.requests('PUT', `/api/v3/customers/${created.id}`)[0]?.body).toEqual({
      City: '',
      Domain: '',
      Notes: '',
    });
    expect(updated).toMatchObject({ city: null, domains: [], notes: null, name: 'Clearing House LLC' });
    expect(ATERA_CAPABILITIES.unclearableCustomerFields ?? []).toEqual([]);

    const contact = await client.createContact({
      customerId: created.id,
      firstName: 'Tina',
      lastName: 'Title',
      email: 'tina@clearing.example',
      title: 'Buyer',
    });
    fake.clearRequests();
    expect((await client.updateContact(contact.id, { title: null })).title).toBeNull();
    expect(fake.requests('PUT', `/api/v3/contacts/${contact.id}`)[0]?.body).toEqual({ JobTitle: '' });
    await client.deleteCustomer(created.id);
  });

  it('marks archived and ignored contacts, finds archived ones only marked, and lets editors set ignore mode', async () => {
    const archived = (await client.searchContacts('old.timer@acme')).find(
      (c) => c.email === 'old.timer@acme-dental.example',
    );
    expect(archived).toMatchObject({ archived: true, ignored: false });
    const printer = contactByEmail('printer@acme-dental.example');
    expect(await client.getContact(String(printer.EndUserID))).toMatchObject({
      ignored: true,
      archived: false,
    });

    const bob = contactByEmail('bob@acme-dental.example');
    fake.clearRequests();
    expect((await client.updateContact(String(bob.EndUserID), { ignored: true })).ignored).toBe(true);
    expect(fake.requests('PUT', `/api/v3/contacts/${bob.EndUserID}`)[0]?.body).toEqual({
      InIgnoreMode: true,
    });
    expect(fake.contact(bob.EndUserID)?.InIgnoreMode).toBe(true);
    await client.updateContact(String(bob.EndUserID), { ignored: false });

    // Archiving is not among UpdateContactRequest's editable fields: refused clearly, nothing sent.
    fake.clearRequests();
    const error = await failure(client.updateContact(String(bob.EndUserID), { archived: true }));
    expect(error.kind).toBe('validation');
    expect(fake.requests('PUT')).toHaveLength(0);
  });

  it('reads and writes contact custom fields through /customvalues/contactfield(s)', async () => {
    const definitions = await client.listCustomFieldDefinitions();
    expect(definitions.find((d) => d.name === 'Badge Number')).toMatchObject({
      target: 'contact',
      type: 'text',
    });
    expect(definitions.find((d) => d.name === 'Preferred Channel')).toMatchObject({
      target: 'contact',
      type: 'options',
      options: ['Email', 'Phone', 'Slack'],
    });
    const printer = contactByEmail('printer@acme-dental.example');
    const id = String(printer.EndUserID);
    expect(await client.getContactCustomFieldValues?.(id)).toEqual({ 'Badge Number': 'B-77' });
    fake.clearRequests();
    await client.setContactCustomField?.(id, 'Preferred Channel', 'Slack');
    expect(fake.requests('PUT')[0]).toMatchObject({
      path: `/api/v3/customvalues/contactfield/${id}/Preferred%20Channel`,
      body: { Value: 'Slack' },
    });
    await client.setContactCustomField?.(id, 'Badge Number', null);
    expect(fake.contactValues(printer.EndUserID)['Badge Number']).toBe('');
    expect(await client.getContactCustomFieldValues?.(id)).toEqual({
      'Badge Number': null,
      'Preferred Channel': 'Slack',
    });
  });

  it('decides a 500 on a read by id with one account check, not three retries and "Atera is down"', async () => {
    fake.clearRequests();
    const error = await failure(client.getCustomer('999999'));
    expect(error.kind).toBe('not_found');
    expect(fake.requests('GET', '/api/v3/customers/999999')).toHaveLength(2);
    expect(fake.requests('GET', '/api/v3/account')).toHaveLength(1);
    expect((await failure(client.getContact('999999'))).kind).toBe('not_found');

    // A passing 500 on a record that exists: read again after the check, not reported gone.
    const id = String(acme().CustomerID);
    fake.inject({ method: 'GET', path: `/api/v3/customers/${id}`, status: 500, body: '', times: 1 });
    expect((await client.getCustomer(id)).name).toBe('Acme Dental Group');

    // Atera down: the account check fails too, so it is unavailable, not "deleted".
    fake.inject({ method: 'GET', path: `/api/v3/customers/${id}`, status: 500, body: '' });
    fake.inject({ method: 'GET', path: '/api/v3/account', status: 503 });
    expect((await failure(client.getCustomer(id))).kind).toBe('unavailable');
    fake.clearFaults();

    // The error text alone can say so.
    fake.inject({
      method: 'GET',
      path: `/api/v3/customers/${id}`,
      status: 500,
      body: 'Customer not found',
      times: 1,
    });
    fake.clearRequests();
    expect((await failure(client.getCustomer(id))).kind).toBe('not_found');
    expect(fake.requests('GET', '/api/v3/account')).toHaveLength(0);

    // Deleting what is gone (DELETE declares 204/500) is done, without four attempts.
    fake.clearRequests();
    await expect(client.deleteCustomer('999999')).resolves.toBeUndefined();
    expect(fake.requests('DELETE')).toHaveLength(1);
  });

  it('keeps the card when customvalues answers 400 without a body', async () => {
    const id = String(acme().CustomerID);
    fake.inject({ method: 'GET', path: `/api/v3/customvalues/customerfields/${id}`, status: 400, body: '' });
    expect(await client.getCustomFieldValues(id)).toEqual({});
    const customer = await client.getCustomer(id);
    expect(customer).toMatchObject({ name: 'Acme Dental Group', customFields: {} });
  });

  it('skips a null or broken record instead of failing the page (items, Name and FieldName are nullable)', async () => {
    const good = fake.customers()[0];
    fake.inject({
      method: 'GET',
      path: '/api/v3/customers',
      status: 200,
      body: JSON.stringify({
        items: [null, { CustomerID: null, CustomerName: 'No id' }, good],
        page: 1,
        itemsInPage: 50,
        totalItemCount: 3,
        totalPages: 1,
        prevLink: null,
        nextLink: '',
      }),
      times: 1,
    });
    expect((await client.listCustomerPage(1)).items.map((c) => c.id)).toEqual([String(good?.CustomerID)]);
    fake.inject({
      method: 'GET',
      path: '/api/v3/contacts',
      status: 200,
      body: JSON.stringify({ items: null, page: 1, itemsInPage: 50, totalItemCount: 0, totalPages: 0 }),
      times: 1,
    });
    expect((await client.listContactPage(1)).items).toEqual([]);

    fake.inject({
      method: 'GET',
      path: '/api/v3/customvalues/customfields',
      status: 200,
      body: JSON.stringify([
        { Name: null, DataType: 'Text', Target: 'Customer' },
        { Name: 'Seats', DataType: 'Numeric', Target: 'Customer', PossibleValues: null },
      ]),
      times: 1,
    });
    expect((await client.listCustomFieldDefinitions()).map((d) => d.name)).toEqual(['Seats']);

    const id = String(acme().CustomerID);
    fake.inject({
      method: 'GET',
      path: `/api/v3/customvalues/customerfields/${id}`,
      status: 200,
      body: JSON.stringify([
        { ItemId: 1, FieldName: null, ValueAsString: 'x', ValueAsDecimal: 0, ValueAsBool: false },
        {
          ItemId: 1,
          FieldName: 'Contract Tier',
          ValueAsString: 'Gold',
          ValueAsDecimal: 0,
          ValueAsBool: false,
        },
      ]),
      times: 1,
    });
    expect(await client.getCustomFieldValues(id)).toEqual({ 'Contract Tier': 'Gold' });
  });

  it('searches a phone in the forms a number is stored in, and keeps only real matches', async () => {
    fake.clearRequests();
    const found = await client.searchContacts('555.010.4477');
    expect(found.map((c) => c.email)).toEqual(['old.timer@acme-dental.example']);
    const sent = fake.requests('GET', '/api/v3/contacts').map((r) => r.query.Phone);
    expect(sent).toEqual(expect.arrayContaining(['555.010.4477', '5550104477', '4477']));
    expect(await client.searchContacts('+1 555 010 4477')).toHaveLength(1);
    expect(await client.searchContacts('555 999 4477')).toHaveLength(0);
  });

  it("attributes the delete warning honestly: Atera's reference says only that the customer is deleted", () => {
    const warning = ATERA_CAPABILITIES.customerDeleteWarning ?? '';
    expect(warning).toMatch(/Atera’s API reference says only/);
    expect(warning).toMatch(/guide/);
    expect(warning).not.toMatch(/^Atera also deletes/);
  });

  it('lists what changed since a time with FromLastModifiedDate in the account time zone, no offset', async () => {
    const id = fake.addCustomer({ name: 'Zone Test Ltd' });
    const since = new Date();
    fake.renameCustomer(id, 'Zone Test Renamed Ltd');
    fake.clearRequests();
    const changed = await client.listCustomersChangedSince?.(since);
    expect(changed?.find((c) => c.id === String(id))?.name).toBe('Zone Test Renamed Ltd');
    const query = fake.requests('GET', '/api/v3/customers')[0]?.query ?? {};
    expect(query.SortBy).toBe('LastModified');
    expect(query.FromLastModifiedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    // America/New_York, ten minutes of clock slack: never later than `since` as the account reads it.
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'America/New_York',
      dateStyle: 'short',
      timeStyle: 'medium',
    })
      .format(new Date(since.getTime() - 10 * 60_000))
      .replace(' ', 'T');
    expect(query.FromLastModifiedDate).toBe(local);

    const contact = await client.createContact({
      customerId: String(id),
      firstName: 'Zed',
      email: 'zed@zone-test.example',
    });
    expect((await client.listContactsChangedSince?.(since))?.map((c) => c.id)).toContain(contact.id);
    fake.removeCustomer(id);
  });

  it('keeps a 26-hour overlap when the account time zone is not one it can read', async () => {
    const windowsZone = await startFakeAtera({
      timeZone: 'Pacific/Kiritimati',
      timeZoneName: 'Line Islands Standard Time',
    });
    const c = createAteraClient({ apiKey: windowsZone.apiKey, baseUrl: windowsZone.url });
    extraClients.push(c);
    try {
      // UTC+14: the account's clock is 14 hours ahead of UTC, so UTC minus nothing would miss today's changes.
      const id = windowsZone.addCustomer({ name: 'Far East Ltd' });
      const since = new Date();
      windowsZone.renameCustomer(id, 'Far East Renamed Ltd');
      expect((await c.listCustomersChangedSince?.(since))?.map((x) => x.name)).toContain(
        'Far East Renamed Ltd',
      );
      const sent = windowsZone.requests('GET', '/api/v3/customers')[0]?.query.FromLastModifiedDate ?? '';
      expect(Date.parse(`${sent}Z`)).toBeLessThanOrEqual(since.getTime() - 26 * 3_600_000 + 1_000);
    } finally {
      await windowsZone.close();
    }
  });

  it('counts open tickets (Open and Pending), agents and contracts per customer, cheaply', async () => {
    const id = fake.addCustomer({ name: 'Busy Desk Ltd' });
    fake.addTickets(id, 2, 'Open');
    fake.addTickets(id, 1, 'Pending');
    fake.addTickets(id, 4, 'Closed');
    fake.addTickets(id, 3, 'Resolved');
    fake.addAgents(id, 12);
    fake.addContracts(id, 2);
    fake.clearRequests();
    const tickets = await client.openTickets(String(id));
    expect(tickets.total).toBe(3);
    expect(tickets.sample).toHaveLength(3);
    expect(
      fake
        .requests('GET', '/api/v3/tickets')
        .map((r) => r.query.ticketStatus)
        .sort(),
    ).toEqual(['Open', 'Pending']);
    const devices = await client.devices(String(id));
    expect(devices.total).toBe(12);
    expect(devices.sample[0]?.url).toMatch(/\/new\/rmm\/device\//);
    expect((await client.contracts?.(String(id)))?.total).toBe(2);
    fake.clearRequests();
    expect(await client.countCustomers?.()).toBe(fake.customers().length);
    expect(fake.requests('GET', '/api/v3/customers')[0]?.query.itemsInPage).toBe('1');
    fake.removeCustomer(id);
  });

  it("reads a customer id back from this account's customer page URLs only", async () => {
    const links = await client.webLinks();
    const id = String(acme().CustomerID);
    expect(links.customerIdFrom(`${fake.url}/new/customer/${id}`)).toBe(id);
    expect(links.customerIdFrom(`${fake.url}/new/customer/${id}/contacts?tab=2#top`)).toBe(id);
    expect(links.customerIdFrom(`${fake.url}/new/contact/${id}`)).toBeUndefined();
    expect(links.customerIdFrom(`https://evil.example/new/customer/${id}`)).toBeUndefined();
    expect(links.customerIdFrom(`${fake.url}/new/customer/abc`)).toBeUndefined();
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

  it('sends ValueAsBool false and ValueAsDecimal 0 beside a Text value, as the spec types them', async () => {
    const id = named('Typed Values Clinic').CustomerID;
    const values = JSON.parse((await get(`/api/v3/customvalues/customerfields/${id}`)).text) as Array<
      Record<string, unknown>
    >;
    expect(values.find((v) => v.FieldName === 'Account Manager')).toMatchObject({
      ValueAsString: 'Alex Tech',
      ValueAsBool: false,
      ValueAsDecimal: 0,
    });
  });

  it('answers a missing customer with 500, customvalues of one with a bare 400', async () => {
    expect((await get('/api/v3/customers/999999')).status).toBe(500);
    expect(await get('/api/v3/customvalues/customerfields/999999')).toEqual({ status: 400, text: '' });
  });

  it('refuses a FromLastModifiedDate with an offset', async () => {
    expect((await get('/api/v3/customers?FromLastModifiedDate=2025-01-01T08:30:00Z')).status).toBe(400);
    expect((await get('/api/v3/customers?FromLastModifiedDate=2025-01-01')).status).toBe(200);
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
