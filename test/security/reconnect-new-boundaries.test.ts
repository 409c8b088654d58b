// Vendor ids and links do not outlive a reconnect at the boundaries this release added: an archive kept under the
// old account ("Recreate from archive"), a Restore of a customer the old account trashed, an Add as contact or New
// customer modal opened from a shortcut before the reconnect, a pasted link to the old account's page, and a
// card's buttons (Export, Share, Delete, Edit, Add contact). The workspace restarts on another account of the same vendor (same DATA_DIR), where the same ids
// name other companies; each is refused or left alone, and neither account is written to.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeCustomerSeed } from '../fakes/generate.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/server.js';
import {
  type FakeSuperOps,
  startFakeSuperOps,
  fakeVendorOf as superOpsVendor,
} from '../fakes/superops/server.js';
import { type FakeSyncro, startFakeSyncro, fakeVendorOf as syncroVendor } from '../fakes/syncro/server.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { sendEvent } from '../helpers/oauth.js';
import { carriedId, globalShortcut, messageAction } from '../helpers/payloads.js';
import { buttonNamed, click, filledModal, submit } from './support.js';

type Json = Record<string, unknown>;

const ADMIN = 'UADMINRN1';
const who = { userId: ADMIN, userName: 'alice' };
const STALE = /reconnected to another PSA account.*Nothing was changed/s;

/** Both accounts number their customers alike: each id names another company at the other. */
const FIRST: FakeCustomerSeed[] = [
  {
    name: 'Northwind Traders',
    email: 'office@northwind.example',
    contacts: [{ firstName: 'Nancy', lastName: 'Davolio', email: 'nancy@northwind.example' }],
  },
  {
    name: 'Adventure Works',
    email: 'it@adventure-works.example',
    contacts: [{ firstName: 'Alan', lastName: 'Brewer', email: 'alan@adventure-works.example' }],
  },
];
const SECOND: FakeCustomerSeed[] = [
  { name: 'Contoso Pharmacy', email: 'office@contoso.example' },
  {
    name: 'Tailspin Toys',
    email: 'hello@tailspin.example',
    contacts: [{ firstName: 'Tess', lastName: 'Ogden', email: 'tess@tailspin.example' }],
  },
];

const writes = (fake: { requests(): { method: string }[] }) =>
  fake.requests().filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

/** A click whose private answer is read back from its response_url. */
async function answerTo(app: StartedApp, found: ReturnType<typeof buttonNamed>, messageTs?: string) {
  const url = app.slack.responseUrl();
  await click(app, who, found, { responseUrl: url, ...(messageTs ? { messageTs } : {}) });
  return textOf(await app.responseFor(url));
}

describe('restarted on another Syncro account (another subdomain): what the old one left behind', () => {
  let slack: FakeSlack;
  let first: FakeSyncro;
  let second: FakeSyncro;
  let dataDir: string;
  let app: StartedApp;

  /** Carried from the first account to the second. */
  let recreate: ReturnType<typeof buttonNamed>;
  let exportButton: ReturnType<typeof buttonNamed>;
  let oldCard: unknown;
  let contactModal: Json;
  let onboardingModal: Json;
  let oldLink: string;

  /** A message shortcut as the admin, as Slack posts it; resolves with its trigger_id. */
  async function messageShortcut(callbackId: string, text: string) {
    const triggerId = `${Date.now()}.${Math.random().toString(16).slice(2, 10)}`;
    await app.sendPayload(
      messageAction({
        userId: ADMIN,
        userName: 'alice',
        callbackId,
        text,
        author: 'U0SOMEONE',
        messageTs: '1700000004.000100',
        responseUrl: app.slack.responseUrl(),
        triggerId,
      }),
    );
    return triggerId;
  }

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.users.set(ADMIN, { id: ADMIN, name: 'alice', isAdmin: true });
    first = await startFakeSyncro({ apiKey: 'syncro-first-account-1a2b3c', seed: { customers: FIRST } });
    second = await startFakeSyncro({ apiKey: 'syncro-second-account-4d5e6f', seed: { customers: SECOND } });
    dataDir = mkdtempSync(join(tmpdir(), 'msp-reconnect-new-'));
    app = await startApp({ slack, fakeServer: syncroVendor(first), dataDir });

    // Under the first account: Northwind deleted (its archive kept), Adventure Works' card shown, two modals
    // opened from shortcuts and left open, and a link to Adventure Works' page copied.
    const shown = async (query: string) => {
      const sent = await app.sendCommand('/customer', query, who);
      return app.responseFor(sent.responseUrl);
    };
    const northwind = await shown('northwind');
    const posts = app.slack.callsTo('chat.postMessage').length;
    await click(app, who, buttonNamed(northwind, /^Delete$/));
    const request = await waitUntil('the delete request', () => app.slack.callsTo('chat.postMessage')[posts]);
    await click(app, who, buttonNamed(request.args, /^Delete$/, true), { messageTs: '1700000004.000200' });
    await waitUntil('the delete', () => (first.requests('DELETE').length > 0 ? true : undefined));
    const audit = await app.sendCommand('/customer', 'audit', who);
    recreate = buttonNamed(await app.responseFor(audit.responseUrl), /^Recreate/);

    const adventure = await shown('adventure works');
    oldCard = adventure;
    exportButton = buttonNamed(adventure, /^Export$/);
    const id = carriedId(exportButton.button);
    oldLink = `${first.url}/customers/${id}`;

    let calls = app.slack.calls.length;
    await messageShortcut(
      'add_as_contact',
      ['Regards,', 'Ann Beebe', 'Adventure Works', 'ann@adventure-works.example'].join('\n'),
    );
    contactModal = await filledModal(app, /^Email$/, calls);
    calls = app.slack.calls.length;
    await app.sendPayload(
      globalShortcut({
        userId: ADMIN,
        userName: 'alice',
        callbackId: 'new_customer',
        triggerId: `${Date.now()}.newcustomer`,
      }),
    );
    onboardingModal = await filledModal(
      app,
      /^Company name$/,
      calls,
      (v) => !textOf(v).includes('Loading custom fields'),
    );

    // The operator points the bot at another Syncro account: same DATA_DIR, another subdomain and token.
    await app.stop();
    app = await startApp({ slack, fakeServer: syncroVendor(second), dataDir });
    first.clearRequests();
    second.clearRequests();
  });

  afterAll(async () => {
    await app?.stop();
    expect(slack.violations).toEqual([]);
    await slack?.stop();
    await first?.close();
    await second?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses Recreate from an archive kept under the old account, and creates nothing at either', async () => {
    expect(await answerTo(app, recreate)).toMatch(STALE);
    expect(writes(second)).toEqual([]);
    expect(writes(first)).toEqual([]);
    expect(second.customers().map((c) => c.business_name)).not.toContain('Northwind Traders');
    const archive = await app.bot.services.store.archives.get('T0001', String(recreate.button.value));
    expect(archive?.recreatedAt).toBeNull();
  });

  it('refuses an Add as contact modal opened before the reconnect, and adds nothing', async () => {
    const ack = await submit(
      app,
      who,
      contactModal,
      [[/^Email$/, 'ann@adventure-works.example']],
      String(contactModal.id),
    );
    expect(textOf(ack.json)).toMatch(STALE);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(writes(second)).toEqual([]);
    expect(writes(first)).toEqual([]);
  });

  it('refuses a New customer modal opened before the reconnect, and creates nothing', async () => {
    const ack = await submit(
      app,
      who,
      onboardingModal,
      [[/^Company name$/, 'Opened Before LLC']],
      String(onboardingModal.id),
    );
    expect(textOf(ack.json)).toMatch(STALE);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(writes(second)).toEqual([]);
    expect(second.customers().map((c) => c.business_name)).not.toContain('Opened Before LLC');
  });

  /** The admin pastes `url` (a signed link_shared); resolves with its chat.unfurl, if any. */
  async function paste(url: string) {
    const unfurlId = `C0GENERAL.${Date.now()}.${Math.random().toString(16).slice(2, 8)}`;
    await sendEvent(app, 'T0001', {
      type: 'link_shared',
      channel: 'C0GENERAL',
      is_bot_user_member: true,
      user: ADMIN,
      message_ts: '1700000004.000300',
      unfurl_id: unfurlId,
      source: 'conversations_history',
      links: [{ url, domain: new URL(url).hostname }],
      event_ts: '1700000004.000300',
    });
    await waitUntil('the link_shared answer', () =>
      app.slack.callsTo('chat.unfurl').some((c) => c.args.unfurl_id === unfurlId)
        ? true
        : app.logs.lines.find((l) => l.msg === 'link_shared answered' && l.unfurlId === unfurlId),
    );
    return app.slack.callsTo('chat.unfurl').find((c) => c.args.unfurl_id === unfurlId);
  }

  it('leaves a link to the old account’s page alone (it would name Tailspin Toys here), asking neither', async () => {
    expect(await paste(oldLink)).toBeUndefined();
    expect(first.requests()).toEqual([]);
    // The same path on the account in use does unfurl: the refusal is the old account's host.
    const here = await paste(`${second.url}${new URL(oldLink).pathname}`);
    expect(textOf(here?.args)).toContain('Tailspin Toys');
  });

  it('refuses every button of a card shown under the old account, and reads or writes nothing at either', async () => {
    // A card's buttons carry the id with the connection it was read from: the same id names Tailspin Toys here.
    const files = app.slack.files.size;
    for (const name of [/^Export$/, /^Share in channel$/, /^Delete$/]) {
      const said = await answerTo(app, buttonNamed(oldCard, name));
      expect(said, String(name)).toMatch(STALE);
      expect(said).not.toMatch(/Tailspin Toys|Adventure Works/);
    }
    // Edit and Add contact open a modal at once (the trigger_id lives 3 s): it says so instead of the form.
    for (const name of [/^Edit$/, /^Add contact$/]) {
      const calls = app.slack.calls.length;
      await click(app, who, buttonNamed(oldCard, name));
      const said = await waitUntil(`the ${String(name)} modal`, () =>
        app.slack.calls
          .slice(calls)
          .filter((c) => c.method === 'views.open' || c.method === 'views.update')
          .map((c) => textOf(c.args.view))
          .find((t) => STALE.test(t)),
      );
      expect(said).not.toMatch(/Tailspin Toys|Adventure Works/);
      expect(
        app.slack.calls.slice(calls).some((c) => /Company name|First name/.test(textOf(c.args.view))),
      ).toBe(false);
    }
    expect(app.slack.files.size).toBe(files);
    expect(first.requests()).toEqual([]);
    expect(writes(second)).toEqual([]);
    const audit = await app.bot.services.store.audit.latest({ workspace: 'T0001', limit: 50 });
    expect(audit.filter((e) => e.action === 'export')).toEqual([]);
  });

  it('answers the same buttons on a card shown under the account in use, named as it is there', async () => {
    const sent = await app.sendCommand('/customer', 'tailspin', who);
    const fresh = await app.responseFor(sent.responseUrl);
    expect(carriedId(buttonNamed(fresh, /^Export$/).button)).toBe(carriedId(exportButton.button));
    const files = app.slack.files.size;
    expect(await answerTo(app, buttonNamed(fresh, /^Export$/))).toContain('Tailspin Toys');
    const sentFiles = [...app.slack.files.values()].slice(files);
    expect(sentFiles.length).toBe(2);
    for (const file of sentFiles) {
      const content = file.content.toString('utf8');
      expect(content).toContain('Tailspin Toys');
      for (const old of ['Adventure Works', 'Alan', 'Brewer', 'adventure-works.example'])
        expect(content).not.toContain(old);
    }
    expect(await answerTo(app, buttonNamed(fresh, /^Share in channel$/))).toContain('Tailspin Toys');
    expect(first.requests()).toEqual([]);
  });
});

describe('restarted on another SuperOps account: Restore of a customer the old account trashed', () => {
  let slack: FakeSlack;
  let first: FakeSuperOps;
  let second: FakeSuperOps;
  let dataDir: string;
  let app: StartedApp;
  let restore: ReturnType<typeof buttonNamed>;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.users.set(ADMIN, { id: ADMIN, name: 'alice', isAdmin: true });
    first = await startFakeSuperOps({
      apiToken: 'superops-first-token-0a1b2c3d4e5f',
      subdomain: 'firstmsp',
      seed: { customers: FIRST },
    });
    second = await startFakeSuperOps({
      apiToken: 'superops-second-token-6a7b8c9d0e1f',
      subdomain: 'secondmsp',
      seed: { customers: SECOND },
    });
    dataDir = mkdtempSync(join(tmpdir(), 'msp-reconnect-so-'));
    app = await startApp({ slack, fakeServer: superOpsVendor(first), dataDir });
    const sent = await app.sendCommand('/customer', 'northwind', who);
    const card = await app.responseFor(sent.responseUrl);
    const posts = app.slack.callsTo('chat.postMessage').length;
    await click(app, who, buttonNamed(card, /^Delete$/));
    const request = await waitUntil('the delete request', () => app.slack.callsTo('chat.postMessage')[posts]);
    const confirm = buttonNamed(request.args, /^Delete$/, true);
    await click(app, who, confirm, { messageTs: '1700000005.000100' });
    const trashed = await waitUntil('the settled message', () =>
      app.slack.callsTo('chat.update').find((c) => String(c.args.text).startsWith('Moved to the trash')),
    );
    restore = buttonNamed(trashed.args, /^Restore$/);
    expect(first.calls('TrashClient')).toHaveLength(1);

    await app.stop();
    app = await startApp({ slack, fakeServer: superOpsVendor(second), dataDir });
  });

  afterAll(async () => {
    await app?.stop();
    expect(slack.violations).toEqual([]);
    await slack?.stop();
    await first?.close();
    await second?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses Restore after the reconnect, and restores nothing at either account', async () => {
    expect(await answerTo(app, restore, '1700000005.000200')).toMatch(STALE);
    expect(second.calls('RestoreClient')).toEqual([]);
    expect(first.calls('RestoreClient')).toEqual([]);
    expect(second.calls().filter((c) => c.kind === 'mutation')).toEqual([]);
  });
});
