// OAuth mode for end-to-end tests: the settings that turn it on, an install through /slack/install and
// /slack/oauth_redirect against the fake Slack's oauth.v2.access, and signed Events API callbacks.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { CONNECT_BLOCKS, CONNECT_CALLBACK, type ConnectVendor } from '../../blocks/connect-modal.js';
import { HOME_ACTIONS } from '../../blocks/home.js';
import { BOT_SCOPES } from '../../src/auth/bot-scopes.js';
import { SIGNING_SECRET, type StartedApp, textOf, waitUntil } from './app.js';
import { blockAction, viewSubmission } from './payloads.js';
import { signedHeaders } from './signing.js';

export const CLIENT_ID = '1111.2222';
export const CLIENT_SECRET = 'oauth-client-secret-value-0123';

/** startApp's env for OAuth mode: client credentials set, the single-workspace bot token unset (blank = unset). */
export const OAUTH_ENV: Record<string, string> = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: CLIENT_ID,
  SLACK_CLIENT_SECRET: CLIENT_SECRET,
  SLACK_STATE_SECRET: 'state-secret-0123456789abcdef',
};

export interface Team {
  id: string;
  name: string;
  /** The bot token oauth.v2.access hands out for this team. */
  botToken: string;
  /** Who clicked Install. */
  installer: string;
}

export function team(id: string, name: string, installer: string): Team {
  return { id, name, installer, botToken: `xoxb-${id}-${randomBytes(8).toString('hex')}` };
}

export interface InstallStart {
  /** The state the bot put in the authorize URL, and in the browser's cookie. */
  state: string;
  cookie: string;
  authorizeUrl: URL;
}

/** GET /slack/install, as the browser of someone clicking "Add to Slack". */
export async function beginInstall(app: StartedApp): Promise<InstallStart> {
  const res = await fetch(`${app.url}/slack/install`, { redirect: 'manual' });
  const html = await res.text();
  const href = /href="(https:\/\/slack\.com\/oauth\/v2\/authorize[^"]+)"/.exec(html)?.[1];
  if (!href) throw new Error(`no authorize link on the install page (HTTP ${res.status})`);
  const authorizeUrl = new URL(href.replace(/&amp;/g, '&'));
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('slack-app-oauth-state='));
  const state = authorizeUrl.searchParams.get('state');
  if (!cookie || !state) throw new Error('the install page set no state');
  return { state, cookie: cookie.split(';')[0] ?? '', authorizeUrl };
}

/** Slack's redirect back to the bot after the user approved, with the code and state. */
export async function finishInstall(
  app: StartedApp,
  params: { code: string; state: string; cookie?: string },
): Promise<{ status: number; html: string }> {
  const query = new URLSearchParams({ code: params.code, state: params.state });
  const res = await fetch(`${app.url}/slack/oauth_redirect?${query}`, {
    redirect: 'manual',
    headers: params.cookie ? { cookie: params.cookie } : {},
  });
  return { status: res.status, html: await res.text() };
}

/** The whole install of one team: the fake Slack answers oauth.v2.access with that team's bot token. */
export async function install(app: StartedApp, t: Team): Promise<{ status: number; html: string }> {
  const started = await beginInstall(app);
  app.slack.oauthAccess = {
    ok: true,
    access_token: t.botToken,
    token_type: 'bot',
    scope: BOT_SCOPES.join(','),
    bot_user_id: `UBOT${t.id}`,
    app_id: 'A0BOT',
    team: { id: t.id, name: t.name },
    enterprise: null,
    is_enterprise_install: false,
    authed_user: { id: t.installer },
  };
  try {
    return await finishInstall(app, { code: `code-${t.id}`, state: started.state, cookie: started.cookie });
  } finally {
    app.slack.oauthAccess = undefined;
  }
}

/** A signed Events API callback (JSON), as Slack delivers app_home_opened, app_uninstalled and the like. */
export async function sendEvent(app: StartedApp, teamId: string, event: Record<string, unknown>) {
  const body = JSON.stringify({
    token: 'legacy-verification-token-abc',
    team_id: teamId,
    api_app_id: 'A0BOT',
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, enterprise_id: null, is_enterprise_install: false, is_bot: true }],
    event,
  });
  return app.post(body, signedHeaders(SIGNING_SECRET, body, undefined, 'application/json'));
}

/** What an admin puts in the Connect modal: the vendor and region as choices, the rest typed (null = left empty). */
export type ConnectFields = { vendor: ConnectVendor } & Partial<
  Record<Exclude<keyof typeof CONNECT_BLOCKS, 'vendor'>, string | null>
>;
const CONNECT_CHOICES: ReadonlySet<string> = new Set(['vendor', 'region']);

/**
 * The Home tab's Connect button, then the Connect modal submitted with `fields` as the team's installer would;
 * resolves with the text of the modal the key test leaves ("Connected to …" or why not).
 */
export async function connectThroughHome(app: StartedApp, t: Team, fields: ConnectFields): Promise<string> {
  const who = { teamId: t.id, userId: t.installer, userName: 'admin' };
  const before = app.slack.callsTo('views.open').length;
  await app.sendPayload(
    blockAction({ ...who, actionId: HOME_ACTIONS.connect, view: { id: 'VHOME', type: 'home' } }),
  );
  const opened = await waitUntil('the Connect modal', () => app.slack.callsTo('views.open')[before]);
  expect(opened.token).toBe(t.botToken);
  const modal = opened.args.view as Record<string, unknown>;
  expect(modal.callback_id).toBe(CONNECT_CALLBACK);
  const updatesBefore = app.slack.callsTo('views.update').length;
  const viewId = `VCONNECT${t.id}${updatesBefore}`;
  const values = Object.fromEntries(
    Object.entries(fields).map(([field, value]) => [
      CONNECT_BLOCKS[field as keyof typeof CONNECT_BLOCKS],
      {
        value: CONNECT_CHOICES.has(field)
          ? { type: 'static_select', selected_option: value == null ? null : { value } }
          : { type: 'plain_text_input', value: value ?? null },
      },
    ]),
  );
  const ack = await app.sendPayload(
    viewSubmission({ ...who, view: { ...modal, id: viewId, hash: 'h1' }, values }),
  );
  expect(ack.json?.response_action).toBe('update');
  expect(textOf(ack.json)).toMatch(/Testing the key/);
  const update = await waitUntil('the modal after the key test', () =>
    app.slack.callsTo('views.update').find((c, i) => i >= updatesBefore && c.args.view_id === viewId),
  );
  return textOf(update.args.view);
}
