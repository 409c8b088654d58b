// A customer link pasted in a channel, on every vendor, over signed HTTP: it unfurls into the public face of the
// card (name, domain, main phone, primary contact, how many contacts, "View card"), nothing a shared card would
// not show unless an admin allows custom fields; other accounts' links, unknown pages and guests get nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACTIONS } from '../../blocks/actions.js';
import { HOME_ACTIONS } from '../../blocks/home.js';
import { ROLES_BLOCKS, ROLES_CALLBACK } from '../../blocks/home-roles-modal.js';
import { FAKE_VENDORS, type FakeVendor } from '../fakes/fake-vendor.js';
import type { FakeCustomerSeed } from '../fakes/generate.js';
import { HOSTILE_NAME, NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { sendEvent } from '../helpers/oauth.js';
import { blockAction, carriedId, fillView, findButton, viewSubmission } from '../helpers/payloads.js';

type Json = Record<string, unknown>;

const ADMIN = 'U0OWNER';
const TECH = 'U0TECH';
const GUEST = 'U0GUEST';
const CHANNEL = 'C0GENERAL';

/** A customer with something private on it: a note and a custom value only an admin may put in unfurls. */
const QUAYSIDE: FakeCustomerSeed = {
  name: 'Quayside Logistics',
  domain: 'quayside-logistics.example',
  email: 'office@quayside-logistics.example',
  phone: '+1 555 300 4000',
  notes: 'Alarm code 4417, do not share',
  customFields: { 'Account Manager': 'Priya Confidential' },
  contacts: [
    {
      firstName: 'Omar',
      lastName: 'Haddad',
      email: 'omar@quayside-logistics.example',
      title: 'Operations Director',
      isPrimary: true,
    },
    { firstName: 'Lena', lastName: 'Brandt', email: 'lena@quayside-logistics.example' },
    { firstName: 'Tomas', lastName: 'Ruiz', email: 'tomas@quayside-logistics.example' },
  ],
};

describe.each(FAKE_VENDORS)('link unfurls on %s', (name) => {
  let app: StartedApp;
  let fake: FakeVendor;
  let seq = 0;

  beforeAll(async () => {
    app = await startApp({
      vendor: name,
      fakeVendor: { seed: { customers: [...NAMED_CUSTOMERS, QUAYSIDE] }, generate: { customers: 60 } },
    });
    if (!app.fake) throw new Error('no fake vendor');
    fake = app.fake;
    app.slack.users.set(ADMIN, { id: ADMIN, name: 'owner', isOwner: true });
    app.slack.users.set(TECH, { id: TECH, name: 'tech' });
    app.slack.users.set(GUEST, { id: GUEST, name: 'client guest', isGuest: true });
  });
  afterEach(() => {
    expect(app.slack.violations).toEqual([]);
  });
  afterAll(async () => {
    await app.stop();
  });

  const idOf = (customer: string): string => {
    const id = fake.customerIdByName(customer);
    if (!id) throw new Error(`${customer} is not at the fake`);
    return id;
  };

  /**
   * Pastes `urls` in #general as `user` (a signed link_shared event) and waits until the bot has answered it:
   * its chat.unfurl, or its word in the log that it left the links alone.
   */
  async function paste(urls: string[], user = TECH): Promise<{ unfurls: Json | undefined }> {
    seq += 1;
    const ts = `1700000${String(seq).padStart(3, '0')}.000100`;
    const reply = await sendEvent(app, 'T0001', {
      type: 'link_shared',
      channel: CHANNEL,
      is_bot_user_member: true,
      user,
      message_ts: ts,
      unfurl_id: `${CHANNEL}.${ts}.unfurl${seq}`,
      source: 'conversations_history',
      links: urls.map((url) => ({ url, domain: new URL(url).hostname })),
      event_ts: ts,
    });
    expect(reply.status).toBe(200);
    const unfurlId = `${CHANNEL}.${ts}.unfurl${seq}`;
    const done = await waitUntil('the link_shared answer', () => {
      const call = app.slack.callsTo('chat.unfurl').find((c) => c.args.unfurl_id === unfurlId);
      if (call) return { unfurls: call.args.unfurls as Json };
      const answered = app.logs.lines.find(
        (l) => l.msg === 'link_shared answered' && l.unfurlId === unfurlId && l.unfurled === 0,
      );
      return answered ? { unfurls: undefined } : undefined;
    });
    return done;
  }

  /** An admin saves the Home tab's settings with `change` applied (as the settings modal sends them). */
  async function adminSets(change: { unfurlFields: boolean }): Promise<void> {
    const before = app.slack.callsTo('views.open').length;
    await app.sendPayload(
      blockAction({
        userId: ADMIN,
        actionId: HOME_ACTIONS.roleSettings,
        view: { id: 'VHOME', type: 'home' },
      }),
    );
    const opened = await waitUntil('the settings modal', () => app.slack.callsTo('views.open')[before]);
    const modal = opened.args.view as Json;
    expect(modal.callback_id).toBe(ROLES_CALLBACK);
    const values = fillView(modal, { [ROLES_BLOCKS.unfurlCustomFields]: change.unfurlFields });
    const ack = await app.sendPayload(
      viewSubmission({ userId: ADMIN, view: { ...modal, id: 'VROLES', hash: 'h' }, values }),
    );
    expect(ack.status).toBe(200);
    expect((await app.bot.services.store.settings.get('T0001')).unfurlCustomFields).toBe(change.unfurlFields);
  }

  it('unfurls a customer page into its public face, with a View card button', async () => {
    const url = fake.customerPageUrl(idOf('Acme Corporation'));
    const { unfurls } = await paste([url]);
    const unfurl = unfurls?.[url];
    expect(unfurl).toBeDefined();
    const text = textOf(unfurl);
    expect(text).toContain('Acme Corporation');
    expect(text).toContain('acme.com');
    expect(text).toContain('555');
    expect(text).toContain('Jane Doe');
    expect(text).toMatch(/Contacts\*\n2\b/);
    const view = findButton(unfurl, ACTIONS.customerView);
    expect(view).toMatchObject({ text: { text: 'View card' } });
    expect(carriedId(view)).toBe(idOf('Acme Corporation'));
    // Everyone in the channel sees it: no notes, no custom fields, no buttons that change anything.
    expect(text).not.toContain('Backups run nightly');
    for (const action of [ACTIONS.customerEdit, ACTIONS.customerDelete, ACTIONS.customerAddContact])
      expect(findButton(unfurl, action)).toBeUndefined();
  });

  it('opens the full card, only for whoever clicks View card', async () => {
    const url = fake.customerPageUrl(idOf('Acme Corporation'));
    const { unfurls } = await paste([url]);
    const button = findButton(unfurls?.[url], ACTIONS.customerView);
    const responseUrl = app.slack.responseUrl();
    await app.sendPayload(
      blockAction({
        userId: TECH,
        actionId: ACTIONS.customerView,
        value: String(button?.value),
        responseUrl,
        messageTs: '1700000000.000100',
      }),
    );
    const card = await app.responseFor(responseUrl);
    expect(card.response_type).toBe('ephemeral');
    expect(textOf(card)).toContain('Jane Doe');
    expect(findButton(card, ACTIONS.customerEdit)).toBeDefined();
  });

  it('shows custom fields only once an admin turns them on, and never the notes', async () => {
    const url = fake.customerPageUrl(idOf('Quayside Logistics'));
    const before = textOf((await paste([url])).unfurls?.[url]);
    expect(before).toContain('Quayside Logistics');
    expect(before).toContain('Omar Haddad');
    expect(before).toMatch(/Contacts\*\n3\b/);
    expect(before).not.toContain('Priya Confidential');
    expect(before).not.toContain('Alarm code');

    await adminSets({ unfurlFields: true });
    const after = textOf((await paste([url])).unfurls?.[url]);
    expect(after).toContain('Account Manager');
    expect(after).toContain('Priya Confidential');
    expect(after).not.toContain('Alarm code');
    await adminSets({ unfurlFields: false });
    expect(textOf((await paste([url])).unfurls?.[url])).not.toContain('Priya Confidential');
  });

  it('shows a hostile customer name as text: no channel mention, no link of its own', async () => {
    const url = fake.customerPageUrl(idOf(HOSTILE_NAME));
    const unfurl = (await paste([url])).unfurls?.[url];
    const text = textOf(unfurl);
    expect(text).toContain('Evil');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://x|click>');
  });

  it('leaves another account’s links and unknown pages alone', async () => {
    const page = new URL(fake.customerPageUrl(idOf('Acme Corporation')));
    // The same path on another host: another account (or another vendor's tenant) altogether.
    const elsewhere = new URL(page.href);
    elsewhere.hostname = `other-account.${name}.example`;
    const unknownId = fake.customerPageUrl('987654321');
    const notACustomer = `${page.origin}/settings/billing`;
    const { unfurls } = await paste([elsewhere.href, unknownId, notACustomer]);
    expect(unfurls).toBeUndefined();
  });

  it('unfurls nothing a guest pastes: a guest may not look up customers', async () => {
    const { unfurls } = await paste([fake.customerPageUrl(idOf('Initech LLC'))], GUEST);
    expect(unfurls).toBeUndefined();
  });

  it('answers from a warm index without a queue slot where the index holds the contacts', async () => {
    const url = fake.customerPageUrl(idOf('Initech LLC'));
    expect(textOf((await paste([url])).unfurls?.[url])).toContain('Initech LLC');
    const ws = await app.bot.services.workspaces.get('T0001');
    if (!ws) throw new Error('no workspace');
    const submit = vi.spyOn(ws.queue, 'submit');
    fake.clearRequests();
    try {
      const { unfurls } = await paste([url]);
      expect(textOf(unfurls?.[url])).toContain('555-867-5309');
      if (ws.index.indexesContacts) {
        expect(submit).not.toHaveBeenCalled();
        expect(fake.requests()).toEqual([]);
      }
    } finally {
      submit.mockRestore();
    }
  });
});
