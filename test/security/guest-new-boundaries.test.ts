// Guests and Slack Connect users of another organisation at the boundaries this release added: the message
// shortcuts, the global "New customer", Export, "Recreate from archive", Restore, an onboarding's Retry, unfurls
// and Workflow Builder steps. With the default guest role ("No access") each is refused: no customer data in
// anything Slack shows them (the modal they open included), nothing written, and the vendor not asked.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeCustomerSeed } from '../fakes/generate.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { sendEvent } from '../helpers/oauth.js';
import { globalShortcut, messageAction, type Who } from '../helpers/payloads.js';
import { buttonNamed, click, filledModal, runStep, submit } from './support.js';

type Json = Record<string, unknown>;

const ADMIN = 'UNBADMIN1';
const GUEST = 'UNBGUEST1';
/** A Slack Connect member: an admin of their own organisation, which makes them nothing here. */
const EXTERNAL = 'UNBEXTRN1';

const QUAYSIDE: FakeCustomerSeed = {
  name: 'Quayside Logistics',
  domain: 'quayside-logistics.example',
  email: 'office@quayside-logistics.example',
  phone: '+1 555 300 4000',
  contacts: [
    { firstName: 'Omar', lastName: 'Haddad', email: 'omar@quayside-logistics.example', isPrimary: true },
  ],
};
/** What no refused outsider may be shown: Quayside's and Acme's names, domains, people and numbers. */
const PRIVATE = [
  'Quayside Logistics',
  'Omar',
  'Haddad',
  '300 4000',
  'Acme Corporation',
  'Jane',
  'Doe',
  '010-0100',
];
const NO_ACCESS = /do not have access to this bot in this workspace/;

/** A message whose signature points at Quayside by its domain. */
const SIGNATURE = [
  'Please add our new office manager.',
  '',
  'Nadia Kowalski',
  'Office Manager | Quayside Logistics',
  'nadia.kowalski@quayside-logistics.example',
].join('\n');

describe('outsiders at the new boundaries (guest role "No access")', () => {
  let app: StartedApp;

  beforeAll(async () => {
    app = await startApp({
      vendor: 'atera',
      atera: { seed: { customers: [...NAMED_CUSTOMERS, QUAYSIDE] } },
    });
    app.slack.users.set(ADMIN, { id: ADMIN, name: 'olivia', isOwner: true });
    app.slack.users.set(GUEST, { id: GUEST, name: 'client.guest', isGuest: true });
    app.slack.users.set(EXTERNAL, { id: EXTERNAL, name: 'partner', teamId: 'TPARTNER9', isAdmin: true });
    // A warm index: what a shortcut would pre-select from is there to leak.
    const sent = await app.sendCommand('/customer', 'quayside', { userId: ADMIN });
    expect(textOf(await app.responseFor(sent.responseUrl))).toContain('Quayside Logistics');
  });
  afterEach(() => {
    expect(app.slack.violations).toEqual([]);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const atera = () => {
    if (!app.atera) throw new Error('no fake Atera');
    return app.atera;
  };
  const writes = () =>
    atera()
      .requests()
      .filter((r) => r.method !== 'GET');

  /**
   * Everything Slack was asked to show since `from` (calls and response_url posts), as text; `vendor` is how
   * many requests the vendor got meanwhile.
   */
  function since(from: { calls: number; responses: number; vendor: number }) {
    const said = [
      ...app.slack.calls.slice(from.calls).map((c) => JSON.stringify(c.args)),
      ...app.slack.responses.slice(from.responses).map((r) => JSON.stringify(r.body)),
    ].join('\n');
    return { said, vendor: atera().requests().length - from.vendor };
  }
  const mark = () => ({
    calls: app.slack.calls.length,
    responses: app.slack.responses.length,
    vendor: atera().requests().length,
  });
  function expectNothingShown(said: string) {
    for (const piece of PRIVATE) expect(said).not.toContain(piece);
  }

  /** A message shortcut ("..." menu) used by `userId` on `text`, as Slack posts it. */
  async function messageShortcut(userId: string, callbackId: string, text: string, author = 'U0AUTHOR') {
    const responseUrl = app.slack.responseUrl();
    const triggerId = `${Date.now()}.${randomBytes(4).toString('hex')}`;
    const ts = `${Math.floor(Date.now() / 1000)}.000300`;
    const reply = await app.sendPayload(
      messageAction({ userId, callbackId, text, author, messageTs: ts, responseUrl, triggerId }),
    );
    expect(reply.status).toBe(200);
    return { responseUrl, triggerId };
  }

  /** A Workflow Builder step run; resolves with its completion call. */
  const step = (callbackId: string, inputs: Json) => runStep(app, 'T0001', callbackId, inputs);

  for (const [who, userId] of [
    ['a guest', GUEST],
    ['a Slack Connect user', EXTERNAL],
  ] as const) {
    it(`refuses Find customer to ${who}: no card, no names, no vendor read`, async () => {
      const from = mark();
      const { responseUrl } = await messageShortcut(
        userId,
        'find_customer',
        'Omar from omar@quayside-logistics.example says the scanner is down',
      );
      expect(textOf(await app.responseFor(responseUrl))).toMatch(NO_ACCESS);
      const { said, vendor } = since(from);
      expectNothingShown(said);
      expect(vendor).toBe(0);
    });

    it(`opens Add as contact for ${who} without the customer it would pre-select, and refuses it`, async () => {
      const from = mark();
      const { triggerId } = await messageShortcut(userId, 'add_as_contact', SIGNATURE);
      // The modal opens (Slack's 3 seconds), then says why not: at no point does it name Quayside.
      await app.callTo('views.open', (a) => a.trigger_id === triggerId);
      const refused = await waitUntil('the refusal in the modal', () =>
        app.slack.calls
          .slice(from.calls)
          .filter((c) => c.method === 'views.open' || c.method === 'views.update')
          .map((c) => textOf(c.args.view))
          .find((t) => NO_ACCESS.test(t)),
      );
      expect(refused).toMatch(NO_ACCESS);
      const { said, vendor } = since(from);
      expectNothingShown(said);
      expect(said).not.toContain(
        atera()
          .customers()
          .find((c) => c.CustomerName === 'Quayside Logistics')
          ?.CustomerID.toString() ?? 'none',
      );
      expect(vendor).toBe(0);
    });

    it(`opens /contact add for ${who} without the customer the command names, and refuses it`, async () => {
      const from = mark();
      const sent = await app.sendCommand('/contact', 'add quayside', { userId });
      await app.callTo('views.open', (a) => a.trigger_id === sent.triggerId);
      await waitUntil('the refusal in the modal', () =>
        app.slack.calls
          .slice(from.calls)
          .filter((c) => c.method === 'views.update' || c.method === 'views.open')
          .find((c) => NO_ACCESS.test(textOf(c.args.view))),
      );
      expectNothingShown(since(from).said);
    });

    it(`refuses the New customer shortcut to ${who}, and creates nothing`, async () => {
      const from = mark();
      const triggerId = `${Date.now()}.${randomBytes(4).toString('hex')}`;
      await app.sendPayload(globalShortcut({ userId, callbackId: 'new_customer', triggerId }));
      const opened = await app.callTo('views.open', (a) => a.trigger_id === triggerId);
      // Submitted straight away (before the refusal replaces it), it is refused again, at the write.
      const form = { ...(opened.view as Json), id: `VNEW${userId}`, hash: 'h1' };
      const ack = await submit(app, { userId }, form, [[/^Company name$/, 'Outsider Made LLC']]);
      expect(textOf(ack.json)).toMatch(NO_ACCESS);
      await waitUntil('the refusal in the modal', () =>
        app.slack.calls
          .slice(from.calls)
          .find((c) => c.method === 'views.update' && NO_ACCESS.test(textOf(c.args.view))),
      );
      expect(
        atera()
          .customers()
          .some((c) => c.CustomerName === 'Outsider Made LLC'),
      ).toBe(false);
      expect(since(from).vendor).toBe(0);
    });

    it(`refuses a workflow step acting as ${who}: create_customer and add_contact write nothing`, async () => {
      const before = writes().length;
      const created = await step('create_customer', { name: 'Outsider Workflow Co', acting_user: userId });
      expect(created.method).toBe('functions.completeError');
      expect(String(created.args.error)).toMatch(/do not have access/);
      const added = await step('add_contact', {
        customer: 'Quayside Logistics',
        first_name: 'Out',
        last_name: 'Sider',
        email: 'out.sider@quayside-logistics.example',
        acting_user: userId,
      });
      expect(added.method).toBe('functions.completeError');
      expect(String(added.args.error)).toMatch(/do not have access/);
      expect(writes()).toHaveLength(before);
      const audit = await app.bot.services.store.audit.latest({ workspace: 'T0001', limit: 50 });
      expect(audit.filter((e) => e.userId === userId)).toEqual([]);
    });
  }

  it('refuses add_contact acting as a guest before resolving the customer: an unknown name says no more', async () => {
    // A refused step must not be an oracle for which customers exist.
    const known = await step('add_contact', {
      customer: 'Quayside Logistics',
      last_name: 'Probe',
      email: 'probe1@example.com',
      acting_user: GUEST,
    });
    // An id-like name the index does not hold would be asked of the vendor.
    const reads = atera().requests().length;
    const unknown = await step('add_contact', {
      customer: 'no-such-customer-4242',
      last_name: 'Probe',
      email: 'probe2@example.com',
      acting_user: GUEST,
    });
    expect(String(unknown.args.error)).toMatch(/do not have access/);
    expect(unknown.args.error).toBe(known.args.error);
    expect(atera().requests().length).toBe(reads);
  });

  it('does not unfurl a link a Slack Connect user pastes, and reads nothing for it', async () => {
    const id = atera()
      .customers()
      .find((c) => c.CustomerName === 'Quayside Logistics')?.CustomerID;
    const url = `${atera().url}/new/customer/${id}`;
    const from = mark();
    const unfurlId = `C0GENERAL.${Date.now()}.ext`;
    await sendEvent(app, 'T0001', {
      type: 'link_shared',
      channel: 'C0GENERAL',
      is_bot_user_member: true,
      user: EXTERNAL,
      message_ts: '1700000999.000100',
      unfurl_id: unfurlId,
      source: 'conversations_history',
      links: [{ url, domain: '127.0.0.1' }],
      event_ts: '1700000999.000100',
    });
    await waitUntil('the link_shared answer', () =>
      app.logs.lines.find((l) => l.msg === 'link_shared answered' && l.unfurlId === unfurlId),
    );
    expect(app.slack.callsTo('chat.unfurl').filter((c) => c.args.unfurl_id === unfurlId)).toEqual([]);
    expectNothingShown(since(from).said);
    expect(since(from).vendor).toBe(0);
  });

  describe('buttons an admin’s messages carry, clicked by a guest', () => {
    const admin: Who = { userId: ADMIN, userName: 'olivia' };

    it('refuses Export: no file, no audit row, no vendor read', async () => {
      const sent = await app.sendCommand('/customer', 'acme corporation', admin);
      const card = await app.responseFor(sent.responseUrl);
      const exportButton = buttonNamed(card, /^Export$/);
      const files = app.slack.files.size;
      const from = mark();
      const url = app.slack.responseUrl();
      await click(app, { userId: GUEST }, exportButton, { responseUrl: url });
      expect(textOf(await app.responseFor(url))).toMatch(NO_ACCESS);
      expect(app.slack.files.size).toBe(files);
      expect(
        app.slack
          .callsTo('conversations.open')
          .slice(0)
          .filter((c) => c.args.users === GUEST),
      ).toEqual([]);
      expectNothingShown(since(from).said);
      expect(since(from).vendor).toBe(0);
      const audit = await app.bot.services.store.audit.latest({ workspace: 'T0001', limit: 20 });
      expect(audit.filter((e) => e.action === 'export' && e.userId === GUEST)).toEqual([]);
    });

    it('refuses Recreate from archive and Restore, and writes nothing', async () => {
      // The admin deletes Initech; its archive and its settled request now exist.
      const sent = await app.sendCommand('/customer', 'initech', admin);
      const card = await app.responseFor(sent.responseUrl);
      const posts = app.slack.callsTo('chat.postMessage').length;
      await click(app, admin, buttonNamed(card, /^Delete$/));
      const request = await waitUntil(
        'the delete request',
        () => app.slack.callsTo('chat.postMessage')[posts],
      );
      const confirm = buttonNamed(request.args, /^Delete$/, true);
      await click(app, admin, confirm, { messageTs: '1700000000.000900' });
      await waitUntil('the delete', () => (atera().requests('DELETE').length > 0 ? true : undefined));
      const audit = await app.sendCommand('/customer', 'audit', admin);
      const recreate = buttonNamed(await app.responseFor(audit.responseUrl), /^Recreate/);

      const before = writes().length;
      const recreateUrl = app.slack.responseUrl();
      await click(app, { userId: GUEST }, recreate, { responseUrl: recreateUrl });
      expect(textOf(await app.responseFor(recreateUrl))).toMatch(/Only admins|do not have access/);
      // Restore with the settled request's id: not theirs, and not an admin.
      const restoreUrl = app.slack.responseUrl();
      await click(
        app,
        { userId: GUEST },
        { button: { action_id: 'delete_restore', value: confirm.button.value }, blockId: 'b1' },
        { responseUrl: restoreUrl, messageTs: '1700000000.000901' },
      );
      expect(textOf(await app.responseFor(restoreUrl))).toMatch(/Only <@UNBADMIN1> or an admin/);
      expect(writes()).toHaveLength(before);
      expect(
        atera()
          .customers()
          .filter((c) => c.CustomerName === 'Initech LLC'),
      ).toEqual([]);
    });

    it('refuses Retry of the admin’s incomplete onboarding, and creates nothing', async () => {
      const calls = app.slack.calls.length;
      const sent = await app.sendCommand('/customer', 'new Fabrikam Inc', admin);
      const form = await filledModal(app, /^Company name$/, calls);
      atera().inject({ method: 'POST', path: /\/contacts$/, status: 400, times: 1 });
      await submit(app, admin, form, [
        [/^Company name$/, 'Fabrikam Inc'],
        [/^First name$/, 'Fred'],
        [/^Email$/, 'fred@fabrikam.example'],
      ]);
      const report = await waitUntil('the incomplete onboarding', () =>
        app.slack.responses
          .filter((r) => sent.responseUrl.endsWith(r.id))
          .map((r) => r.body)
          .find((b) => textOf(b).includes('incomplete')),
      );
      const retry = buttonNamed(report, /^Retry/);
      const before = writes().length;
      const url = app.slack.responseUrl();
      await click(app, { userId: GUEST }, retry, { responseUrl: url });
      expect(textOf(await app.responseFor(url))).toMatch(NO_ACCESS);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(writes()).toHaveLength(before);
      expect(
        atera()
          .contacts()
          .filter((c) => c.Email === 'fred@fabrikam.example'),
      ).toEqual([]);
    });
  });
});
