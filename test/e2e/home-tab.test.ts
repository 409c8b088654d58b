// The Home tab in single-workspace mode: the environment's connection, read-only; role settings for admins only.
import { afterEach, describe, expect, it } from 'vitest';
import { HOME_ACTIONS } from '../../blocks/home.js';
import { ROLES_BLOCKS, ROLES_CALLBACK } from '../../blocks/home-roles-modal.js';
import { type StartedApp, startApp, textOf, waitUntil } from '../helpers/app.js';
import { sendEvent } from '../helpers/oauth.js';
import { blockAction, viewSubmission } from '../helpers/payloads.js';

const ADMIN = 'U0ADMIN';
const MEMBER = 'U0MEMBER';

let app: StartedApp;
afterEach(async () => {
  expect(app.slack.violations).toEqual([]);
  await app.stop();
});

async function start(): Promise<StartedApp> {
  const started = await startApp();
  started.slack.users.set(ADMIN, { id: ADMIN, name: 'owner', isOwner: true });
  started.slack.users.set(MEMBER, { id: MEMBER, name: 'tech' });
  return started;
}

async function openHome(userId: string): Promise<Record<string, unknown>> {
  const before = app.slack.callsTo('views.publish').length;
  await sendEvent(app, 'T0001', { type: 'app_home_opened', user: userId, tab: 'home', channel: 'D0HOME' });
  const call = await waitUntil('the Home tab', () => app.slack.callsTo('views.publish')[before]);
  expect(call.args.user_id).toBe(userId);
  return call.args.view as Record<string, unknown>;
}

function rolesValues(o: { deleters: string; admins: string[]; defaultRole: string }) {
  return {
    [ROLES_BLOCKS.deleters]: { value: { type: 'radio_buttons', selected_option: { value: o.deleters } } },
    [ROLES_BLOCKS.admins]: { value: { type: 'multi_users_select', selected_users: o.admins } },
    [ROLES_BLOCKS.defaultRole]: {
      value: { type: 'radio_buttons', selected_option: { value: o.defaultRole } },
    },
  };
}

describe('the Home tab with one workspace', () => {
  it('shows the environment’s connection read-only, with no Connect button even for an admin', async () => {
    app = await start();
    const view = await openHome(ADMIN);
    expect(textOf(view)).toContain('Sandbox (demo data)');
    expect(textOf(view)).toContain('configured by environment');
    expect(JSON.stringify(view)).not.toContain(HOME_ACTIONS.connect);
    expect(JSON.stringify(view)).toContain(HOME_ACTIONS.roleSettings);
    const member = await openHome(MEMBER);
    expect(JSON.stringify(member)).not.toContain(HOME_ACTIONS.roleSettings);
  });

  it('lets an admin change roles, audits the change and shows it on the Home tab', async () => {
    app = await start();
    await app.sendPayload(
      blockAction({
        userId: ADMIN,
        actionId: HOME_ACTIONS.roleSettings,
        view: { id: 'VHOME', type: 'home' },
      }),
    );
    const opened = await waitUntil('the Roles modal', () => app.slack.callsTo('views.open')[0]);
    const modal = opened.args.view as Record<string, unknown>;
    expect(modal.callback_id).toBe(ROLES_CALLBACK);
    const ack = await app.sendPayload(
      viewSubmission({
        userId: ADMIN,
        view: { ...modal, id: 'VROLES', hash: 'h' },
        values: rolesValues({ deleters: 'editors', admins: ['U0HELPER'], defaultRole: 'viewer' }),
      }),
    );
    expect(ack.status).toBe(200);
    const store = app.bot.services.store;
    expect(await store.settings.get('T0001')).toMatchObject({
      editorsMayDelete: true,
      defaultRole: 'viewer',
      roles: { U0HELPER: 'admin' },
    });
    const home = await waitUntil('the republished Home tab', () => app.slack.callsTo('views.publish')[0]);
    expect(textOf(home.args.view)).toContain('Admins and editors');
    expect(textOf(home.args.view)).toContain('<@U0HELPER>');
    const [entry] = await store.audit.latest({ workspace: 'T0001' });
    expect(entry).toMatchObject({
      userId: ADMIN,
      action: 'settings',
      entityType: 'settings',
      changes: {
        editorsMayDelete: [false, true],
        defaultRole: ['editor', 'viewer'],
        admins: [[], ['U0HELPER']],
      },
    });
  });

  it('refuses a member’s role change, even submitted directly, and changes nothing', async () => {
    app = await start();
    const ack = await app.sendPayload(
      viewSubmission({
        userId: MEMBER,
        view: { id: 'VROLES', hash: 'h', callback_id: ROLES_CALLBACK, blocks: [] },
        values: rolesValues({ deleters: 'editors', admins: [MEMBER], defaultRole: 'editor' }),
      }),
    );
    expect(ack.json?.response_action).toBe('update');
    expect(textOf(ack.json)).toContain('Only admins can change the bot’s settings');
    expect(await app.bot.services.store.settings.get('T0001')).toMatchObject({
      editorsMayDelete: false,
      roles: {},
    });
    expect(await app.bot.services.store.audit.latest({ workspace: 'T0001' })).toEqual([]);
  });
});
