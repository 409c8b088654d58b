// The customer lifecycle on every vendor, over signed HTTP: a delete's impact measured after the confirmation is
// posted (and a count the vendor refuses said so), an archive kept encrypted and sent by DM before anything is
// removed, a failed removal that keeps it, Recreate from archive once however often it is clicked, Export on a
// card; Autotask's deactivation (and a contact it refuses to delete) and SuperOps' trash with Restore.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../blocks/actions.js';
import { type ArchiveContent, ArchiveContentSchema } from '../../src/operations/archives.js';
import { sandboxAccountOf } from '../../src/vendors/sandbox/client.js';
import { DEMO_IDS } from '../../src/vendors/sandbox/demo-data.js';
import {
  fakeVendorOf as autotaskVendor,
  type FakeAutotask,
  startFakeAutotask,
} from '../fakes/autotask/server.js';
import { FAKE_VENDORS, type FakeVendor, type FakeVendorName } from '../fakes/fake-vendor.js';
import type { FakeCustomerSeed } from '../fakes/generate.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/server.js';
import {
  type FakeSuperOps,
  startFakeSuperOps,
  fakeVendorOf as superOpsVendor,
} from '../fakes/superops/server.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { csvRecords, parseCsv } from '../helpers/csv.js';
import { blockAction, findButton } from '../helpers/payloads.js';

const TEAM = 'T0001';
const CHANNEL = 'C0GENERAL';
/** Asks for the deletes (a workspace admin). */
const ADMIN = 'UADMIN';
/** Another workspace admin, who confirms them. */
const BOSS = 'UBOSS';
/** A member: an editor by default, neither the requester nor an admin. */
const STRANGER = 'USTRANGER';
const EDITOR = 'UEDITOR';

const NORTHWIND: FakeCustomerSeed = {
  name: 'Northwind Traders',
  domain: 'northwind-traders.com',
  email: 'office@northwind-traders.com',
  phone: '+1 503 555 0140',
  address: '12 Harbour Road',
  city: 'Portland',
  state: 'OR',
  zip: '97201',
  customFields: { 'Contract Tier': 'Gold', 'Account Manager': 'Sam Rivera' },
  contacts: [
    {
      firstName: 'Nancy',
      lastName: 'Davolio',
      email: 'nancy.davolio@northwind-traders.com',
      phone: '+1 503 555 0141',
      title: 'Office Manager',
    },
    { firstName: 'Andrew', lastName: 'Fuller', email: 'andrew.fuller@northwind-traders.com' },
  ],
};
const CONTOSO: FakeCustomerSeed = {
  name: 'Contoso Pharmaceuticals',
  domain: 'contoso-pharma.com',
  customFields: { 'Account Manager': 'Priya Natarajan' },
  contacts: [
    { firstName: 'Kim', lastName: 'Abercrombie', email: 'kim.abercrombie@contoso-pharma.com' },
    { firstName: 'Lars', lastName: 'Hubert', email: 'lars.hubert@contoso-pharma.com' },
  ],
};
const FABRIKAM: FakeCustomerSeed = {
  name: 'Fabrikam Fibers',
  domain: 'fabrikam-fibers.com',
  contacts: [{ firstName: 'Mary', lastName: 'Kane', email: 'mary.kane@fabrikam-fibers.com' }],
};
const SEED = [NORTHWIND, CONTOSO, FABRIKAM];

/** What no public message may carry: the records' own data (names of customers are what the request is about). */
const PRIVATE = SEED.flatMap((c) => [
  ...(c.contacts ?? []).flatMap((p) => [p.email, p.lastName, p.phone ?? '']),
  ...Object.values(c.customFields ?? {}).map(String),
  c.email ?? '',
  c.phone ?? '',
]).filter(Boolean);

interface World {
  vendor: FakeVendorName;
  app: StartedApp;
  slack: FakeSlack;
  fake: FakeVendor;
  /** The rich fakes, where a story needs more than the neutral controls. */
  autotask: FakeAutotask | undefined;
  superops: FakeSuperOps | undefined;
}

/** What the Slack side of a story needs. */
type Bot = Pick<World, 'app' | 'slack'>;

/** How each vendor's fake plays the parts the stories need, in its own terms. */
interface VendorParts {
  /** The card's and the confirmation's button, and the verb of the request. */
  button: 'Delete' | 'Deactivate';
  verb: 'delete' | 'deactivate';
  /** The settled message's first word. */
  done: string;
  /** What the final dialog says of 3 open tickets. */
  ticketsFate: string;
  /** What the archive's DM says became of the customer. */
  archivedWhy: string;
  refuseTickets(w: World): void;
  refuseDevices(w: World): void;
  failRemoval(w: World): void;
  /** Removal writes the vendor received (deletes, deactivations, moves to the trash). */
  removals(w: World): number;
  /**
   * Asked before the removal, the vendor's purge once its restore window is over (SuperOps empties its trash after
   * 30 days): what the removed customer still held there goes. Absent where nothing is held (a delete) or held
   * for good (a deactivation).
   */
  purgeLater?(w: World, id: string): () => void;
}

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`no ${what}`);
  return value;
};

const PARTS: Record<FakeVendorName, VendorParts> = {
  atera: {
    button: 'Delete',
    verb: 'delete',
    done: 'Deleted',
    ticketsFate: 'Its 3 open tickets go with it.',
    archivedWhy: 'kept before it was deleted from Atera.',
    refuseTickets: (w) => w.fake.inject({ method: 'GET', path: '/api/v3/tickets', status: 500 }),
    refuseDevices: (w) => w.fake.inject({ method: 'GET', path: '/api/v3/agents/customer/*', status: 500 }),
    failRemoval: (w) => w.fake.inject({ method: 'DELETE', path: '/api/v3/customers/*', status: 500 }),
    removals: (w) => w.fake.requests('DELETE', '/api/v3/customers/').length,
  },
  syncro: {
    button: 'Delete',
    verb: 'delete',
    done: 'Deleted',
    ticketsFate:
      'Its 3 open tickets may go with it (Syncro’s API reference does not say): move what matters first.',
    archivedWhy: 'kept before it was deleted from Syncro.',
    refuseTickets: (w) => w.fake.inject({ method: 'GET', path: '/api/v1/tickets', status: 500 }),
    refuseDevices: (w) => w.fake.inject({ method: 'GET', path: '/api/v1/customer_assets', status: 500 }),
    failRemoval: (w) => w.fake.inject({ method: 'DELETE', path: '/api/v1/customers/*', status: 500 }),
    removals: (w) => w.fake.requests('DELETE', '/api/v1/customers/').length,
  },
  autotask: {
    button: 'Deactivate',
    verb: 'deactivate',
    done: 'Deactivated',
    ticketsFate: 'Its 3 open tickets stay, on the deactivated customer.',
    archivedWhy: 'kept before it was deactivated in Autotask.',
    refuseTickets: (w) =>
      w.fake.inject({
        method: 'POST',
        path: /\/tickets\/query/i,
        status: 500,
        body: JSON.stringify({ errors: ['The logged in resource does not have access to Tickets.'] }),
      }),
    refuseDevices: (w) =>
      w.fake.inject({
        method: 'POST',
        path: /\/configurationitems\/query/i,
        status: 500,
        body: JSON.stringify({
          errors: ['The logged in resource does not have access to ConfigurationItems.'],
        }),
      }),
    failRemoval: (w) => w.fake.inject({ method: 'PATCH', path: /\/companies$/i, status: 503 }),
    removals: (w) =>
      w.fake
        .requests('PATCH')
        .filter((r) => /\/companies$/i.test(r.path) && (r.body as { isActive?: unknown }).isActive === false)
        .length,
  },
  superops: {
    button: 'Delete',
    verb: 'delete',
    done: 'Moved to the trash',
    ticketsFate: 'Its 3 open tickets stay in SuperOps with the trashed customer.',
    archivedWhy: 'kept before it was moved to the SuperOps trash.',
    refuseTickets: (w) => need(w.superops, 'SuperOps').forbid('getTicketList'),
    refuseDevices: (w) => need(w.superops, 'SuperOps').forbid('getAssetList'),
    failRemoval: (w) =>
      need(w.superops, 'SuperOps').injectOperation({ operation: 'TrashClient', status: 500 }),
    removals: (w) => need(w.superops, 'SuperOps').calls('TrashClient').length,
    // The fake has no purge of its own: its client users go as SuperOps' purge would take them.
    purgeLater: (w, id) => {
      const held = need(w.superops, 'SuperOps').users(id);
      return () => {
        for (const user of held) user.deletedAt = new Date().toISOString();
      };
    },
  },
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(vendor: FakeVendorName, env: Record<string, string> = {}): Promise<World> {
  const slack = await startFakeSlack();
  slack.users.set(ADMIN, { id: ADMIN, name: 'alice', isAdmin: true });
  slack.users.set(BOSS, { id: BOSS, name: 'bella', isAdmin: true });
  slack.users.set(STRANGER, { id: STRANGER, name: 'mallory' });
  slack.users.set(EDITOR, { id: EDITOR, name: 'eddie' });
  const seed = { customers: SEED };
  let autotask: FakeAutotask | undefined;
  let superops: FakeSuperOps | undefined;
  let fakeServer: FakeVendor | undefined;
  if (vendor === 'autotask') {
    autotask = await startFakeAutotask({ seed });
    fakeServer = autotaskVendor(autotask);
  } else if (vendor === 'superops') {
    superops = await startFakeSuperOps({ seed });
    fakeServer = superOpsVendor(superops);
  }
  const app = await startApp(
    fakeServer ? { slack, fakeServer, env } : { slack, vendor, fakeVendor: { seed }, env },
  );
  cleanups.push(async () => {
    await app.stop();
    await fakeServer?.close();
    await slack.stop();
    expect(slack.violations).toEqual([]);
  });
  return { vendor, app, slack, fake: need(app.fake, 'fake vendor'), autotask, superops };
}

const idOf = (w: World, name: string) => need(w.fake.customerIdByName(name), name);

async function cardOf(w: Bot, name: string, userId = ADMIN) {
  const sent = await w.app.sendCommand('/customer', name, { userId });
  const card = await w.app.responseFor(sent.responseUrl);
  expect(textOf(card)).toContain(name);
  return card;
}

type Json = Record<string, unknown>;

/** Clicks the card's Delete (Deactivate) as `userId`; resolves with the confirmation posted in the channel. */
async function askToDelete(w: Bot, name: string, userId = ADMIN) {
  const card = await cardOf(w, name, userId);
  const button = need(findButton(card, ACTIONS.customerDelete), 'Delete button');
  const before = w.slack.callsTo('chat.postMessage').length;
  await w.app.sendPayload(
    blockAction({
      actionId: ACTIONS.customerDelete,
      value: String(button.value),
      userId,
      responseUrl: w.slack.responseUrl(),
    }),
  );
  const posted = await w.app.callTo('chat.postMessage', (a) => a.channel === CHANNEL, before + 1);
  const pendingId = String(findButton(posted, ACTIONS.deleteConfirm)?.value);
  return { card, button, posted, pendingId };
}

/** The confirmation once its counts are filled in. */
const filledIn = (w: Bot, pendingId: string) =>
  w.app.callTo(
    'chat.update',
    (a) =>
      findButton(a, ACTIONS.deleteConfirm)?.value === pendingId && textOf(a).includes('What goes with it'),
  );

async function click(w: Bot, actionId: string, value: string, userId: string) {
  const responseUrl = w.slack.responseUrl();
  await w.app.sendPayload(
    blockAction({ actionId, value, userId, responseUrl, messageTs: '1700000000.000200' }),
  );
  return responseUrl;
}

const settled = (w: Bot, first: string, n = 1) =>
  w.app.callTo('chat.update', (a) => String(a.text).startsWith(first), n);

const dmOf = (userId: string) => `D${userId.replace(/[^A-Z0-9]/g, '').slice(0, 11)}`;

/** Files uploaded into a user's DM (conversations.open with that user), by extension. */
function filesFor(w: Bot, userId: string): Map<string, string> {
  const opened = w.slack.callsTo('conversations.open').some((c) => c.args.users === userId);
  const out = new Map<string, string>();
  if (!opened) return out;
  for (const file of w.slack.files.values())
    if (file.channel === dmOf(userId))
      out.set(file.filename.split('.').pop() ?? '', file.content.toString('utf8'));
  return out;
}

/** The words the files came with in a user's DM. */
const dmNote = (w: Bot, userId: string) =>
  [...w.slack.files.values()].find((f) => f.channel === dmOf(userId))?.initialComment ?? '';

/** Every message the bot put in the channel for all to see (posted or rewritten). */
const publicTexts = (w: Bot) =>
  w.slack.calls
    .filter(
      (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === CHANNEL,
    )
    .map((c) => JSON.stringify(c.args));

function expectNoCustomerData(w: Bot) {
  const texts = publicTexts(w);
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) for (const secret of PRIVATE) expect(text).not.toContain(secret);
}

/** The archive's rows hold what the vendor held: the customer, each live contact, each custom value. */
function expectMatchesVendor(
  files: Map<string, string>,
  expected: { name: string; emails: string[]; values: Record<string, unknown> },
) {
  const content: ArchiveContent = ArchiveContentSchema.parse(
    JSON.parse(need(files.get('json'), 'JSON file')),
  );
  expect(content.kind).toBe('customer');
  expect(content.customer?.name).toBe(expected.name);
  const live = content.contacts.filter((c) => !c.archived);
  expect(live.map((c) => c.email?.toLowerCase()).sort()).toEqual([...expected.emails].sort());
  const records = csvRecords(need(files.get('csv'), 'CSV file'));
  const customerRow = need(
    records.find((r) => r.record === 'customer'),
    'customer row',
  );
  expect(customerRow.name).toBe(expected.name);
  expect(customerRow.id).toBe(content.customer?.id);
  const contactRows = records.filter((r) => r.record === 'contact' && r.archived !== 'true');
  expect(contactRows.map((r) => (r.email ?? '').toLowerCase()).sort()).toEqual([...expected.emails].sort());
  for (const contact of live) {
    const row = need(
      contactRows.find((r) => r.id === contact.id),
      `row of ${contact.fullName}`,
    );
    expect(row.fullName).toBe(contact.fullName);
    expect(row.customerId).toBe(content.customer?.id);
  }
  for (const [field, value] of Object.entries(expected.values)) {
    if (value === null || value === undefined || value === '') continue;
    const shown = Array.isArray(value) ? value.join('; ') : String(value);
    expect(customerRow[`customer field: ${field}`]).toBe(shown);
    expect(JSON.stringify(content.customer?.customFields[field])).toContain(
      Array.isArray(value) ? String(value[0]) : String(value),
    );
  }
}

describe.each(FAKE_VENDORS)('the customer lifecycle on %s', (vendor) => {
  const parts = PARTS[vendor];

  it('measures what goes with the customer, keeps an archive and DMs it to both, then removes it once', async () => {
    const w = await world(vendor);
    const id = idOf(w, NORTHWIND.name);
    w.fake.addOpenTickets(id, 3);
    w.fake.addDevices(id, 2);
    const expected = {
      name: NORTHWIND.name,
      emails: w.fake.contactEmailsOf(id),
      values: w.fake.customValuesOf(id),
    };
    expect(expected.emails).toHaveLength(2);

    const { button, posted, pendingId } = await askToDelete(w, NORTHWIND.name);
    expect(textOf(button)).toContain(parts.button);
    expect(textOf(posted)).toContain(`<@${ADMIN}> asks to ${parts.verb} the customer *${NORTHWIND.name}*`);
    const filled = await filledIn(w, pendingId);
    const text = textOf(filled);
    expect(text).toContain('2 contacts');
    expect(text).toContain('3 open tickets');
    expect(text).toContain('2 devices');
    const confirm = need(findButton(filled, ACTIONS.deleteConfirm), 'confirm button');
    expect(textOf({ text: confirm.text })).toContain(parts.button);
    const dialog = textOf(confirm.confirm);
    expect(dialog).toContain(`This will ${parts.verb} the customer *${NORTHWIND.name}* and its 2 contacts`);
    expect(dialog).toContain(parts.ticketsFate);

    await click(w, ACTIONS.deleteConfirm, pendingId, BOSS);
    const done = await settled(w, parts.done);
    expect(textOf(done)).toContain(`${parts.done} by <@${BOSS}>`);
    expect(textOf(done)).toContain(`An archive was sent by direct message to <@${ADMIN}> and <@${BOSS}>`);
    expect(parts.removals(w)).toBe(1);
    expect(w.fake.customerList().some((c) => c.id === id && c.active)).toBe(false);

    // Kept in the store, encrypted: the row's ciphertext holds none of the customer's data.
    const store = w.app.bot.services.store;
    const rows = await store.db.all<Json>('SELECT * FROM archives');
    expect(rows).toHaveLength(1);
    const row = need(rows[0], 'archive row');
    for (const plain of [NORTHWIND.name, ...expected.emails, 'Sam Rivera'])
      expect(String(row.secret)).not.toContain(plain);
    const kept = need(await store.archives.get(TEAM, String(row.id)), 'archive');
    expect(kept.expiresAt - kept.createdAt).toBe(30 * 86_400_000);
    expect(ArchiveContentSchema.parse(JSON.parse(kept.content)).customer?.name).toBe(NORTHWIND.name);

    // Sent to the requester and to the confirmer, JSON and CSV each, with the vendor's records.
    for (const user of [ADMIN, BOSS]) {
      const files = filesFor(w, user);
      expect([...files.keys()].sort()).toEqual(['csv', 'json']);
      expectMatchesVendor(files, expected);
      expect(dmNote(w, user)).toContain(
        `Archive of ${NORTHWIND.name}, ${parts.archivedWhy} Kept for 30 days.`,
      );
    }
    expect([...w.slack.files.values()].every((f) => f.channel?.startsWith('D'))).toBe(true);
    expectNoCustomerData(w);

    // The audit row says what the vendor did and links to the archive.
    const audit = await store.audit.latest({ workspace: TEAM, limit: 20 });
    const removal = need(
      audit.find((e) => e.entityType === 'customer' && (e.action === 'delete' || e.action === 'deactivate')),
      'removal audit row',
    );
    expect(removal).toMatchObject({ action: parts.verb, outcome: 'ok', userId: BOSS, entityId: id });
    expect(removal.details?.archiveId).toBe(kept.id);
  });

  it('says which count it could not read, and still offers the confirmation', async () => {
    const w = await world(vendor);
    const id = idOf(w, NORTHWIND.name);
    w.fake.addOpenTickets(id, 3);
    w.fake.addDevices(id, 2);
    parts.refuseTickets(w);
    const first = await askToDelete(w, NORTHWIND.name);
    const tickets = textOf(await filledIn(w, first.pendingId));
    expect(tickets).toMatch(/open tickets: could not be read/);
    expect(tickets).toContain('2 contacts');
    expect(tickets).toContain('2 devices');
    w.fake.clearFaults();
    w.superops?.allow('getTicketList');

    const other = idOf(w, CONTOSO.name);
    w.fake.addOpenTickets(other, 1);
    w.fake.addDevices(other, 4);
    parts.refuseDevices(w);
    const second = await askToDelete(w, CONTOSO.name);
    const filled = await filledIn(w, second.pendingId);
    const devices = textOf(filled);
    expect(devices).toMatch(/devices: could not be read/);
    expect(devices).toContain('1 open ticket');
    expect(devices).toContain('2 contacts');
    const confirm = need(findButton(filled, ACTIONS.deleteConfirm), 'confirm button');
    expect(textOf(confirm.confirm)).toMatch(/Its 1 open ticket (goes|stays|may go)/);
    expect(parts.removals(w)).toBe(0);
  });

  it('keeps the archive and says nothing was removed when the vendor fails during the removal', async () => {
    const w = await world(vendor);
    const id = idOf(w, CONTOSO.name);
    const emails = w.fake.contactEmailsOf(id);
    const { pendingId } = await askToDelete(w, CONTOSO.name);
    await filledIn(w, pendingId);
    parts.failRemoval(w);
    await click(w, ACTIONS.deleteConfirm, pendingId, ADMIN);
    const failed = await w.app.callTo('chat.update', (a) => String(a.text).startsWith('Could not'));
    const text = textOf(failed);
    expect(text).toContain(`Nothing was ${parts.verb === 'deactivate' ? 'deactivated' : 'deleted'}.`);
    // It may be confirmed again, and the customer is still there.
    expect(findButton(failed, ACTIONS.deleteConfirm)?.value).toBe(pendingId);
    expect(w.fake.customerList().find((c) => c.id === id)?.active).toBe(true);
    // The archive taken before the attempt stays, in the store and in the requester's DMs.
    const store = w.app.bot.services.store;
    const rows = await store.db.all<Json>('SELECT id FROM archives');
    expect(rows).toHaveLength(1);
    expect(await store.archives.get(TEAM, String(rows[0]?.id))).toBeDefined();
    expectMatchesVendor(filesFor(w, ADMIN), { name: CONTOSO.name, emails, values: {} });
    expect(dmNote(w, ADMIN)).toContain('That did not happen: nothing was removed.');
    const audit = await store.audit.latest({ workspace: TEAM, limit: 20 });
    expect(audit.find((e) => e.entityId === id && e.entityType === 'customer')).toMatchObject({
      outcome: 'failed',
      action: parts.verb,
    });
    expectNoCustomerData(w);
  });

  it('recreates the customer and its contacts from the audit entry once, for two concurrent clicks (Autotask: reactivate instead)', async () => {
    const w = await world(vendor);
    const oldId = idOf(w, CONTOSO.name);
    const emails = w.fake.contactEmailsOf(oldId);
    const purge = parts.purgeLater?.(w, oldId);
    const { pendingId } = await askToDelete(w, CONTOSO.name);
    await filledIn(w, pendingId);
    await click(w, ACTIONS.deleteConfirm, pendingId, ADMIN);
    await settled(w, parts.done);
    purge?.();

    // A member sees only their own entries, and no Recreate button.
    const own = await w.app.sendCommand('/customer', 'audit', { userId: STRANGER });
    expect(findButton(await w.app.responseFor(own.responseUrl), ACTIONS.archiveRecreate)).toBeUndefined();
    const sent = await w.app.sendCommand('/customer', 'audit', { userId: ADMIN });
    const audit = await w.app.responseFor(sent.responseUrl);
    expect(textOf(audit)).toContain(`${parts.verb}d customer *${CONTOSO.name}*`);
    const recreate = need(findButton(audit, ACTIONS.archiveRecreate), 'Recreate button');
    expect(textOf(recreate.confirm)).toContain('Devices and tickets do not come back');
    const archiveId = String(recreate.value);

    // A member who is not an admin cannot use it, even with the id.
    const refused = await click(w, ACTIONS.archiveRecreate, archiveId, STRANGER);
    expect(textOf(await w.app.responseFor(refused))).toMatch(/Only admins/);

    if (vendor === 'autotask') {
      // Autotask still holds the company, deactivated: reactivating keeps its tickets and devices, where a
      // recreate would make a second company beside it.
      const offered = await w.app.responseFor(await click(w, ACTIONS.archiveRecreate, archiveId, ADMIN));
      expect(textOf(offered)).toMatch(/still holds this customer, deactivated: reactivate it instead/);
      expect(w.fake.customerList().filter((c) => c.name === CONTOSO.name)).toHaveLength(1);
      return;
    }
    const urls = await Promise.all([
      click(w, ACTIONS.archiveRecreate, archiveId, ADMIN),
      click(w, ACTIONS.archiveRecreate, archiveId, BOSS),
    ]);
    const answers = await Promise.all(urls.map((u) => w.app.responseFor(u)));
    const texts = answers.map(textOf);
    const won = texts.filter((t) => t.includes('Recreated from its archive, with new ids'));
    expect(won).toHaveLength(1);
    expect(won[0]).toContain('Devices and tickets do not come back');
    expect(won[0]).not.toContain('Not recreated');
    expect(texts.filter((t) => t.includes('already used'))).toHaveLength(1);

    const live = w.fake.customerList().filter((c) => c.name === CONTOSO.name && c.active);
    expect(live).toHaveLength(1);
    const newId = need(live[0], 'recreated customer').id;
    expect(newId).not.toBe(oldId);
    expect(w.fake.contactEmailsOf(newId).sort()).toEqual([...emails].sort());
    expect(w.fake.customValuesOf(newId)['Account Manager']).toBe('Priya Natarajan');

    const entries = await w.app.bot.services.store.audit.latest({ workspace: TEAM, limit: 50 });
    const created = entries.filter((e) => e.action === 'create' && e.entityType === 'customer');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ entityId: newId, outcome: 'ok', details: { archiveId } });
    expect(entries.filter((e) => e.action === 'create' && e.entityType === 'contact')).toHaveLength(
      emails.length,
    );
    // The audit list says where it came from.
    const again = await w.app.sendCommand('/customer', 'audit', { userId: ADMIN });
    expect(textOf(await w.app.responseFor(again.responseUrl))).toContain(
      `created customer *${CONTOSO.name}* from an archive`,
    );
  });

  it('exports a customer from its card by DM, audited, without removing anything', async () => {
    const w = await world(vendor);
    const id = idOf(w, NORTHWIND.name);
    const expected = {
      name: NORTHWIND.name,
      emails: w.fake.contactEmailsOf(id),
      values: w.fake.customValuesOf(id),
    };
    const card = await cardOf(w, NORTHWIND.name, STRANGER);
    const exportButton = need(findButton(card, ACTIONS.customerExport), 'Export button');
    const url = await click(w, ACTIONS.customerExport, String(exportButton.value), STRANGER);
    expect(textOf(await w.app.responseFor(url))).toContain('is in your direct messages with me');
    const files = filesFor(w, STRANGER);
    expect([...files.keys()].sort()).toEqual(['csv', 'json']);
    expectMatchesVendor(files, expected);
    expect(JSON.parse(need(files.get('json'), 'JSON')).reason).toBe('export');
    expect(parts.removals(w)).toBe(0);
    const audit = await w.app.bot.services.store.audit.latest({ workspace: TEAM, limit: 10 });
    const row = need(
      audit.find((e) => e.action === 'export'),
      'export audit row',
    );
    expect(row).toMatchObject({ userId: STRANGER, entityId: id, entityName: NORTHWIND.name, outcome: 'ok' });
    expect(row.details?.archiveId).toBeTruthy();
    expect(publicTexts(w)).toEqual([]);
  });
});

describe('Autotask: companies are deactivated, never deleted', () => {
  it('says Deactivate everywhere, deactivates once for two concurrent confirms, and reactivates', async () => {
    const w = await world('autotask');
    const at = need(w.autotask, 'Autotask');
    const id = idOf(w, FABRIKAM.name);
    const { button, posted, pendingId } = await askToDelete(w, FABRIKAM.name);
    expect(textOf({ text: button.text })).toBe('Deactivate');
    expect(textOf(button.confirm)).toContain('Ask to deactivate this customer?');
    expect(textOf(posted)).toContain(`asks to deactivate the customer *${FABRIKAM.name}*`);
    expect(textOf(posted)).not.toMatch(/\bdelete\b/i);
    const filled = await filledIn(w, pendingId);
    const confirm = need(findButton(filled, ACTIONS.deleteConfirm), 'confirm');
    expect(textOf({ text: confirm.text })).toBe('Deactivate');
    expect(textOf(confirm.confirm)).toContain('Deactivate?');
    expect(textOf(confirm.confirm)).toContain('can be reactivated');

    await Promise.all([
      click(w, ACTIONS.deleteConfirm, pendingId, ADMIN),
      click(w, ACTIONS.deleteConfirm, pendingId, ADMIN),
    ]);
    const done = await settled(w, 'Deactivated');
    expect(textOf(done)).toContain(`Deactivated by <@${ADMIN}>`);
    expect(textOf(done)).not.toMatch(/\bdeleted?\b/i);
    expect(PARTS.autotask.removals(w)).toBe(1);
    expect(at.company(Number(id))?.isActive).toBe(false);

    const reactivate = need(findButton(done, ACTIONS.deleteRestore), 'Reactivate button');
    expect(textOf({ text: reactivate.text })).toBe('Reactivate');
    await click(w, ACTIONS.deleteRestore, String(reactivate.value), ADMIN);
    const restored = await w.app.callTo('chat.update', (a) => String(a.text).startsWith('Reactivated'));
    expect(textOf(restored)).toContain(`was reactivated by <@${ADMIN}>`);
    expect(at.company(Number(id))?.isActive).toBe(true);
    const audit = await w.app.bot.services.store.audit.latest({ workspace: TEAM, limit: 10 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['deactivate', 'restore']));
  });

  it('offers "Deactivate instead" with Autotask’s reason when it refuses to delete a referenced contact', async () => {
    const w = await world('autotask');
    const at = need(w.autotask, 'Autotask');
    const email = 'nancy.davolio@northwind-traders.com';
    const contact = need(
      at.contacts().find((c) => c.emailAddress === email),
      'contact',
    );
    at.addTicket(Number(contact.companyID), { contactId: contact.id });
    const sent = await w.app.sendCommand('/contact', email, { userId: ADMIN });
    const card = await w.app.responseFor(sent.responseUrl);
    const del = need(findButton(card, ACTIONS.contactDelete), 'contact Delete');
    const before = w.slack.callsTo('chat.postMessage').length;
    await click(w, ACTIONS.contactDelete, String(del.value), ADMIN);
    const posted = await w.app.callTo('chat.postMessage', (a) => a.channel === CHANNEL, before + 1);
    expect(textOf(posted)).toContain('asks to delete the contact *Nancy Davolio*');
    const pendingId = String(findButton(posted, ACTIONS.deleteConfirm)?.value);

    await click(w, ACTIONS.deleteConfirm, pendingId, ADMIN);
    const refused = await w.app.callTo(
      'chat.update',
      (a) => findButton(a, ACTIONS.deleteDeactivateInstead) !== undefined,
    );
    expect(textOf(refused)).toContain('Autotask refused to delete it');
    expect(textOf(refused)).toContain('referenced by 1 ticket');
    expect(at.contact(contact.id)).toBeDefined();

    const instead = need(findButton(refused, ACTIONS.deleteDeactivateInstead), 'Deactivate instead');
    await click(w, ACTIONS.deleteDeactivateInstead, String(instead.value), ADMIN);
    const done = await w.app.callTo('chat.update', (a) => String(a.text).startsWith('Deactivated'));
    expect(textOf(done)).toContain(`was deactivated instead by <@${ADMIN}>`);
    expect(at.contact(contact.id)?.isActive).toBe(0);
    expect(w.fake.contactEmailsOf(String(contact.companyID))).not.toContain(email);
    const audit = await w.app.bot.services.store.audit.latest({ workspace: TEAM, limit: 10 });
    expect(audit.filter((e) => e.entityType === 'contact').map((e) => [e.action, e.outcome])).toEqual(
      expect.arrayContaining([
        ['delete', 'failed'],
        ['deactivate', 'ok'],
      ]),
    );
  });
});

describe('SuperOps: a delete moves the client to the trash, and Restore brings it back', () => {
  it('trashes once when confirmed in the channel, and restores for the requester, not for a stranger', async () => {
    const w = await world('superops');
    const so = need(w.superops, 'SuperOps');
    await w.app.bot.services.store.settings.put(TEAM, {
      ...(await w.app.bot.services.store.settings.get(TEAM)),
      editorsMayDelete: true,
    });
    const id = idOf(w, FABRIKAM.name);
    const { posted, pendingId } = await askToDelete(w, FABRIKAM.name, EDITOR);
    expect(textOf(posted)).toContain('keeps it in the trash for 30 days');
    const filled = await filledIn(w, pendingId);
    expect(textOf(findButton(filled, ACTIONS.deleteConfirm)?.confirm)).toContain('Move to the trash?');

    // A stranger (an editor who may delete, but did not ask) cannot confirm; the requester, twice at once.
    const strangerUrl = await click(w, ACTIONS.deleteConfirm, pendingId, STRANGER);
    expect(textOf(await w.app.responseFor(strangerUrl))).toContain(`Only <@${EDITOR}> or an admin`);
    await Promise.all([
      click(w, ACTIONS.deleteConfirm, pendingId, EDITOR),
      click(w, ACTIONS.deleteConfirm, pendingId, EDITOR),
    ]);
    const done = await settled(w, 'Moved to the trash');
    expect(textOf(done)).toContain('SuperOps keeps it for 30 days');
    expect(so.calls('TrashClient')).toHaveLength(1);
    expect(so.hardDeleteCalls()).toBe(0);
    expect(so.client(id)?.trashedAt).toBeTruthy();

    const restore = need(findButton(done, ACTIONS.deleteRestore), 'Restore button');
    expect(textOf({ text: restore.text })).toBe('Restore');
    const strangerRestore = await click(w, ACTIONS.deleteRestore, String(restore.value), STRANGER);
    expect(textOf(await w.app.responseFor(strangerRestore))).toContain(
      `Only <@${EDITOR}> or an admin can restore this`,
    );
    expect(so.calls('RestoreClient')).toHaveLength(0);

    // The requester and an admin at once: restored once.
    const restoreUrls = await Promise.all([
      click(w, ACTIONS.deleteRestore, String(restore.value), EDITOR),
      click(w, ACTIONS.deleteRestore, String(restore.value), ADMIN),
    ]);
    const restored = await w.app.callTo('chat.update', (a) => String(a.text).startsWith('Restored'));
    const loser = await waitUntil('the other click’s answer', () =>
      w.slack.responses.find((r) => restoreUrls.some((u) => u.endsWith(`/${r.id}`))),
    );
    expect(textOf(loser.body)).toMatch(/already been restored|being restored right now/);
    expect(textOf(restored)).toMatch(new RegExp(`was restored by <@(${EDITOR}|${ADMIN})>`));
    expect(so.client(id)?.trashedAt).toBeNull();
    expect(w.fake.customerList().find((c) => c.id === id)?.active).toBe(true);
    // Once restored, Restore says so rather than restoring again.
    const twice = await click(w, ACTIONS.deleteRestore, String(restore.value), ADMIN);
    expect(textOf(await w.app.responseFor(twice))).toContain('already been restored');
    expect(so.calls('RestoreClient')).toHaveLength(1);
  });
});

// The reader the archive checks rely on, checked itself so a broken parser cannot pass them silently.
describe('the CSV reader these stories use', () => {
  it('reads quoted cells, doubled quotes and CRLF rows', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
  });
});

describe('on the sandbox’s demo data', () => {
  it('shows Acme’s open tickets with links, its devices and contract, and archives its archived contact too', async () => {
    const slack = await startFakeSlack();
    slack.users.set(ADMIN, { id: ADMIN, name: 'alice', isAdmin: true });
    const app = await startApp({ slack });
    cleanups.push(async () => {
      await app.stop();
      await slack.stop();
      expect(slack.violations).toEqual([]);
    });
    const bot: Bot = { app, slack };
    const ws = need(await app.bot.services.workspaces.get(TEAM), 'workspace');
    const account = need(sandboxAccountOf(ws.vendor), 'sandbox account');
    const live = account.contactEmailsOf(DEMO_IDS.acme);

    const { pendingId } = await askToDelete(bot, 'Acme Corporation');
    const filled = await filledIn(bot, pendingId);
    const text = textOf(filled);
    expect(text).toContain(`${live.length} contacts`);
    expect(text).toMatch(
      /3 open tickets \(<https?:[^|]+\|[^>]+>, <https?:[^|]+\|[^>]+>, <https?:[^|]+\|[^>]+>\)/,
    );
    expect(text).toContain('4 devices');
    expect(text).toContain('1 contract');
    expect(textOf(findButton(filled, ACTIONS.deleteConfirm)?.confirm)).toContain(
      'Its 3 open tickets go with it.',
    );

    await click(bot, ACTIONS.deleteConfirm, pendingId, ADMIN);
    await settled(bot, 'Deleted');
    expect(account.customerList().some((c) => c.id === DEMO_IDS.acme)).toBe(false);
    const files = filesFor(bot, ADMIN);
    const content = ArchiveContentSchema.parse(JSON.parse(need(files.get('json'), 'JSON')));
    // Every contact, the archived one marked, so nothing the vendor held is lost.
    expect(
      content.contacts
        .filter((c) => !c.archived)
        .map((c) => c.email?.toLowerCase())
        .sort(),
    ).toEqual([...live].sort());
    expect(content.contacts.find((c) => c.id === DEMO_IDS.archivedContact)?.archived).toBe(true);
    expect(
      csvRecords(need(files.get('csv'), 'CSV')).find((r) => r.id === DEMO_IDS.archivedContact)?.archived,
    ).toBe('true');
    expect(content.customer?.customFields.Services).toEqual(['Backup', 'Firewall', 'Microsoft 365']);
  });
});
