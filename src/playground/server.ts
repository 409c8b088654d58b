// The playground: the real bot on a loopback port, a Slack stand-in, and a web page that plays Slack's client,
// signing every request exactly as Slack does so the bot cannot tell the difference.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { type BotApp, createApp } from '../app.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { DEMO_IDS } from '../vendors/sandbox/demo-data.js';
import { hostAllowed, isLoopbackListen, newToken, TOKEN_HEADER, tokenMatches } from './access.js';
import { type AppManifest, isUnfurlHost, readAppManifest } from './app-manifest.js';
import {
  checkAction,
  checkStateValues,
  findElement,
  type Known,
  PAGE_INPUT,
  type PageCall,
  type StateValues,
} from './page-input.js';
import { signedHeaders } from './signing.js';
import { SlackStandin } from './slack-standin.js';
import {
  appChannelOf,
  type PlaygroundMessage,
  type PlaygroundView,
  WorkspaceModel,
} from './workspace-model.js';

type Json = Record<string, unknown>;

export interface PlaygroundOptions {
  /** Settings as loaded from the environment; the Slack part is replaced by the playground's own. */
  config?: Config;
  /** Used when no config is given (tests): an environment for loadConfig. */
  env?: Record<string, string>;
  logger?: Logger;
  /** Where the page is served; default the config's PORT and HOST. */
  port?: number;
  host?: string;
  /** How long a trigger_id lives; Slack's is 3 seconds. */
  triggerTtlMs?: number;
  /** The app as Slack knows it; default the repository's manifest.yml. */
  manifest?: AppManifest;
}

export interface Playground {
  /** The page, e.g. http://localhost:3000/ */
  url: string;
  /** The page with its token, e.g. http://localhost:3000/#token=…: the link to open, printed at start. */
  openUrl: string;
  /** This start's token: every /api call needs it (header x-playground-token; ?token= for /api/events). */
  token: string;
  port: number;
  host: string;
  bot: BotApp;
  standin: SlackStandin;
  model: WorkspaceModel;
  stop(): Promise<void>;
}

const TEAM = { id: 'T0001', domain: 'playground' };
const APP_ID = 'A0BOT';
/** Slack's legacy verification token travels in every payload; Bolt ignores it, but real payloads carry one. */
const LEGACY_TOKEN = 'playground-verification-token';

const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/styles.css': { file: 'styles.css', type: 'text/css; charset=utf-8' },
};

/** The page's files sit next to this module in the source tree; a build copies them beside the compiled one. */
function pageDir(): string {
  const candidates = [
    new URL('./page/', import.meta.url),
    new URL('../../../src/playground/page/', import.meta.url),
  ];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(`${path}index.html`)) return path;
  }
  throw new Error('playground page files not found (src/playground/page)');
}

async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A link as typed: up to the next blank or bracket, without the punctuation that ends a sentence. */
const TYPED_LINK = /https?:\/\/[^\s<>|]{1,2000}/g;
const trimLink = (url: string) => url.replace(/[.,;:!?)\]'"]+$/, '');
const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A typed message as Slack stores it: `&`, `<` and `>` escaped, and each link wrapped (`<https://…>`); with the
 * links themselves, as link_shared reports them.
 */
export function asSlackText(typed: string): { text: string; links: string[] } {
  const links: string[] = [];
  let text = '';
  let at = 0;
  for (const match of typed.matchAll(TYPED_LINK)) {
    const url = trimLink(match[0]);
    const start = match.index ?? 0;
    text += `${escapeText(typed.slice(at, start))}<${escapeText(url)}>`;
    at = start + url.length;
    if (!links.includes(url)) links.push(url);
  }
  text += escapeText(typed.slice(at));
  return { text, links };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function parseJson(text: string): Json | undefined {
  if (!text.trim()) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A page call that does not fit the message or view it names: answered 400, and the bot hears nothing. */
class Refusal {
  constructor(readonly error: string) {}
}

const PAGE_CALLS = Object.keys(PAGE_INPUT) as PageCall[];
const isPageCall = (name: string): name is PageCall => (PAGE_CALLS as string[]).includes(name);

/** The host:port of an Origin header, lower-cased; undefined when it is not a URL ("null" from a sandboxed frame). */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host;
}

/**
 * Why the playground must not start with these settings, in one line, or undefined. The page acts as an admin
 * with no login but its link's token: with a real vendor it stays on this machine, where a leaked or guessed
 * link is worth nothing to anyone on the network.
 */
export function playgroundRefusal(config: Config, host: string): string | undefined {
  if (config.vendor.vendor === 'sandbox' || isLoopbackListen(host)) return undefined;
  const vendor = config.vendor.vendor;
  return `HOST=${host} is refused for the playground with VENDOR=${vendor}: the page acts as an admin at ${vendor} with no login, so with real data it listens on this machine only; set HOST=127.0.0.1 (or connect Slack: see README.md)`;
}

/** A customer link of the connected account worth pasting: the sandbox's Acme Corporation. */
async function exampleLinks(bot: BotApp, config: Config): Promise<{ customerUrl?: string }> {
  if (config.vendor.vendor !== 'sandbox') return {};
  const ws = await bot.services.workspaces.get(TEAM.id).catch(() => undefined);
  const acme = await ws?.vendor.getCustomer(DEMO_IDS.acme).catch(() => undefined);
  return acme?.url ? { customerUrl: acme.url } : {};
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const config = options.config ?? loadConfig(options.env ?? {}, { isTTY: false });
  const host = options.host ?? config.host;
  const refusal = playgroundRefusal(config, host);
  if (refusal) throw new ConfigError([refusal]);
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  const token = newToken();
  const manifest: AppManifest = options.manifest ?? readAppManifest();
  const model = new WorkspaceModel(options.triggerTtlMs);
  const botToken = `xoxb-playground-${randomBytes(16).toString('hex')}`;
  const standin = new SlackStandin({
    record: false,
    teamId: TEAM.id,
    intercept: (method, args, callToken) => model.refuse(method, args, callToken),
    // Only the bot, on this machine, talks to the stand-in: loopback Host, and the bot's own token.
    allowHost: (hostHeader) => hostAllowed(hostHeader, []),
    botToken,
  });
  for (const user of model.users) standin.users.set(user.id, user);
  for (const channel of model.channels) standin.memberChannels.add(channel.id);
  standin.observe((activity) => model.apply(activity));
  // A workflow token works until its step is completed, as Slack's does.
  standin.observe((activity) => {
    if (activity.kind !== 'call' || activity.result.ok !== true) return;
    const { method } = activity.call;
    if (
      (method === 'functions.completeSuccess' || method === 'functions.completeError') &&
      activity.call.token
    )
      standin.workflowTokens.delete(activity.call.token);
  });
  await standin.start();

  const signingSecret = randomBytes(24).toString('hex');
  const botConfig: Config = {
    ...config,
    port: 0,
    host: '127.0.0.1',
    appToken: undefined,
    slack: { kind: 'single', botToken, signingSecret },
    slackApiUrl: standin.apiUrl,
  };
  let bot: BotApp;
  try {
    bot = await createApp(botConfig, logger);
  } catch (error) {
    await standin.stop();
    throw error;
  }
  const botAddress = await bot.start();
  const eventsUrl = `http://127.0.0.1:${botAddress.port}/slack/events`;
  const { messageShortcuts, globalShortcuts, steps } = manifest;
  model.describeApp({ messageShortcuts, globalShortcuts, steps }, await exampleLinks(bot, config));

  /** Sends a body to the bot as Slack would: signed, to /slack/events; returns the bot's HTTP answer. */
  const deliver = async (body: string, contentType?: string) => {
    try {
      const res = await fetch(eventsUrl, {
        method: 'POST',
        body,
        headers: signedHeaders(signingSecret, body, undefined, contentType),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      return { status: res.status, text, json: parseJson(text) };
    } catch (error) {
      logger.warn({ err: error }, 'playground: the bot did not answer');
      return { status: 0, text: '', json: undefined };
    }
  };
  const deliverPayload = (payload: Json) =>
    deliver(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());

  const userPayload = (userId: string) => {
    const user = model.userById(userId);
    return {
      id: userId,
      username: user?.name.toLowerCase().replace(/\s+/g, '.') ?? userId,
      name: user?.name ?? userId,
      team_id: TEAM.id,
    };
  };
  const viewPayload = (stored: PlaygroundView, values: unknown) => ({
    ...stored.view,
    id: stored.id,
    hash: stored.hash,
    team_id: TEAM.id,
    app_id: APP_ID,
    bot_id: 'BBOT',
    state: { values: isObject(values) ? values : {} },
  });
  const slackError = (channel: string, userId: string, command: string, error: string) =>
    model.addMessage({
      channel,
      author: 'slackbot',
      system: true,
      text: `${command} failed with the error "${error}"`,
      blocks: [],
      visibleTo: userId,
    });

  /** The connected account's web host, which the playground reports links of as if it were an unfurl domain. */
  let accountHost: string | undefined;
  const unfurlDomains = async (): Promise<string[]> => {
    if (!accountHost) {
      const ws = await bot.services.workspaces.get(TEAM.id).catch(() => undefined);
      const links = await ws?.vendor.webLinks().catch(() => undefined);
      accountHost = links ? hostOf(links.base) : undefined;
    }
    return accountHost ? [...manifest.unfurlDomains, accountHost] : manifest.unfurlDomains;
  };
  const eventBody = (event: Json) =>
    JSON.stringify({
      token: LEGACY_TOKEN,
      team_id: TEAM.id,
      api_app_id: APP_ID,
      type: 'event_callback',
      event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      event,
      authorizations: [{ team_id: TEAM.id, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });

  /** Slack tells the app of a posted message's links on its unfurl domains (link_shared), as it does. */
  const shareLinks = async (channel: string, ts: string, userId: string, links: string[]) => {
    const domains = await unfurlDomains();
    const shared = links
      .map((url) => ({ url, domain: hostOf(url) }))
      .filter(
        (l): l is { url: string; domain: string } =>
          l.domain !== undefined && isUnfurlHost(l.domain, domains),
      )
      .slice(0, 5);
    if (shared.length === 0) return;
    const unfurlId = `${channel}.${ts}.${randomBytes(8).toString('hex')}`;
    model.registerUnfurl(unfurlId, { channel, ts });
    await deliver(
      eventBody({
        type: 'link_shared',
        channel,
        is_bot_user_member: true,
        user: userId,
        message_ts: ts,
        unfurl_id: unfurlId,
        source: 'conversations_history',
        links: shared,
        event_ts: ts,
      }),
      'application/json',
    );
  };

  const known: Known = {
    user: (id) => model.userById(id) !== undefined,
    channel: (id) => model.channelById(id) !== undefined,
  };
  const blocksOf = (view: PlaygroundView): Json[] =>
    Array.isArray(view.view.blocks) ? (view.view.blocks as Json[]) : [];
  /** The page's form state, kept to what this view shows (see checkStateValues). */
  const stateOf = (view: PlaygroundView, values: StateValues) =>
    checkStateValues(blocksOf(view), values, known);
  type Input<K extends PageCall> = z.infer<(typeof PAGE_INPUT)[K]>;
  const bad = (error: string) => new Refusal(error);

  /** A message as Slack puts it in a payload: a person's, or the app's own. */
  const messagePayload = (message: PlaygroundMessage): Json =>
    message.author === 'bot'
      ? {
          type: 'message',
          subtype: 'bot_message',
          user: 'UBOT',
          bot_id: 'BBOT',
          app_id: APP_ID,
          team: TEAM.id,
          ts: message.ts,
          text: message.text,
          blocks: message.blocks,
        }
      : { type: 'message', user: message.author, team: TEAM.id, ts: message.ts, text: message.text };

  /** A button in an unfurl: Slack's block_actions for an app unfurl (a message attachment of someone's message). */
  const clickUnfurl = async (
    payload: Json,
    userId: string,
    message: PlaygroundMessage,
    url: string,
    blocks: Json[],
  ): Promise<Json> => {
    const responseUrl = standin.responseUrl();
    // The answer is a new message for the clicker: the message the link was in is its author's, not the app's.
    model.registerResponseUrl(responseUrl.split('/').pop() ?? '', { channel: message.channel, userId });
    const reply = await deliverPayload({
      ...payload,
      container: {
        type: 'message_attachment',
        message_ts: message.ts,
        attachment_id: 1,
        channel_id: message.channel,
        is_ephemeral: false,
        is_app_unfurl: true,
        app_unfurl_url: url,
      },
      is_app_unfurl: true,
      app_unfurl: { id: 1, app_unfurl_url: url, is_app_unfurl: true, blocks },
      trigger_id: model.newTrigger(userId),
      channel: { id: message.channel, name: model.channelById(message.channel)?.name ?? message.channel },
      message: messagePayload(message),
      state: { values: {} },
      response_url: responseUrl,
    });
    return { ok: reply.status === 200, status: reply.status };
  };

  const api: { [K in PageCall]: (input: Input<K>) => Promise<Json | Refusal> } = {
    async command(input) {
      const { userId, channel } = input;
      const raw = input.text.trim();
      if (!model.userById(userId) || !model.channelById(channel))
        return { ok: false, error: 'unknown user or channel' };
      if (!raw) return { ok: true };
      if (!raw.startsWith('/')) {
        const { text, links } = asSlackText(raw);
        const posted = model.addMessage({ channel, author: userId, text, blocks: [] });
        await shareLinks(posted.channel, posted.ts, userId, links);
        return { ok: true };
      }
      const command = raw.split(/\s+/)[0] ?? '';
      const text = raw.slice(command.length).trim();
      const echo = model.addMessage({ channel, author: userId, text: raw, blocks: [], visibleTo: userId });
      const responseUrl = standin.responseUrl();
      model.registerResponseUrl(responseUrl.split('/').pop() ?? '', { channel, userId, commandTs: echo.ts });
      const form = new URLSearchParams({
        token: LEGACY_TOKEN,
        team_id: TEAM.id,
        team_domain: TEAM.domain,
        channel_id: channel,
        channel_name: model.channelById(channel)?.name ?? channel,
        user_id: userId,
        user_name: userPayload(userId).username,
        command,
        text,
        api_app_id: APP_ID,
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: model.newTrigger(userId),
      }).toString();
      const reply = await deliver(form);
      if (reply.status !== 200) {
        slackError(channel, userId, command, reply.status === 0 ? 'dispatch_failed' : 'operation_timeout');
        return { ok: false, status: reply.status };
      }
      // An answer in the ack is shown like one sent to the response_url.
      const answer = reply.json ?? (reply.text.trim() ? { text: reply.text } : undefined);
      if (answer && (answer.text !== undefined || answer.blocks !== undefined)) {
        const inChannel = answer.response_type === 'in_channel';
        if (inChannel) model.makePublic(channel, echo.ts);
        model.addMessage({
          channel,
          author: 'bot',
          text: str(answer.text) ?? '',
          blocks: Array.isArray(answer.blocks) ? answer.blocks : [],
          visibleTo: inChannel ? undefined : userId,
        });
      }
      return { ok: true, status: reply.status };
    },

    async action(input) {
      const { userId } = input;
      if (!model.userById(userId)) return { ok: false, error: 'unknown user' };
      const base = (action: Json) => ({
        type: 'block_actions',
        user: userPayload(userId),
        api_app_id: APP_ID,
        token: LEGACY_TOKEN,
        team: TEAM,
        enterprise: null,
        is_enterprise_install: false,
        actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
      });
      if ('viewId' in input) {
        const { viewId } = input;
        const stored = model.findView(viewId);
        if (!stored || stored.userId !== userId) return { ok: false, error: 'view not found' };
        const action = checkAction(blocksOf(stored), input.action, known);
        if (!action.ok) return bad(`refused action: ${action.error}`);
        const values = stateOf(stored, input.values);
        if (!values.ok) return bad(`refused state: ${values.error}`);
        const reply = await deliverPayload({
          ...base(action.value),
          container: { type: 'view', view_id: viewId },
          trigger_id: model.newTrigger(userId, stored.view.type === 'modal' ? viewId : undefined),
          view: viewPayload(stored, values.value),
        });
        return { ok: reply.status === 200, status: reply.status };
      }
      const { channel } = input;
      const message = model.message(channel, input.ts);
      // An ephemeral message is on one user's screen only: nobody else can click its buttons.
      if (!message || (message.visibleTo !== undefined && message.visibleTo !== userId))
        return { ok: false, error: 'message not found' };
      if (input.unfurl !== undefined) {
        const unfurl = message.unfurls?.[input.unfurl];
        if (!unfurl) return { ok: false, error: 'unfurl not found' };
        const clicked = checkAction(unfurl.blocks, input.action, known);
        if (!clicked.ok) return bad(`refused action: ${clicked.error}`);
        return clickUnfurl(base(clicked.value), userId, message, input.unfurl, unfurl.blocks);
      }
      const action = checkAction(message.blocks, input.action, known);
      if (!action.ok) return bad(`refused action: ${action.error}`);
      const responseUrl = standin.responseUrl();
      model.registerResponseUrl(responseUrl.split('/').pop() ?? '', {
        channel,
        userId,
        sourceTs: message.ts,
      });
      const ephemeral = message.visibleTo !== undefined;
      const reply = await deliverPayload({
        ...base(action.value),
        container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: ephemeral },
        trigger_id: model.newTrigger(userId),
        channel: { id: channel, name: model.channelById(channel)?.name ?? channel },
        // Slack sends the message itself only for messages everyone sees; ephemeral ones are the app's to remember.
        ...(ephemeral
          ? {}
          : {
              message: {
                type: 'message',
                user: 'UBOT',
                bot_id: 'BBOT',
                app_id: APP_ID,
                team: TEAM.id,
                ts: message.ts,
                text: message.text,
                blocks: message.blocks,
                ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
              },
            }),
        state: { values: {} },
        response_url: responseUrl,
      });
      return { ok: reply.status === 200, status: reply.status };
    },

    async submit(input) {
      const { userId, viewId } = input;
      const stored = model.modalStack(userId).find((v) => v.id === viewId);
      if (!stored) return { ok: false, error: 'view not found' };
      const values = stateOf(stored, input.values);
      if (!values.ok) return bad(`refused state: ${values.error}`);
      const reply = await deliverPayload({
        type: 'view_submission',
        team: TEAM,
        user: userPayload(userId),
        api_app_id: APP_ID,
        token: LEGACY_TOKEN,
        trigger_id: model.newTrigger(userId, viewId),
        view: viewPayload(stored, values.value),
        response_urls: [],
        enterprise: null,
        is_enterprise_install: false,
      });
      if (reply.status !== 200) return { ok: false, status: reply.status };
      const ack = reply.json;
      model.applySubmissionAck(userId, viewId, ack);
      if (ack?.response_action === 'errors')
        return { ok: true, errors: isObject(ack.errors) ? ack.errors : {} };
      return { ok: true };
    },

    async close(input) {
      const { userId } = input;
      const open = model.modalStack(userId).find((v) => v.id === input.viewId);
      const values = open ? stateOf(open, input.values) : undefined;
      if (values && !values.ok) return bad(`refused state: ${values.error}`);
      const closed = model.closeView(userId, input.viewId);
      if (closed?.view.notify_on_close === true) {
        await deliverPayload({
          type: 'view_closed',
          team: TEAM,
          user: userPayload(userId),
          api_app_id: APP_ID,
          token: LEGACY_TOKEN,
          view: viewPayload(closed, values?.ok ? values.value : {}),
          is_cleared: false,
          is_enterprise_install: false,
        });
      }
      return { ok: true };
    },

    async suggest(input) {
      const { userId } = input;
      const stored = model.findView(input.viewId);
      if (!stored || stored.userId !== userId) return { ok: false, options: [] };
      // Slack asks for options only for an external select the view shows.
      const element = findElement(blocksOf(stored), input.blockId, input.actionId)?.element;
      if (element?.type !== 'external_select' && element?.type !== 'multi_external_select')
        return bad('no external select here');
      const values = stateOf(stored, input.values);
      if (!values.ok) return bad(`refused state: ${values.error}`);
      const reply = await deliverPayload({
        type: 'block_suggestion',
        user: userPayload(userId),
        container: { type: 'view', view_id: stored.id },
        api_app_id: APP_ID,
        token: LEGACY_TOKEN,
        action_id: input.actionId,
        block_id: input.blockId,
        value: input.value,
        team: TEAM,
        view: viewPayload(stored, values.value),
        is_enterprise_install: false,
      });
      const options = Array.isArray(reply.json?.options) ? reply.json.options : [];
      const groups = Array.isArray(reply.json?.option_groups) ? reply.json.option_groups : undefined;
      return { ok: reply.status === 200, options, ...(groups ? { option_groups: groups } : {}) };
    },

    async shortcut(input) {
      const { userId, callbackId } = input;
      if (!model.userById(userId)) return { ok: false, error: 'unknown user' };
      const common = {
        token: LEGACY_TOKEN,
        action_ts: `${Date.now() / 1000}`,
        team: TEAM,
        user: userPayload(userId),
        is_enterprise_install: false,
        enterprise: null,
        callback_id: callbackId,
        trigger_id: model.newTrigger(userId),
      };
      if (input.channel === undefined && input.ts === undefined) {
        // Only the shortcuts the app declares are in Slack's menus.
        if (!manifest.globalShortcuts.some((s) => s.callbackId === callbackId))
          return bad('refused shortcut: not a global shortcut of this app');
        const reply = await deliverPayload({ type: 'shortcut', ...common });
        return { ok: reply.status === 200, status: reply.status };
      }
      if (!manifest.messageShortcuts.some((s) => s.callbackId === callbackId))
        return bad('refused shortcut: not a message shortcut of this app');
      const message = model.message(input.channel ?? '', input.ts ?? '');
      // Slack offers message shortcuts on messages everyone sees: not on ephemeral ones, nor on its own notices.
      if (!message || message.visibleTo !== undefined || message.system)
        return { ok: false, error: 'message not found' };
      const responseUrl = standin.responseUrl();
      // The answer is a new message for the user: the one the shortcut was used on stays as it is.
      model.registerResponseUrl(responseUrl.split('/').pop() ?? '', { channel: message.channel, userId });
      const reply = await deliverPayload({
        type: 'message_action',
        ...common,
        channel: { id: message.channel, name: model.channelById(message.channel)?.name ?? message.channel },
        message_ts: message.ts,
        message: messagePayload(message),
        response_url: responseUrl,
      });
      return { ok: reply.status === 200, status: reply.status };
    },

    async workflow(input) {
      const { userId, callbackId } = input;
      if (!model.userById(userId)) return { ok: false, error: 'unknown user' };
      const step = manifest.steps.find((s) => s.callbackId === callbackId);
      if (!step) return bad('refused step: not a step of this app');
      // Workflow Builder passes only the step's declared inputs, each of its type, the required ones always.
      for (const [name, value] of Object.entries(input.inputs)) {
        const declared = step.inputs.find((p) => p.name === name);
        if (!declared) return bad(`refused step: ${name} is not an input of ${callbackId}`);
        const fits =
          declared.type === 'boolean'
            ? typeof value === 'boolean'
            : typeof value === 'string' && (declared.type !== 'user' || model.userById(value) !== undefined);
        if (!fits) return bad(`refused step: ${name} is not a ${declared.type}`);
      }
      const missing = step.inputs.find((p) => p.required && input.inputs[p.name] === undefined);
      if (missing) return bad(`refused step: ${missing.name} is required`);
      const executionId = `Fx${randomBytes(6).toString('hex').toUpperCase()}`;
      const workflowToken = `xwfp-playground-${randomBytes(16).toString('hex')}`;
      standin.workflowTokens.add(workflowToken);
      model.startRun({ id: executionId, callbackId, userId, inputs: input.inputs }, workflowToken);
      const reply = await deliver(
        eventBody({
          type: 'function_executed',
          function: {
            id: `Fn${callbackId.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
            callback_id: callbackId,
            title: step.title,
            description: step.description,
            type: 'app',
            app_id: APP_ID,
          },
          inputs: input.inputs,
          function_execution_id: executionId,
          workflow_execution_id: `Wx${randomBytes(6).toString('hex').toUpperCase()}`,
          event_ts: `${Date.now() / 1000}`,
          bot_access_token: workflowToken,
        }),
        'application/json',
      );
      if (reply.status !== 200) {
        standin.workflowTokens.delete(workflowToken);
        model.failRun(executionId, `The app did not acknowledge the step (HTTP ${reply.status}).`);
      }
      return { ok: reply.status === 200, executionId };
    },

    async home(input) {
      const { userId } = input;
      if (!model.userById(userId)) return { ok: false };
      const existing = model.snapshot().homes[userId];
      const body = eventBody({
        type: 'app_home_opened',
        user: userId,
        channel: appChannelOf(userId),
        tab: 'home',
        event_ts: `${Date.now() / 1000}`,
        ...(existing ? { view: viewPayload(existing, {}) } : {}),
      });
      const reply = await deliver(body, 'application/json');
      return { ok: reply.status === 200 };
    },
  };

  const dir = pageDir();
  const streams = new Set<ServerResponse>();
  const sendState = (res: ServerResponse) => res.write(`data: ${JSON.stringify(model.snapshot())}\n\n`);
  model.onChange(() => {
    for (const res of streams) sendState(res);
  });
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  const allowedHosts = config.playgroundAllowedHosts;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://playground.invalid');
    const path = url.pathname;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    // First, on every route: a page of another site that rebinds its name to this machine arrives with its own
    // name in Host. It gets nothing, and nothing it sends is read.
    if (!hostAllowed(req.headers.host, allowedHosts))
      return json(403, { ok: false, error: 'this host name is not allowed (PLAYGROUND_ALLOWED_HOSTS)' });
    if (req.method === 'GET' && PAGE_FILES[path]) {
      const page = PAGE_FILES[path];
      const content = await readFile(`${dir}${page.file}`);
      res.writeHead(200, {
        'content-type': page.type,
        'cache-control': 'no-store',
        // The page needs nothing from anywhere else; saying so keeps it honest and offline.
        'content-security-policy':
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      res.end(content);
      return;
    }
    if (req.method === 'GET' && path === '/healthz') return json(200, { ok: true });
    if (!path.startsWith('/api/')) return json(404, { ok: false, error: 'not found' });
    // Every /api call carries this start's token; an EventSource cannot send headers, so /api/events may use ?token=.
    const header = req.headers[TOKEN_HEADER];
    const given =
      (typeof header === 'string' ? header : undefined) ??
      (path === '/api/events' ? (url.searchParams.get('token') ?? undefined) : undefined);
    if (!tokenMatches(given, token))
      return json(401, {
        ok: false,
        error: 'the playground needs its token: open the link it printed when it started',
      });
    if (req.method === 'GET' && path === '/api/state') return json(200, model.snapshot());
    if (req.method === 'GET' && path === '/api/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      streams.add(res);
      req.on('close', () => streams.delete(res));
      sendState(res);
      return;
    }
    const name = path.slice('/api/'.length);
    if (req.method !== 'POST' || !isPageCall(name)) return json(404, { ok: false, error: 'not found' });
    // Only the page itself may drive the bot: a JSON body cannot be sent cross-site without a preflight.
    const origin = req.headers.origin;
    if (!req.headers['content-type']?.includes('application/json'))
      return json(415, { ok: false, error: 'expected JSON' });
    if (origin && originHost(origin) !== req.headers.host?.toLowerCase())
      return json(403, { ok: false, error: 'cross-origin request refused' });
    const parsed = PAGE_INPUT[name].safeParse(parseJson(await readBody(req)) ?? {});
    if (!parsed.success) return json(400, { ok: false, error: `not what the page sends to /api/${name}` });
    const answer = await callApi(name, parsed.data);
    if (answer instanceof Refusal) return json(400, { ok: false, error: answer.error });
    return json(200, answer);
  };

  /** Runs one page call; the schema lookup and the call share a key, which TypeScript cannot pair by itself. */
  const callApi = (name: PageCall, input: unknown): Promise<Json | Refusal> =>
    (api[name] as (input: unknown) => Promise<Json | Refusal>)(input);

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.warn({ err: error }, 'playground: request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'internal error' }));
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? config.port, host, () => resolve());
    });
  } catch (error) {
    await bot.stop();
    await standin.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${displayHost(host).includes(':') ? `[${displayHost(host)}]` : displayHost(host)}:${port}/`;
  // A fragment never leaves the browser: not in a request line, a proxy's log or a Referer header.
  const openUrl = `${url}#token=${token}`;

  let stopped = false;
  return {
    url,
    openUrl,
    token,
    port,
    host,
    bot,
    standin,
    model,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(keepAlive);
      for (const res of streams) res.end();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await bot.stop();
      await standin.stop();
    },
  };
}
