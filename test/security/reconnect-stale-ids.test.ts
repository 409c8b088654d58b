// Issue 14, item 2: vendor ids do not outlive a reconnect. Every id the bot stores or carries (a pending delete, an
// onboarding to retry, an open edit modal) is bound to the connection it came from; once the workspace uses
// another account, where the same id names another company, each is refused with words that say why, and
// nothing is written at either account. One with no connection recorded at all (stored before fingerprints
// existed) counts as stale too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/server.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { install, OAUTH_ENV, team } from '../helpers/oauth.js';
import { accountsByKey, buttonNamed, click, connectFromHome, filledModal, submit } from './support.js';

type Json = Record<string, unknown>;

const ADMIN = 'UADMINRC1';
const who = { userId: ADMIN, userName: 'alice' };
/** What the bot says when an id came from another connection. */
const STALE = /reconnected to another PSA account.*Nothing was changed/s;

/** The onboarding modal of `/customer new <name>`, once its custom fields have loaded. */
async function onboardingForm(app: StartedApp, name: string) {
  const calls = app.slack.calls.length;
  const sent = await app.sendCommand('/customer', `new ${name}`, who);
  const form = await filledModal(
    app,
    /^Company name$/,
    calls,
    (v) => !textOf(v).includes('Loading custom fields'),
  );
  return { sent, form };
}

/**
 * Submits the onboarding of `name` with a primary contact while the account refuses the contact once; resolves
 * with the "incomplete" report and its Retry button.
 */
async function incompleteOnboarding(
  app: StartedApp,
  account: FakeAtera,
  name: string,
  person: [string, string],
) {
  const { sent, form } = await onboardingForm(app, name);
  account.inject({ method: 'POST', path: /\/contacts$/, status: 400, times: 1 });
  await submit(app, who, form, [
    [/^Company name$/, name],
    [/^First name$/, person[0]],
    [/^Email$/, person[1]],
  ]);
  const report = await waitUntil('the incomplete onboarding', () =>
    app.slack.responses
      .filter((r) => sent.responseUrl.endsWith(r.id))
      .map((r) => r.body)
      .find((b) => textOf(b).includes('incomplete')),
  );
  return buttonNamed(report, /^Retry/);
}

/** `/customer <query>`, then Delete on the card; resolves with the request posted in the channel. */
async function askToDelete(app: StartedApp, actor: typeof who & { teamId?: string }, query: string) {
  const sent = await app.sendCommand('/customer', query, actor);
  const card = await app.responseFor(sent.responseUrl);
  const posts = app.slack.callsTo('chat.postMessage').length;
  await click(app, actor, buttonNamed(card, /^Delete$/));
  const posted = await waitUntil('the delete request', () => app.slack.callsTo('chat.postMessage')[posts]);
  return { card, request: posted.args as Json };
}

/** Everything an account was asked to write (all but reads). */
const writes = (fake: { requests(method?: string): { method: string }[] }) =>
  fake.requests().filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

/** The two Atera accounts number their customers alike: 1001 is Northwind at the first and Contoso at the second. */
const FIRST = [
  { name: 'Northwind Traders', domain: 'northwind.example', phone: '+1 555 100 1000' },
  { name: 'Adventure Works', domain: 'adventure-works.example' },
];
const SECOND = [
  { name: 'Contoso Pharmacy', domain: 'contoso.example', phone: '+1 555 200 2000' },
  { name: 'Tailspin Toys', domain: 'tailspin.example' },
  // 1003 at the second account: the id the onboarding below gets at the first.
  { name: 'Wide World Importers', domain: 'wideworld.example' },
];

describe('item 2: ids carried across a reconnect are refused (one workspace, restarted on another account)', () => {
  let slack: FakeSlack;
  let first: FakeAtera;
  let second: FakeAtera;
  let dataDir: string;
  let app: StartedApp;

  /** What was carried from the first connection into the second. */
  let deleteRequest: Json;
  let editModal: Json;
  let retry: ReturnType<typeof buttonNamed>;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.users.set(ADMIN, { id: ADMIN, name: 'alice', isAdmin: true });
    // No custom fields: the edit modal holds only the customer's own fields.
    first = await startFakeAtera({
      apiKey: 'atera-first-account-key-1a2b3c',
      seed: { customers: FIRST, customFields: [] },
    });
    second = await startFakeAtera({
      apiKey: 'atera-second-account-key-4d5e6f',
      seed: { customers: SECOND, customFields: [] },
    });
    dataDir = mkdtempSync(join(tmpdir(), 'msp-reconnect-'));
    app = await startApp({ slack, ateraServer: first, dataDir, vendor: 'atera' });

    // Under the first account: a delete request, an edit modal left open, an onboarding left incomplete.
    const asked = await askToDelete(app, who, 'northwind');
    expect(textOf(asked.card)).toContain('Northwind Traders');
    deleteRequest = asked.request;
    const calls = app.slack.calls.length;
    await click(app, who, buttonNamed(asked.card, /^Edit$/));
    editModal = await filledModal(app, /^Company name$/, calls);
    retry = await incompleteOnboarding(app, first, 'Fabrikam Inc', ['Fred', 'fred@fabrikam.example']);
    // Fabrikam is 1003 at the first account; at the second, 1003 is Wide World Importers.
    expect(first.customers().find((c) => c.CustomerName === 'Fabrikam Inc')?.CustomerID).toBe(1003);

    // The operator points the bot at another Atera account: same DATA_DIR, another URL and key.
    await app.stop();
    app = await startApp({ slack, ateraServer: second, dataDir, vendor: 'atera' });
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

  it('refuses to confirm a delete asked for under the old account, and deletes nothing at either', async () => {
    const url = app.slack.responseUrl();
    await click(app, who, buttonNamed(deleteRequest, /^Delete$/, true), {
      responseUrl: url,
      messageTs: '1700000000.000500',
    });
    expect(textOf(await app.responseFor(url))).toMatch(STALE);
    expect(writes(first)).toEqual([]);
    expect(writes(second)).toEqual([]);
    expect(first.customer(1001)?.CustomerName).toBe('Northwind Traders');
    expect(second.customer(1001)?.CustomerName).toBe('Contoso Pharmacy');
  });

  it('refuses an edit modal opened before the reconnect, and changes nothing', async () => {
    const updates = app.slack.callsTo('views.update').length;
    const ack = await submit(app, who, editModal, [[/^Phone$/, '+1 555 999 9999']], String(editModal.id));
    expect(ack.status).toBe(200);
    const said = await waitUntil('the edit’s answer', () =>
      app.slack
        .callsTo('views.update')
        .slice(updates)
        .map((c) => textOf(c.args.view))
        .find((t) => STALE.test(t)),
    );
    expect(said).toMatch(STALE);
    expect(writes(second)).toEqual([]);
    expect(second.customer(1001)?.Phone).toBe('+1 555 200 2000');
  });

  it('refuses Retry of an onboarding begun under the old account, and creates nothing', async () => {
    const url = app.slack.responseUrl();
    await click(app, who, retry, { responseUrl: url });
    expect(textOf(await app.responseFor(url))).toMatch(STALE);
    expect(writes(second)).toEqual([]);
    expect(second.contacts().filter((c) => c.Email === 'fred@fabrikam.example')).toEqual([]);
  });

  it('treats a delete request or an onboarding with no connection recorded as stale', async () => {
    // Rows as they were stored before fingerprints existed: the same, with no connection.
    const store = app.bot.services.store;
    const { request } = await askToDelete(app, who, 'contoso');
    const confirm = buttonNamed(request, /^Delete$/, true);
    const id = String(confirm.button.value);
    const pending = await store.pendingDeletes.get('T0001', id);
    const { connection, ...legacy } = pending?.detail ?? { vendorLabel: 'Atera', removal: 'delete' as const };
    expect(connection).toBeTypeOf('string');
    await store.pendingDeletes.setDetail('T0001', id, legacy);
    const url = app.slack.responseUrl();
    await click(app, who, confirm, { responseUrl: url, messageTs: '1700000000.000600' });
    expect(textOf(await app.responseFor(url))).toMatch(STALE);
    expect(second.requests('DELETE')).toEqual([]);
    expect(second.customer(1001)?.CustomerName).toBe('Contoso Pharmacy');

    const again = await incompleteOnboarding(app, second, 'Litware Inc', ['Lena', 'lena@litware.example']);
    const key = String(again.button.value);
    const saved = await store.submissions.get<Json>('T0001', key);
    const { connection: carried, ...state } = saved?.state ?? {};
    expect(carried).toBeTypeOf('string');
    await store.submissions.save('T0001', key, state);
    const before = writes(second).length;
    const retryUrl = app.slack.responseUrl();
    await click(app, who, again, { responseUrl: retryUrl });
    expect(textOf(await app.responseFor(retryUrl))).toMatch(STALE);
    expect(writes(second)).toHaveLength(before);
    expect(second.contacts().filter((c) => c.Email === 'lena@litware.example')).toEqual([]);
  });
});

describe('item 2: after an admin reconnects from the Home tab to another account (OAuth), an old delete deletes nothing', () => {
  const alpha = team('TRECONN01', 'Alpha IT', 'URCADMIN1');
  const admin = { teamId: alpha.id, userId: alpha.installer, userName: 'admin' };
  let first: FakeAtera;
  let second: FakeAtera;
  let atera: { url: string; close(): Promise<void> };
  let app: StartedApp;

  beforeAll(async () => {
    // Two accounts behind one Atera address, numbering customers alike: 1001 names another company at each.
    first = await startFakeAtera({ apiKey: 'atera-rc-first-0a1b2c3d4e', seed: { customers: FIRST } });
    second = await startFakeAtera({ apiKey: 'atera-rc-second-5f6a7b8c9d', seed: { customers: SECOND } });
    atera = await accountsByKey({ [first.apiKey]: first.url, [second.apiKey]: second.url });
    app = await startApp({ env: { ...OAUTH_ENV, ATERA_BASE_URL: atera.url } });
    app.slack.users.set(alpha.installer, { id: alpha.installer, name: 'admin', isAdmin: true });
    expect((await install(app, alpha)).status).toBe(200);
    await connectFromHome(app, admin, 'atera', first.apiKey);
  });
  afterAll(async () => {
    await app?.stop();
    await atera?.close();
    await first?.close();
    await second?.close();
  });

  it('refuses the confirmation with a clear message, and deletes at neither account', async () => {
    const { request } = await askToDelete(app, admin, 'northwind');
    const confirm = buttonNamed(request, /^Delete$/, true);

    await connectFromHome(app, admin, 'atera', second.apiKey);

    const url = app.slack.responseUrl();
    await click(app, admin, confirm, { responseUrl: url, messageTs: '1700000000.000700' });
    expect(textOf(await app.responseFor(url))).toMatch(STALE);
    expect(first.requests('DELETE')).toEqual([]);
    expect(second.requests('DELETE')).toEqual([]);
    expect(first.customer(1001)?.CustomerName).toBe('Northwind Traders');
    expect(second.customer(1001)?.CustomerName).toBe('Contoso Pharmacy');
    expect(app.slack.violations).toEqual([]);
  });
});
