// The sandbox vendor behaves like a real one: stable demo data, paging, CRUD, validation and copies.
import { describe, expect, it } from 'vitest';
import { isVendorError } from '../../src/domain/index.js';
import { createSandboxClient } from '../../src/vendors/sandbox/client.js';
import { DEMO_IDS, generateDemoData } from '../../src/vendors/sandbox/demo-data.js';

describe('sandbox demo data', () => {
  it('is the same for the same seed and holds the named records', () => {
    const a = generateDemoData({ seed: 7 });
    const b = generateDemoData({ seed: 7 });
    expect(a).toEqual(b);
    expect(a.customers.length).toBe(300);
    const acme = a.customers.find((c) => c.id === DEMO_IDS.acme);
    expect(acme).toMatchObject({
      name: 'Acme Corporation',
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
      const own = a.contacts.filter((c) => c.customerId === customer.id);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.filter((c) => c.isPrimary).length).toBeLessThanOrEqual(1);
    }
  });
});

describe('sandbox client', () => {
  it('pages customers 50 at a time and runs every call through the hooks', async () => {
    let scheduled = 0;
    const client = createSandboxClient({
      hooks: {
        schedule: (attempt) => {
          scheduled++;
          return attempt();
        },
      },
    });
    const first = await client.listCustomerPage(1);
    expect(first).toMatchObject({ page: 1, totalPages: 6, totalItems: 300 });
    expect(first.items).toHaveLength(50);
    let count = 0;
    for await (const page of client.listAllCustomers()) count += page.length;
    expect(count).toBe(300);
    expect(scheduled).toBe(7);
  });

  it('hands out copies so callers cannot change the store', async () => {
    const client = createSandboxClient();
    const acme = await client.getCustomer(DEMO_IDS.acme);
    acme.name = 'Mutated';
    expect((await client.getCustomer(DEMO_IDS.acme)).name).toBe('Acme Corporation');
  });

  it('creates, updates and deletes customers and contacts', async () => {
    const client = createSandboxClient();
    const created = await client.createCustomer({ name: 'New Co', email: 'hi@new.co' });
    expect(created.id).toBeTruthy();
    const updated = await client.updateCustomer(created.id, { phone: '555-0100' });
    expect(updated).toMatchObject({ name: 'New Co', phone: '555-0100' });
    const contact = await client.createContact({ customerId: created.id, firstName: 'Ann', isPrimary: true });
    expect(contact).toMatchObject({ fullName: 'Ann', customerName: 'New Co', isPrimary: true });
    expect(await client.listContacts(created.id)).toHaveLength(1);
    await client.deleteCustomer(created.id);
    await expect(client.getCustomer(created.id)).rejects.toSatisfy((e) => isVendorError(e, 'not_found'));
    await expect(client.getContact(contact.id)).rejects.toSatisfy((e) => isVendorError(e, 'not_found'));
    await expect(client.deleteCustomer(created.id)).resolves.toBeUndefined();
    await expect(client.deleteContact(contact.id)).resolves.toBeUndefined();
  });

  it('rejects a bad email or a missing name with field errors', async () => {
    const client = createSandboxClient();
    await expect(client.createCustomer({ name: ' ', email: 'nope' })).rejects.toMatchObject({
      kind: 'validation',
      fields: { name: expect.any(String), email: expect.any(String) },
    });
    await expect(
      client.createContact({ customerId: DEMO_IDS.acme, firstName: 'X', email: 'x@' }),
    ).rejects.toMatchObject({ kind: 'validation', fields: { email: expect.any(String) } });
  });

  it('reads, sets and clears typed custom fields', async () => {
    const client = createSandboxClient();
    const definitions = await client.listCustomFieldDefinitions();
    expect(definitions.map((d) => d.name)).toContain('Contract type');
    await client.setCustomField(DEMO_IDS.acme, 'Contract type', 'Project');
    await client.setCustomField(DEMO_IDS.acme, 'Monthly fee', 1200);
    expect(await client.getCustomFieldValues(DEMO_IDS.acme)).toMatchObject({
      'Contract type': 'Project',
      'Monthly fee': 1200,
    });
    await client.setCustomField(DEMO_IDS.acme, 'Monthly fee', null);
    expect(await client.getCustomFieldValues(DEMO_IDS.acme)).not.toHaveProperty('Monthly fee');
    await expect(client.setCustomField(DEMO_IDS.acme, 'Contract type', 'Weekly')).rejects.toMatchObject({
      kind: 'validation',
    });
  });

  it('searches customers and contacts case-insensitively', async () => {
    const client = createSandboxClient();
    const names = (await client.searchCustomers('acme')).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Acme Corporation', 'Acme Corp.', 'ACME Industries']));
    const contacts = await client.searchContacts('JANE@ACME.COM');
    expect(contacts.map((c) => c.id)).toContain(DEMO_IDS.janeDoe);
    expect(await client.testConnection()).toEqual({ accountName: 'Sandbox MSP' });
  });

  it('stops a slow call when its signal aborts', async () => {
    const client = createSandboxClient({ latencyMs: 10_000 });
    const controller = new AbortController();
    const pending = client.getCustomer(DEMO_IDS.acme, { signal: controller.signal });
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
  });
});
