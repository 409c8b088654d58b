// Drives the bot as Slack and a user would, through what a user sees: buttons found by their text, modal inputs
// by their labels. No action id or block id is imported, so these tests keep holding across a listener rewrite.
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StartedApp } from '../helpers/app.js';
import { waitUntil } from '../helpers/app.js';
import { sendEvent } from '../helpers/oauth.js';
import { blockAction, viewSubmission, type Who } from '../helpers/payloads.js';

type Json = Record<string, unknown>;

const plainOf = (text: unknown): string =>
  typeof text === 'object' && text !== null && typeof (text as Json).text === 'string'
    ? String((text as Json).text)
    : '';

/** Every button of a message or view, with the block it sits in. */
export function buttonsOf(surface: unknown): { button: Json; blockId: string }[] {
  const blocks = ((surface as Json | undefined)?.blocks as Json[] | undefined) ?? [];
  return blocks.flatMap((block) => {
    const elements = [
      ...((block.elements as Json[] | undefined) ?? []),
      ...(block.accessory ? [block.accessory as Json] : []),
    ];
    return elements
      .filter((el) => el.type === 'button')
      .map((button) => ({ button, blockId: String(block.block_id ?? '') }));
  });
}

/** The button whose text matches, and (optionally) whose style is `danger`. */
export function buttonNamed(surface: unknown, name: RegExp, danger?: boolean) {
  const found = buttonsOf(surface).find(
    ({ button }) =>
      name.test(plainOf(button.text)) && (danger === undefined || (button.style === 'danger') === danger),
  );
  if (!found) {
    const names = buttonsOf(surface).map(({ button }) => plainOf(button.text));
    throw new Error(`no button ${name} among [${names.join(', ')}]`);
  }
  return found;
}

/** A click on a button of a message (ephemeral unless `messageTs`) or of a view, as Slack posts it. */
export function click(
  app: StartedApp,
  who: Who,
  found: { button: Json; blockId: string },
  where: { view?: Json; messageTs?: string; responseUrl?: string } = {},
) {
  return app.sendPayload(
    blockAction({
      ...who,
      actionId: String(found.button.action_id),
      blockId: found.blockId,
      ...(typeof found.button.value === 'string' ? { value: found.button.value } : {}),
      responseUrl: where.responseUrl ?? app.slack.responseUrl(),
      ...(where.view ? { view: where.view } : {}),
      ...(where.messageTs ? { messageTs: where.messageTs } : {}),
    }),
  );
}

/**
 * The Home tab Slack asks the bot to publish when `userId` of `teamId` opens it. With many workspaces, pass the
 * team's bot token: a republish in another workspace (after a settings change there) is not this one.
 */
export async function openHome(
  app: StartedApp,
  teamId: string,
  userId: string,
  botToken?: string,
): Promise<Json> {
  const before = app.slack.callsTo('views.publish').length;
  await sendEvent(app, teamId, { type: 'app_home_opened', user: userId, tab: 'home', channel: 'D0HOME' });
  const call = await waitUntil('the Home tab', () =>
    app.slack
      .callsTo('views.publish')
      .find((c, i) => i >= before && c.args.user_id === userId && (!botToken || c.token === botToken)),
  );
  return call.args.view as Json;
}

/** What a user typed or picked per input label: text, `{ option }` for a menu's option value, `{ users }` for people. */
export type ByLabel = [RegExp, string | { option: string } | { users: string[] }][];

/** view.state.values for `view`, filling each input found by its label, and leaving the others as they were shown. */
export function fillByLabel(view: Json, inputs: ByLabel): Json {
  const values: Json = {};
  for (const block of (view.blocks as Json[] | undefined) ?? []) {
    if (block.type !== 'input') continue;
    const element = block.element as Json;
    const given = inputs.find(([label]) => label.test(plainOf(block.label)))?.[1];
    const type = String(element.type);
    const options = (element.options as Json[] | undefined) ?? [];
    let state: Json;
    if (typeof given === 'object' && 'users' in given) state = { type, selected_users: given.users };
    else if (typeof given === 'object') {
      const picked = options.find((o) => o.value === given.option) ?? {
        value: given.option,
        text: { type: 'plain_text', text: given.option },
      };
      state =
        type === 'checkboxes' ? { type, selected_options: [picked] } : { type, selected_option: picked };
    } else if (type === 'checkboxes' || type === 'multi_static_select')
      state = { type, selected_options: (element.initial_options as Json[] | undefined) ?? [] };
    else if (type === 'multi_users_select')
      state = { type, selected_users: (element.initial_users as string[] | undefined) ?? [] };
    else if (type === 'conversations_select')
      state = { type, selected_conversation: (element.initial_conversation as string | undefined) ?? null };
    else if (type === 'datepicker')
      state = { type, selected_date: (element.initial_date as string | undefined) ?? null };
    else if (type.endsWith('select') || type === 'radio_buttons')
      state = { type, selected_option: (element.initial_option as Json | undefined) ?? null };
    else state = { type, value: given ?? (element.initial_value as string | undefined) ?? null };
    values[String(block.block_id)] = { [String(element.action_id)]: state };
  }
  return values;
}

/** Submits `view` (as opened by the bot) with inputs by label; resolves with Slack's HTTP answer to the bot's ack. */
export function submit(app: StartedApp, who: Who, view: Json, inputs: ByLabel, id = 'VSUBMIT') {
  return app.sendPayload(
    viewSubmission({ ...who, view: { ...view, id, hash: 'h1' }, values: fillByLabel(view, inputs) }),
  );
}

/**
 * Every text Slack renders as mrkdwn in what the bot sent: `mrkdwn` text objects, and each message's `text`
 * (the fallback a notification shows). plain_text objects are left out: Slack shows them literally.
 */
export function mrkdwnSent(app: StartedApp): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const item of v) walk(item);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Json;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      for (const [key, inner] of Object.entries(o))
        if (key !== 'text' || typeof inner !== 'string') walk(inner);
    }
  };
  const message = (args: Json) => {
    if (typeof args.text === 'string') out.push(args.text);
    walk(args.blocks);
    walk(args.attachments);
  };
  for (const call of app.slack.calls) {
    if (call.method.startsWith('chat.')) message(call.args);
    else walk(call.args);
  }
  for (const response of app.slack.responses) message(response.body);
  return out;
}

/**
 * The modal the bot filled in after opening it (the Slack call that carried `label` among its inputs), as Slack
 * holds it: with its view id, so it can be submitted.
 */
export async function filledModal(
  app: StartedApp,
  label: RegExp,
  after: number,
  ready: (view: Json) => boolean = () => true,
): Promise<Json> {
  const found = await waitUntil(`a modal with ${label}`, () =>
    [...app.slack.calls.slice(after)].reverse().find((c) => {
      if (c.method !== 'views.update' && c.method !== 'views.open' && c.method !== 'views.push') return false;
      const view = (c.args.view as Json | undefined) ?? {};
      const blocks = (view.blocks as Json[] | undefined) ?? [];
      return blocks.some((b) => b.type === 'input' && label.test(plainOf(b.label))) && ready(view);
    }),
  );
  const view = found.args.view as Json;
  const id =
    typeof found.args.view_id === 'string' ? found.args.view_id : `V${found.method.replace('.', '')}${after}`;
  return { ...view, id, hash: 'h1' };
}

/** Connects `teamId` (OAuth mode) from the Home tab as its admin would: Connect, the modal, the key test. */
export async function connectFromHome(
  app: StartedApp,
  who: { teamId: string; userId: string; userName?: string },
  vendor: string,
  apiKey: string,
): Promise<void> {
  const home = await openHome(app, who.teamId, who.userId);
  const opens = app.slack.callsTo('views.open').length;
  await click(app, who, buttonNamed(home, /^(Connect|Reconnect)$/), {
    view: { id: `VHOME${who.teamId}`, type: 'home' },
  });
  const opened = await waitUntil('the Connect modal', () => app.slack.callsTo('views.open')[opens]);
  const updates = app.slack.callsTo('views.update').length;
  const viewId = `VCONNECT${who.teamId}${opens}`;
  await submit(
    app,
    who,
    opened.args.view as Json,
    [
      [/^Vendor/, { option: vendor }],
      [/API key/, apiKey],
    ],
    viewId,
  );
  const done = await waitUntil('the key test', () =>
    app.slack.callsTo('views.update').find((c, i) => i >= updates && c.args.view_id === viewId),
  );
  const said = JSON.stringify(done.args.view);
  if (!said.includes('Connected to')) throw new Error(`the connection failed: ${said.slice(0, 500)}`);
}

/**
 * An admin changes roles and settings from the Home tab (the "Change roles and settings" modal), inputs by
 * label; resolves with the bot's answer to the submission.
 */
export async function saveRoles(
  app: StartedApp,
  admin: { teamId?: string; userId: string },
  inputs: ByLabel,
) {
  const teamId = admin.teamId ?? 'T0001';
  const home = await openHome(app, teamId, admin.userId);
  const opens = app.slack.callsTo('views.open').length;
  await click(app, { ...admin, teamId }, buttonNamed(home, /^Change roles and settings$/), {
    view: { id: `VHOME${teamId}`, type: 'home' },
  });
  const opened = await waitUntil('the Roles modal', () => app.slack.callsTo('views.open')[opens]);
  return submit(app, { ...admin, teamId }, opened.args.view as Json, inputs, `VROLES${opens}`);
}

/**
 * One vendor address in front of several fake accounts, choosing by the `x-api-key` a request carries: as one
 * Atera serves every MSP, so an admin can reconnect the same vendor to another account (OAuth mode has one
 * ATERA_BASE_URL). Requests with an unknown key get 401.
 */
export async function accountsByKey(
  accounts: Record<string, string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const target = accounts[String(req.headers['x-api-key'] ?? '')];
    if (!target) {
      res.writeHead(401).end();
      return;
    }
    const upstream = new URL(req.url ?? '/', target);
    const forward = httpRequest(
      upstream,
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Workflow Builder step run in `teamId`, as Slack sends it (function_executed); resolves with its completion call. */
export async function runStep(app: StartedApp, teamId: string, callbackId: string, inputs: Json) {
  const executionId = `Fx${randomBytes(5).toString('hex').toUpperCase()}`;
  await sendEvent(app, teamId, {
    type: 'function_executed',
    function: { id: 'Fn1', callback_id: callbackId, title: callbackId, type: 'app', app_id: 'A0BOT' },
    inputs,
    function_execution_id: executionId,
    workflow_execution_id: 'Wx1',
    event_ts: `${Date.now() / 1000}`,
    bot_access_token: `xwfp-${executionId.toLowerCase()}`,
  });
  return waitUntil(`${callbackId} to complete`, () =>
    app.slack.calls.find(
      (c) =>
        (c.method === 'functions.completeSuccess' || c.method === 'functions.completeError') &&
        c.args.function_execution_id === executionId,
    ),
  );
}
