// Adding a contact on the sandbox: the inline checks (permission, connection, an email already in use), the write
// with its audit row, custom values that do or do not stick, and a vendor that fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addContact, checkNewContact } from '../../../src/operations/contacts.js';
import { DEMO_IDS, DEMO_SHARED } from '../../../src/vendors/sandbox/demo-data.js';
import { actor, failing, PEOPLE, sandboxWorld, type World } from './world.js';

describe('adding a contact on the sandbox', () => {
  let w: World;
  const editor = actor(PEOPLE.editor);
  const audit = (userId: string) => w.services.store.audit.latest({ workspace: w.ws.key, userId, limit: 50 });

  beforeAll(async () => {
    w = await sandboxWorld();
    await w.ws.index.ready({ contacts: true });
  });
  afterAll(async () => {
    await w.close();
  });

  const fields = (email: string | null) => ({
    firstName: 'Lena',
    lastName: 'Ortiz',
    email,
    isPrimary: false,
  });

  it('checks a new email as fine, and one a live contact already uses (in any case) as a duplicate', async () => {
    const ok = await checkNewContact(
      w.deps,
      w.ws,
      editor,
      { fields: fields('lena.ortiz@acme.com'), connection: w.ws.fingerprint },
      1000,
    );
    expect(ok).toEqual({ kind: 'ok' });
    for (const email of ['jane@acme.com', 'JANE@Acme.com', DEMO_SHARED.contactEmail]) {
      const dup = await checkNewContact(
        w.deps,
        w.ws,
        editor,
        { fields: fields(email), connection: w.ws.fingerprint },
        1000,
      );
      expect(dup.kind, email).toBe('duplicate');
    }
    const jane = await checkNewContact(
      w.deps,
      w.ws,
      editor,
      { fields: fields('jane@acme.com'), connection: w.ws.fingerprint },
      1000,
    );
    expect(jane.kind === 'duplicate' && jane.existing.id).toBe(DEMO_IDS.janeDoe);
    // An archived contact's address is free to use again.
    const archived = await checkNewContact(
      w.deps,
      w.ws,
      editor,
      { fields: fields('peter.gibbons@acme.com'), connection: w.ws.fingerprint },
      1000,
    );
    expect(archived).toEqual({ kind: 'ok' });
    const none = await checkNewContact(
      w.deps,
      w.ws,
      editor,
      { fields: fields(null), connection: w.ws.fingerprint },
      1000,
    );
    expect(none).toEqual({ kind: 'ok' });
  });

  it('refuses a viewer, and a form opened on another connection, before any check', async () => {
    const viewer = await checkNewContact(
      w.deps,
      w.ws,
      actor(PEOPLE.viewer),
      { fields: fields(null), connection: w.ws.fingerprint },
      1000,
    );
    expect(viewer.kind).toBe('refused');
    const stale = await checkNewContact(
      w.deps,
      w.ws,
      editor,
      { fields: fields(null), connection: 'another-account' },
      1000,
    );
    expect(stale).toEqual({ kind: 'stale' });
  });

  it('adds the contact at the vendor, with its custom values and one audit row each', async () => {
    const added = await addContact(w.deps, w.ws, editor, {
      customerId: DEMO_IDS.cafeMuller,
      fields: fields('lena.ortiz@cafe-mueller.de'),
      customFields: { 'Preferred channel': 'Email', 'VPN access': true },
      connection: w.ws.fingerprint,
    });
    if (added.kind !== 'added') throw new Error(`expected added, got ${added.kind}`);
    expect(added.failedFields).toEqual([]);
    expect(added.contact).toMatchObject({
      fullName: 'Lena Ortiz',
      customerId: DEMO_IDS.cafeMuller,
      customerName: 'Café Müller GmbH',
      customFields: { 'Preferred channel': 'Email', 'VPN access': true },
    });
    expect(w.account.contactEmailsOf(DEMO_IDS.cafeMuller)).toContain('lena.ortiz@cafe-mueller.de');
    // The next form with the same email is told so.
    const again = await checkNewContact(
      w.deps,
      w.ws,
      editor,
      { fields: fields('lena.ortiz@cafe-mueller.de'), connection: w.ws.fingerprint },
      1000,
    );
    expect(again.kind === 'duplicate' && again.existing.id).toBe(added.contact.id);
    const rows = await audit(PEOPLE.editor);
    const mine = rows.filter((r) => r.entityId === added.contact.id);
    expect(mine.map((r) => [r.action, r.entityType, r.outcome]).sort()).toEqual([
      ['create', 'contact', 'ok'],
      ['update', 'custom_field', 'ok'],
      ['update', 'custom_field', 'ok'],
    ]);
    const create = mine.find((r) => r.entityType === 'contact');
    expect(create).toMatchObject({
      userId: PEOPLE.editor,
      userName: 'u0editor',
      vendor: 'sandbox',
      requestId: `req-${PEOPLE.editor}`,
      entityName: 'Lena Ortiz',
    });
    expect(create?.changes.email).toEqual([null, 'lena.ortiz@cafe-mueller.de']);
  });

  it('keeps the contact when a custom value is refused, and names the value that did not stick', async () => {
    const added = await addContact(w.deps, w.ws, editor, {
      customerId: DEMO_IDS.cafeMuller,
      fields: fields('lena.2@cafe-mueller.de'),
      customFields: { 'Preferred channel': 'Carrier pigeon', 'Badge number': 'B-7' },
      connection: w.ws.fingerprint,
    });
    if (added.kind !== 'added') throw new Error(`expected added, got ${added.kind}`);
    expect(added.failedFields).toEqual(['Preferred channel']);
    expect(added.contact.customFields).toEqual({ 'Badge number': 'B-7' });
    const rows = await audit(PEOPLE.editor);
    const failed = rows.find((r) => r.entityId === added.contact.id && r.outcome === 'failed');
    expect(failed).toMatchObject({ action: 'update', entityType: 'custom_field' });
    expect(failed?.error).toMatch(/Choose one of/);
  });

  it('writes nothing for a viewer or a stale form, and audits a vendor failure as failed', async () => {
    const before = w.account.contactEmailsOf(DEMO_IDS.ampersand).length;
    const input = {
      customerId: DEMO_IDS.ampersand,
      fields: fields('nobody@smithandsons.com'),
      connection: w.ws.fingerprint,
    };
    expect((await addContact(w.deps, w.ws, actor(PEOPLE.viewer), input)).kind).toBe('refused');
    expect(await addContact(w.deps, w.ws, editor, { ...input, connection: 'another-account' })).toEqual({
      kind: 'stale',
    });
    expect(await audit(PEOPLE.viewer)).toEqual([]);
    const down = await addContact(w.deps, failing(w.ws, 'createContact'), editor, input);
    expect(down.kind).toBe('failed');
    expect(w.account.contactEmailsOf(DEMO_IDS.ampersand)).toHaveLength(before);
    const [row] = await audit(PEOPLE.editor);
    expect(row).toMatchObject({
      action: 'create',
      entityType: 'contact',
      entityId: null,
      entityName: 'Lena Ortiz',
      outcome: 'failed',
      error: 'Sandbox is down for maintenance',
    });
  });
});
