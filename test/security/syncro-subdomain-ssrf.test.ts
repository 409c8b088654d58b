// Found sound, kept so: the Syncro subdomain an admin types in the Home tab's Connect form only ever names a host
// under syncromsp.com. Anything that would point the key test (and the key) elsewhere, such as another host, a
// port, a path or user info, is refused in the form, before any request leaves, and nothing is saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { install, OAUTH_ENV, team } from '../helpers/oauth.js';
import { buttonNamed, click, openHome, submit } from './support.js';

const admin = team('TSSRF0001', 'Gamma IT', 'UGAMMAADM');
const who = { teamId: admin.id, userId: admin.installer, userName: 'admin' };

const HOSTILE_SUBDOMAINS = [
  'evil.example',
  'evil.example/',
  'acme.syncromsp.com.evil.example',
  '127.0.0.1',
  '169.254.169.254',
  'localhost:8080',
  'acme:443',
  'user@evil.example',
  'acme/../../admin',
  'acme#',
  'acme?x=1',
  '%65vil',
  '-acme',
  'a b',
  `${'a'.repeat(64)}`,
];

describe('the Syncro subdomain cannot point the key anywhere but syncromsp.com', () => {
  let app: StartedApp;
  beforeAll(async () => {
    // No SYNCRO_BASE_URL: the subdomain alone decides the host, as in production.
    app = await startApp({ env: { ...OAUTH_ENV } });
    app.slack.users.set(admin.installer, { id: admin.installer, name: 'admin', isAdmin: true });
    expect((await install(app, admin)).status).toBe(200);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('refuses each hostile subdomain in the form, tests no key and saves nothing', async () => {
    const home = await openHome(app, admin.id, admin.installer);
    const connectButton = buttonNamed(home, /^(Connect|Reconnect)$/);
    for (const subdomain of HOSTILE_SUBDOMAINS) {
      const opens = app.slack.callsTo('views.open').length;
      await click(app, who, connectButton, { view: { id: 'VHOMESSRF', type: 'home' } });
      const opened = await waitUntil('the Connect modal', () => app.slack.callsTo('views.open')[opens]);
      const updates = app.slack.callsTo('views.update').length;
      const ack = await submit(app, who, opened.args.view as Record<string, unknown>, [
        [/^Vendor/, { option: 'syncro' }],
        [/API key/, 'syncro-api-token-0123456789'],
        [/^Subdomain/, subdomain],
      ]);
      // Refused inside the ack, next to the field: the key test never starts.
      expect([subdomain, ack.json?.response_action]).toEqual([subdomain, 'errors']);
      expect(JSON.stringify(ack.json?.errors)).toMatch(/subdomain/i);
      expect(
        app.slack
          .callsTo('views.update')
          .slice(updates)
          .map((c) => textOf(c.args.view)),
      ).toEqual([]);
    }
    expect(await app.bot.services.store.vendorConnections.status(admin.id)).toBeUndefined();
    // The key typed into the form is in no message and no log line.
    expect(app.logs.text()).not.toContain('syncro-api-token-0123456789');
  });
});
