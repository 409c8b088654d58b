// The Home tab of someone the bot refuses everything (a guest or a Slack Connect user under the default guest
// role "No access"): it says why and whom to ask, and shows none of the connection's facts (the PSA account, the
// key's last characters, the API user, the index's counts) nor the workspace's roles. Once an admin grants guests
// lookups, the same person sees the Home tab a member sees.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';
import { type StartedApp, startApp, textOf } from '../helpers/app.js';
import { install, OAUTH_ENV, team } from '../helpers/oauth.js';
import { connectFromHome, openHome, saveRoles } from './support.js';

const t = team('TGHOME001', 'Harbour IT', 'UGHADMIN1');
const GUEST = 'UGHGUEST1';
const EXTERNAL = 'UGHEXTRN1';
const MEMBER = 'UGHMEMBR1';
const API_KEY = 'atera-home-guest-key-7q3z';
const NO_ACCESS = /do not have access to this bot in this workspace/;

describe('the Home tab of someone with no access', () => {
  let atera: FakeAtera;
  let app: StartedApp;
  /** What the installer's Home tab shows of the connection: what a refused person must not see. */
  let adminHome: string;

  beforeAll(async () => {
    atera = await startFakeAtera({ apiKey: API_KEY });
    app = await startApp({ env: { ...OAUTH_ENV, ATERA_BASE_URL: atera.url } });
    app.slack.users.set(t.installer, { id: t.installer, name: 'admin', isAdmin: true });
    app.slack.users.set(GUEST, { id: GUEST, name: 'client.guest', isGuest: true });
    app.slack.users.set(EXTERNAL, { id: EXTERNAL, name: 'partner', teamId: 'TPARTNER9', isAdmin: true });
    app.slack.users.set(MEMBER, { id: MEMBER, name: 'tech' });
    expect((await install(app, t)).status).toBe(200);
    await connectFromHome(app, { teamId: t.id, userId: t.installer }, 'atera', API_KEY);
    // A lookup warms the index, so its counts are on the Home tab too.
    const sent = await app.sendCommand('/customer', 'acme', { teamId: t.id, userId: t.installer });
    await app.responseFor(sent.responseUrl);
    adminHome = textOf(await openHome(app, t.id, t.installer));
  });
  afterEach(() => {
    expect(app.slack.violations).toEqual([]);
  });
  afterAll(async () => {
    await app?.stop();
    await atera?.close();
  });

  /** The connection's facts as the admin's Home tab gives them. */
  const CONNECTION_FACTS = () => {
    const account = /\*Account\*\n(.+)/.exec(adminHome)?.[1] ?? 'no account line';
    const facts = [account, `…${API_KEY.slice(-4)}`, 'search index', 'Who may delete', 'Everyone else'];
    for (const f of facts) expect(adminHome).toContain(f);
    return facts;
  };

  for (const [who, userId] of [
    ['a guest', GUEST],
    ['a Slack Connect user', EXTERNAL],
  ] as const) {
    it(`shows ${who} only the refusal and whom to ask`, async () => {
      const home = textOf(await openHome(app, t.id, userId));
      expect(home).toMatch(NO_ACCESS);
      for (const fact of CONNECTION_FACTS()) expect(home).not.toContain(fact);
      expect(home).not.toContain('Reconnect');
    });
  }

  it('shows a member the connection, and a guest too once guests may look up', async () => {
    const member = textOf(await openHome(app, t.id, MEMBER));
    for (const fact of CONNECTION_FACTS()) expect(member).toContain(fact);
    expect(member).not.toMatch(NO_ACCESS);

    const ack = await saveRoles(app, { teamId: t.id, userId: t.installer }, [
      [/^Guests and people from other organisations$/, { option: 'viewer' }],
    ]);
    expect(ack.status).toBe(200);
    const guest = textOf(await openHome(app, t.id, GUEST));
    expect(guest).toContain(`…${API_KEY.slice(-4)}`);
    expect(guest).not.toMatch(NO_ACCESS);
  });
});
