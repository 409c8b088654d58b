// The per-workspace index: built by paging in parallel, once, served stale-while-revalidate, patched by our writes.
import { describe, expect, it } from 'vitest';
import { blankCustomer, VendorError } from '../../src/domain/index.js';
import { CustomerIndex, CustomerIndexes } from '../../src/search/index.js';
import { createSandboxClient } from '../../src/vendors/sandbox/client.js';
import { DEMO_IDS, generateDemoData } from '../../src/vendors/sandbox/demo-data.js';
import type { VendorClient } from '../../src/vendors/types.js';

/** A sandbox client that counts its page requests and how many were in flight at once. */
function countedSandbox(options: { latencyMs?: number; seed?: number; customers?: number } = {}) {
  const counts = { customerPages: 0, contactPages: 0, inFlight: 0, maxInFlight: 0 };
  const data = generateDemoData({ seed: options.seed ?? 42, customers: options.customers ?? 300 });
  const client = createSandboxClient({
    data,
    latencyMs: options.latencyMs ?? 0,
    hooks: {
      schedule: async (attempt) => {
        counts.inFlight++;
        counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
        try {
          return await attempt();
        } finally {
          counts.inFlight--;
        }
      },
    },
  });
  const listCustomerPage = client.listCustomerPage;
  const listContactPage = client.listContactPage;
  const counted: VendorClient = {
    ...client,
    listCustomerPage: (page, o) => {
      counts.customerPages++;
      return listCustomerPage(page, o);
    },
    listContactPage: (page, o) => {
      counts.contactPages++;
      return listContactPage(page, o);
    },
  };
  return { client: counted, counts, data };
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('building', () => {
  it('fetches page 1, then all other pages in parallel, and indexes every customer', async () => {
    const { client, counts } = countedSandbox({ latencyMs: 5 });
    const index = new CustomerIndex({ client });
    expect(index.state).toBe('cold');
    const ready = index.ready();
    expect(index.state).toBe('building');
    await ready;
    expect(index.state).toBe('warm');
    expect(index.size).toBe(300);
    expect(counts.customerPages).toBe(6);
    expect(counts.maxInFlight).toBe(5);
    // The sandbox lists a customer's contacts itself, so contacts are not paged.
    expect(counts.contactPages).toBe(0);
    expect(index.contactsOf(DEMO_IDS.acme)).toBeUndefined();
  });

  it('builds once for many concurrent callers', async () => {
    const { client, counts } = countedSandbox({ latencyMs: 2 });
    const index = new CustomerIndex({ client });
    await Promise.all(Array.from({ length: 10 }, () => index.ready()));
    expect(counts.customerPages).toBe(6);
  });

  it('pages contacts too where the vendor cannot list a customer’s contacts', async () => {
    const { client, counts, data } = countedSandbox();
    const index = new CustomerIndex({ client, indexContacts: true });
    await index.ready();
    expect(counts.contactPages).toBe(Math.ceil(data.contacts.length / 50));
    expect(index.contactCount).toBe(data.contacts.length);
    expect(index.contactsOf(DEMO_IDS.bigCustomer)).toHaveLength(200);
    expect(index.findContactByEmail('JANE@acme.com')?.id).toBe(DEMO_IDS.janeDoe);
  });

  it('fails every waiter of a failed cold build, and tries again on the next call', async () => {
    const { client } = countedSandbox();
    let failures = 1;
    const flaky: VendorClient = {
      ...client,
      listCustomerPage: (page, o) => {
        if (page === 3 && failures-- > 0) {
          return Promise.reject(new VendorError('unavailable', 'boom', { vendor: 'Sandbox', status: 503 }));
        }
        return client.listCustomerPage(page, o);
      },
    };
    const index = new CustomerIndex({ client: flaky });
    const waiters = [index.ready(), index.ready()];
    await expect(waiters[0]).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(waiters[1]).rejects.toMatchObject({ kind: 'unavailable' });
    expect(index.state).toBe('cold');
    await index.ready();
    expect(index.size).toBe(300);
  });
});

describe('stale-while-revalidate', () => {
  it('answers from a stale index at once and refreshes once in the background', async () => {
    const { client, counts } = countedSandbox({ latencyMs: 2 });
    const time = clock();
    const index = new CustomerIndex({ client, ttlMs: 60_000, now: time.now });
    await index.ready();
    expect(index.search('acme corporation')[0]?.customer.id).toBe(DEMO_IDS.acme);
    expect(counts.customerPages).toBe(6);

    time.advance(61_000);
    expect(index.state).toBe('stale');
    // Served now, from the stale data, while one refresh starts behind.
    expect(index.search('acme corporation')[0]?.customer.id).toBe(DEMO_IDS.acme);
    expect(index.refreshing).toBe(true);
    index.search('globex');
    await index.ready();
    expect(index.refreshing).toBe(true);
    await index.refresh();
    expect(counts.customerPages).toBe(12);
    expect(index.state).toBe('warm');
  });

  it('keeps serving stale data when a refresh fails', async () => {
    const { client } = countedSandbox();
    const time = clock();
    let broken = false;
    const flaky: VendorClient = {
      ...client,
      listCustomerPage: (page, o) =>
        broken
          ? Promise.reject(new VendorError('timeout', 'slow', { vendor: 'Sandbox' }))
          : client.listCustomerPage(page, o),
    };
    const index = new CustomerIndex({ client: flaky, ttlMs: 1_000, now: time.now });
    await index.ready();
    broken = true;
    time.advance(5_000);
    await expect(index.refresh()).rejects.toMatchObject({ kind: 'timeout' });
    expect(index.state).toBe('stale');
    expect(index.search('acme.com')[0]?.customer.id).toBe(DEMO_IDS.acme);
  });
});

describe('patching after our own writes', () => {
  it('shows created, renamed and deleted customers without paging the vendor again', async () => {
    const { client, counts } = countedSandbox();
    const index = new CustomerIndex({ client });
    await index.ready();

    const created = await client.createCustomer({ name: 'Zephyr Analytics', domains: ['zephyr.io'] });
    index.upsertCustomer(created);
    expect(index.search('zephyr')[0]?.customer.id).toBe(created.id);
    expect(index.search('zephyr.io')[0]?.customer.id).toBe(created.id);

    const renamed = await client.updateCustomer(created.id, { name: 'Boreas Analytics' });
    index.upsertCustomer(renamed);
    expect(index.search('zephyr analytics')).toEqual([]);
    expect(index.search('boreas')[0]?.customer.name).toBe('Boreas Analytics');

    await client.deleteCustomer(created.id);
    index.removeCustomer(created.id);
    expect(index.search('boreas')).toEqual([]);
    expect(index.getCustomer(created.id)).toBeUndefined();
    expect(index.size).toBe(300);
    expect(counts.customerPages).toBe(6);
  });

  it('patches contacts, and a deleted customer takes its contacts out of the index', async () => {
    const { client, counts } = countedSandbox();
    const index = new CustomerIndex({ client, indexContacts: true });
    await index.ready();
    const pagesBefore = counts.contactPages;
    const contact = await client.createContact({
      customerId: DEMO_IDS.acme,
      firstName: 'Kim',
      email: 'kim@acme.com',
    });
    index.upsertContact(contact);
    expect(index.contactsOf(DEMO_IDS.acme)?.map((c) => c.id)).toContain(contact.id);
    expect(index.findContactByEmail('kim@acme.com')?.id).toBe(contact.id);
    index.removeContact(contact.id);
    expect(index.findContactByEmail('kim@acme.com')).toBeUndefined();
    index.removeCustomer(DEMO_IDS.acme);
    expect(index.contactsOf(DEMO_IDS.acme)).toEqual([]);
    expect(index.findContactByEmail('jane@acme.com')).toBeUndefined();
    expect(counts.contactPages).toBe(pagesBefore);
  });

  it('keeps a write made while a build was already reading the vendor', async () => {
    const { client } = countedSandbox({ latencyMs: 5 });
    const index = new CustomerIndex({ client });
    const building = index.ready();
    index.upsertCustomer(blankCustomer('999999', 'Written Mid Build'));
    index.removeCustomer(DEMO_IDS.evil);
    await building;
    expect(index.getCustomer('999999')?.name).toBe('Written Mid Build');
    expect(index.getCustomer(DEMO_IDS.evil)).toBeUndefined();
  });

  it('hands out frozen records, so a caller cannot corrupt the index', async () => {
    const { client } = countedSandbox();
    const index = new CustomerIndex({ client });
    await index.ready();
    const acme = index.getCustomer(DEMO_IDS.acme);
    expect(acme && Object.isFrozen(acme)).toBe(true);
    expect(() => {
      if (acme) (acme as { name: string }).name = 'x';
    }).toThrow(TypeError);
  });
});

describe('the registry', () => {
  it('never lets one workspace’s index answer another', async () => {
    const a = createSandboxClient({
      data: { customers: [blankCustomer('1', 'Alpha Only Ltd')], contacts: [], customFieldDefinitions: [] },
    });
    const b = createSandboxClient({
      data: { customers: [blankCustomer('1', 'Bravo Only Ltd')], contacts: [], customFieldDefinitions: [] },
    });
    const indexes = new CustomerIndexes();
    await indexes.for('T-A', a).ready();
    await indexes.for('T-B', b).ready();
    expect(indexes.for('T-A', a).search('bravo')).toEqual([]);
    expect(indexes.for('T-B', b).search('alpha')).toEqual([]);
    expect(indexes.for('T-A', a).search('alpha')[0]?.customer.name).toBe('Alpha Only Ltd');
    // A reconnected vendor (another client under the same key) gets a fresh index.
    const replaced = indexes.for('T-A', b);
    expect(replaced.state).toBe('cold');
    await replaced.ready();
    expect(replaced.search('alpha')).toEqual([]);
  });

  it('evicts the least recently used index past the workspace cap', () => {
    const indexes = new CustomerIndexes({ maxWorkspaces: 2 });
    const client = createSandboxClient();
    indexes.for('A', client);
    indexes.for('B', client);
    indexes.get('A');
    indexes.for('C', client);
    expect(indexes.stats().map((s) => s.workspace)).toEqual(['A', 'C']);
    expect(indexes.get('B')).toBeUndefined();
  });

  it('evicts least recently used indexes past the memory bound, keeping the one in use', async () => {
    const small = { customers: 100, seed: 1 };
    const first = new CustomerIndex({ client: countedSandbox(small).client });
    await first.ready();
    const oneIndex = first.approxBytes;
    expect(oneIndex).toBeGreaterThan(0);
    const indexes = new CustomerIndexes({ maxBytes: Math.floor(oneIndex * 2.5) });
    for (const key of ['A', 'B', 'C']) await indexes.for(key, countedSandbox(small).client).ready();
    expect(indexes.stats().map((s) => s.workspace)).toEqual(['B', 'C']);
    expect(indexes.approxBytes).toBeLessThanOrEqual(oneIndex * 2.5);
    indexes.remove('B');
    expect(indexes.stats().map((s) => s.workspace)).toEqual(['C']);
  });
});
