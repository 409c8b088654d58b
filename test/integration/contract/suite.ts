// One contract suite for every VendorClient: the same stories against each fake vendor and the sandbox.
// Each vendor runs it from its own file (test/integration/contract/<vendor>.test.ts), so vendors run in parallel.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ContactSchema,
  type Customer,
  type CustomerField,
  type CustomerPatch,
  CustomerSchema,
  explainError,
  isVendorError,
  type VendorError,
} from '../../../src/domain/index.js';
import type { HttpTimeouts, RetryOptions } from '../../../src/vendors/http.js';
import type { VendorClient, VendorHooks } from '../../../src/vendors/types.js';
import type { FakeVendor } from '../../fakes/fake-vendor.js';
import type { Fault, RecordedRequest } from '../../fakes/vendor-server.js';

export interface ClientOverrides {
  apiKey?: string;
  hooks?: VendorHooks;
  timeouts?: Partial<HttpTimeouts>;
  retry?: Partial<RetryOptions>;
}

/** What a fake HTTP vendor lets a test do; absent for in-process vendors. */
export interface HttpControls {
  requests(method?: string, pathPrefix?: string): RecordedRequest[];
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Path of the customer list, the customer create and the connection check. */
  paths: { customers: string; customer: (id: string) => string; contacts: string; connection: string };
  /**
   * How the customer list is asked for, where it is not a GET of `paths.customers` (Autotask POSTs a query), and
   * how many other requests for page 1 share its path (Autotask's count is `.../query/count`).
   */
  list?: { method: string; path: string; otherRequestsOnPath?: number };
  /** A well-formed answer to a read by id whose record has the wrong shape, and the path its error names. */
  wrongShape?: { body: string; path: RegExp };
  /** Makes the vendor refuse reading a customer for lack of permission, the vendor's own way. */
  forbidCustomerReads(): void;
  /** Wrong keys go here, to prove they never show up in an error. */
  apiKey: string;
}

export interface VendorUnderTest {
  client: VendorClient;
  /** Another client of the same vendor (other key, hooks, short timeouts). */
  makeClient(overrides?: ClientOverrides): VendorClient;
  /** How many customers the vendor holds now (independent of the client). */
  customerCount(): number;
  /** A customer's contacts' emails as the vendor holds them (independent of the client). */
  contactEmailsOf(customerId: string): string[];
  http?: HttpControls;
  /**
   * The vendor-neutral controls of the fake behind `client` (test/fakes/fake-vendor.ts): changes made "in the
   * vendor's web app", related records, page URLs. Absent for in-process vendors (the sandbox); tests that need
   * it return early without it.
   */
  fake?: FakeVendor;
  close(): Promise<void>;
}

export interface VendorEntry {
  name: string;
  label: string;
  /** Errors, faults and retries are only observable over HTTP. */
  overHttp: boolean;
  start(): Promise<VendorUnderTest>;
}

export const CUSTOMERS = 137;
// Short backoff so retries cost milliseconds; Retry-After is honoured as given (1 s in one test).
export const FAST_RETRY: Partial<RetryOptions> = {
  retries: 2,
  baseDelayMs: 5,
  maxDelayMs: 20,
  maxRetryAfterMs: 3_000,
};
export const SHORT_TIMEOUTS: Partial<HttpTimeouts> = { connectMs: 2_000, headersMs: 400, bodyMs: 400 };

type Closable = VendorClient & { close?: () => Promise<void> };

export function closer() {
  const clients: Closable[] = [];
  return {
    track<T extends Closable>(client: T): T {
      clients.push(client);
      return client;
    },
    async closeAll() {
      await Promise.all(clients.map((c) => c.close?.()));
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (isVendorError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Example values a clear-then-read test can write into each optional text customer field. */
const SAMPLE_VALUES: Partial<Record<CustomerField, CustomerPatch[CustomerField]>> = {
  domains: ['clear-test.example'],
  links: ['https://clear-test.example'],
  email: 'office@clear-test.example',
  phone: '555-0123',
  mobile: '555-0124',
  fax: '555-0125',
  address: '9 Clear St',
  address2: 'Suite 9',
  city: 'Clearwater',
  state: 'FL',
  zip: '33755',
  country: 'United States',
  businessNumber: 'BN-123',
  referredBy: 'A friend',
  notes: 'to be cleared',
};

/** The value a cleared field reads back as: an empty list for list fields, null for the rest. */
function clearedValue(field: CustomerField): null | [] {
  return field === 'domains' || field === 'links' ? [] : null;
}

/** Every customer, page by page, as the index builds it. */
async function allCustomers(client: VendorClient): Promise<Customer[]> {
  const first = await client.listCustomerPage(1);
  const out = [...first.items];
  for (let page = 2; page <= first.totalPages; page++)
    out.push(...(await client.listCustomerPage(page)).items);
  return out;
}

export function runContractSuite(entry: VendorEntry) {
  describe(`${entry.name} vendor contract`, () => {
    let vendor: VendorUnderTest;
    let client: VendorClient;

    beforeAll(async () => {
      vendor = await entry.start();
      client = vendor.client;
    });
    afterAll(async () => {
      await vendor.close();
    });
    afterEach(() => {
      vendor.http?.clearFaults();
    });

    it('tests the connection and names the account', async () => {
      const info = await client.testConnection();
      expect(info.accountName.length).toBeGreaterThan(0);
    });

    it('pages through every customer exactly once (137 customers, several pages)', async () => {
      const first = await client.listCustomerPage(1);
      expect(first.totalPages).toBeGreaterThan(1);
      const all = await allCustomers(client);
      expect(all).toHaveLength(vendor.customerCount());
      expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
      for (const c of all) expect(c.name.length).toBeGreaterThan(0);
    });

    it('lists the contacts of a customer found on the last page', async () => {
      const first = await client.listCustomerPage(1);
      const last = await client.listCustomerPage(first.totalPages);
      const customer = last.items.at(-1);
      expect(customer).toBeDefined();
      if (!customer) return;
      const contacts = (await client.listContacts(customer.id)).filter((c) => !c.archived);
      expect(contacts.map((c) => c.email ?? '').sort()).toEqual(vendor.contactEmailsOf(customer.id).sort());
      for (const c of contacts) expect(c.customerId).toBe(customer.id);
    });

    it('creates, reads, updates and deletes a customer', async () => {
      const created = await client.createCustomer({
        name: 'Contract Test Dental LLC',
        phone: '555-0100',
        address: '1 Main St',
        city: 'Springfield',
        state: 'IL',
        zip: '62701',
        notes: 'created by the contract suite',
      });
      expect(created.id).toMatch(/\S/);
      expect(created).toMatchObject({ name: 'Contract Test Dental LLC', city: 'Springfield', zip: '62701' });
      expect(created.phone?.replace(/\D/g, '')).toBe('5550100');

      const read = await client.getCustomer(created.id);
      expect(read).toMatchObject({ id: created.id, name: 'Contract Test Dental LLC', address: '1 Main St' });

      const updated = await client.updateCustomer(created.id, { city: 'Portland', notes: null });
      expect(updated).toMatchObject({
        id: created.id,
        name: 'Contract Test Dental LLC',
        city: 'Portland',
        notes: null,
      });
      expect((await client.getCustomer(created.id)).city).toBe('Portland');

      await client.deleteCustomer(created.id);
      // What "gone" looks like for 'deactivate'/'trash' vendors is its own test below.
      if (client.capabilities.customerRemoval === 'delete') {
        expect((await failure(client.getCustomer(created.id))).kind).toBe('not_found');
      }
      // Deleting what is already gone is done, not an error.
      await expect(client.deleteCustomer(created.id)).resolves.toBeUndefined();
    });

    it('creates, reads, updates and deletes a contact, with its title', async () => {
      // The title is kept where the vendor stores one (SuperOps client users have none).
      const fields = client.capabilities.contactFields;
      const titled = !fields || fields.includes('title');
      const title = (t: string) => (titled ? { title: t } : {});
      const customer = await client.createCustomer({ name: 'Contract Contacts Ltd' });
      const created = await client.createContact({
        customerId: customer.id,
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane.doe@contract-contacts.example',
        phone: '555-0101',
        ...title('IT Manager'),
      });
      expect(created).toMatchObject({
        customerId: customer.id,
        firstName: 'Jane',
        lastName: 'Doe',
        fullName: 'Jane Doe',
        email: 'jane.doe@contract-contacts.example',
        ...title('IT Manager'),
      });
      expect(await client.getContact(created.id)).toMatchObject({ id: created.id, ...title('IT Manager') });
      expect((await client.listContacts(customer.id)).map((c) => c.id)).toEqual([created.id]);

      const updated = await client.updateContact(created.id, {
        lastName: 'Smith',
        ...title('Owner'),
        phone: '555-0199',
      });
      expect(updated).toMatchObject({
        firstName: 'Jane',
        lastName: 'Smith',
        fullName: 'Jane Smith',
        ...title('Owner'),
      });
      expect(updated.email).toBe('jane.doe@contract-contacts.example');

      await client.deleteContact(created.id);
      expect((await failure(client.getContact(created.id))).kind).toBe('not_found');
      await expect(client.deleteContact(created.id)).resolves.toBeUndefined();
      await client.deleteCustomer(customer.id);
    });

    it('reads, sets and clears a custom field', async () => {
      const definitions = await client.listCustomFieldDefinitions();
      expect(definitions.length).toBeGreaterThan(0);
      // Definitions cover customers and contacts (VendorClient.listCustomFieldDefinitions); never another target.
      for (const d of definitions) expect(['customer', 'contact']).toContain(d.target);
      expect(definitions.some((d) => d.target === 'customer')).toBe(true);
      const textField = definitions.find((d) => d.type === 'text' && d.target === 'customer');
      expect(textField).toBeDefined();
      if (!textField) return;

      const customer = await client.createCustomer({ name: 'Custom Fields Inc.' });
      await client.setCustomField(customer.id, textField.name, 'Alex Tech');
      expect((await client.getCustomFieldValues(customer.id))[textField.name]).toBe('Alex Tech');
      expect((await client.getCustomer(customer.id)).customFields[textField.name]).toBe('Alex Tech');

      await client.setCustomField(customer.id, textField.name, null);
      expect((await client.getCustomFieldValues(customer.id))[textField.name] ?? null).toBeNull();
      await client.deleteCustomer(customer.id);
    });

    it('finds customers by part of the name and contacts by email and by name', async () => {
      const customer = await client.createCustomer({ name: 'Zebracorn Veterinary Clinic' });
      const contact = await client.createContact({
        customerId: customer.id,
        firstName: 'Quentin',
        lastName: 'Zebrowski',
        email: 'quentin@zebracorn.example',
      });
      expect((await client.searchCustomers('zebracorn')).map((c) => c.id)).toContain(customer.id);
      expect((await client.searchContacts('quentin@zebracorn')).map((c) => c.id)).toContain(contact.id);
      expect((await client.searchContacts('Zebrowski')).map((c) => c.id)).toContain(contact.id);
      await client.deleteCustomer(customer.id);
    });

    it('says not_found for a record that does not exist', async () => {
      expect((await failure(client.getCustomer('987654321'))).kind).toBe('not_found');
      expect((await failure(client.getContact('987654321'))).kind).toBe('not_found');
    });

    it('says validation, keyed by domain field, for a customer without a name', async () => {
      const error = await failure(client.createCustomer({ name: '' }));
      expect(error.kind).toBe('validation');
      expect(Object.keys(error.fields)).toContain('name');
    });

    it('says validation, keyed by domain field, for a contact with a bad email', async () => {
      const customer = await client.createCustomer({ name: 'Bad Email Partners' });
      const error = await failure(
        client.createContact({ customerId: customer.id, firstName: 'Bob', email: 'not-an-email' }),
      );
      expect(error.kind).toBe('validation');
      expect(Object.keys(error.fields)).toContain('email');
      expect(explainError(error).what).toContain(entry.label);
      await client.deleteCustomer(customer.id);
    });

    // ---- the interface as extended for four vendors: domain fields, capabilities, impact reads, links, changes.

    it('returns records of the domain shape (kind, active, archived, ignored, address, customFields)', async () => {
      const page = await client.listCustomerPage(1);
      for (const c of page.items) expect(CustomerSchema.safeParse(c).error?.issues ?? []).toEqual([]);
      const someone = page.items[0];
      if (!someone) throw new Error('no customers');
      expect(CustomerSchema.safeParse(await client.getCustomer(someone.id)).error?.issues ?? []).toEqual([]);
      const contacts = await client.listContacts(someone.id);
      for (const c of contacts) expect(ContactSchema.safeParse(c).error?.issues ?? []).toEqual([]);
      const contactPage = await client.listContactPage(1);
      for (const c of contactPage.items) expect(ContactSchema.safeParse(c).error?.issues ?? []).toEqual([]);
    });

    it('declares capabilities that its methods back', async () => {
      const caps = client.capabilities;
      if (caps.changedSince.customers) expect(client.listCustomersChangedSince).toBeTypeOf('function');
      if (caps.changedSince.contacts) expect(client.listContactsChangedSince).toBeTypeOf('function');
      if (caps.customerRemoval !== 'delete') expect(client.restoreCustomer).toBeTypeOf('function');
      if (caps.contactCustomFields) expect(client.setContactCustomField).toBeTypeOf('function');
      if (caps.impersonation) expect(client.resolveActor).toBeTypeOf('function');
      expect(['connection', 'ip']).toContain(caps.rateLimitScope);
      // A warning about what a delete takes with it says whose claim it is ("Atera's documentation says ...").
      if (caps.customerDeleteWarning) {
        expect(caps.customerDeleteWarning.toLowerCase()).toContain(caps.label.toLowerCase());
      }
      for (const field of caps.unclearableCustomerFields ?? []) {
        expect(caps.customerFields ?? [field]).toContain(field);
      }
    });

    it('reports what the key may do, where the vendor says', async () => {
      const info = await client.testConnection();
      if (info.permissions) {
        for (const key of ['read', 'write', 'delete'] as const) {
          expect(info.permissions[key]).toBeTypeOf('boolean');
        }
      }
      if (info.user !== undefined) expect(info.user.length).toBeGreaterThan(0);
    });

    it('counts customers cheaply and exactly', async () => {
      // Passes without checking where: no cheap count.
      if (!client.countCustomers) return;
      const before = await client.countCustomers();
      expect(before).toBe(vendor.customerCount());
      const created = await client.createCustomer({ name: 'Counted Once Ltd' });
      expect(await client.countCustomers()).toBe(before + 1);
      await client.deleteCustomer(created.id);
      // A deleted customer no longer counts (a deactivated one may: the vendor still holds it).
      if (client.capabilities.customerRemoval === 'delete')
        expect(await client.countCustomers()).toBe(before);
    });

    it('clears every offered customer field it does not declare unclearable', async () => {
      const caps = client.capabilities;
      const unclearable = new Set(caps.unclearableCustomerFields ?? []);
      const fields = (caps.customerFields ?? (Object.keys(SAMPLE_VALUES) as CustomerField[])).filter(
        (f) => f in SAMPLE_VALUES && !unclearable.has(f),
      );
      const filled: CustomerPatch = {};
      for (const f of fields) Object.assign(filled, { [f]: SAMPLE_VALUES[f] });
      const created = await client.createCustomer({ name: 'Clear Every Field LLC', ...filled });
      const cleared: CustomerPatch = {};
      for (const f of fields) Object.assign(cleared, { [f]: clearedValue(f) });
      await client.updateCustomer(created.id, cleared);
      const read = await client.getCustomer(created.id);
      for (const f of fields) expect({ [f]: read[f] }).toEqual({ [f]: clearedValue(f) });
      expect(read.name).toBe('Clear Every Field LLC');
      await client.deleteCustomer(created.id);
    });

    it('removes a customer the vendor way (customerRemoval), and restores it where the vendor can', async () => {
      const created = await client.createCustomer({ name: 'Removal Contract Co.' });
      await client.deleteCustomer(created.id);
      const after = await client.getCustomer(created.id).then(
        (c) => c,
        (error: unknown) => error,
      );
      // The contract: 'delete' is not_found afterwards; 'deactivate'/'trash' may be not_found or read as inactive,
      // and either way the fake no longer holds it as a live customer.
      if (client.capabilities.customerRemoval === 'delete') {
        expect(isVendorError(after, 'not_found')).toBe(true);
      } else if (!isVendorError(after, 'not_found')) {
        expect(CustomerSchema.parse(after).active).toBe(false);
      }
      if (vendor.fake) {
        expect(vendor.fake.customerList().find((c) => c.id === created.id && c.active)).toBeUndefined();
      }
      await expect(client.deleteCustomer(created.id)).resolves.toBeUndefined();
      if (client.capabilities.customerRemoval === 'delete' || !client.restoreCustomer) return;
      const restored = await client.restoreCustomer(created.id);
      expect(restored).toMatchObject({ id: created.id, active: true, name: 'Removal Contract Co.' });
      expect((await client.getCustomer(created.id)).active).toBe(true);
      await client.deleteCustomer(created.id);
    });

    it('creates and edits a residential customer as a person, never turning it into a business', async () => {
      // Passes without checking where: no residential customers.
      if (!client.capabilities.personCustomers) return;
      const created = await client.createCustomer({
        name: 'Pat Quigley',
        kind: 'person',
        firstName: 'Pat',
        lastName: 'Quigley',
        phone: '555-0142',
      });
      expect(created).toMatchObject({
        kind: 'person',
        name: 'Pat Quigley',
        firstName: 'Pat',
        lastName: 'Quigley',
      });
      const edited = await client.updateCustomer(created.id, { city: 'Austin' });
      expect(edited).toMatchObject({ kind: 'person', name: 'Pat Quigley', city: 'Austin' });
      const renamed = await client.updateCustomer(created.id, { firstName: 'Patricia' });
      expect(renamed).toMatchObject({ kind: 'person', name: 'Patricia Quigley', firstName: 'Patricia' });
      expect((await client.searchCustomers('Quigley')).map((c) => c.id)).toContain(created.id);
      await client.deleteCustomer(created.id);
    });

    it('marks archived contacts, on the customer and in a search (the caller keeps them out of live lists)', async () => {
      const fake = vendor.fake;
      // Passes without checking where: needs the fake to hold an archived contact.
      if (!fake) return;
      const id = fake.addCustomer({
        name: 'Archive Marks LLC',
        contacts: [
          { firstName: 'Live', lastName: 'Person', email: 'live@archive-marks.example' },
          { firstName: 'Gone', lastName: 'Person', email: 'gone@archive-marks.example', archived: true },
        ],
      });
      try {
        // Passes without checking where the vendor has no archived contacts (the fake keeps the seed live).
        if (fake.contactEmailsOf(id).includes('gone@archive-marks.example')) return;
        // listContacts gives every contact of the customer, archived ones marked (an archive before a delete keeps
        // them all; a card shows only the live ones).
        const listed = await client.listContacts(id);
        expect(listed.map((c) => [c.email, c.archived]).sort()).toEqual([
          ['gone@archive-marks.example', true],
          ['live@archive-marks.example', false],
        ]);
        const found = (await client.searchContacts('gone@archive-marks.example')).find(
          (c) => c.email === 'gone@archive-marks.example',
        );
        expect(found?.archived).toBe(true);
        if (!found) return;
        expect((await client.getContact(found.id)).archived).toBe(true);
      } finally {
        fake.removeCustomer(id);
      }
    });

    it('reads and writes contact custom fields where the vendor has them', async () => {
      // Passes without checking where: no contact custom fields.
      if (!client.capabilities.contactCustomFields) return;
      const field = (await client.listCustomFieldDefinitions()).find(
        (d) => d.target === 'contact' && d.type === 'text',
      );
      // Passes without checking where: the account defines no contact text field.
      if (!field || !client.setContactCustomField) return;
      const customer = await client.createCustomer({ name: 'Contact Fields Co.' });
      const contact = await client.createContact({
        customerId: customer.id,
        firstName: 'Cora',
        lastName: 'Fields',
        email: 'cora@contact-fields.example',
      });
      const read = async () =>
        client.getContactCustomFieldValues
          ? await client.getContactCustomFieldValues(contact.id)
          : (await client.getContact(contact.id)).customFields;
      await client.setContactCustomField(contact.id, field.name, 'B-1234');
      expect((await read())[field.name]).toBe('B-1234');
      await client.setContactCustomField(contact.id, field.name, null);
      expect((await read())[field.name] ?? null).toBeNull();
      await client.deleteCustomer(customer.id);
    });

    it('counts open tickets and devices as the vendor holds them, with a few to show', async () => {
      const fake = vendor.fake;
      // Passes without checking where: needs the fake to add tickets and devices.
      if (!fake) return;
      const id = fake.addCustomer({ name: 'Impact Counts Ltd' });
      try {
        expect(await client.openTickets(id)).toEqual({ total: 0, sample: [] });
        expect(await client.devices(id)).toEqual({ total: 0, sample: [] });
        if (client.contracts) expect((await client.contracts(id)).total).toBe(0);
        // More than one vendor page (Syncro serves 25), so counting cannot stop at the first.
        fake.addOpenTickets(id, 31);
        fake.addDevices(id, 27);
        const tickets = await client.openTickets(id);
        expect(tickets.total).toBe(31);
        expect(tickets.sample.length).toBeGreaterThan(0);
        expect(tickets.sample.length).toBeLessThanOrEqual(31);
        for (const t of tickets.sample) expect(t.id.length * t.title.length).toBeGreaterThan(0);
        const devices = await client.devices(id);
        expect(devices.total).toBe(27);
        expect(devices.sample.length).toBeGreaterThan(0);
        // Another customer's records are not this one's.
        const other = fake.addCustomer({ name: 'Impact Counts Neighbour Ltd' });
        expect((await client.openTickets(other)).total).toBe(0);
        fake.removeCustomer(other);
      } finally {
        fake.removeCustomer(id);
      }
    });

    it("round-trips a customer's web link, and refuses another account's URL", async () => {
      const links = await client.webLinks();
      expect(links.base).toMatch(/^https?:\/\//);
      const someone = (await client.listCustomerPage(1)).items.find((c) => c.url);
      // Passes without checking where: no customer URLs.
      if (!someone?.url) return;
      expect(someone.url.startsWith(links.base)).toBe(true);
      expect(links.customerIdFrom(someone.url)).toBe(someone.id);
      if (vendor.fake) expect(links.customerIdFrom(vendor.fake.customerPageUrl(someone.id))).toBe(someone.id);
      const elsewhere = new URL(someone.url);
      elsewhere.hostname = 'another-account.example.com';
      expect(links.customerIdFrom(elsewhere.toString())).toBeUndefined();
      expect(links.customerIdFrom('not a url')).toBeUndefined();
      expect(links.customerIdFrom(`${links.base}/`)).toBeUndefined();
    });

    it('lists customers changed at the vendor since a time', async () => {
      const fake = vendor.fake;
      // Passes without checking where: full refresh only.
      if (!client.capabilities.changedSince.customers) return;
      // Passes without checking where: needs the fake to change records.
      if (!fake || !client.listCustomersChangedSince) return;
      const before = fake.addCustomer({ name: 'Changed Since Base Ltd' });
      const since = new Date();
      fake.renameCustomer(before, 'Changed Since Renamed Ltd');
      const added = fake.addCustomer({ name: 'Changed Since Added Inc.' });
      try {
        const changed = await client.listCustomersChangedSince(since);
        expect(changed.find((c) => c.id === before)?.name).toBe('Changed Since Renamed Ltd');
        expect(changed.map((c) => c.id)).toContain(added);
        for (const c of changed) expect(CustomerSchema.safeParse(c).success).toBe(true);
      } finally {
        fake.removeCustomer(before);
        fake.removeCustomer(added);
      }
    });

    it('lists contacts changed since a time', async () => {
      // Passes without checking where: full refresh only.
      if (!client.capabilities.changedSince.contacts) return;
      if (!client.listContactsChangedSince) return;
      const customer = await client.createCustomer({ name: 'Changed Contacts Ltd' });
      const since = new Date();
      const contact = await client.createContact({
        customerId: customer.id,
        firstName: 'Nova',
        lastName: 'Since',
        email: 'nova@changed-contacts.example',
      });
      const changed = await client.listContactsChangedSince(since);
      expect(changed.find((c) => c.id === contact.id)).toMatchObject({
        email: 'nova@changed-contacts.example',
      });
      await client.deleteCustomer(customer.id);
    });

    if (!entry.overHttp) return;

    // ---- from here on: behaviour only observable over HTTP against the fake vendor server.
    const http = () => {
      if (!vendor.http) throw new Error('no HTTP controls');
      return vendor.http;
    };
    /** How the customer list is asked for: a GET of the customers path unless the vendor says otherwise. */
    const listOf = () => http().list ?? { method: 'GET', path: http().paths.customers };

    it('says auth for a wrong key, and tells a user an admin should reconnect', async () => {
      const wrongKey = 'wrong-key-ffffffffffffffffffff';
      const error = await failure(vendor.makeClient({ apiKey: wrongKey }).testConnection());
      expect(error.kind).toBe('auth');
      expect(error.vendor).toBe(entry.label);
      const explanation = explainError(error);
      expect(explanation.what).toContain(entry.label);
      expect(explanation.action).toMatch(/admin/i);
      expect(explanation.action).toMatch(/reconnect/i);
      expect(`${error.message} ${JSON.stringify(error.fields)}`).not.toContain(wrongKey);
      expect(error.message).not.toContain(http().apiKey);
    });

    it('says forbidden when the key lacks a permission', async () => {
      const [someone] = (await client.listCustomerPage(1)).items;
      if (!someone) throw new Error('no customers');
      http().forbidCustomerReads();
      const error = await failure(client.getCustomer(someone.id));
      expect(error.kind).toBe('forbidden');
    });

    it('waits out a 429 Retry-After: 1 on a GET, retries once through the scheduler, and succeeds', async () => {
      const scheduled = vi.fn();
      const rateLimited = vi.fn();
      const hooks: VendorHooks = {
        schedule: (attempt) => {
          scheduled();
          return attempt();
        },
        onRateLimited: rateLimited,
      };
      const c = vendor.makeClient({ hooks });
      const list = listOf();
      const before = http().requests(list.method, list.path).length;
      const allBefore = http().requests().length;
      http().inject({ method: list.method, path: list.path, status: 429, retryAfter: 1, times: 1 });
      const page = await c.listCustomerPage(1);
      expect(page.items.length).toBeGreaterThan(0);
      // The refused request and its one retry (plus, where page 1 also counts, the count on the same path).
      const seen = http().requests(list.method, list.path).length - before;
      expect(seen).toBe(2 + (list.otherRequestsOnPath ?? 0));
      // Every HTTP attempt, retries included, went through the scheduler.
      expect(scheduled).toHaveBeenCalledTimes(http().requests().length - allBefore);
      expect(rateLimited).toHaveBeenCalledWith(1000);
    });

    it('gives up as rate_limited (with the wait) when Retry-After is longer than it may wait', async () => {
      const rateLimited = vi.fn();
      const c = vendor.makeClient({ hooks: { onRateLimited: rateLimited } });
      const list = listOf();
      http().inject({ method: list.method, path: list.path, status: 429, retryAfter: 120 });
      const error = await failure(c.listCustomerPage(1));
      expect(error.kind).toBe('rate_limited');
      expect(error.retryAfterMs).toBe(120_000);
      expect(rateLimited).toHaveBeenCalledWith(120_000);
      expect(explainError(error).action).toContain('120 seconds');
    });

    it('retries a GET through 5xx and says unavailable when it persists', async () => {
      http().inject({ method: 'GET', path: http().paths.connection, status: 502, times: 1 });
      await expect(client.testConnection()).resolves.toBeTruthy();
      http().inject({ method: 'GET', path: http().paths.connection, status: 503 });
      const before = http().requests('GET', http().paths.connection).length;
      expect((await failure(client.testConnection())).kind).toBe('unavailable');
      // First attempt plus FAST_RETRY.retries.
      expect(http().requests('GET', http().paths.connection).length - before).toBe(3);
    });

    it('does not send a create twice when it meets a 5xx', async () => {
      const before = http().requests('POST', http().paths.customers).length;
      http().inject({ method: 'POST', path: http().paths.customers, status: 500, times: 1 });
      const error = await failure(client.createCustomer({ name: 'Only Once Ltd' }));
      expect(error.kind).toBe('unavailable');
      expect(http().requests('POST', http().paths.customers).length - before).toBe(1);
    });

    it('does not send a create twice when the vendor applies it but never answers', async () => {
      const c = vendor.makeClient({ timeouts: SHORT_TIMEOUTS });
      const before = http().requests('POST', http().paths.customers).length;
      const countBefore = vendor.customerCount();
      http().inject({
        method: 'POST',
        path: http().paths.customers,
        hang: true,
        processFirst: true,
        times: 1,
      });
      const error = await failure(c.createCustomer({ name: 'Slow Create Co.' }));
      expect(error.kind).toBe('timeout');
      expect(http().requests('POST', http().paths.customers).length - before).toBe(1);
      // The vendor did create it once: exactly why a blind retry would have made a duplicate.
      expect(vendor.customerCount()).toBe(countBefore + 1);
    });

    it('retries a GET that timed out', async () => {
      const c = vendor.makeClient({ timeouts: SHORT_TIMEOUTS });
      http().inject({ method: 'GET', path: http().paths.connection, hang: true, times: 1 });
      await expect(c.testConnection()).resolves.toBeTruthy();
      // Each timeout costs about a second (undici's coarse timers), so the persistent case retries once.
      const once = vendor.makeClient({ timeouts: SHORT_TIMEOUTS, retry: { retries: 1 } });
      const before = http().requests('GET', http().paths.connection).length;
      http().inject({ method: 'GET', path: http().paths.connection, hang: true });
      expect((await failure(once.testConnection())).kind).toBe('timeout');
      expect(http().requests('GET', http().paths.connection).length - before).toBe(2);
    });

    it('says bad_response for malformed JSON and for a body of the wrong shape, naming the path', async () => {
      const list = listOf();
      http().inject({ method: list.method, path: list.path, malformedJson: true, times: 1 });
      expect((await failure(client.listCustomerPage(1))).kind).toBe('bad_response');

      const someone = (await client.listCustomerPage(1)).items[0];
      if (!someone) throw new Error('no customers');
      http().inject({
        method: 'GET',
        path: http().paths.customer(someone.id),
        status: 200,
        body:
          http().wrongShape?.body ??
          JSON.stringify({ customer: { id: 'not-a-number' }, CustomerID: 'not-a-number' }),
        times: 1,
      });
      const error = await failure(client.getCustomer(someone.id));
      expect(error.kind).toBe('bad_response');
      expect(error.path).toMatch(http().wrongShape?.path ?? /id$/i);
    });

    it('stops at once when the caller aborts', async () => {
      const c = vendor.makeClient({ timeouts: { headersMs: 10_000 } });
      http().inject({ method: 'GET', path: http().paths.connection, hang: true, times: 1 });
      const controller = new AbortController();
      const pending = c.testConnection({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    });
  });
}
