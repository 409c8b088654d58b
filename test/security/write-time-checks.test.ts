// Issue 14, item 7: permission is checked again at the moment a write runs, not only when it was asked for. A
// requester demoted while their delete waits cannot confirm it; "Create anyway" on the duplicates view is a create
// like any other; ADMIN_USER_IDS makes no one an admin of every workspace in OAuth mode (a bare id stops the
// process with one line, a team-qualified one is an admin of that team only).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/store/workspace-settings.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { CLIENT_ID, CLIENT_SECRET, install, OAUTH_ENV, team } from '../helpers/oauth.js';
import { buttonNamed, click, filledModal, openHome, saveRoles, submit } from './support.js';

type Json = Record<string, unknown>;

const ADMIN = 'UWADMIN01';
const MEMBER = 'UWMEMBER1';
const GUEST = 'UWGUEST01';

describe('item 7: the permission is checked again when the write runs', () => {
  let app: StartedApp;

  beforeAll(async () => {
    app = await startApp({ vendor: 'atera', atera: { seed: { customers: NAMED_CUSTOMERS } } });
    app.slack.users.set(ADMIN, { id: ADMIN, name: 'olivia', isOwner: true });
    app.slack.users.set(MEMBER, { id: MEMBER, name: 'tom' });
    app.slack.users.set(GUEST, { id: GUEST, name: 'client.guest', isGuest: true });
  });
  afterEach(async () => {
    expect(app.slack.violations).toEqual([]);
    await app.bot.services.store.settings.put('T0001', DEFAULT_SETTINGS);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const atera = () => {
    if (!app.atera) throw new Error('no fake Atera');
    return app.atera;
  };
  const member = { userId: MEMBER, userName: 'tom' };

  it('refuses the confirmation of a requester demoted within the confirmation window, and deletes nothing', async () => {
    await saveRoles(app, { userId: ADMIN }, [[/^Who may delete/, { option: 'editors' }]]);
    const sent = await app.sendCommand('/customer', 'initech', member);
    const card = await app.responseFor(sent.responseUrl);
    expect(textOf(card)).toContain('Initech LLC');
    const posts = app.slack.callsTo('chat.postMessage').length;
    await click(app, member, buttonNamed(card, /^Delete$/));
    const request = await waitUntil('the delete request', () => app.slack.callsTo('chat.postMessage')[posts]);
    const confirm = buttonNamed(request.args, /^Delete$/, true);

    // While it waits, an admin makes everyone else a viewer.
    await saveRoles(app, { userId: ADMIN }, [[/^Everyone else$/, { option: 'viewer' }]]);
    expect((await app.bot.services.store.settings.get('T0001')).defaultRole).toBe('viewer');

    const url = app.slack.responseUrl();
    await click(app, member, confirm, { responseUrl: url, messageTs: '1700000000.000800' });
    expect(textOf(await app.responseFor(url))).toMatch(/Only admins and editors can delete/);
    expect(atera().requests('DELETE')).toEqual([]);
    expect(
      atera()
        .customers()
        .some((c) => c.CustomerName === 'Initech LLC'),
    ).toBe(true);
    const pending = await app.bot.services.store.pendingDeletes.get('T0001', String(confirm.button.value));
    expect(pending?.status).toBe('pending');
  });

  it('refuses "Create anyway" by someone who may not create, and creates nothing', async () => {
    const calls = app.slack.calls.length;
    await app.sendCommand('/customer', 'new Acme Corp', member);
    const form = await filledModal(
      app,
      /^Company name$/,
      calls,
      (v) => !textOf(v).includes('Loading custom fields'),
    );
    const asked = await submit(app, member, form, [[/^Company name$/, 'Acme Corp']]);
    expect(asked.json?.response_action).toBe('push');
    const duplicates = { ...(asked.json?.view as Json), id: 'VDUPLICATES1', hash: 'h2' };
    expect(textOf(duplicates)).toContain('Acme Corporation');
    const creates = () =>
      atera()
        .requests('POST')
        .filter((r) => /\/customers$/.test(r.path));

    // Someone without access submits the member's duplicates view (its metadata carries the onboarding's key).
    const byGuest = await submit(app, { userId: GUEST }, duplicates, []);
    expect(byGuest.json?.response_action).toBe('update');
    expect(textOf(byGuest.json)).toMatch(/do not have access/);

    // The member is made a viewer while choosing; "Create anyway" is then refused too.
    await saveRoles(app, { userId: ADMIN }, [[/^Everyone else$/, { option: 'viewer' }]]);
    const byMember = await submit(app, member, duplicates, []);
    expect(byMember.json?.response_action).toBe('update');
    expect(textOf(byMember.json)).toMatch(/Only admins and editors can create/);

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(creates()).toEqual([]);
    expect(
      atera()
        .customers()
        .filter((c) => c.CustomerName === 'Acme Corp'),
    ).toEqual([]);
  });
});

describe('item 7: ADMIN_USER_IDS in OAuth mode', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));

  it('stops the process with one line for a bare user id, which would be an admin of every workspace', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'msp-admin-ids-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          DATA_DIR: dataDir,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'error',
          SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789',
          SLACK_CLIENT_ID: CLIENT_ID,
          SLACK_CLIENT_SECRET: CLIENT_SECRET,
          SLACK_STATE_SECRET: OAUTH_ENV.SLACK_STATE_SECRET ?? '',
          ADMIN_USER_IDS: 'T0ALPHA01:U0ALICE1,U0BOB0001',
        },
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^config: ADMIN_USER_IDS is invalid: with many workspaces \(OAuth\) each admin must name its team, like T012ABC:U012ABC/,
        ),
      ]);
      expect(stdout).not.toContain('bot listening');
      expect(stderr).not.toContain(CLIENT_SECRET);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('a team-qualified id', () => {
    const alpha = team('TQUALIFY1', 'Alpha IT', 'UQALPHAAD');
    const beta = team('TQUALIFY2', 'Beta Managed', 'UQBETAADM');
    /** A plain member of both workspaces (an org-wide user of an Enterprise Grid has one id everywhere). */
    const BOB = 'UQBOB0001';
    let app: StartedApp;

    beforeAll(async () => {
      app = await startApp({ env: { ...OAUTH_ENV, ADMIN_USER_IDS: `${alpha.id}:${BOB}` } });
      for (const t of [alpha, beta]) {
        app.slack.users.set(t.installer, { id: t.installer, name: 'admin', isAdmin: true });
        expect((await install(app, t)).status).toBe(200);
      }
      app.slack.users.set(BOB, { id: BOB, name: 'bob' });
    });
    afterAll(async () => {
      await app?.stop();
    });

    it('is an admin of that team only', async () => {
      const store = app.bot.services.store;
      // In alpha, Bob is an admin: the Home tab offers the settings, and his change is saved.
      const saved = await saveRoles(app, { teamId: alpha.id, userId: BOB }, [
        [/^Everyone else$/, { option: 'viewer' }],
      ]);
      expect(saved.status).toBe(200);
      expect((await store.settings.get(alpha.id)).defaultRole).toBe('viewer');
      const rolesView = (app.slack.callsTo('views.open').at(-1)?.args.view ?? {}) as Json;

      // In beta he is not: no settings on his Home tab, and the same submission, sent there, is refused.
      const home = await openHome(app, beta.id, BOB, beta.botToken);
      expect(textOf(home)).not.toContain('Change roles and settings');
      const refused = await submit(app, { teamId: beta.id, userId: BOB }, rolesView, [
        [/^Everyone else$/, { option: 'none' }],
      ]);
      expect(textOf(refused.json)).toMatch(/Only admins can change the bot’s settings/);
      expect((await store.settings.get(beta.id)).defaultRole).toBe(DEFAULT_SETTINGS.defaultRole);
      expect(app.slack.violations).toEqual([]);
    });
  });
});
