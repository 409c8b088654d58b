// The per-workspace index: built by paging in bounded windows, kept fresh by reading only what changed, reconciled
// by counts, restored from snapshots, bounded in memory, served stale-while-revalidate, patched by our writes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { blankCustomer, VendorError } from '../../src/domain/index.js';
import {
  CustomerIndex,
  CustomerIndexes,
  type CustomerIndexOptions,
  type IndexSnapshot,
  type SnapshotStore,
} from '../../src/search/index.js';
import { MAX_PAGES } from '../../src/vendors/http.js';
import { createSandboxClient } from '../../src/vendors/sandbox/client.js';
import { DEMO_IDS, generateDemoData } from '../../src/vendors/sandbox/demo-data.js';
import type { VendorClient } from '../../src/vendors/types.js';
import { type MemoryVendor, memoryVendor } from './support/memory-vendor.js';

afterEach(() => {
  vi.useRealTimers();
});

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
    // Archived contacts are not live: never in the index.
    expect(index.contactCount).toBe(data.contacts.filter((c) => !c.archived).length);
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

describe('stale-while-revalidate, for a vendor that cannot say what changed', () => {
  const fullOnly = { changedSince: { customers: false, contacts: false } };

  it('answers from a stale index at once and re-reads it whole once in the background', async () => {
    const vendor = memoryVendor({ ...fullOnly, customers: 300, contactsByCustomer: true });
    const time = clock();
    const index = new CustomerIndex({ client: vendor.client, ttlMs: 60_000, now: time.now });
    await index.ready();
    expect(index.search('customer 00042')[0]?.customer.name).toBe('Customer 00042 Holdings');
    expect(vendor.calls.customerPage).toBe(6);

    time.advance(61_000);
    expect(index.state).toBe('stale');
    // Served now, from the stale data, while one refresh starts behind.
    expect(index.search('customer 00042')[0]?.customer.name).toBe('Customer 00042 Holdings');
    expect(index.refreshing).toBe(true);
    index.search('customer 7');
    await index.ready();
    await vi.waitFor(() => expect(index.refreshing).toBe(false));
    expect(vendor.calls.customerPage).toBe(12);
    expect(vendor.calls.customersChanged).toBe(0);
    expect(index.state).toBe('warm');
    index.close();
  });

  it('keeps serving stale data when a refresh fails', async () => {
    const vendor = memoryVendor({ ...fullOnly, contactsByCustomer: true });
    const time = clock();
    let broken = false;
    const flaky: VendorClient = {
      ...vendor.client,
      listCustomerPage: (page, o) =>
        broken
          ? Promise.reject(new VendorError('timeout', 'slow', { vendor: 'Memory' }))
          : vendor.client.listCustomerPage(page, o),
    };
    const index = new CustomerIndex({ client: flaky, ttlMs: 1_000, now: time.now });
    await index.ready();
    broken = true;
    time.advance(5_000);
    await expect(index.refresh()).rejects.toMatchObject({ kind: 'timeout' });
    expect(index.state).toBe('stale');
    expect(index.search('customer 00003')[0]?.customer.name).toBe('Customer 00003 Holdings');
    index.close();
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

/** A snapshot store in memory, as the store's table behaves: one per workspace, bound to its connection. */
function memorySnapshots() {
  const rows = new Map<string, { connection: string; snapshot: IndexSnapshot }>();
  let saves = 0;
  const store: SnapshotStore = {
    load: async (workspace, connection) => {
      const row = rows.get(workspace);
      return row && row.connection === connection ? structuredClone(row.snapshot) : undefined;
    },
    save: async (workspace, connection, snapshot) => {
      saves++;
      rows.set(workspace, { connection, snapshot: structuredClone(snapshot) });
    },
    remove: async (workspace) => {
      rows.delete(workspace);
    },
  };
  /** Workspace T1's index over `client` on these snapshots, bound to `connection`: one replica starting. */
  const open = (client: VendorClient, connection: string, extra: Partial<CustomerIndexOptions> = {}) =>
    new CustomerIndex({ client, snapshots: store, connection, workspace: 'T1', ...extra });
  /** What an earlier run leaves behind: an index that built, saved its first snapshot and closed. */
  const leave = async (client: VendorClient, connection: string) => {
    const first = open(client, connection);
    await first.ready();
    await vi.waitFor(() => expect(saves).toBe(1));
    first.close();
  };
  return { store, rows, saves: () => saves, open, leave };
}

/** The first customer id whose name the index finds for `name`, or undefined. */
function found(index: CustomerIndex, name: string): string | undefined {
  return index.search(name, 5).find((h) => h.customer.name === name)?.customer.id;
}

describe('bounded builds', () => {
  it('reads a vendor claiming a million pages in small windows and never past the page cap', async () => {
    let calls = 0;
    let inFlight = 0;
    let most = 0;
    const vendor = memoryVendor({ contactsByCustomer: true });
    // Every page has a new record and claims 1,000,000 pages: only the cap stops it.
    const hostile: VendorClient = {
      ...vendor.client,
      listCustomerPage: async (page) => {
        calls++;
        inFlight++;
        most = Math.max(most, inFlight);
        await Promise.resolve();
        inFlight--;
        return { items: [blankCustomer(`h${page}`, `Hostile ${page}`)], page, totalPages: 1_000_000 };
      },
    };
    const index = new CustomerIndex({ client: hostile });
    await index.ready();
    expect(calls).toBe(MAX_PAGES);
    expect(most).toBeLessThanOrEqual(8);
    expect(index.size).toBe(MAX_PAGES);
    expect(index.partial).toBe(true);
    index.close();
  });

  it('stops at the first empty page, whatever page 1 claimed', async () => {
    const vendor = memoryVendor({ customers: 100, claimPages: 1_000_000, contactsByCustomer: true });
    const index = new CustomerIndex({ client: vendor.client });
    await index.ready();
    expect(index.size).toBe(100);
    expect(vendor.calls.customerPage).toBeLessThanOrEqual(2 + 8);
    expect(index.partial).toBe(false);
    index.close();
  });
});

describe('a workspace’s memory share', () => {
  it('stops growing past its share, says it is partial, and asks the vendor’s own search instead', async () => {
    const vendor = memoryVendor({ customers: 2_000, contactsByCustomer: true, serverSideSearch: true });
    const probe = new CustomerIndex({
      client: memoryVendor({ customers: 100, contactsByCustomer: true }).client,
    });
    await probe.ready();
    const perCustomer = probe.approxBytes / 100;
    const index = new CustomerIndex({ client: vendor.client, maxBytes: perCustomer * 500 });
    await index.ready();
    expect(index.size).toBeGreaterThan(400);
    expect(index.size).toBeLessThanOrEqual(550);
    expect(index.approxBytes).toBeLessThanOrEqual(perCustomer * 500 + perCustomer * 50);
    expect(index.partial).toBe(true);
    // Pages past the share are not even asked for.
    expect(vendor.calls.customerPage).toBeLessThan(40);
    // The last customer was never indexed, but the vendor's search finds it, and says so.
    expect(index.search('Customer 01999 Holdings')).toEqual([]);
    const result = await index.find('Customer 01999 Holdings');
    expect(result).toMatchObject({ source: 'vendor', partial: true });
    expect(result.hits[0]?.customer.name).toBe('Customer 01999 Holdings');
    probe.close();
    index.close();
  });

  it('answers from the partial index where the vendor cannot search, and says it is partial', async () => {
    const vendor = memoryVendor({ customers: 1_000, contactsByCustomer: true, serverSideSearch: false });
    const index = new CustomerIndex({ client: vendor.client, maxBytes: 200_000 });
    await index.ready();
    const result = await index.find('Customer 00001 Holdings');
    expect(result).toMatchObject({ source: 'index', partial: true });
    expect(vendor.calls.search).toBe(0);
    index.close();
  });

  it('keeps every workspace, the one in use included, within its share of the bound', async () => {
    const probe = new CustomerIndex({
      client: memoryVendor({ customers: 100, contactsByCustomer: true }).client,
    });
    await probe.ready();
    const perCustomer = probe.approxBytes / 100;
    const maxBytes = Math.floor(perCustomer * 1_000);
    const indexes = new CustomerIndexes({ maxBytes });
    // One large account: 5,000 customers, five times the whole bound. Before, the index in use was never
    // evicted, so it held all 5,000.
    const large = indexes.for('T-LARGE', memoryVendor({ customers: 5_000, contactsByCustomer: true }).client);
    await large.ready();
    expect(large.partial).toBe(true);
    expect(indexes.approxBytes).toBeLessThanOrEqual(maxBytes);
    expect(indexes.stats()[0]).toMatchObject({ workspace: 'T-LARGE', partial: true });
    probe.close();
    indexes.remove('T-LARGE');
  });
});

describe('incremental refresh', () => {
  async function built(options: Parameters<typeof memoryVendor>[0] = {}, extra = {}) {
    vi.useFakeTimers();
    const vendor = memoryVendor(options);
    const index = new CustomerIndex({
      client: vendor.client,
      refreshMs: 60_000,
      reconcileMs: 15 * 60_000,
      ...extra,
    });
    await index.ready();
    vendor.resetCalls();
    return { vendor, index };
  }

  it('shows an edit made at the vendor within the refresh period, asking only for what changed', async () => {
    const { vendor, index } = await built();
    const id = found(index, 'Customer 00007 Holdings') ?? '';
    vi.advanceTimersByTime(10_000);
    vendor.rename(id, 'Renamed At The Vendor Ltd');
    await vi.advanceTimersByTimeAsync(50_000);
    expect(index.getCustomer(id)?.name).toBe('Renamed At The Vendor Ltd');
    expect(index.search('renamed at the vendor')[0]?.customer.id).toBe(id);
    expect(index.state).toBe('warm');
    // One changed-since read per list, no page of the whole list.
    expect(vendor.calls).toMatchObject({
      customersChanged: 1,
      contactsChanged: 1,
      customerPage: 0,
      contactPage: 0,
    });
    index.close();
  });

  it('adds a customer created at the vendor, drops an archived contact, and stops offering a retired customer', async () => {
    const { vendor, index } = await built();
    const created = vendor.addCustomer('Brand New Customer GmbH');
    const retired = found(index, 'Customer 00011 Holdings') ?? '';
    vendor.deactivate(retired);
    const contact = Array.from(vendor.contacts.values())[0];
    if (!contact) throw new Error('no contact');
    vendor.archiveContact(contact.id);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(found(index, 'Brand New Customer GmbH')).toBe(created);
    expect(index.getContact(contact.id)).toBeUndefined();
    expect(index.contactsOf(contact.customerId)?.map((c) => c.id)).not.toContain(contact.id);
    expect(index.search('Customer 00011 Holdings').map((h) => h.customer.id)).not.toContain(retired);
    expect(index.getCustomer(retired)?.active).toBe(false);
    index.close();
  });

  it('starts each changed-since read a safety overlap before the last sync', async () => {
    const { vendor, index } = await built({}, { overlapMs: 120_000 });
    const asked: number[] = [];
    const original = vendor.client.listCustomersChangedSince;
    vendor.client.listCustomersChangedSince = (since, o) => {
      asked.push(since.getTime());
      return original ? original(since, o) : Promise.resolve([]);
    };
    const syncedAt = index.freshness().syncedAt ?? 0;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toEqual([syncedAt - 120_000]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked[1]).toBe(syncedAt + 60_000 - 120_000);
    index.close();
  });

  it('keeps our own write made while a changed-since read was under way', async () => {
    const { vendor, index } = await built();
    const id = found(index, 'Customer 00003 Holdings') ?? '';
    const original = vendor.client.listCustomersChangedSince;
    let release: () => void = () => undefined;
    vendor.client.listCustomersChangedSince = async (since, o) => {
      // The vendor's answer was read before our write reached it.
      const answer = original ? await original(since, o) : [];
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return answer;
    };
    vendor.rename(id, 'Old Copy From The Vendor');
    await vi.advanceTimersByTimeAsync(60_000);
    const current = index.getCustomer(id);
    if (!current) throw new Error('missing');
    index.upsertCustomer({ ...current, name: 'Our Own Write Ltd' });
    release();
    await vi.advanceTimersByTimeAsync(1);
    expect(index.getCustomer(id)?.name).toBe('Our Own Write Ltd');
    index.close();
  });

  it('stops reading the vendor for an index nobody uses, and resumes on the next use', async () => {
    const { vendor, index } = await built({}, { idleMs: 5 * 60_000 });
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    const whileIdle = vendor.calls.customersChanged;
    expect(whileIdle).toBeLessThanOrEqual(6);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(vendor.calls.customersChanged).toBe(whileIdle);
    index.search('customer');
    await vi.advanceTimersByTimeAsync(1);
    expect(vendor.calls.customersChanged).toBe(whileIdle + 1);
    index.close();
  });

  it('re-reads a list the vendor cannot ask incrementally every TTL, and never asks what changed', async () => {
    const { vendor, index } = await built(
      { changedSince: { customers: false, contacts: false } },
      { ttlMs: 10 * 60_000 },
    );
    const id = found(index, 'Customer 00005 Holdings') ?? '';
    vendor.rename(id, 'Seen Only On The Full Read');
    await vi.advanceTimersByTimeAsync(9 * 60_000);
    expect(index.getCustomer(id)?.name).toBe('Customer 00005 Holdings');
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(index.getCustomer(id)?.name).toBe('Seen Only On The Full Read');
    expect(vendor.calls.customersChanged).toBe(0);
    expect(vendor.calls.customerPage).toBe(3);
    index.close();
  });
});

describe('reconcile', () => {
  async function built(options: Parameters<typeof memoryVendor>[0] = {}) {
    vi.useFakeTimers();
    const vendor: MemoryVendor = memoryVendor(options);
    const index = new CustomerIndex({ client: vendor.client, refreshMs: 60_000, reconcileMs: 15 * 60_000 });
    await index.ready();
    vendor.resetCalls();
    return { vendor, index };
  }

  it('finds a customer deleted in the vendor’s app by its count, and only then pages the list', async () => {
    const { vendor, index } = await built();
    const id = found(index, 'Customer 00009 Holdings') ?? '';
    const contactIds = index.contactsOf(id)?.map((c) => c.id) ?? [];
    expect(contactIds.length).toBeGreaterThan(0);
    vendor.remove(id);
    await vi.advanceTimersByTimeAsync(14 * 60_000);
    // Invisible to the changed-since reads.
    expect(index.getCustomer(id)).toBeDefined();
    expect(vendor.calls.customerPage).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(index.getCustomer(id)).toBeUndefined();
    expect(index.search('Customer 00009 Holdings').map((h) => h.customer.id)).not.toContain(id);
    for (const contactId of contactIds) expect(index.getContact(contactId)).toBeUndefined();
    expect(vendor.calls.count).toBe(1);
    expect(vendor.calls.customerPage).toBe(Math.ceil(vendor.customers.size / 50));
    index.close();
  });

  it('costs one count when nothing disappeared, even after creations and archived contacts', async () => {
    const { vendor, index } = await built();
    vendor.addCustomer('Another Customer Ltd');
    const contact = Array.from(vendor.contacts.values())[3];
    if (contact) vendor.archiveContact(contact.id);
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(vendor.calls.count).toBe(1);
    expect(vendor.calls.customerPage).toBe(0);
    // Contacts are counted by page 1's total (one page request), and not re-read.
    expect(vendor.calls.contactPage).toBe(1);
    index.close();
  });

  it('finds a contact deleted in the vendor’s app', async () => {
    const { vendor, index } = await built();
    const contact = Array.from(vendor.contacts.values())[5];
    if (!contact) throw new Error('no contact');
    vendor.removeContact(contact.id);
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(index.getContact(contact.id)).toBeUndefined();
    index.close();
  });

  it('counts by page 1’s total where the vendor has no count of its own', async () => {
    const { vendor, index } = await built({ countCustomers: false });
    const id = found(index, 'Customer 00002 Holdings') ?? '';
    vendor.remove(id);
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(index.getCustomer(id)).toBeUndefined();
    index.close();
  });
});

describe('snapshots', () => {
  it('restores the last sync at once after a restart, marked stale until the first refresh lands', async () => {
    vi.useFakeTimers();
    const snapshots = memorySnapshots();
    const vendor = memoryVendor({ customers: 300 });
    const first = snapshots.open(vendor.client, 'conn-1');
    await first.ready();
    await vi.advanceTimersByTimeAsync(1);
    expect(snapshots.saves()).toBe(1);
    first.close();

    vendor.rename(found(first, 'Customer 00299 Holdings') ?? '', 'Renamed While We Were Down');
    vendor.resetCalls();
    const after = snapshots.open(vendor.client, 'conn-1');
    expect(after.state).toBe('building');
    await after.whenRestored();
    // Answered from the snapshot, before any page of the vendor.
    expect(after.freshness()).toMatchObject({ fromSnapshot: true, state: 'stale' });
    expect(found(after, 'Customer 00299 Holdings')).toBeDefined();
    expect(after.contactCount).toBe(600);
    await after.ready();
    expect(vendor.calls.customerPage).toBe(0);
    // The first refresh (what changed, then a count) lands behind.
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(after.fromSnapshot).toBe(false));
    expect(after.state).toBe('warm');
    expect(found(after, 'Renamed While We Were Down')).toBeDefined();
    expect(vendor.calls.customerPage).toBe(0);
    expect(vendor.calls.customersChanged).toBe(1);
    after.close();
  });

  it('never uses the snapshot of another connection (after a reconnect)', async () => {
    const snapshots = memorySnapshots();
    const vendor = memoryVendor({ customers: 100 });
    await snapshots.leave(vendor.client, 'conn-1');
    const other = memoryVendor({ customers: 5 });
    const next = snapshots.open(other.client, 'conn-2');
    await next.ready();
    expect(next.fromSnapshot).toBe(false);
    expect(next.size).toBe(5);
    expect(other.calls.customerPage).toBe(1);
    next.close();
  });

  it('writes snapshots after builds, then at most once per period while changes come in', async () => {
    vi.useFakeTimers();
    const snapshots = memorySnapshots();
    const vendor = memoryVendor({ customers: 50 });
    const index = snapshots.open(vendor.client, 'conn-1', { refreshMs: 60_000, snapshotEveryMs: 5 * 60_000 });
    await index.ready();
    await vi.advanceTimersByTimeAsync(1);
    expect(snapshots.saves()).toBe(1);
    for (let minute = 0; minute < 10; minute++) {
      vendor.addCustomer(`Added In Minute ${minute}`);
      await vi.advanceTimersByTimeAsync(60_000);
    }
    expect(snapshots.saves()).toBeGreaterThanOrEqual(2);
    expect(snapshots.saves()).toBeLessThanOrEqual(3);
    const saved = snapshots.rows.get('T1')?.snapshot;
    expect(saved?.customers.length).toBeGreaterThan(50);
    // Records only: nothing of the connection is in it.
    expect(JSON.stringify(saved)).not.toContain('conn-1');
    index.close();
  });

  it('keeps a write made while the snapshot was being read', async () => {
    const snapshots = memorySnapshots();
    const vendor = memoryVendor({ customers: 20 });
    await snapshots.leave(vendor.client, 'c');
    const next = snapshots.open(vendor.client, 'c');
    const ready = next.ready();
    next.upsertCustomer(blankCustomer('999', 'Written During Restore'));
    await ready;
    expect(next.getCustomer('999')?.name).toBe('Written During Restore');
    next.close();
  });
});

describe('typeahead while cold', () => {
  it('asks the vendor’s own search when there is neither index nor snapshot, while the index builds behind', async () => {
    const vendor = memoryVendor({
      customers: 300,
      contactsByCustomer: true,
      serverSideSearch: true,
      latencyMs: 20,
    });
    const index = new CustomerIndex({ client: vendor.client });
    const result = await index.typeahead('Customer 00123');
    expect(result.source).toBe('vendor');
    expect(result.hits[0]?.customer.name).toBe('Customer 00123 Holdings');
    await index.ready();
    const warm = await index.typeahead('Customer 00124');
    expect(warm.source).toBe('index');
    index.close();
  });

  it('answers nothing, in time, when the vendor’s search misses the deadline', async () => {
    vi.useFakeTimers();
    const vendor = memoryVendor({ contactsByCustomer: true, serverSideSearch: true, latencyMs: 5_000 });
    const index = new CustomerIndex({ client: vendor.client });
    let result: Awaited<ReturnType<CustomerIndex['typeahead']>> | undefined;
    index.typeahead('customer', { deadlineMs: 1_500 }).then((r) => {
      result = r;
    });
    await vi.advanceTimersByTimeAsync(1_400);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(result).toEqual({ hits: [], source: 'none', fromSnapshot: false });
    index.close();
  });

  it('offers customers from the snapshot at once after a restart, without asking the vendor', async () => {
    const snapshots = memorySnapshots();
    const vendor = memoryVendor({ customers: 100, serverSideSearch: true });
    await snapshots.leave(vendor.client, 'c');
    vendor.resetCalls();
    const next = snapshots.open(vendor.client, 'c');
    const result = await next.typeahead('Customer 00050');
    expect(result).toMatchObject({ source: 'index', fromSnapshot: true });
    expect(result.hits[0]?.customer.name).toBe('Customer 00050 Holdings');
    expect(vendor.calls.search).toBe(0);
    next.close();
  });
});
