// Many workspaces over real HTTP: two teams install through OAuth, connect different vendors from the Home tab,
// and see only their own customers, queue and audit trail; one uninstalls and the other carries on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BOT_SCOPES } from '../../src/auth/bot-scopes.js';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';
import { type FakeSyncro, startFakeSyncro } from '../fakes/syncro/server.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import {
  beginInstall,
  CLIENT_ID,
  connectThroughHome,
  finishInstall,
  install,
  OAUTH_ENV,
  sendEvent,
  type Team,
  team,
} from '../helpers/oauth.js';

const alpha = team('TALPHA01', 'Alpha IT', 'UALPHAADM');
const beta = team('TBETA002', 'Beta Managed', 'UBETAADM');

let atera: FakeAtera;
let syncro: FakeSyncro;
let app: StartedApp;

beforeAll(async () => {
  atera = await startFakeAtera({
    apiKey: 'atera-alpha-key-7f3c9d1e5b',
    seed: { customers: [{ name: 'Acme Dental Group', domain: 'acme-dental.example' }] },
    generate: { customers: 5, seed: 3 },
  });
  syncro = await startFakeSyncro({
    apiKey: 'syncro-beta-token-4a8e2c6f0d',
    seed: { customers: [{ name: 'Harbor Insurance Partners', email: 'office@harbor-insurance.example' }] },
    generate: { customers: 5, seed: 4 },
  });
  app = await startApp({
    env: { ...OAUTH_ENV, ATERA_BASE_URL: atera.url, SYNCRO_BASE_URL: syncro.url },
  });
  for (const t of [alpha, beta])
    app.slack.users.set(t.installer, { id: t.installer, name: 'admin', isAdmin: true });
});

afterAll(async () => {
  await app?.stop();
  await atera?.close();
  await syncro?.close();
});

async function lookup(t: Team, query: string): Promise<string> {
  const sent = await app.sendCommand('/customer', query, { teamId: t.id, userId: t.installer });
  expect(sent.status).toBe(200);
  return textOf(await app.responseFor(sent.responseUrl));
}

describe('many workspaces in OAuth mode', () => {
  it('installs two workspaces through /slack/install and oauth.v2.access on the fake Slack', async () => {
    for (const t of [alpha, beta]) {
      const done = await install(app, t);
      expect(done.status).toBe(200);
      expect(done.html).toContain('Thank you');
    }
    const exchanges = app.slack.callsTo('oauth.v2.access');
    expect(exchanges.map((c) => c.args.code)).toEqual([`code-${alpha.id}`, `code-${beta.id}`]);
    expect(exchanges[0]?.args.client_id).toBe(CLIENT_ID);
    const store = app.bot.services.store;
    expect(await store.installations.keys()).toEqual([alpha.id, beta.id].sort());
  });

  it('asks Slack for the manifest’s bot scopes, with a state only this browser holds', async () => {
    const { authorizeUrl, state, cookie } = await beginInstall(app);
    expect(authorizeUrl.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorizeUrl.searchParams.get('scope')).toBe(BOT_SCOPES.join(','));
    expect(BOT_SCOPES).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'chat:write.public', 'users:read']),
    );
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  });

  it('refuses a forged state, and a real state from another browser, without exchanging the code', async () => {
    const exchangesBefore = app.slack.callsTo('oauth.v2.access').length;
    const forged = await finishInstall(app, {
      code: 'code-evil',
      state: 'forged',
      cookie: 'slack-app-oauth-state=forged',
    });
    expect(forged.status).toBe(400);
    const real = await beginInstall(app);
    const noCookie = await finishInstall(app, { code: 'code-evil', state: real.state });
    expect(noCookie.status).toBe(400);
    expect(app.slack.callsTo('oauth.v2.access')).toHaveLength(exchangesBefore);
    expect(await app.bot.services.store.installations.keys()).toEqual([alpha.id, beta.id].sort());
  });

  it('shows the vendor’s answer in the modal when a key fails its test, and saves nothing', async () => {
    const text = await connectThroughHome(app, alpha, { vendor: 'atera', apiKey: 'not-the-right-key-123' });
    expect(text).toMatch(/Atera did not accept this key/);
    expect(text).not.toContain('not-the-right-key-123');
    expect(await app.bot.services.store.vendorConnections.status(alpha.id)).toBeUndefined();
  });

  it('connects each workspace to its own vendor from the Home tab after testing the key', async () => {
    expect(await connectThroughHome(app, alpha, { vendor: 'atera', apiKey: atera.apiKey })).toMatch(
      /Connected to Atera/,
    );
    expect(
      await connectThroughHome(app, beta, { vendor: 'syncro', apiKey: syncro.apiKey, subdomain: 'beta' }),
    ).toMatch(/Connected to Syncro/);
    const store = app.bot.services.store;
    expect(await store.vendorConnections.status(alpha.id)).toMatchObject({
      vendor: 'atera',
      keyHint: '…1e5b',
    });
    expect(await store.vendorConnections.status(beta.id)).toMatchObject({
      vendor: 'syncro',
      keyHint: '…6f0d',
    });
  });

  it('answers each workspace from its own vendor only, through its own queue and index', async () => {
    const store = app.bot.services.store;
    await store.db.run('UPDATE vendor_connections SET last_ok_at = NULL');
    expect(await lookup(alpha, 'acme dental')).toContain('Acme Dental Group');
    // A successful vendor call is what the Home tab's "last successful call" shows.
    await vi.waitFor(async () =>
      expect((await store.vendorConnections.status(alpha.id))?.lastOkAt).toEqual(expect.any(Number)),
    );
    expect(await lookup(beta, 'harbor insurance')).toContain('Harbor Insurance Partners');
    expect(await lookup(alpha, 'harbor insurance')).not.toContain('Harbor Insurance Partners');
    expect(await lookup(beta, 'acme dental')).not.toContain('Acme Dental Group');
    expect(syncro.requests().every((r) => !r.path.includes('acme'))).toBe(true);
    const queues = app.bot.services.queues.stats().map((q) => q.workspace);
    expect(queues).toEqual(expect.arrayContaining([alpha.id, beta.id]));
    const indexes = app.bot.services.indexes.stats().map((s) => s.workspace);
    expect(indexes.sort()).toEqual([alpha.id, beta.id].sort());
  });

  it('keeps each workspace’s audit trail to itself, with no key in it', async () => {
    const store = app.bot.services.store;
    const alphaTrail = await store.audit.latest({ workspace: alpha.id });
    const betaTrail = await store.audit.latest({ workspace: beta.id });
    expect(alphaTrail.map((e) => [e.entityType, e.outcome])).toEqual([
      ['connection', 'ok'],
      ['connection', 'failed'],
    ]);
    expect(betaTrail.map((e) => [e.vendor, e.outcome])).toEqual([['syncro', 'ok']]);
    expect(alphaTrail.every((e) => e.workspace === alpha.id)).toBe(true);
    const all = JSON.stringify([...alphaTrail, ...betaTrail]);
    for (const secret of [atera.apiKey, syncro.apiKey, 'not-the-right-key-123'])
      expect(all).not.toContain(secret);
  });

  it('publishes each workspace’s own Home tab with its connection', async () => {
    await sendEvent(app, beta.id, {
      type: 'app_home_opened',
      user: beta.installer,
      tab: 'home',
      channel: 'D1',
    });
    const published = await waitUntil('the Home tab', () =>
      app.slack
        .callsTo('views.publish')
        .find((c) => c.token === beta.botToken && c.args.user_id === beta.installer),
    );
    const text = textOf(published.args.view);
    expect(text).toContain('Syncro');
    expect(text).toContain('…6f0d');
    expect(text).not.toContain(syncro.apiKey);
    expect(text).not.toContain('Atera');
  });

  it('writes no key or token in plain text into the store’s file', () => {
    const dir = app.config.dataDir;
    const bytes = ['msp-desk.sqlite', 'msp-desk.sqlite-wal']
      .map((f) => {
        try {
          return readFileSync(join(dir, f));
        } catch {
          return Buffer.alloc(0);
        }
      })
      .reduce((a, b) => Buffer.concat([a, b]));
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of [atera.apiKey, syncro.apiKey, alpha.botToken, beta.botToken]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('forgets an uninstalled workspace entirely, and the other keeps working', async () => {
    const reply = await sendEvent(app, alpha.id, { type: 'app_uninstalled' });
    expect(reply.status).toBe(200);
    const store = app.bot.services.store;
    // The event is acknowledged first and handled after; its last step is the audit line.
    await vi.waitFor(
      async () =>
        expect((await store.audit.latest({ workspace: alpha.id }))[0]?.entityName).toBe('App uninstalled'),
      { timeout: 5000 },
    );
    expect(app.bot.services.queues.stats().map((q) => q.workspace)).not.toContain(alpha.id);
    expect(await store.installations.exists(alpha.id)).toBe(false);
    expect(await store.vendorConnections.status(alpha.id)).toBeUndefined();
    expect(await store.settings.get(alpha.id)).toEqual(await store.settings.get('never-installed'));
    expect(app.bot.services.indexes.stats().map((s) => s.workspace)).toEqual([beta.id]);
    // The audit trail stays (the connection lines are still there).
    expect(await store.audit.latest({ workspace: alpha.id })).toHaveLength(3);

    // Alpha's requests are no longer authorized; Beta's still are, from Beta's vendor.
    const refused = await app.sendCommand('/customer', 'acme', { teamId: alpha.id, userId: alpha.installer });
    expect(refused.text).toBe('');
    // Acked before Bolt looked the workspace up; Bolt then finds no installation and calls no listener.
    await waitUntil('the refusal', () =>
      app.logs.text().includes('Authorization of incoming event did not succeed') ? true : undefined,
    );
    expect(await lookup(beta, 'harbor insurance')).toContain('Harbor Insurance Partners');
    expect(app.slack.responses.some((r) => r.id === refused.responseUrl.split('/').pop())).toBe(false);
    expect(await store.installations.keys()).toEqual([beta.id]);
    expect(app.slack.violations).toEqual([]);
    // Debug logging was on throughout: no key or token reached a log line.
    for (const secret of [
      atera.apiKey,
      syncro.apiKey,
      'not-the-right-key-123',
      alpha.botToken,
      beta.botToken,
    ])
      expect(app.logs.text()).not.toContain(secret);
  });

  it('forgets a workspace whose bot token is revoked, but not for a revoked user token the bot never held', async () => {
    const store = app.bot.services.store;
    await sendEvent(app, beta.id, { type: 'tokens_revoked', tokens: { oauth: ['UBETAUSER'] } });
    expect(await lookup(beta, 'harbor insurance')).toContain('Harbor Insurance Partners');
    expect(await store.installations.exists(beta.id)).toBe(true);
    await sendEvent(app, beta.id, { type: 'tokens_revoked', tokens: { bot: [`UBOT${beta.id}`] } });
    await vi.waitFor(
      async () =>
        expect((await store.audit.latest({ workspace: beta.id }))[0]?.entityName).toBe('Bot token revoked'),
      { timeout: 5000 },
    );
    expect(await store.installations.keys()).toEqual([]);
    expect(await store.vendorConnections.status(beta.id)).toBeUndefined();
    expect(app.bot.services.indexes.stats()).toEqual([]);
  });
});
