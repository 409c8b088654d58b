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
import { hostAllowed, isLoopbackListen, newToken, TOKEN_HEADER, tokenMatches } from './access.js';
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
import { appChannelOf, type PlaygroundView, WorkspaceModel } from './workspace-model.js';

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

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const config = options.config ?? loadConfig(options.env ?? {}, { isTTY: false });
  const host = options.host ?? config.host;
  const refusal = playgroundRefusal(config, host);
  if (refusal) throw new ConfigError([refusal]);
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  const token = newToken();
  const model = new WorkspaceModel(options.triggerTtlMs);
  const botToken = `xoxb-playground-${randomBytes(16).toString('hex')}`;
  const standin = new SlackStandin({
    record: false,
    teamId: TEAM.id,
    intercept: (method, args) => model.refuse(method, args),
    // Only the bot, on this machine, talks to the stand-in: loopback Host, and the bot's own token.
    allowHost: (hostHeader) => hostAllowed(hostHeader, []),
    botToken,
  });
  for (const user of model.users) standin.users.set(user.id, user);
  for (const channel of model.channels) standin.memberChannels.add(channel.id);
  standin.observe((activity) => model.apply(activity));
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

  const api: { [K in PageCall]: (input: Input<K>) => Promise<Json | Refusal> } = {
    async command(input) {
      const { userId, channel } = input;
      const raw = input.text.trim();
      if (!model.userById(userId) || !model.channelById(channel))
        return { ok: false, error: 'unknown user or channel' };
      if (!raw) return { ok: true };
      if (!raw.startsWith('/')) {
        model.addMessage({ channel, author: userId, text: raw, blocks: [] });
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

    async home(input) {
      const { userId } = input;
      if (!model.userById(userId)) return { ok: false };
      const existing = model.snapshot().homes[userId];
      const body = JSON.stringify({
        token: LEGACY_TOKEN,
        team_id: TEAM.id,
        api_app_id: APP_ID,
        type: 'event_callback',
        event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: 'app_home_opened',
          user: userId,
          channel: appChannelOf(userId),
          tab: 'home',
          event_ts: `${Date.now() / 1000}`,
          ...(existing ? { view: viewPayload(existing, {}) } : {}),
        },
        authorizations: [{ team_id: TEAM.id, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false,
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
