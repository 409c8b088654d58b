// The weekly duplicates report with many workspaces (OAuth mode): each workspace's look is its own. Two
// workspaces due at the same moment each get their report, with their own bot token, in their own channel, with
// their own pairs only; one workspace's claim on this week's look never takes the other's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDuplicatesReport } from '../../handlers/events/duplicates-report.js';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';
import { type FakeSyncro, startFakeSyncro } from '../fakes/syncro/server.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { install, OAUTH_ENV, type Team, team } from '../helpers/oauth.js';
import { connectFromHome } from './support.js';

const alpha = team('TWKALPHA1', 'Alpha IT', 'UWKALPHA1');
const beta = team('TWKBETA01', 'Beta Managed', 'UWKBETA01');
const who = (t: Team) => ({ teamId: t.id, userId: t.installer, userName: 'admin' });
const CHANNEL = { [alpha.id]: 'C0ALPHADUP', [beta.id]: 'C0BETADUP' };

describe('the weekly duplicates report, with two workspaces due at once', () => {
  let atera: FakeAtera;
  let syncro: FakeSyncro;
  let app: StartedApp;

  beforeAll(async () => {
    atera = await startFakeAtera({
      apiKey: 'atera-wk-alpha-1a2b3c4d',
      seed: {
        customers: [
          { name: 'Contoso Pharmacy', domain: 'contoso-pharmacy.example' },
          { name: 'Contoso Pharmacy Ltd', domain: 'contoso-pharmacy.example' },
        ],
      },
    });
    syncro = await startFakeSyncro({
      apiKey: 'syncro-wk-beta-5e6f7a8b',
      seed: {
        customers: [
          { name: 'Harbor Dental Group', email: 'front@harbor-dental.example' },
          { name: 'Harbor Dental Group LLC', email: 'billing@harbor-dental.example' },
        ],
      },
    });
    app = await startApp({ env: { ...OAUTH_ENV, ATERA_BASE_URL: atera.url, SYNCRO_BASE_URL: syncro.url } });
    for (const t of [alpha, beta]) {
      app.slack.users.set(t.installer, { id: t.installer, name: 'admin', isAdmin: true });
      expect((await install(app, t)).status).toBe(200);
    }
    await connectFromHome(app, who(alpha), 'atera', atera.apiKey);
    await connectFromHome(app, who(beta), 'syncro', syncro.apiKey);
  });
  afterAll(async () => {
    await app?.stop();
    await atera?.close();
    await syncro?.close();
  });

  it('posts each workspace’s own report in its own channel, with its own token', async () => {
    const store = app.bot.services.store;
    for (const t of [alpha, beta]) {
      // Each admin picked a channel this week (and was never reported to before).
      await store.settings.put(t.id, {
        ...(await store.settings.get(t.id)),
        duplicatesReportChannel: CHANNEL[t.id] ?? null,
      });
      app.slack.memberChannels.add(CHANNEL[t.id] ?? '');
    }
    // One moment for both: the same look period, the same "never reported" mark.
    const clock = Date.parse('2026-12-07T09:00:00Z');
    registerDuplicatesReport(app.bot.app, app.bot.services, { everyMs: 40, now: () => clock });

    const postIn = (t: Team) =>
      waitUntil(`${t.name}’s report`, () =>
        app.slack.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL[t.id]),
      );
    const [toAlpha, toBeta] = await Promise.all([postIn(alpha), postIn(beta)]);
    expect(toAlpha.token).toBe(alpha.botToken);
    expect(toBeta.token).toBe(beta.botToken);
    expect(textOf(toAlpha.args)).toContain('Contoso Pharmacy');
    expect(textOf(toAlpha.args)).not.toContain('Harbor Dental');
    expect(textOf(toBeta.args)).toContain('Harbor Dental Group');
    expect(textOf(toBeta.args)).not.toContain('Contoso');
    // Each look is remembered as its workspace's own.
    for (const t of [alpha, beta]) {
      const deadline = Date.now() + 5000;
      while ((await store.settings.get(t.id)).duplicatesReportAt !== clock && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await store.settings.get(t.id)).duplicatesReportAt).toBe(clock);
    }
  });
});
