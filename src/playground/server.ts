// The playground: the real bot on a loopback port, a Slack stand-in, and a web page that plays Slack's client,
// signing every request exactly as Slack does so the bot cannot tell the difference.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type BotApp, createApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
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

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host;
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const config = options.config ?? loadConfig(options.env ?? {}, { isTTY: false });
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  const model = new WorkspaceModel(options.triggerTtlMs);
  const standin = new SlackStandin({
    record: false,
    teamId: TEAM.id,
    intercept: (method, args) => model.refuse(method, args),
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
    slack: { kind: 'single', botToken: `xoxb-playground-${randomBytes(8).toString('hex')}`, signingSecret },
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

  const api: Record<string, (input: Json) => Promise<Json>> = {
    async command(input) {
      const userId = str(input.userId) ?? '';
      const channel = str(input.channel) ?? '';
      const raw = (str(input.text) ?? '').trim();
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
      const userId = str(input.userId) ?? '';
      const action = isObject(input.action) ? input.action : undefined;
      if (!model.userById(userId) || !action) return { ok: false, error: 'unknown user or action' };
      const actions = [{ ...action, action_ts: `${Date.now() / 1000}` }];
      const base = {
        type: 'block_actions',
        user: userPayload(userId),
        api_app_id: APP_ID,
        token: LEGACY_TOKEN,
        team: TEAM,
        enterprise: null,
        is_enterprise_install: false,
        actions,
      };
      const viewId = str(input.viewId);
      if (viewId) {
        const stored = model.findView(viewId);
        if (!stored) return { ok: false, error: 'view not found' };
        const reply = await deliverPayload({
          ...base,
          container: { type: 'view', view_id: viewId },
          trigger_id: model.newTrigger(userId, stored.view.type === 'modal' ? viewId : undefined),
          view: viewPayload(stored, input.values),
        });
        return { ok: reply.status === 200, status: reply.status };
      }
      const channel = str(input.channel) ?? '';
      const message = model.message(channel, str(input.ts) ?? '');
      if (!message) return { ok: false, error: 'message not found' };
      const responseUrl = standin.responseUrl();
      model.registerResponseUrl(responseUrl.split('/').pop() ?? '', {
        channel,
        userId,
        sourceTs: message.ts,
      });
      const ephemeral = message.visibleTo !== undefined;
      const reply = await deliverPayload({
        ...base,
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
        state: { values: isObject(input.values) ? input.values : {} },
        response_url: responseUrl,
      });
      return { ok: reply.status === 200, status: reply.status };
    },

    async submit(input) {
      const userId = str(input.userId) ?? '';
      const viewId = str(input.viewId) ?? '';
      const stored = model.modalStack(userId).find((v) => v.id === viewId);
      if (!stored) return { ok: false, error: 'view not found' };
      const reply = await deliverPayload({
        type: 'view_submission',
        team: TEAM,
        user: userPayload(userId),
        api_app_id: APP_ID,
        token: LEGACY_TOKEN,
        trigger_id: model.newTrigger(userId, viewId),
        view: viewPayload(stored, input.values),
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
      const userId = str(input.userId) ?? '';
      const closed = model.closeView(userId, str(input.viewId) ?? '');
      if (closed?.view.notify_on_close === true) {
        await deliverPayload({
          type: 'view_closed',
          team: TEAM,
          user: userPayload(userId),
          api_app_id: APP_ID,
          token: LEGACY_TOKEN,
          view: viewPayload(closed, input.values),
          is_cleared: false,
          is_enterprise_install: false,
        });
      }
      return { ok: true };
    },

    async suggest(input) {
      const userId = str(input.userId) ?? '';
      const stored = model.findView(str(input.viewId) ?? '');
      if (!stored) return { ok: false, options: [] };
      const reply = await deliverPayload({
        type: 'block_suggestion',
        user: userPayload(userId),
        container: { type: 'view', view_id: stored.id },
        api_app_id: APP_ID,
        token: LEGACY_TOKEN,
        action_id: str(input.actionId) ?? '',
        block_id: str(input.blockId) ?? '',
        value: str(input.value) ?? '',
        team: TEAM,
        view: viewPayload(stored, input.values),
        is_enterprise_install: false,
      });
      const options = Array.isArray(reply.json?.options) ? reply.json.options : [];
      const groups = Array.isArray(reply.json?.option_groups) ? reply.json.option_groups : undefined;
      return { ok: reply.status === 200, options, ...(groups ? { option_groups: groups } : {}) };
    },

    async home(input) {
      const userId = str(input.userId) ?? '';
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

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && PAGE_FILES[path]) {
      const page = PAGE_FILES[path];
      const content = await readFile(`${dir}${page.file}`);
      res.writeHead(200, {
        'content-type': page.type,
        'cache-control': 'no-store',
        // The page needs nothing from anywhere else; saying so keeps it honest and offline.
        'content-security-policy':
          "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'",
        'x-content-type-options': 'nosniff',
      });
      res.end(content);
      return;
    }
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
    if (req.method === 'GET' && path === '/healthz') return json(200, { ok: true });
    const name = path.startsWith('/api/') ? path.slice('/api/'.length) : '';
    const call = api[name];
    if (req.method === 'POST' && call) {
      // Only the page itself may drive the bot: a JSON body cannot be sent cross-site without a preflight.
      const origin = req.headers.origin;
      if (!req.headers['content-type']?.includes('application/json'))
        return json(415, { ok: false, error: 'expected JSON' });
      if (origin && new URL(origin).host !== req.headers.host)
        return json(403, { ok: false, error: 'cross-origin request refused' });
      const input = parseJson(await readBody(req)) ?? {};
      return json(200, await call(input));
    }
    json(404, { ok: false, error: 'not found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.warn({ err: error }, 'playground: request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'internal error' }));
    });
  });
  const host = options.host ?? config.host;
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
  if (config.vendor.vendor !== 'sandbox' && !/^(127\.|::1$|localhost$)/.test(host)) {
    // The page has no login and acts as an admin: with a real vendor, anyone who can reach it can delete customers.
    logger.warn(
      { host, vendor: config.vendor.vendor },
      'playground: a real vendor is connected and the page is reachable beyond this machine; set HOST=127.0.0.1',
    );
  }
  const url = `http://${displayHost(host).includes(':') ? `[${displayHost(host)}]` : displayHost(host)}:${port}/`;

  let stopped = false;
  return {
    url,
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
