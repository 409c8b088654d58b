// The audit trail's one entry builder, its change summaries, the Writer that leaves one row per vendor write
// (ok or failed, with whom the vendor credits), and reading the trail back: your own rows, or everyone's for admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankCustomer } from '../../src/domain/index.js';
import { auditEntry, readAudit, record, summarise, Writer } from '../../src/operations/audit.js';
import type { OperationDeps } from '../../src/operations/context.js';
import type { NewAuditEntry } from '../../src/store/audit-log.js';
import { DEMO_IDS } from '../../src/vendors/sandbox/demo-data.js';
import type { CallOptions, VendorClient } from '../../src/vendors/types.js';
import type { Workspace } from '../../src/workspaces.js';
import { actor, failing, PEOPLE, sandboxWorld, type World } from './operations/world.js';

const EVENT = {
  action: 'update' as const,
  entityType: 'customer' as const,
  entityId: '1001',
  entityName: 'Acme Corporation',
  changes: { city: ['Portland', 'Salem'] as [unknown, unknown] },
  outcome: 'ok' as const,
  error: null,
};

describe('auditEntry', () => {
  it('names the workspace, the actor, the vendor and the request the same way for every row', () => {
    expect(auditEntry('T1', 'atera', actor('U1'), EVENT)).toEqual({
      workspace: 'T1',
      userId: 'U1',
      userName: 'u1',
      vendor: 'atera',
      requestId: 'req-U1',
      ...EVENT,
      details: {},
    });
  });

  it('writes null for what the actor does not say, and marks a workflow step', () => {
    const bare = { userId: 'U2', standing: actor('U2').standing };
    expect(auditEntry('T1', 'syncro', bare, EVENT)).toMatchObject({
      userName: null,
      requestId: null,
      details: {},
    });
    const step = auditEntry('T1', 'syncro', actor('U3', { via: 'workflow' }), {
      ...EVENT,
      details: { archiveId: 'a-1' },
    });
    expect(step.details).toEqual({ via: 'workflow', archiveId: 'a-1' });
  });
});

describe('summarise', () => {
  it('pairs each written field with what it was, null for what was not there', () => {
    expect(summarise({ name: 'Acme', city: 'Portland' }, { city: 'Salem', phone: '+1 555' })).toEqual({
      city: ['Portland', 'Salem'],
      phone: [null, '+1 555'],
    });
    expect(summarise(undefined, { name: 'New', domains: ['new.com'] })).toEqual({
      name: [null, 'New'],
      domains: [null, ['new.com']],
    });
  });

  it('cuts long text to 200 characters with an ellipsis, both before and after', () => {
    const long = 'n'.repeat(5000);
    const [before, after] = summarise({ notes: long }, { notes: `${long}!` }).notes ?? [];
    expect(before).toBe(`${'n'.repeat(197)}…`);
    expect(String(after)).toHaveLength(198);
    expect(summarise({ notes: 'short' }, { notes: 'n'.repeat(200) }).notes?.[1]).toBe('n'.repeat(200));
  });

  it('keeps an undefined after as null, not as a missing value', () => {
    expect(summarise({ city: 'Portland' }, { city: undefined })).toEqual({ city: ['Portland', null] });
  });
});

describe('record', () => {
  it('logs a failing insert loudly and never turns it into the user’s error', async () => {
    const errors: unknown[] = [];
    const deps = {
      store: { audit: { append: () => Promise.reject(new Error('disk full')) } },
      logger: { error: (...args: unknown[]) => errors.push(args) },
    } as unknown as OperationDeps;
    const entry: NewAuditEntry = auditEntry('T1', 'atera', actor('U1'), EVENT);
    await expect(record(deps, entry)).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
  });
});

describe('the Writer over a sandbox workspace', () => {
  let w: World;
  const rows = () => w.services.store.audit.latest({ workspace: w.ws.key, limit: 100 });

  beforeAll(async () => {
    w = await sandboxWorld();
    await w.ws.index.ready();
  });
  afterAll(async () => {
    await w.close();
  });

  it('leaves one ok row per write, naming what was created once the vendor gave it an id', async () => {
    const writer = new Writer(w.deps, w.ws, actor(PEOPLE.editor));
    const customer = await writer.createCustomer({ name: 'Writer Test Ltd', city: 'Leeds' });
    await writer.updateCustomer(customer, { city: 'York' });
    await writer.setCustomField(customer, 'Monthly fee', 42);
    const contact = await writer.createContact({
      customerId: customer.id,
      firstName: 'Kim',
      email: 'kim@writer.test',
    });
    await writer.updateContact(contact, { archived: true });
    await writer.deleteCustomer(customer);
    const mine = (await rows())
      .filter((r) => r.entityId === customer.id || r.entityId === contact.id)
      .reverse();
    expect(mine.map((r) => [r.action, r.entityType, r.outcome])).toEqual([
      ['create', 'customer', 'ok'],
      ['update', 'customer', 'ok'],
      ['update', 'custom_field', 'ok'],
      ['create', 'contact', 'ok'],
      ['deactivate', 'contact', 'ok'],
      ['delete', 'customer', 'ok'],
    ]);
    expect(mine[0]).toMatchObject({
      entityId: customer.id,
      entityName: 'Writer Test Ltd',
      userId: PEOPLE.editor,
      vendor: 'sandbox',
      changes: { name: [null, 'Writer Test Ltd'], city: [null, 'Leeds'] },
    });
    expect(mine[1]?.changes).toEqual({ city: ['Leeds', 'York'] });
    expect(mine[3]).toMatchObject({ entityName: 'Kim', entityId: contact.id });
    // The sandbox credits nobody in particular: no attribution is claimed.
    expect(mine.every((r) => r.details.attributedTo === undefined)).toBe(true);
    // The index follows the writes.
    expect(w.ws.index.getCustomer(customer.id)).toBeUndefined();
  });

  it('leaves a failed row with the vendor’s words (cut to 500 characters) and throws the error on', async () => {
    const writer = new Writer(w.deps, failing(w.ws, 'updateCustomer'), actor(PEOPLE.editor));
    const before = { ...blankCustomer(DEMO_IDS.evil, 'whatever'), city: 'Nowhere' };
    await expect(writer.updateCustomer(before, { city: 'Somewhere' })).rejects.toThrow('Sandbox is down');
    const [row] = await rows();
    expect(row).toMatchObject({
      action: 'update',
      entityId: DEMO_IDS.evil,
      outcome: 'failed',
      error: 'Sandbox is down for maintenance',
      changes: { city: ['Nowhere', 'Somewhere'] },
    });
    const long = new Writer(
      w.deps,
      withVendor(w.ws, { updateCustomer: () => Promise.reject(new Error('x'.repeat(5000))) }),
      actor(PEOPLE.editor),
    );
    await expect(long.updateCustomer(before, { city: 'Again' })).rejects.toThrow();
    expect((await rows())[0]?.error).toHaveLength(500);
  });

  it('sends writes as the technician where the vendor can credit them, and says whom it credited', async () => {
    const seen: (string | undefined)[] = [];
    const impersonating = withVendor(w.ws, {
      capabilities: { ...w.ws.vendor.capabilities, impersonation: true, label: 'Autotask' },
      resolveActor: async (email: string) =>
        email === 'kim@msp.test' ? { id: '29682885', name: 'Kim Tech' } : undefined,
      updateCustomer: (id: string, patch: object, o?: CallOptions) => {
        seen.push(o?.actAs);
        return w.ws.vendor.updateCustomer(id, patch, o);
      },
    });
    const acme = await w.ws.vendor.getCustomer(DEMO_IDS.acme);
    const kim = new Writer(w.deps, impersonating, actor('U0KIM', { email: 'kim@msp.test' }));
    await kim.updateCustomer(acme, { city: 'Kim Town' });
    await kim.updateCustomer(acme, { city: 'Kim City' });
    const stranger = new Writer(w.deps, impersonating, actor('U0ANON', { email: 'anon@elsewhere.test' }));
    await stranger.updateCustomer(acme, { city: 'Anon City' });
    expect(seen).toEqual(['29682885', '29682885', undefined]);
    const [anon, second, first] = await rows();
    expect(first?.details.attributedTo).toBe('Kim Tech (Autotask user)');
    expect(second?.details.attributedTo).toBe('Kim Tech (Autotask user)');
    expect(anon?.details.attributedTo).toBe('the Autotask API user');
  });
});

describe('readAudit', () => {
  let w: World;

  beforeAll(async () => {
    w = await sandboxWorld();
    const at = (userId: string, name: string) =>
      record(w.deps, auditEntry(w.ws.key, 'sandbox', actor(userId), { ...EVENT, entityName: name }));
    await at(PEOPLE.editor, 'Acme Corporation');
    await at(PEOPLE.editor, 'Globex International');
    await at(PEOPLE.other, 'Acme Corp.');
    await record(
      w.deps,
      auditEntry('T0ELSEWHERE', 'sandbox', actor(PEOPLE.admin), { ...EVENT, entityName: 'Acme' }),
    );
  });
  afterAll(async () => {
    await w.close();
  });

  it('shows a technician only their own rows', async () => {
    const { entries, mine } = await readAudit(w.deps, w.ws.key, actor(PEOPLE.editor), { query: '' });
    expect(mine).toBe(true);
    expect(entries.map((e) => e.entityName).sort()).toEqual(['Acme Corporation', 'Globex International']);
  });

  it('shows an admin everyone’s rows in this workspace only, filtered by name when asked', async () => {
    const all = await readAudit(w.deps, w.ws.key, actor(PEOPLE.admin), { query: '' });
    expect(all.mine).toBe(false);
    expect(all.entries.map((e) => e.entityName).sort()).toEqual([
      'Acme Corp.',
      'Acme Corporation',
      'Globex International',
    ]);
    const acme = await readAudit(w.deps, w.ws.key, actor(PEOPLE.admin), { query: 'acme' });
    expect(acme.entries.map((e) => e.entityName).sort()).toEqual(['Acme Corp.', 'Acme Corporation']);
    const mineAcme = await readAudit(w.deps, w.ws.key, actor(PEOPLE.other), { query: 'acme' });
    expect(mineAcme.entries.map((e) => e.entityName)).toEqual(['Acme Corp.']);
  });
});

/** The workspace with some of its vendor's members replaced (capabilities, a method). */
function withVendor(ws: Workspace, over: Record<string, unknown>): Workspace {
  const vendor = new Proxy(ws.vendor, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in over) return over[prop];
      return Reflect.get(target, prop, receiver);
    },
  }) as VendorClient;
  return { ...ws, vendor };
}
