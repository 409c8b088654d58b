// The sandbox vendor behaves like a real one: stable demo data with planted duplicates, paging, CRUD, validation,
// copies, change lists, impact reads, web links, and edits made behind the bot's back "in its web app".
import { describe, expect, it } from 'vitest';
import { type CustomFieldDefinition, type CustomFieldValue, isVendorError } from '../../src/domain/index.js';
import { boundedDistance } from '../../src/search/distance.js';
import { SandboxAccount } from '../../src/vendors/sandbox/account.js';
import {
  createSandboxClient,
  SANDBOX_CAPABILITIES,
  sandboxAccountOf,
} from '../../src/vendors/sandbox/client.js';
import {
  DEMO_CUSTOM_FIELDS,
  DEMO_EPOCH,
  DEMO_IDS,
  DEMO_SHARED,
  type DemoData,
  generateDemoData,
  SANDBOX_URL,
} from '../../src/vendors/sandbox/demo-data.js';
import { NearNameIndex, nameKey } from '../../src/vendors/sandbox/near-names.js';
import type { VendorHooks } from '../../src/vendors/types.js';

// ---- an independent judge of "looks like a duplicate", written here on purpose (not the generator's own)

const LEGAL_SUFFIXES = new Set([
  'ltd',
  'limited',
  'llc',
  'inc',
  'incorporated',
  'gmbh',
  'corp',
  'corporation',
  'co',
  'company',
  'ag',
  'sa',
  'plc',
]);

/** Case, accents, punctuation and trailing legal suffixes set aside; words kept apart by one space. */
function normalise(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ');
  while (words.length > 1 && LEGAL_SUFFIXES.has(words.at(-1) ?? '')) words.pop();
  return words.join(' ');
}

/** Plain Levenshtein distance (insert, delete, substitute). */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Every pair of names equal once normalised, or at most two edits apart, as "a / b" in id order. */
function nearDuplicateNames(data: DemoData): string[] {
  const names = data.customers.map((c) => ({ name: c.name, key: normalise(c.name) }));
  const pairs: string[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i];
      const b = names[j];
      if (!a || !b || Math.abs(a.key.length - b.key.length) > 2) continue;
      if (levenshtein(a.key, b.key) <= 2) pairs.push(`${a.name} / ${b.name}`);
    }
  }
  return pairs;
}

const FREE_MAIL = new Set(['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com']);

/** Pairs of customers sharing a web or email domain (free mail left out), as "a / b". */
function sharedDomains(data: DemoData): string[] {
  const byDomain = new Map<string, Set<string>>();
  for (const c of data.customers) {
    const domains = [...c.domains, c.email?.split('@')[1] ?? ''].filter((d) => d && !FREE_MAIL.has(d));
    for (const d of new Set(domains.map((x) => x.toLowerCase()))) {
      byDomain.set(d, (byDomain.get(d) ?? new Set()).add(c.name));
    }
  }
  return [...byDomain.values()].filter((s) => s.size > 1).map((s) => [...s].join(' / '));
}

/** Emails used by contacts at more than one customer. */
function emailsAtTwoCustomers(data: DemoData): string[] {
  const owners = new Map<string, Set<string>>();
  for (const c of data.contacts) {
    if (!c.email) continue;
    const email = c.email.toLowerCase();
    owners.set(email, (owners.get(email) ?? new Set()).add(c.customerId));
  }
  return [...owners].filter(([, ids]) => ids.size > 1).map(([email]) => email);
}

const PLANTED_NAME_PAIRS = [
  'Acme Corporation / Acme Corp.',
  'Stark Industries / Stark Industries Ltd',
  'Wayne Enterprises, Inc. / wayne enterprises',
  'Cyberdyne Systems / Cyberdine Systems',
];

function valueFits(definition: CustomFieldDefinition, value: CustomFieldValue): boolean {
  switch (definition.type) {
    case 'text':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value);
    case 'options':
      return typeof value === 'string' && definition.options.includes(value);
    case 'multi':
      return Array.isArray(value) && value.every((v) => definition.options.includes(v));
  }
}

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-03-01T10:00:00.000Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function countingHooks() {
  const counts = { scheduled: 0 };
  const hooks: VendorHooks = {
    schedule: (attempt) => {
      counts.scheduled++;
      return attempt();
    },
  };
  return { counts, hooks };
}

describe('sandbox demo data', () => {
  it('is the same for the same seed and holds the named records', () => {
    const a = generateDemoData({ seed: 7 });
    const b = generateDemoData({ seed: 7 });
    expect(a).toEqual(b);
    expect(a.customers.length).toBe(300);
    const acme = a.customers.find((c) => c.id === DEMO_IDS.acme);
    expect(acme).toMatchObject({
      name: 'Acme Corporation',
      kind: 'business',
      active: true,
      domains: ['acme.com'],
      phone: '+1 (555) 010-0100',
    });
    const jane = a.contacts.find((c) => c.id === DEMO_IDS.janeDoe);
    expect(jane).toMatchObject({ customerId: DEMO_IDS.acme, email: 'jane@acme.com', isPrimary: true });
    const big = a.contacts.filter((c) => c.customerId === DEMO_IDS.bigCustomer);
    expect(big).toHaveLength(200);
    expect(a.customers.find((c) => c.id === DEMO_IDS.bigCustomer)?.notes).toHaveLength(5000);
    expect(a.customers.map((c) => c.name)).toContain('<!channel> Evil <https://x|click>');
    for (const customer of a.customers) {
      const own = a.contacts.filter((c) => c.customerId === customer.id && !c.archived);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.filter((c) => c.isPrimary).length).toBeLessThanOrEqual(1);
    }
  });

  it('gives the named records the same ids for every seed and size', () => {
    for (const data of [
      generateDemoData({ seed: 1 }),
      generateDemoData({ seed: 99, customers: 40, contactsPerCustomer: false }),
    ]) {
      const name = (id: string) => data.customers.find((c) => c.id === id)?.name;
      const contact = (id: string) => data.contacts.find((c) => c.id === id);
      expect(name(DEMO_IDS.stark)).toBe('Stark Industries');
      expect(name(DEMO_IDS.starkLtd)).toBe('Stark Industries Ltd');
      expect(name(DEMO_IDS.wayneInc)).toBe('Wayne Enterprises, Inc.');
      expect(name(DEMO_IDS.wayneLower)).toBe('wayne enterprises');
      expect(name(DEMO_IDS.cyberdyne)).toBe('Cyberdyne Systems');
      expect(name(DEMO_IDS.cyberdine)).toBe('Cyberdine Systems');
      expect(name(DEMO_IDS.dunderMifflin)).toBe('Dunder Mifflin Paper');
      expect(name(DEMO_IDS.sabre)).toBe('Sabre Paper Supplies');
      expect(name(DEMO_IDS.wonka)).toBe('Wonka Confectionery');
      expect(name(DEMO_IDS.vandelay)).toBe('Vandelay Imports');
      expect(contact(DEMO_IDS.janeDoe)).toMatchObject({ fullName: 'Jane Doe', customerId: DEMO_IDS.acme });
      expect(contact(DEMO_IDS.archivedContact)).toMatchObject({
        fullName: 'Peter Gibbons',
        customerId: DEMO_IDS.acme,
        archived: true,
        ignored: false,
      });
      expect(contact(DEMO_IDS.ignoredContact)).toMatchObject({
        email: 'scanner@acme.com',
        customerId: DEMO_IDS.acme,
        archived: false,
        ignored: true,
      });
      expect(contact(DEMO_IDS.sharedEmailAtWonka)).toMatchObject({
        customerId: DEMO_IDS.wonka,
        email: DEMO_SHARED.contactEmail,
      });
      expect(contact(DEMO_IDS.sharedEmailAtVandelay)).toMatchObject({
        customerId: DEMO_IDS.vandelay,
        email: DEMO_SHARED.contactEmail,
      });
    }
  });

  it.each([
    [42, 300],
    [7, 137],
    [1, 300],
    [2, 300],
    [3, 600],
  ])(
    'plants exactly the intended duplicates, and no generated pair looks like one (seed %i, %i customers)',
    (seed, customers) => {
      const data = generateDemoData({ seed, customers });
      expect(nearDuplicateNames(data)).toEqual(PLANTED_NAME_PAIRS);
      expect(sharedDomains(data)).toEqual(['Dunder Mifflin Paper / Sabre Paper Supplies']);
      expect(emailsAtTwoCustomers(data)).toEqual([DEMO_SHARED.contactEmail]);
    },
  );

  it('keeps names distinct even in benchmark-sized sets', () => {
    const data = generateDemoData({ seed: 5, customers: 5_000, contactsPerCustomer: false });
    expect(data.customers).toHaveLength(5_000);
    const keys = new Set(data.customers.map((c) => normalise(c.name)));
    // Three planted pairs are the only names that meet once normalised (the fourth is a typo apart).
    expect(keys.size).toBe(5_000 - 3);
    // One domain is shared, Dunder Mifflin's and Sabre's.
    const domains = data.customers.flatMap((c) => c.domains);
    expect(domains.length - new Set(domains).size).toBe(1);
  });

  it('fills custom fields of every type, on customers and contacts, with values that fit', () => {
    const data = generateDemoData();
    const types = new Set(
      data.customFieldDefinitions.filter((d) => d.target === 'customer').map((d) => d.type),
    );
    expect([...types].sort()).toEqual(['boolean', 'date', 'multi', 'number', 'options', 'text']);
    expect(data.customFieldDefinitions.filter((d) => d.target === 'contact').length).toBeGreaterThanOrEqual(
      2,
    );
    for (const d of data.customFieldDefinitions)
      expect(d).toMatchObject({ required: false, source: 'definitions' });
    const byName = new Map(data.customFieldDefinitions.map((d) => [`${d.target}:${d.name}`, d]));
    const seen = new Set<string>();
    for (const [target, records] of [
      ['customer', data.customers],
      ['contact', data.contacts],
    ] as const) {
      for (const record of records) {
        for (const [name, value] of Object.entries(record.customFields)) {
          const definition = byName.get(`${target}:${name}`);
          expect(definition, `${target} field ${name}`).toBeDefined();
          if (definition) expect(valueFits(definition, value), `${name}=${JSON.stringify(value)}`).toBe(true);
          seen.add(`${target}:${name}`);
        }
      }
    }
    // Every defined field holds a value somewhere, so each form control can be seen filled in.
    expect([...seen].sort()).toEqual([...byName.keys()].sort());
  });

  it('gives Acme open tickets, devices and a contract, and a few others some too', () => {
    const data = generateDemoData();
    const ofAcme = <T extends { customerId: string }>(list: T[] | undefined) =>
      (list ?? []).filter((r) => r.customerId === DEMO_IDS.acme);
    expect(ofAcme(data.tickets).filter((t) => t.status === 'open')).toHaveLength(3);
    expect(ofAcme(data.tickets).filter((t) => t.status === 'closed')).toHaveLength(2);
    expect(ofAcme(data.devices)).toHaveLength(4);
    expect(ofAcme(data.contracts)).toHaveLength(1);
    const withTickets = new Set(
      (data.tickets ?? []).filter((t) => t.status === 'open').map((t) => t.customerId),
    );
    expect(withTickets.size).toBeGreaterThan(20);
    expect(withTickets.size).toBeLessThan(data.customers.length);
  });

  it('dates every record before the demo epoch, changed no earlier than made', () => {
    const data = generateDemoData();
    for (const r of [...data.customers, ...data.contacts]) {
      expect(Date.parse(r.modifiedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(r.createdAt ?? ''));
      expect(Date.parse(r.modifiedAt ?? '')).toBeLessThan(Date.parse(DEMO_EPOCH));
    }
  });
});

describe('near names', () => {
  it('folds case, punctuation, spaces and legal forms into one key', () => {
    expect(nameKey('Wayne Enterprises, Inc.')).toBe(nameKey('wayne enterprises'));
    expect(nameKey('Smith & Sons Ltd')).toBe(nameKey('Smith and Sons'));
    expect(nameKey('Café Müller GmbH')).toBe('cafemuller');
  });

  it('finds every key within three edits (adjacent swaps count one), as a pairwise check would', () => {
    const random = (() => {
      let s = 12345;
      return () => {
        s = (s * 1103515245 + 12345) % 2 ** 31;
        return s / 2 ** 31;
      };
    })();
    const letters = 'abcdeo';
    const word = () =>
      Array.from({ length: 6 + Math.floor(random() * 8) }, () => letters[Math.floor(random() * 6)]).join('');
    const keys = Array.from({ length: 300 }, word);
    const index = new NearNameIndex(4);
    const added: string[] = [];
    const verdicts = { near: 0, far: 0 };
    for (const key of keys) {
      const brute = added.some((other) => boundedDistance(key, other, 3) <= 3);
      expect(index.isNear(key), key).toBe(brute);
      verdicts[brute ? 'near' : 'far']++;
      index.add(key);
      added.push(key);
    }
    // Both answers were put to the test.
    expect(verdicts.near).toBeGreaterThan(20);
    expect(verdicts.far).toBeGreaterThan(20);
    expect(boundedDistance('cyberdyne', 'cyberdine', 3)).toBe(1);
    expect(boundedDistance('acme', 'amce', 3)).toBe(1);
    expect(boundedDistance('northwind', 'southwind', 1)).toBe(2);
  });
});

describe('sandbox client', () => {
  it('declares what it does', () => {
    expect(createSandboxClient().capabilities).toBe(SANDBOX_CAPABILITIES);
    expect(SANDBOX_CAPABILITIES).toMatchObject({
      serverSideSearch: true,
      contactsByCustomer: true,
      contactCustomFields: true,
      contactAddress: true,
      personCustomers: false,
      customerRemoval: 'delete',
      contactDeactivation: false,
      impersonation: false,
      changedSince: { customers: true, contacts: true },
      rateLimitScope: 'connection',
    });
    const client = createSandboxClient();
    expect(client.customerCreateChoices).toBeUndefined();
    expect(client.restoreCustomer).toBeUndefined();
  });

  it('pages customers 50 at a time and runs every call through the hooks, once each', async () => {
    const { counts, hooks } = countingHooks();
    const client = createSandboxClient({ hooks });
    const first = await client.listCustomerPage(1);
    expect(first).toMatchObject({ page: 1, totalPages: 6, totalItems: 300 });
    expect(first.items).toHaveLength(50);
    let count = first.items.length;
    for (let page = 2; page <= first.totalPages; page++)
      count += (await client.listCustomerPage(page)).items.length;
    expect(count).toBe(300);
    expect(counts.scheduled).toBe(6);

    const calls: Array<() => Promise<unknown>> = [
      () => client.countCustomers?.() ?? Promise.resolve(),
      () => client.listCustomersChangedSince?.(new Date(0)) ?? Promise.resolve(),
      () => client.listContactsChangedSince?.(new Date(0)) ?? Promise.resolve(),
      () => client.openTickets(DEMO_IDS.acme),
      () => client.devices(DEMO_IDS.acme),
      () => client.contracts?.(DEMO_IDS.acme) ?? Promise.resolve(),
      () => client.webLinks(),
      () => client.getContactCustomFieldValues?.(DEMO_IDS.janeDoe) ?? Promise.resolve(),
      () => client.setContactCustomField?.(DEMO_IDS.janeDoe, 'VPN access', true) ?? Promise.resolve(),
      () => client.testConnection(),
    ];
    for (const [i, run] of calls.entries()) {
      await run();
      expect(counts.scheduled).toBe(7 + i);
    }
  });

  it('hands out copies so callers cannot change the store', async () => {
    const client = createSandboxClient();
    const acme = await client.getCustomer(DEMO_IDS.acme);
    acme.name = 'Mutated';
    acme.customFields.Services = ['VoIP'];
    const fresh = await client.getCustomer(DEMO_IDS.acme);
    expect(fresh.name).toBe('Acme Corporation');
    expect(fresh.customFields.Services).toEqual(['Backup', 'Firewall', 'Microsoft 365']);
  });

  it('creates, updates and deletes customers and contacts, the contacts going with their customer', async () => {
    const client = createSandboxClient();
    const created = await client.createCustomer({
      name: ' New Co ',
      email: 'hi@new.co',
      choices: { x: 'y' },
    });
    expect(created).toMatchObject({ name: 'New Co', kind: 'business', active: true });
    expect(created).not.toHaveProperty('choices');
    const updated = await client.updateCustomer(created.id, { phone: '555-0100', firstName: 'Bill' });
    expect(updated).toMatchObject({ name: 'New Co', phone: '555-0100', firstName: 'Bill' });
    const contact = await client.createContact({
      customerId: created.id,
      firstName: 'Ann',
      isPrimary: true,
      address: '1 High St',
      city: 'Leeds',
      zip: 'LS1 1AA',
    });
    expect(contact).toMatchObject({
      fullName: 'Ann',
      customerName: 'New Co',
      isPrimary: true,
      address: '1 High St',
      city: 'Leeds',
      state: null,
      zip: 'LS1 1AA',
      archived: false,
      ignored: false,
    });
    expect(await client.listContacts(created.id)).toHaveLength(1);
    await client.deleteCustomer(created.id);
    await expect(client.getCustomer(created.id)).rejects.toSatisfy((e) => isVendorError(e, 'not_found'));
    await expect(client.getContact(contact.id)).rejects.toSatisfy((e) => isVendorError(e, 'not_found'));
    await expect(client.deleteCustomer(created.id)).resolves.toBeUndefined();
    await expect(client.deleteContact(contact.id)).resolves.toBeUndefined();
  });

  it('rejects a bad email, a missing name or a residential customer with field errors', async () => {
    const client = createSandboxClient();
    await expect(client.createCustomer({ name: ' ', email: 'nope' })).rejects.toMatchObject({
      kind: 'validation',
      fields: { name: expect.any(String), email: expect.any(String) },
    });
    await expect(
      client.createContact({ customerId: DEMO_IDS.acme, firstName: 'X', email: 'x@' }),
    ).rejects.toMatchObject({ kind: 'validation', fields: { email: expect.any(String) } });
    await expect(
      client.createCustomer({ name: 'Pat Quigley', kind: 'person', firstName: 'Pat', lastName: 'Quigley' }),
    ).rejects.toMatchObject({ kind: 'validation', fields: { kind: expect.any(String) } });
  });

  it('keeps one primary contact per customer, and the one demoted counts as changed', async () => {
    const clock = manualClock();
    const client = createSandboxClient({ now: clock.now });
    clock.advance(1000);
    const since = new Date(clock.now());
    const other = (await client.listContacts(DEMO_IDS.acme)).find((c) => !c.isPrimary);
    if (!other) throw new Error('Acme has a second contact');
    await client.updateContact(other.id, { isPrimary: true });
    expect((await client.getContact(DEMO_IDS.janeDoe)).isPrimary).toBe(false);
    const changed = (await client.listContactsChangedSince?.(since)) ?? [];
    expect(changed.map((c) => c.id).sort()).toEqual([DEMO_IDS.janeDoe, other.id].sort());
  });

  it('reads, sets and clears typed custom fields, a multi field included', async () => {
    const client = createSandboxClient();
    const definitions = await client.listCustomFieldDefinitions();
    expect(definitions).toEqual(DEMO_CUSTOM_FIELDS);
    await client.setCustomField(DEMO_IDS.acme, 'Contract type', 'Project');
    await client.setCustomField(DEMO_IDS.acme, 'Monthly fee', 1200);
    await client.setCustomField(DEMO_IDS.acme, 'Services', ['VoIP', 'Backup', 'VoIP']);
    expect(await client.getCustomFieldValues(DEMO_IDS.acme)).toMatchObject({
      'Contract type': 'Project',
      'Monthly fee': 1200,
      Services: ['Backup', 'VoIP'],
    });
    await client.setCustomField(DEMO_IDS.acme, 'Monthly fee', null);
    await client.setCustomField(DEMO_IDS.acme, 'Services', []);
    const cleared = await client.getCustomFieldValues(DEMO_IDS.acme);
    expect(cleared).not.toHaveProperty('Monthly fee');
    expect(cleared).not.toHaveProperty('Services');
    const refused: Array<[string, CustomFieldValue]> = [
      ['Contract type', 'Weekly'],
      ['Services', ['Cloud']],
      ['Services', 'Backup'],
      ['Onboarded', 'last week'],
      ['Managed backup', 'yes'],
      // A contact's field is not a customer's.
      ['Badge number', 'B-1'],
    ];
    for (const [name, value] of refused) {
      await expect(client.setCustomField(DEMO_IDS.acme, name, value), name).rejects.toMatchObject({
        kind: 'validation',
        fields: { [name]: expect.any(String) },
      });
    }
  });

  it('reads and writes contact custom fields, inline and one by one', async () => {
    const client = createSandboxClient();
    await client.setContactCustomField?.(DEMO_IDS.janeDoe, 'Badge number', 'B-1234');
    await client.setContactCustomField?.(DEMO_IDS.janeDoe, 'Preferred channel', 'Phone');
    expect(await client.getContactCustomFieldValues?.(DEMO_IDS.janeDoe)).toEqual({
      'Badge number': 'B-1234',
      'Preferred channel': 'Phone',
    });
    expect((await client.getContact(DEMO_IDS.janeDoe)).customFields['Badge number']).toBe('B-1234');
    await client.setContactCustomField?.(DEMO_IDS.janeDoe, 'Badge number', null);
    expect(await client.getContactCustomFieldValues?.(DEMO_IDS.janeDoe)).toEqual({
      'Preferred channel': 'Phone',
    });
    // A customer's field is not a contact's.
    await expect(client.setContactCustomField?.(DEMO_IDS.janeDoe, 'Monthly fee', 5)).rejects.toMatchObject({
      kind: 'validation',
    });
    await expect(client.getContactCustomFieldValues?.('987654321')).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('searches customers and contacts case-insensitively, archived contacts marked', async () => {
    const client = createSandboxClient();
    const names = (await client.searchCustomers('acme')).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Acme Corporation', 'Acme Corp.', 'ACME Industries']));
    const contacts = await client.searchContacts('JANE@ACME.COM');
    expect(contacts.map((c) => c.id)).toContain(DEMO_IDS.janeDoe);
    const peter = await client.searchContacts('gibbons');
    expect(peter.map((c) => [c.id, c.archived])).toEqual([[DEMO_IDS.archivedContact, true]]);
  });

  it("lists all of a customer's contacts, the archived and the ignored one marked, and pages them so", async () => {
    const client = createSandboxClient();
    const acme = await client.listContacts(DEMO_IDS.acme);
    expect(acme.find((c) => c.id === DEMO_IDS.archivedContact)).toMatchObject({
      archived: true,
      ignored: false,
    });
    expect(acme.find((c) => c.id === DEMO_IDS.ignoredContact)).toMatchObject({
      ignored: true,
      archived: false,
    });
    expect(acme).toHaveLength(5);
    expect(acme.filter((c) => !c.archived)).toHaveLength(4);
    const page = await client.listContactPage(1);
    expect(page.items.find((c) => c.id === DEMO_IDS.archivedContact)?.archived).toBe(true);
    expect((await client.getContact(DEMO_IDS.archivedContact)).archived).toBe(true);
  });

  it('moves modifiedAt on every write, even two in the same millisecond', async () => {
    const clock = manualClock();
    const client = createSandboxClient({ now: clock.now });
    const a = await client.updateCustomer(DEMO_IDS.acme, { notes: 'one' });
    const b = await client.updateCustomer(DEMO_IDS.acme, { notes: 'two' });
    await client.setCustomField(DEMO_IDS.acme, 'Monthly fee', 10);
    const c = await client.getCustomer(DEMO_IDS.acme);
    expect(a.modifiedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(Date.parse(b.modifiedAt ?? '')).toBeGreaterThan(Date.parse(a.modifiedAt ?? ''));
    expect(Date.parse(c.modifiedAt ?? '')).toBeGreaterThan(Date.parse(b.modifiedAt ?? ''));
    const contact = await client.updateContact(DEMO_IDS.janeDoe, { title: 'COO' });
    const again = await client.updateContact(DEMO_IDS.janeDoe, { archived: true });
    expect(Date.parse(again.modifiedAt ?? '')).toBeGreaterThan(Date.parse(contact.modifiedAt ?? ''));
    expect(again.archived).toBe(true);
  });

  it('lists what changed at or after a time, oldest first, and counts customers', async () => {
    const clock = manualClock();
    const client = createSandboxClient({ now: clock.now });
    // Demo records were all last changed before the epoch.
    expect(await client.listCustomersChangedSince?.(new Date(DEMO_EPOCH))).toEqual([]);
    expect(await client.listContactsChangedSince?.(new Date(DEMO_EPOCH))).toEqual([]);
    expect((await client.listCustomersChangedSince?.(new Date(0)))?.length).toBe(300);

    await client.updateCustomer(DEMO_IDS.stark, { city: 'Malibu' });
    clock.advance(60_000);
    const since = new Date(clock.now());
    const renamed = await client.updateCustomer(DEMO_IDS.cyberdyne, { name: 'Cyberdyne Systems Corp' });
    clock.advance(1_000);
    const created = await client.createCustomer({ name: 'Skynet Labs' });
    const contact = await client.createContact({
      customerId: created.id,
      firstName: 'Miles',
      lastName: 'Dyson',
    });

    const changed = (await client.listCustomersChangedSince?.(since)) ?? [];
    expect(changed.map((c) => c.id)).toEqual([DEMO_IDS.cyberdyne, created.id]);
    expect(changed[0]?.name).toBe('Cyberdyne Systems Corp');
    // "At or after": a write stamped exactly at `since` is in.
    expect(renamed.modifiedAt).toBe(since.toISOString());
    expect((await client.listContactsChangedSince?.(since))?.map((c) => c.id)).toEqual([contact.id]);

    expect(await client.countCustomers?.()).toBe(301);
    await client.deleteCustomer(created.id);
    expect(await client.countCustomers?.()).toBe(300);
  });

  it("reads a customer's open tickets, devices and contracts with links, and nothing of another's", async () => {
    const client = createSandboxClient();
    const tickets = await client.openTickets(DEMO_IDS.acme);
    expect(tickets.total).toBe(3);
    expect(tickets.sample.map((t) => t.title).sort()).toEqual(
      ['New starter: laptop for Sam', 'Printer on 2nd floor offline', 'VPN drops every hour'].sort(),
    );
    for (const t of tickets.sample) expect(t.url).toBe(`${SANDBOX_URL}/tickets/${t.id}`);
    const devices = await client.devices(DEMO_IDS.acme);
    expect(devices.total).toBe(4);
    expect(devices.sample.map((d) => d.title)).toContain('ACME-FW01 (FortiGate 60F)');
    for (const d of devices.sample) expect(d.url).toBe(`${SANDBOX_URL}/devices/${d.id}`);
    expect(await client.contracts?.(DEMO_IDS.acme)).toMatchObject({
      total: 1,
      sample: [
        {
          title: 'Managed services: 25 seats (2025)',
          url: expect.stringMatching(`^${SANDBOX_URL}/contracts/`),
        },
      ],
    });

    const created = await client.createCustomer({ name: 'Fresh Start Ltd' });
    expect(await client.openTickets(created.id)).toEqual({ total: 0, sample: [] });
    expect(await client.devices(created.id)).toEqual({ total: 0, sample: [] });
    await expect(client.openTickets('987654321')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('shows at most five of many, newest first, and forgets them with their customer', async () => {
    const client = createSandboxClient();
    const account = client.account;
    const id = account.addCustomer({ name: 'Busy Helpdesk LLC' });
    const ids = account.addOpenTickets(id, 31, 'Disk full');
    account.addDevices(id, 27);
    const tickets = await client.openTickets(id);
    expect(tickets.total).toBe(31);
    expect(tickets.sample.map((t) => t.id)).toEqual(ids.slice(-5).reverse());
    expect(tickets.sample[0]?.title).toBe('Disk full #31');
    account.closeTicket(ids[30] ?? '');
    expect((await client.openTickets(id)).total).toBe(30);
    expect((await client.devices(id)).total).toBe(27);
    await client.deleteCustomer(id);
    expect([...account.tickets.values()].filter((t) => t.customerId === id)).toEqual([]);
    expect([...account.devices.values()].filter((d) => d.customerId === id)).toEqual([]);
  });

  it('reads its own customer page URLs back, and no one else’s', async () => {
    const client = createSandboxClient();
    const links = await client.webLinks();
    expect(links.base).toBe(SANDBOX_URL);
    const acme = await client.getCustomer(DEMO_IDS.acme);
    expect(acme.url).toBe(`${SANDBOX_URL}/customers/${DEMO_IDS.acme}`);
    expect(links.customerIdFrom(acme.url ?? '')).toBe(DEMO_IDS.acme);
    expect(links.customerIdFrom(client.account.customerPageUrl('1013'))).toBe('1013');
    for (const ok of [`${SANDBOX_URL}/customers/1001/`, `${SANDBOX_URL}/customers/1001?tab=contacts#top`]) {
      expect(links.customerIdFrom(ok), ok).toBe('1001');
    }
    for (const bad of [
      'https://other.example.com/customers/1001',
      'http://sandbox.example.com/customers/1001',
      'https://sandbox.example.com.evil.example/customers/1001',
      'https://sandbox.example.com@evil.example/customers/1001',
      'https://user:pw@sandbox.example.com/customers/1001',
      `${SANDBOX_URL}/contacts/500001`,
      `${SANDBOX_URL}/customers/`,
      `${SANDBOX_URL}/customers/abc`,
      `${SANDBOX_URL}/customers/1001/tickets`,
      `${SANDBOX_URL}/`,
      'not a url',
      '',
    ]) {
      expect(links.customerIdFrom(bad), bad).toBeUndefined();
    }
  });

  it('serves its pages under another web base when told', async () => {
    const client = createSandboxClient({ webUrl: 'http://127.0.0.1:3999/sandbox/' });
    const links = await client.webLinks();
    expect(links.base).toBe('http://127.0.0.1:3999/sandbox');
    const acme = await client.getCustomer(DEMO_IDS.acme);
    expect(acme.url).toBe('http://127.0.0.1:3999/sandbox/customers/1001');
    expect(links.customerIdFrom(acme.url ?? '')).toBe(DEMO_IDS.acme);
    expect(links.customerIdFrom(`${SANDBOX_URL}/customers/1001`)).toBeUndefined();
    expect((await client.openTickets(DEMO_IDS.acme)).sample[0]?.url).toMatch(
      /^http:\/\/127\.0\.0\.1:3999\/sandbox\/tickets\//,
    );
  });

  it('names the account and what the key may do', async () => {
    expect(await createSandboxClient().testConnection()).toEqual({
      accountName: 'Sandbox MSP',
      user: 'demo@sandbox.example.com',
      permissions: { read: true, write: true, delete: true },
    });
  });

  it('stops a slow call when its signal aborts, and never starts one already aborted', async () => {
    const client = createSandboxClient({ latencyMs: 10_000 });
    const controller = new AbortController();
    const pending = client.getCustomer(DEMO_IDS.acme, { signal: controller.signal });
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');

    const quick = createSandboxClient();
    const aborted = AbortSignal.abort();
    await expect(quick.createCustomer({ name: 'Never Made Ltd' }, { signal: aborted })).rejects.toMatchObject(
      {
        name: 'AbortError',
      },
    );
    expect(quick.account.customerIdByName('Never Made Ltd')).toBeUndefined();
  });

  it('gives up a call whose signal aborted while it waited for the limiter', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const client = createSandboxClient({
      hooks: { schedule: async (attempt) => gate.then(attempt) },
    });
    const controller = new AbortController();
    const pending = client.deleteCustomer(DEMO_IDS.acme, { signal: controller.signal });
    controller.abort();
    release();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(client.account.customers.has(DEMO_IDS.acme)).toBe(true);
  });
});

describe('the sandbox web app (changes behind the bot’s back)', () => {
  it('renames, edits, removes and adds customers, each a change the change lists report', async () => {
    const clock = manualClock();
    const client = createSandboxClient({ now: clock.now });
    const account = client.account;
    const since = new Date(clock.now());

    account.renameCustomer(DEMO_IDS.wayneLower, 'Wayne Foundation');
    expect((await client.getCustomer(DEMO_IDS.wayneLower)).name).toBe('Wayne Foundation');
    for (const c of await client.listContacts(DEMO_IDS.wayneLower))
      expect(c.customerName).toBe('Wayne Foundation');
    account.editCustomer(DEMO_IDS.sabre, { phone: '+1 570 555 0199' });

    const id = account.addCustomer({
      name: 'Initech',
      domain: 'initech.example',
      customFields: { 'Account manager': 'Bill Lumbergh' },
      contacts: [
        { firstName: 'Milton', lastName: 'Waddams', email: 'milton@initech.example', isPrimary: true },
        { firstName: 'Tom', lastName: 'Smykowski', email: 'tom@initech.example', archived: true },
      ],
    });
    expect(await client.getCustomer(id)).toMatchObject({
      name: 'Initech',
      domains: ['initech.example'],
      email: 'info@initech.example',
      url: `${SANDBOX_URL}/customers/${id}`,
      customFields: { 'Account manager': 'Bill Lumbergh' },
    });
    expect((await client.listContacts(id)).map((c) => [c.email, c.archived])).toEqual([
      ['milton@initech.example', false],
      ['tom@initech.example', true],
    ]);
    // The account's own view names the live ones, as the fakes' does.
    expect(account.contactEmailsOf(id)).toEqual(['milton@initech.example']);
    expect(account.customValuesOf(id)).toEqual({ 'Account manager': 'Bill Lumbergh' });
    expect(account.customerIdByName('Initech')).toBe(id);

    const changed = (await client.listCustomersChangedSince?.(since))?.map((c) => c.id);
    expect(changed).toEqual([DEMO_IDS.wayneLower, DEMO_IDS.sabre, id]);

    account.removeCustomer(DEMO_IDS.acme);
    await expect(client.getCustomer(DEMO_IDS.acme)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(client.getContact(DEMO_IDS.janeDoe)).rejects.toMatchObject({ kind: 'not_found' });
    expect(await client.countCustomers?.()).toBe(300);
    expect(account.customerList().find((c) => c.id === DEMO_IDS.acme)).toBeUndefined();
    expect(() => account.renameCustomer(DEMO_IDS.acme, 'Back')).toThrow(/no customer/);
  });

  it('is one account behind many clients, and reachable from any of them', async () => {
    const account = new SandboxAccount({ seed: 3 });
    const a = createSandboxClient({ account });
    const b = createSandboxClient({ account, latencyMs: 1 });
    const created = await a.createCustomer({ name: 'Shared World GmbH' });
    expect((await b.getCustomer(created.id)).name).toBe('Shared World GmbH');
    expect(sandboxAccountOf(b)).toBe(account);
    expect(sandboxAccountOf({ ...a })).toBe(account);
    expect(sandboxAccountOf({ ...a, vendor: 'atera' })).toBeUndefined();
    // Two clients made without an account each have their own demo world.
    const c = createSandboxClient();
    const d = createSandboxClient();
    await c.deleteCustomer(DEMO_IDS.acme);
    expect((await d.getCustomer(DEMO_IDS.acme)).name).toBe('Acme Corporation');
  });

  it('copies the data it starts from, so the caller’s objects stay untouched', async () => {
    const data = generateDemoData({ seed: 11, customers: 30 });
    const client = createSandboxClient({ data });
    await client.updateCustomer(DEMO_IDS.acme, { name: 'Changed' });
    client.account.removeCustomer(DEMO_IDS.stark);
    expect(data.customers.find((c) => c.id === DEMO_IDS.acme)?.name).toBe('Acme Corporation');
    expect(data.customers.some((c) => c.id === DEMO_IDS.stark)).toBe(true);
  });
});
