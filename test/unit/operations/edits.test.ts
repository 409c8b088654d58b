// Editing on the sandbox: the form loads the record as it is, a save sends only what changed (so a change made
// at the vendor meanwhile survives), an untouched form writes nothing, and stale or refused edits write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  editContact,
  editCustomer,
  loadContactEdit,
  loadCustomerEdit,
} from '../../../src/operations/edits.js';
import { showCustomer } from '../../../src/operations/lookups.js';
import { DEMO_IDS } from '../../../src/vendors/sandbox/demo-data.js';
import { actor, failing, PEOPLE, sandboxWorld, type World } from './world.js';

describe('edits on the sandbox', () => {
  let w: World;
  const editor = actor(PEOPLE.editor);
  /** An id as a card read on this connection carries it. */
  const here = (id: string) => ({ id, connection: w.ws.fingerprint });
  const rowsFor = async (entityId: string) =>
    (await w.services.store.audit.latest({ workspace: w.ws.key, limit: 100 })).filter(
      (r) => r.entityId === entityId,
    );

  beforeAll(async () => {
    w = await sandboxWorld();
    await w.ws.index.ready();
  });
  afterAll(async () => {
    await w.close();
  });

  it('loads a customer with its custom values and the customer field definitions only', async () => {
    const load = await loadCustomerEdit(w.deps, w.ws, editor, here(DEMO_IDS.acme));
    if (load.kind !== 'ready') throw new Error(`expected ready, got ${load.kind}`);
    expect(load.record.name).toBe('Acme Corporation');
    expect(load.record.customFields['Monthly fee']).toBe(1500);
    expect(load.definitions.length).toBeGreaterThan(0);
    expect(load.definitions.every((d) => d.target === 'customer')).toBe(true);
    expect(load.connection).toBe(w.ws.fingerprint);
    expect(await loadCustomerEdit(w.deps, w.ws, editor, here('987654321'))).toEqual({ kind: 'gone' });
    expect((await loadCustomerEdit(w.deps, w.ws, actor(PEOPLE.viewer), here(DEMO_IDS.acme))).kind).toBe(
      'refused',
    );
  });

  it('writes nothing for a form saved as it was opened', async () => {
    const load = await loadCustomerEdit(w.deps, w.ws, editor, here(DEMO_IDS.cyberdyne));
    if (load.kind !== 'ready') throw new Error('not ready');
    const c = load.record;
    const saved = await editCustomer(w.deps, w.ws, editor, {
      id: c.id,
      connection: load.connection,
      changes: { name: c.name, domains: c.domains, phone: c.phone, city: c.city, notes: c.notes },
      customFields: { ...c.customFields },
    });
    expect(saved.kind).toBe('unchanged');
    expect(await rowsFor(c.id)).toEqual([]);
  });

  it('saves only what the form changed: a change made at the vendor meanwhile survives', async () => {
    const load = await loadCustomerEdit(w.deps, w.ws, editor, here(DEMO_IDS.stark));
    if (load.kind !== 'ready') throw new Error('not ready');
    const opened = load.record;
    // Someone changes the phone in the vendor's web app while the modal is open.
    w.account.editCustomer(DEMO_IDS.stark, { phone: '+1 555 999 0000' });
    const saved = await editCustomer(w.deps, w.ws, editor, {
      id: opened.id,
      connection: load.connection,
      changes: { name: opened.name, phone: opened.phone, city: 'Malibu' },
      customFields: { 'Account manager': 'Pepper Potts' },
      // What the form showed when it opened (the listener reads it off the view's initial values).
      shown: { changes: { name: opened.name, phone: opened.phone, city: opened.city }, customFields: {} },
    });
    if (saved.kind !== 'saved') throw new Error(`expected saved, got ${saved.kind}`);
    expect(saved.record).toMatchObject({ city: 'Malibu', phone: '+1 555 999 0000' });
    expect(saved.record.customFields['Account manager']).toBe('Pepper Potts');
    expect(saved.failedFields).toEqual([]);
    const rows = await rowsFor(DEMO_IDS.stark);
    const update = rows.find((r) => r.entityType === 'customer');
    expect(update).toMatchObject({ action: 'update', outcome: 'ok', userId: PEOPLE.editor });
    expect(Object.keys(update?.changes ?? {})).toEqual(['city']);
    expect(rows.find((r) => r.entityType === 'custom_field')?.changes).toEqual({
      'Account manager': [null, 'Pepper Potts'],
    });
    expect(w.ws.index.getCustomer(DEMO_IDS.stark)?.city).toBe('Malibu');
  });

  it('reports a custom value the vendor refused without undoing the rest', async () => {
    const saved = await editCustomer(w.deps, w.ws, editor, {
      id: DEMO_IDS.wayneInc,
      connection: w.ws.fingerprint,
      changes: { name: 'Wayne Enterprises, Inc.', city: 'Gotham' },
      customFields: { 'Contract type': 'Platinum', 'Monthly fee': 9000 },
    });
    if (saved.kind !== 'saved') throw new Error(`expected saved, got ${saved.kind}`);
    expect(saved.failedFields).toEqual(['Contract type']);
    expect(saved.record.city).toBe('Gotham');
    expect(w.account.customValuesOf(DEMO_IDS.wayneInc)['Monthly fee']).toBe(9000);
  });

  it('shows the custom values just saved on the card it answers with, and on the next card', async () => {
    // Wayne holds custom values already, so the index's copy of it carries them too.
    expect(w.ws.index.getCustomer(DEMO_IDS.wayneLower)?.customFields).not.toEqual({});
    const saved = await editCustomer(w.deps, w.ws, editor, {
      id: DEMO_IDS.wayneLower,
      connection: w.ws.fingerprint,
      changes: { name: 'wayne enterprises' },
      customFields: { 'Monthly fee': 4321 },
    });
    if (saved.kind !== 'saved') throw new Error(`expected saved, got ${saved.kind}`);
    expect(w.account.customValuesOf(DEMO_IDS.wayneLower)['Monthly fee']).toBe(4321);
    expect(saved.record.customFields['Monthly fee']).toBe(4321);
    const card = await showCustomer(w.deps, w.ws, editor, here(DEMO_IDS.wayneLower));
    expect(card.kind === 'found' && card.customer.customFields['Monthly fee']).toBe(4321);
  });

  it('refuses a form opened before a reconnect, a viewer, and says a removed customer is gone', async () => {
    const edit = { id: DEMO_IDS.cyberdine, connection: 'another-account', changes: { name: 'Renamed' } };
    expect(await editCustomer(w.deps, w.ws, editor, edit)).toEqual({ kind: 'stale' });
    // A form that cannot say which connection it was opened on is not trusted either.
    expect(await editCustomer(w.deps, w.ws, editor, { ...edit, connection: undefined })).toEqual({
      kind: 'stale',
    });
    const viewer = await editCustomer(w.deps, w.ws, actor(PEOPLE.viewer), {
      ...edit,
      connection: w.ws.fingerprint,
    });
    expect(viewer.kind).toBe('refused');
    expect(w.account.customers.get(DEMO_IDS.cyberdine)?.name).toBe('Cyberdine Systems');
    w.account.removeCustomer(DEMO_IDS.sabre);
    const gone = await editCustomer(w.deps, w.ws, editor, {
      id: DEMO_IDS.sabre,
      connection: w.ws.fingerprint,
      changes: { name: 'Sabre' },
    });
    expect(gone).toEqual({ kind: 'gone' });
    expect(await rowsFor(DEMO_IDS.cyberdine)).toEqual([]);
  });

  it('answers a vendor failure as failed, with the failed write audited', async () => {
    const down = await editCustomer(w.deps, failing(w.ws, 'updateCustomer'), editor, {
      id: DEMO_IDS.dunderMifflin,
      connection: w.ws.fingerprint,
      changes: { name: 'Dunder Mifflin Paper Company' },
    });
    expect(down.kind).toBe('failed');
    const [row] = await rowsFor(DEMO_IDS.dunderMifflin);
    expect(row).toMatchObject({
      action: 'update',
      outcome: 'failed',
      error: 'Sandbox is down for maintenance',
    });
    expect(row?.changes.name).toEqual(['Dunder Mifflin Paper', 'Dunder Mifflin Paper Company']);
  });

  it('edits a contact: unchanged writes nothing, a change writes only itself', async () => {
    const load = await loadContactEdit(w.deps, w.ws, editor, here(DEMO_IDS.sharedEmailAtWonka));
    if (load.kind !== 'ready') throw new Error('not ready');
    const c = load.record;
    expect(load.definitions.every((d) => d.target === 'contact')).toBe(true);
    const same = {
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      title: c.title,
      isPrimary: c.isPrimary,
    };
    const untouched = await editContact(w.deps, w.ws, editor, {
      id: c.id,
      connection: load.connection,
      fields: same,
    });
    expect(untouched.kind).toBe('unchanged');
    expect(await rowsFor(c.id)).toEqual([]);
    const saved = await editContact(w.deps, w.ws, editor, {
      id: c.id,
      connection: load.connection,
      fields: { ...same, title: 'Bookkeeper', phone: '+1 555 0142' },
      customFields: { 'VPN access': false },
    });
    if (saved.kind !== 'saved') throw new Error(`expected saved, got ${saved.kind}`);
    expect(saved.record).toMatchObject({ title: 'Bookkeeper', phone: '+1 555 0142' });
    expect(saved.record.customFields['VPN access']).toBe(false);
    const rows = await rowsFor(c.id);
    expect(Object.keys(rows.find((r) => r.entityType === 'contact')?.changes ?? {}).sort()).toEqual([
      'phone',
      'title',
    ]);
    expect(w.account.contacts.get(c.id)?.title).toBe('Bookkeeper');
  });

  it('refuses a stale or unpermitted contact edit, and says a removed contact is gone', async () => {
    const edit = { id: DEMO_IDS.janeDoe, connection: 'another-account', fields: { title: 'CEO' } };
    expect(await editContact(w.deps, w.ws, editor, edit)).toEqual({ kind: 'stale' });
    expect(
      (await editContact(w.deps, w.ws, actor(PEOPLE.none), { ...edit, connection: w.ws.fingerprint })).kind,
    ).toBe('refused');
    expect(w.account.contacts.get(DEMO_IDS.janeDoe)?.title).toBe('Office Manager');
    w.account.removeContact(DEMO_IDS.sharedEmailAtVandelay);
    expect(
      await editContact(w.deps, w.ws, editor, {
        id: DEMO_IDS.sharedEmailAtVandelay,
        connection: w.ws.fingerprint,
        fields: { title: 'x' },
      }),
    ).toEqual({ kind: 'gone' });
  });
});
