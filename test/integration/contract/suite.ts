// One contract suite for every VendorClient: the same stories against each fake vendor and the sandbox.
// Each vendor runs it from its own file (test/integration/contract/<vendor>.test.ts), so vendors run in parallel.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Customer, explainError, isVendorError, type VendorError } from '../../../src/domain/index.js';
import type { HttpTimeouts, RetryOptions } from '../../../src/vendors/http.js';
import type { VendorClient, VendorHooks } from '../../../src/vendors/types.js';
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
      const contacts = await client.listContacts(customer.id);
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
      expect((await failure(client.getCustomer(created.id))).kind).toBe('not_found');
      // Deleting what is already gone is done, not an error.
      await expect(client.deleteCustomer(created.id)).resolves.toBeUndefined();
    });

    it('creates, reads, updates and deletes a contact, with its title', async () => {
      const customer = await client.createCustomer({ name: 'Contract Contacts Ltd' });
      const created = await client.createContact({
        customerId: customer.id,
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane.doe@contract-contacts.example',
        phone: '555-0101',
        title: 'IT Manager',
      });
      expect(created).toMatchObject({
        customerId: customer.id,
        firstName: 'Jane',
        lastName: 'Doe',
        fullName: 'Jane Doe',
        email: 'jane.doe@contract-contacts.example',
        title: 'IT Manager',
      });
      expect(await client.getContact(created.id)).toMatchObject({ id: created.id, title: 'IT Manager' });
      expect((await client.listContacts(customer.id)).map((c) => c.id)).toEqual([created.id]);

      const updated = await client.updateContact(created.id, {
        lastName: 'Smith',
        title: 'Owner',
        phone: '555-0199',
      });
      expect(updated).toMatchObject({
        firstName: 'Jane',
        lastName: 'Smith',
        fullName: 'Jane Smith',
        title: 'Owner',
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
      for (const d of definitions) expect(d.target).toBe('customer');
      const textField = definitions.find((d) => d.type === 'text');
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

    if (!entry.overHttp) return;

    // ---- from here on: behaviour only observable over HTTP against the fake vendor server.
    const http = () => {
      if (!vendor.http) throw new Error('no HTTP controls');
      return vendor.http;
    };

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
      const before = http().requests('GET', http().paths.customers).length;
      http().inject({ method: 'GET', path: http().paths.customers, status: 429, retryAfter: 1, times: 1 });
      const page = await c.listCustomerPage(1);
      expect(page.items.length).toBeGreaterThan(0);
      const seen = http().requests('GET', http().paths.customers).length - before;
      expect(seen).toBe(2);
      expect(scheduled).toHaveBeenCalledTimes(2);
      expect(rateLimited).toHaveBeenCalledWith(1000);
    });

    it('gives up as rate_limited (with the wait) when Retry-After is longer than it may wait', async () => {
      const rateLimited = vi.fn();
      const c = vendor.makeClient({ hooks: { onRateLimited: rateLimited } });
      http().inject({ method: 'GET', path: http().paths.customers, status: 429, retryAfter: 120 });
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
      http().inject({ method: 'GET', path: http().paths.customers, malformedJson: true, times: 1 });
      expect((await failure(client.listCustomerPage(1))).kind).toBe('bad_response');

      const someone = (await client.listCustomerPage(1)).items[0];
      if (!someone) throw new Error('no customers');
      http().inject({
        method: 'GET',
        path: http().paths.customer(someone.id),
        status: 200,
        body: JSON.stringify({ customer: { id: 'not-a-number' }, CustomerID: 'not-a-number' }),
        times: 1,
      });
      const error = await failure(client.getCustomer(someone.id));
      expect(error.kind).toBe('bad_response');
      expect(error.path).toMatch(/id$/i);
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
