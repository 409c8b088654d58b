// Another workspace (OAuth mode) at the boundaries this release added. Alpha uses Atera, Beta uses Syncro; Beta's
// admin carries what Alpha's messages hold (an archive to recreate, a card's Export, a settled or pending delete, an
// onboarding's Retry, a customer page link, a message naming Alpha's customer, a workflow step naming it) into
// Beta. Each does nothing there and asks Alpha's vendor nothing; the same thing still works in Alpha, so the
// refusal is the workspace's doing, not a dead id.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';
import { type FakeSyncro, startFakeSyncro } from '../fakes/syncro/server.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { install, OAUTH_ENV, sendEvent, type Team, team } from '../helpers/oauth.js';
import { messageAction } from '../helpers/payloads.js';
import { buttonNamed, click, connectFromHome, filledModal, runStep, submit } from './support.js';

type Json = Record<string, unknown>;

const alpha = team('TXWALPHA1', 'Alpha IT', 'UXWALPHA1');
const beta = team('TXWBETA01', 'Beta Managed', 'UXWBETA01');
const who = (t: Team) => ({ teamId: t.id, userId: t.installer, userName: 'admin' });

/** Alpha's customers; what Beta must never be shown or reach. */
const ALPHA_CUSTOMERS = [
  {
    name: 'Northwind Traders',
    domain: 'northwind.example',
    email: 'office@northwind.example',
    contacts: [{ firstName: 'Nancy', lastName: 'Davolio', email: 'nancy@northwind.example' }],
  },
  {
    name: 'Adventure Works',
    domain: 'adventure-works.example',
    email: 'it@adventure-works.example',
    phone: '+1 555 400 5000',
    contacts: [{ firstName: 'Alan', lastName: 'Brewer', email: 'alan@adventure-works.example' }],
  },
  { name: 'Fourth Coffee', domain: 'fourthcoffee.example', email: 'hello@fourthcoffee.example' },
];
const ALPHA_DATA = ['Northwind', 'Nancy', 'Davolio', 'Adventure Works', 'Alan', 'Brewer', '400 5000'];

describe('Alpha’s ids, links and customers carried into Beta', () => {
  let atera: FakeAtera;
  let syncro: FakeSyncro;
  let app: StartedApp;

  beforeAll(async () => {
    atera = await startFakeAtera({ apiKey: 'atera-xw-alpha-0a1b2c3d', seed: { customers: ALPHA_CUSTOMERS } });
    syncro = await startFakeSyncro({
      apiKey: 'syncro-xw-beta-4e5f6a7b',
      seed: { customers: [{ name: 'Harbor Insurance Partners', email: 'office@harbor-insurance.example' }] },
    });
    app = await startApp({ env: { ...OAUTH_ENV, ATERA_BASE_URL: atera.url, SYNCRO_BASE_URL: syncro.url } });
    for (const t of [alpha, beta]) {
      app.slack.users.set(t.installer, { id: t.installer, name: 'admin', isAdmin: true });
      expect((await install(app, t)).status).toBe(200);
    }
    await connectFromHome(app, who(alpha), 'atera', atera.apiKey);
    await connectFromHome(app, who(beta), 'syncro', syncro.apiKey);
    // Both indexes warm, so what Beta would find is there to be found.
    for (const [t, query] of [
      [alpha, 'adventure works'],
      [beta, 'harbor'],
    ] as const) {
      const sent = await app.sendCommand('/customer', query, who(t));
      await app.responseFor(sent.responseUrl);
    }
    atera.clearRequests();
    syncro.clearRequests();
  });
  afterEach(async () => {
    expect(app.slack.violations).toEqual([]);
    // What a test set going in Alpha (a card read after a Retry, say) may still be reading Atera: let it finish,
    // so the next test's "asks Atera nothing" counts only what Beta made Atera do.
    for (let quiet = 0, seen = -1; quiet < 10; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const now = atera.requests().length + app.slack.calls.length;
      quiet = now === seen ? quiet + 1 : 0;
      seen = now;
    }
  });
  afterAll(async () => {
    await app?.stop();
    await atera?.close();
    await syncro?.close();
  });

  const writes = (fake: { requests(): { method: string }[] }) =>
    fake.requests().filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
  /** Everything Beta's bot token carried to Slack, and every response_url post since `from`, as text. */
  const betaSaid = (from: { calls: number; responses: number }) =>
    [
      ...app.slack.calls
        .slice(from.calls)
        .filter((c) => c.token === beta.botToken)
        .map((c) => JSON.stringify(c.args)),
      ...app.slack.responses.slice(from.responses).map((r) => JSON.stringify(r.body)),
    ].join('\n');
  const mark = () => ({ calls: app.slack.calls.length, responses: app.slack.responses.length });
  /** No piece of Alpha's data in `said`, but what the user's own message already said (`given`). */
  function expectNothingOfAlpha(said: string, given = '') {
    for (const piece of ALPHA_DATA.filter((p) => !given.includes(p))) expect(said).not.toContain(piece);
  }

  async function card(t: Team, query: string) {
    const sent = await app.sendCommand('/customer', query, who(t));
    return app.responseFor(sent.responseUrl);
  }

  async function askToDelete(t: Team, query: string) {
    const shown = await card(t, query);
    const before = app.slack.callsTo('chat.postMessage').length;
    await click(app, who(t), buttonNamed(shown, /^Delete$/));
    const posted = await waitUntil('the delete request', () => app.slack.callsTo('chat.postMessage')[before]);
    return buttonNamed(posted.args, /^Delete$/, true);
  }

  /** A click as `t`'s admin; resolves with the private answer posted to its response_url. */
  async function answerTo(t: Team, found: ReturnType<typeof buttonNamed>, messageTs?: string) {
    const url = app.slack.responseUrl();
    await click(app, who(t), found, { responseUrl: url, ...(messageTs ? { messageTs } : {}) });
    return textOf(await app.responseFor(url));
  }

  it('recreates nothing from Alpha’s archive in Beta, and Alpha’s own admin still can', async () => {
    const confirm = await askToDelete(alpha, 'northwind');
    await click(app, who(alpha), confirm, { messageTs: '1700000001.000100' });
    await waitUntil('the delete at Atera', () => (atera.requests('DELETE').length > 0 ? true : undefined));
    const audit = await app.sendCommand('/customer', 'audit', who(alpha));
    const recreate = buttonNamed(await app.responseFor(audit.responseUrl), /^Recreate/);
    const before = { atera: writes(atera).length, syncro: syncro.customers().length };
    const from = mark();

    expect(await answerTo(beta, recreate)).toMatch(/That archive no longer exists/);
    expect(writes(atera)).toHaveLength(before.atera);
    expect(writes(syncro)).toEqual([]);
    expect(syncro.customers()).toHaveLength(before.syncro);
    expectNothingOfAlpha(betaSaid(from));
    const archiveId = String(recreate.button.value);
    expect(await app.bot.services.store.archives.get(alpha.id, archiveId)).toMatchObject({
      recreatedAt: null,
    });

    expect(await answerTo(alpha, recreate)).toContain('Recreated from its archive');
    expect(atera.customers().filter((c) => c.CustomerName === 'Northwind Traders')).toHaveLength(1);

    // The settled request's id, sent to Beta's Restore: no such request there.
    const restore = { button: { action_id: 'delete_restore', value: confirm.button.value }, blockId: 'b1' };
    expect(await answerTo(beta, restore, '1700000001.000200')).toMatch(/This request no longer exists/);
    expect(writes(syncro)).toEqual([]);
  });

  it('exports nothing of Alpha’s into Beta from Alpha’s Export button, and asks Atera nothing', async () => {
    const exportButton = buttonNamed(await card(alpha, 'adventure works'), /^Export$/);
    const files = app.slack.files.size;
    atera.clearRequests();
    const from = mark();

    // Alpha's card carries Alpha's connection: in Beta it is refused before anything is read.
    expect(await answerTo(beta, exportButton)).toMatch(/Nothing was changed/);
    expect(app.slack.files.size).toBe(files);
    expect(atera.requests()).toEqual([]);
    expectNothingOfAlpha(betaSaid(from));
    const betaAudit = await app.bot.services.store.audit.latest({ workspace: beta.id, limit: 20 });
    expect(betaAudit.filter((e) => e.action === 'export')).toEqual([]);

    expect(await answerTo(alpha, exportButton)).toContain('is in your direct messages');
    expect(app.slack.files.size).toBe(files + 2);
  });

  it('cancels nothing of Alpha’s from Beta: the request stays open for Alpha', async () => {
    const confirm = await askToDelete(alpha, 'fourth coffee');
    const id = String(confirm.button.value);
    const cancel = { button: { action_id: 'delete_cancel', value: id }, blockId: 'b1' };
    expect(await answerTo(beta, cancel, '1700000001.000300')).toMatch(/This request no longer exists/);
    expect((await app.bot.services.store.pendingDeletes.get(alpha.id, id))?.status).toBe('pending');
    expect(atera.requests('DELETE').filter((r) => r.path.endsWith(String(confirm.button.value)))).toEqual([]);
  });

  it('retries nothing of Alpha’s incomplete onboarding from Beta; Alpha’s own Retry finishes it', async () => {
    const calls = app.slack.calls.length;
    const sent = await app.sendCommand('/customer', 'new Litware Inc', who(alpha));
    const form = await filledModal(
      app,
      /^Company name$/,
      calls,
      (v) => !textOf(v).includes('Loading custom fields'),
    );
    atera.inject({ method: 'POST', path: /\/contacts$/, status: 400, times: 1 });
    await submit(app, who(alpha), form, [
      [/^Company name$/, 'Litware Inc'],
      [/^First name$/, 'Lena'],
      [/^Email$/, 'lena@litware.example'],
    ]);
    const report = await waitUntil('the incomplete onboarding', () =>
      app.slack.responses
        .filter((r) => sent.responseUrl.endsWith(r.id))
        .map((r) => r.body)
        .find((b) => textOf(b).includes('incomplete')),
    );
    const retry = buttonNamed(report, /^Retry/);
    const before = writes(atera).length;

    expect(await answerTo(beta, retry)).toMatch(/already running or finished/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(writes(atera)).toHaveLength(before);
    expect(writes(syncro)).toEqual([]);

    const url = app.slack.responseUrl();
    await click(app, who(alpha), retry, { responseUrl: url });
    await waitUntil('the contact at Atera', () =>
      atera.contacts().some((c) => c.Email === 'lena@litware.example') ? true : undefined,
    );
  });

  /** `t`'s member pastes `url` (a signed link_shared); resolves with the chat.unfurl call, if any. */
  async function paste(t: Team, url: string) {
    const unfurlId = `C0GENERAL.${randomBytes(4).toString('hex')}`;
    await sendEvent(app, t.id, {
      type: 'link_shared',
      channel: 'C0GENERAL',
      is_bot_user_member: true,
      user: t.installer,
      message_ts: '1700000002.000100',
      unfurl_id: unfurlId,
      source: 'conversations_history',
      links: [{ url, domain: new URL(url).hostname }],
      event_ts: '1700000002.000100',
    });
    await waitUntil('the link_shared answer', () =>
      app.slack.callsTo('chat.unfurl').find((c) => c.args.unfurl_id === unfurlId)
        ? true
        : app.logs.lines.find((l) => l.msg === 'link_shared answered' && l.unfurlId === unfurlId),
    );
    return app.slack.callsTo('chat.unfurl').find((c) => c.args.unfurl_id === unfurlId);
  }

  it('unfurls nothing of Alpha’s in Beta, and asks Atera nothing; the link still unfurls in Alpha', async () => {
    const id = atera.customers().find((c) => c.CustomerName === 'Adventure Works')?.CustomerID;
    const url = `${atera.url}/new/customer/${id}`;
    atera.clearRequests();
    const from = mark();
    expect(await paste(beta, url)).toBeUndefined();
    expect(atera.requests()).toEqual([]);
    expectNothingOfAlpha(betaSaid(from));
    const unfurled = await paste(alpha, url);
    expect(unfurled?.token).toBe(alpha.botToken);
    expect(textOf(unfurled?.args)).toContain('Adventure Works');
  });

  /** `t`'s admin uses a message shortcut on `text`, as Slack posts it. */
  async function messageShortcut(t: Team, callbackId: string, text: string) {
    const responseUrl = app.slack.responseUrl();
    const triggerId = `${Date.now()}.${randomBytes(4).toString('hex')}`;
    await app.sendPayload(
      messageAction({
        teamId: t.id,
        userId: t.installer,
        userName: 'admin',
        callbackId,
        text,
        author: 'U0SOMEONE',
        messageTs: '1700000003.000100',
        responseUrl,
        triggerId,
      }),
    );
    return { responseUrl, triggerId };
  }
  const CLUES = 'Alan (alan@adventure-works.example, +1 555 400 5000) says the VPN is down';

  it('finds nothing of Alpha’s with Find customer in Beta, and asks Atera nothing', async () => {
    atera.clearRequests();
    const from = mark();
    const inBeta = await messageShortcut(beta, 'find_customer', CLUES);
    expect(textOf(await app.responseFor(inBeta.responseUrl))).toMatch(/No customer matches/);
    expect(atera.requests()).toEqual([]);
    expectNothingOfAlpha(betaSaid(from), CLUES);
    const inAlpha = await messageShortcut(alpha, 'find_customer', CLUES);
    expect(textOf(await app.responseFor(inAlpha.responseUrl))).toContain('Adventure Works');
  });

  it('pre-selects nothing of Alpha’s in Beta’s Add as contact, and asks Atera nothing', async () => {
    const signature = ['Thanks,', 'Alan Brewer', 'IT | Adventure Works', 'alan@adventure-works.example'].join(
      '\n',
    );
    atera.clearRequests();
    const { triggerId } = await messageShortcut(beta, 'add_as_contact', signature);
    const opened = await app.callTo('views.open', (a) => a.trigger_id === triggerId);
    const picker = (opened.view as { blocks: Json[] }).blocks.find((b) => b.block_id === 'customer');
    expect((picker?.element as Json | undefined)?.initial_option).toBeUndefined();
    expect(atera.requests()).toEqual([]);
    const inAlpha = await messageShortcut(alpha, 'add_as_contact', signature);
    const alphaOpened = await app.callTo('views.open', (a) => a.trigger_id === inAlpha.triggerId);
    expect(JSON.stringify(alphaOpened.view)).toContain('Adventure Works');
  });

  /** A Workflow Builder step in `t`; resolves with its completion call. */
  const step = (t: Team, callbackId: string, inputs: Json) => runStep(app, t.id, callbackId, inputs);

  it('finds and writes nothing of Alpha’s from Beta’s workflow steps naming Alpha’s customer', async () => {
    const id = String(atera.customers().find((c) => c.CustomerName === 'Adventure Works')?.CustomerID);
    atera.clearRequests();
    const looked = await step(beta, 'lookup_customer', { query: 'Adventure Works' });
    expect(looked.method).toBe('functions.completeSuccess');
    expect(looked.args.outputs).toEqual({ found: false });
    for (const customer of ['Adventure Works', 'adventure-works.example', id]) {
      const added = await step(beta, 'add_contact', {
        customer,
        first_name: 'Mallory',
        last_name: 'Intruder',
        email: 'mallory@adventure-works.example',
      });
      expect([customer, added.method]).toEqual([customer, 'functions.completeError']);
      expect(String(added.args.error)).toMatch(/No single customer matches/);
    }
    expect(atera.requests()).toEqual([]);
    expect(writes(syncro)).toEqual([]);
    // In Alpha the same id names the customer.
    const inAlpha = await step(alpha, 'lookup_customer', { query: 'Adventure Works' });
    expect(inAlpha.args.outputs).toMatchObject({ found: true, customer_id: id });
  });
});
