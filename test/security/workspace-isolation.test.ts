// Found sound, kept so: a workspace acts only on what is its own. An admin of another workspace who clicks a
// confirmation carrying this workspace's pending delete id (copied, guessed or replayed) deletes nothing, at
// either workspace's vendor; the requester's own confirmation still works once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';
import { type FakeSyncro, startFakeSyncro } from '../fakes/syncro/server.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { install, OAUTH_ENV, type Team, team } from '../helpers/oauth.js';
import { buttonNamed, click, connectFromHome } from './support.js';

const alpha = team('TISOALPHA', 'Alpha IT', 'UALPHAADMIN');
const beta = team('TISOBETA0', 'Beta Managed', 'UBETAADMIN0');
/** The same customer at both vendors: one search finds it in either workspace. */
const SHARED = { name: 'Northwind Traders', domain: 'northwind.example', email: 'it@northwind.example' };

describe('another workspace’s delete id deletes nothing', () => {
  let atera: FakeAtera;
  let syncro: FakeSyncro;
  let app: StartedApp;

  beforeAll(async () => {
    atera = await startFakeAtera({ apiKey: 'atera-iso-key-0a1b2c3d4e', seed: { customers: [SHARED] } });
    syncro = await startFakeSyncro({ apiKey: 'syncro-iso-key-5f6a7b8c9d', seed: { customers: [SHARED] } });
    app = await startApp({ env: { ...OAUTH_ENV, ATERA_BASE_URL: atera.url, SYNCRO_BASE_URL: syncro.url } });
    for (const t of [alpha, beta]) {
      app.slack.users.set(t.installer, { id: t.installer, name: 'admin', isAdmin: true });
      expect((await install(app, t)).status).toBe(200);
    }
    await connect(alpha, 'atera', atera.apiKey);
    await connect(beta, 'syncro', syncro.apiKey);
  });
  afterAll(async () => {
    await app?.stop();
    await atera?.close();
    await syncro?.close();
  });

  const who = (t: Team) => ({ teamId: t.id, userId: t.installer, userName: 'admin' });

  const connect = (t: Team, vendor: string, apiKey: string) => connectFromHome(app, who(t), vendor, apiKey);

  /** Alpha's admin asks to delete Northwind; resolves with the confirmation posted in the channel. */
  async function askToDelete(t: Team) {
    const sent = await app.sendCommand('/customer', 'northwind', who(t));
    const card = await app.responseFor(sent.responseUrl);
    expect(textOf(card)).toContain('Northwind Traders');
    const before = app.slack.callsTo('chat.postMessage').length;
    await click(app, who(t), buttonNamed(card, /^Delete$/));
    const posted = await waitUntil('the delete request', () => app.slack.callsTo('chat.postMessage')[before]);
    return posted.args;
  }

  it('refuses alpha’s pending delete when beta’s admin confirms it, and deletes at neither vendor', async () => {
    const request = await askToDelete(alpha);
    const confirm = buttonNamed(request, /^Delete$/, true);
    expect(String(confirm.button.value ?? '')).not.toBe('');

    // Beta's admin, in beta's workspace, clicks a confirmation carrying alpha's id.
    const refusedUrl = app.slack.responseUrl();
    const sent = await click(app, who(beta), confirm, {
      responseUrl: refusedUrl,
      messageTs: '1700000000.000200',
    });
    expect(sent.status).toBe(200);
    // Whatever beta is told, no vendor hears a delete.
    await waitUntil(
      'beta’s answer',
      () =>
        app.slack.responses.find((r) => r.id === refusedUrl.split('/').pop()) ??
        app.slack.calls.find((c) => c.method === 'chat.update' && c.token === beta.botToken) ??
        app.slack.calls.find((c) => c.method === 'chat.postEphemeral' && c.token === beta.botToken),
    );
    expect(atera.requests('DELETE')).toEqual([]);
    expect(syncro.requests('DELETE')).toEqual([]);
    expect(atera.customers()).toHaveLength(1);
    expect(syncro.customers()).toHaveLength(1);
    // Nothing beta's bot said carries alpha's customer or its deleter.
    const betaSaid = app.slack.calls.filter((c) => c.token === beta.botToken).map((c) => textOf(c.args));
    expect(betaSaid.join('\n')).not.toMatch(/Deleted by/);

    // Alpha's own admin confirms it in alpha: it runs, once, at alpha's vendor only.
    await click(app, who(alpha), confirm, { messageTs: '1700000000.000300' });
    await waitUntil('the delete at Atera', () => (atera.requests('DELETE').length > 0 ? true : undefined));
    expect(atera.requests('DELETE')).toHaveLength(1);
    expect(syncro.requests('DELETE')).toEqual([]);
  });
});
