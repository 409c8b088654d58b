// Forged and tampered requests at the boundaries this release added. Events (app_uninstalled and tokens_revoked,
// which forget a workspace; link_shared; function_executed), shortcuts, a Recreate click and a modal submission
// that Slack did not sign for exactly this body are answered 401 and reach no listener: the workspace keeps its
// installation and connection, nothing is called at Slack or the vendor. A modal whose private_metadata lost or
// changed its connection is stale, and so is a card button's value. The playground's new /api/shortcut and /api/workflow are as locked as the rest.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type Playground, startPlayground } from '../../src/playground/server.js';
import type { StandinActivity } from '../../src/playground/slack-standin.js';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { LogCapture, SIGNING_SECRET, type StartedApp, startApp, textOf } from '../helpers/app.js';
import { install, OAUTH_ENV, team } from '../helpers/oauth.js';
import { signedHeaders } from '../helpers/signing.js';
import { buttonNamed, click, connectFromHome, filledModal, submit } from './support.js';

type Json = Record<string, unknown>;

const alpha = team('TFGALPHA1', 'Alpha IT', 'UFGALPHA1');
const ATTACKER_SECRET = 'an-attacker-guess-0123456789';
const STALE = /reconnected to another PSA account.*Nothing was changed/s;

describe('forged events, shortcuts, clicks and submissions reach no listener', () => {
  let atera: FakeAtera;
  let app: StartedApp;

  beforeAll(async () => {
    atera = await startFakeAtera({ apiKey: 'atera-fg-alpha-9a8b7c6d', seed: { customers: NAMED_CUSTOMERS } });
    app = await startApp({ env: { ...OAUTH_ENV, ATERA_BASE_URL: atera.url } });
    app.slack.users.set(alpha.installer, { id: alpha.installer, name: 'admin', isAdmin: true });
    expect((await install(app, alpha)).status).toBe(200);
    await connectFromHome(app, { teamId: alpha.id, userId: alpha.installer }, 'atera', atera.apiKey);
    // The Home tab republished after the connection (and anything else it set going) has gone out.
    for (let quiet = 0, seen = -1; quiet < 10; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      quiet = app.slack.calls.length === seen ? quiet + 1 : 0;
      seen = app.slack.calls.length;
    }
  });
  afterAll(async () => {
    await app?.stop();
    await atera?.close();
  });

  const event = (type: string, extra: Json = {}) =>
    JSON.stringify({
      token: 'legacy-verification-token-abc',
      team_id: alpha.id,
      api_app_id: 'A0BOT',
      type: 'event_callback',
      event_id: `Ev${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        { team_id: alpha.id, enterprise_id: null, is_enterprise_install: false, is_bot: true },
      ],
      event: { type, ...extra },
    });
  const payload = (p: Json) => new URLSearchParams({ payload: JSON.stringify(p) }).toString();
  const base = {
    token: 'legacy-verification-token-abc',
    team: { id: alpha.id, domain: 'alpha' },
    user: { id: alpha.installer, username: 'admin', name: 'admin', team_id: alpha.id },
    is_enterprise_install: false,
    enterprise: null,
  };
  const json = 'application/json';

  it('answers 401 to each, and the workspace keeps everything', async () => {
    const store = app.bot.services.store;
    const auditBefore = (await store.audit.latest({ workspace: alpha.id, limit: 100 })).length;
    const slackBefore = app.slack.calls.filter((c) => c.method !== 'auth.test').length;
    atera.clearRequests();
    const functionExecuted = event('function_executed', {
      function: { id: 'Fn1', callback_id: 'create_customer', title: 'c', type: 'app', app_id: 'A0BOT' },
      inputs: { name: 'Forged Workflow LLC' },
      function_execution_id: 'FxFORGED1',
      workflow_execution_id: 'WxFORGED1',
      event_ts: `${Date.now() / 1000}`,
      bot_access_token: 'xwfp-forged',
    });
    const linkShared = event('link_shared', {
      channel: 'C0GENERAL',
      user: alpha.installer,
      message_ts: '1700000006.000100',
      links: [{ url: `${atera.url}/new/customer/1001`, domain: '127.0.0.1' }],
    });
    const findCustomer = payload({
      ...base,
      type: 'message_action',
      callback_id: 'find_customer',
      trigger_id: '1.2.forged',
      response_url: app.slack.responseUrl(),
      channel: { id: 'C0GENERAL', name: 'general' },
      message_ts: '1700000006.000200',
      message: { type: 'message', user: 'U0X', ts: '1700000006.000200', text: 'jane@acme.com' },
    });
    const newCustomer = payload({
      ...base,
      type: 'shortcut',
      callback_id: 'new_customer',
      trigger_id: '1.3.f',
    });
    const recreate = payload({
      ...base,
      type: 'block_actions',
      trigger_id: '1.4.forged',
      response_url: app.slack.responseUrl(),
      container: { type: 'message', message_ts: '1700000006.000300', channel_id: 'C0GENERAL' },
      channel: { id: 'C0GENERAL', name: 'general' },
      actions: [
        { type: 'button', action_id: 'archive_recreate', block_id: 'b1', value: 'guessed-archive-id' },
      ],
    });
    const onboarding = payload({
      ...base,
      type: 'view_submission',
      trigger_id: '1.5.forged',
      view: {
        id: 'VFORGED',
        type: 'modal',
        callback_id: 'onboarding',
        private_metadata: JSON.stringify({ key: 'forged-key' }),
        state: { values: { name: { value: { type: 'plain_text_input', value: 'Forged Onboarding LLC' } } } },
      },
    });
    const uninstalled = event('app_uninstalled');
    const attempts: [string, string, Record<string, string>][] = [
      [
        'app_uninstalled signed with another secret',
        uninstalled,
        signedHeaders(ATTACKER_SECRET, uninstalled, undefined, json),
      ],
      ['app_uninstalled unsigned', uninstalled, { 'content-type': json }],
      [
        'tokens_revoked signed for another body',
        event('tokens_revoked', { tokens: { bot: [`UBOT${alpha.id}`] } }),
        signedHeaders(SIGNING_SECRET, uninstalled, undefined, json),
      ],
      [
        'app_uninstalled replayed six minutes later',
        uninstalled,
        signedHeaders(SIGNING_SECRET, uninstalled, Math.floor(Date.now() / 1000) - 360, json),
      ],
      [
        'link_shared with another secret',
        linkShared,
        signedHeaders(ATTACKER_SECRET, linkShared, undefined, json),
      ],
      [
        'function_executed with another secret',
        functionExecuted,
        signedHeaders(ATTACKER_SECRET, functionExecuted, undefined, json),
      ],
      ['Find customer with another secret', findCustomer, signedHeaders(ATTACKER_SECRET, findCustomer)],
      ['New customer unsigned', newCustomer, { 'content-type': 'application/x-www-form-urlencoded' }],
      ['Recreate tampered after signing', `${recreate}&x=1`, signedHeaders(SIGNING_SECRET, recreate)],
      [
        'an onboarding submission with another secret',
        onboarding,
        signedHeaders(ATTACKER_SECRET, onboarding),
      ],
    ];
    for (const [what, body, headers] of attempts) {
      const reply = await app.post(body, headers);
      expect([what, reply.status]).toEqual([what, 401]);
    }
    expect(app.slack.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(slackBefore);
    expect(atera.requests()).toEqual([]);
    expect(await store.installations.exists(alpha.id)).toBe(true);
    expect(await store.vendorConnections.status(alpha.id)).toMatchObject({ vendor: 'atera' });
    expect(await store.audit.latest({ workspace: alpha.id, limit: 100 })).toHaveLength(auditBefore);
    expect(atera.customers().map((c) => c.CustomerName)).not.toContain('Forged Workflow LLC');

    // Signed by Slack, the same kind of event is heard: the refusals above were the signature's doing.
    const opened = event('app_home_opened', { user: alpha.installer, tab: 'home', channel: 'D0HOME' });
    expect((await app.post(opened, signedHeaders(SIGNING_SECRET, opened, undefined, json))).status).toBe(200);
  });

  it('treats an Add contact modal whose private_metadata lost or changed its connection as stale', async () => {
    const who = { teamId: alpha.id, userId: alpha.installer, userName: 'admin' };
    const calls = app.slack.calls.length;
    await app.sendCommand('/contact', 'add acme', who);
    const modal = await filledModal(app, /^Email$/, calls);
    const meta = JSON.parse(String(modal.private_metadata)) as Json;
    expect(meta.connection).toBeTypeOf('string');
    const { connection: _dropped, ...lost } = meta;
    atera.clearRequests();
    for (const privateMetadata of [
      JSON.stringify(lost),
      JSON.stringify({ ...meta, connection: '0000000000000000' }),
      'not json at all',
    ]) {
      const ack = await submit(
        app,
        who,
        { ...modal, private_metadata: privateMetadata },
        [
          [/^Customer$/, { option: String(atera.customers()[0]?.CustomerID) }],
          [/^First name$/, 'Tampered'],
          [/^Email$/, 'tampered@acme.com'],
        ],
        String(modal.id),
      );
      expect([privateMetadata, textOf(ack.json)]).toEqual([privateMetadata, expect.stringMatching(STALE)]);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(atera.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    expect(atera.contacts().filter((c) => c.Email === 'tampered@acme.com')).toEqual([]);
  });

  it('treats a card button whose value lost or changed its connection as stale, and one not ours as nothing', async () => {
    const who = { teamId: alpha.id, userId: alpha.installer, userName: 'admin' };
    const sent = await app.sendCommand('/customer', 'acme', who);
    const card = await app.responseFor(sent.responseUrl);
    const exportButton = buttonNamed(card, /^Export$/);
    const value = JSON.parse(String(exportButton.button.value)) as Json;
    expect(value.c).toBeTypeOf('string');
    const { c: _dropped, ...lost } = value;
    const withValue = (v: string) => ({ ...exportButton, button: { ...exportButton.button, value: v } });
    const files = app.slack.files.size;
    atera.clearRequests();
    // A bare id is what every card button carried before: a card posted then is stale now too.
    for (const stale of [
      JSON.stringify(lost),
      JSON.stringify({ ...value, c: '0000000000000000' }),
      String(value.id),
    ]) {
      const url = app.slack.responseUrl();
      await click(app, who, withValue(stale), { responseUrl: url });
      expect([stale, textOf(await app.responseFor(url))]).toEqual([stale, expect.stringMatching(STALE)]);
    }
    // Not one of ours (another record type, an extra key, not JSON): no answer at all, and nothing read.
    const responses = app.slack.responses.length;
    for (const garbage of [
      JSON.stringify({ ...value, t: 'contact' }),
      JSON.stringify({ ...value, admin: true }),
      '{"t":"customer"',
    ])
      await click(app, who, withValue(garbage));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.slack.responses.length).toBe(responses);
    expect(app.slack.files.size).toBe(files);
    expect(atera.requests()).toEqual([]);
    // Control: the button as the card carries it exports.
    const url = app.slack.responseUrl();
    await click(app, who, exportButton, { responseUrl: url });
    expect(textOf(await app.responseFor(url))).toContain('is in your direct messages');
    expect(app.slack.files.size).toBe(files + 2);
  });
});

/** A raw HTTP request to the playground, with any Host header. */
function send(
  playground: Playground,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: playground.port, method: 'POST', path, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the playground’s shortcut and workflow routes', () => {
  let playground: Playground;
  let dataDir: string;
  const activity: StandinActivity[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'playground-forged-'));
    playground = await startPlayground({
      port: 0,
      host: '127.0.0.1',
      env: { DATA_DIR: dataDir, VENDOR: 'sandbox' },
      logger: createLogger({ level: 'silent', destination: new LogCapture() }),
    });
    playground.standin.observe((a) => activity.push(a));
  });
  afterAll(async () => {
    await playground?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const CALLS: [string, Json][] = [
    ['/api/shortcut', { userId: 'U0ALEX', callbackId: 'new_customer' }],
    ['/api/workflow', { userId: 'U0ALEX', callbackId: 'create_customer', inputs: { name: 'Rebound Co' } }],
  ];

  it('answers 401 without this start’s token and 403 to a rebinding Host, and the bot hears nothing', async () => {
    const version = playground.model.snapshot().version;
    const seen = activity.length;
    const local = { host: `127.0.0.1:${playground.port}`, 'content-type': 'application/json' };
    for (const [path, body] of CALLS) {
      const text = JSON.stringify(body);
      const none = await send(playground, path, local, text);
      const guessed = await send(playground, path, { ...local, 'x-playground-token': 'A'.repeat(43) }, text);
      const rebound = await send(
        playground,
        path,
        { ...local, host: 'rebind.attacker.example', 'x-playground-token': playground.token },
        text,
      );
      const crossSite = await send(
        playground,
        path,
        { ...local, 'x-playground-token': playground.token, origin: 'https://attacker.example' },
        text,
      );
      expect([path, none.status, guessed.status, rebound.status, crossSite.status]).toEqual([
        path,
        401,
        401,
        403,
        403,
      ]);
    }
    expect(playground.model.snapshot().version).toBe(version);
    expect(activity.length).toBe(seen);

    // With the token, from the page itself, each is heard.
    for (const [path, body] of CALLS) {
      const ok = await send(
        playground,
        path,
        { ...local, 'x-playground-token': playground.token },
        JSON.stringify(body),
      );
      expect([path, ok.status]).toEqual([path, 200]);
    }
  });
});
