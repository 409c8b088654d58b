// Starts the real app on 127.0.0.1:0 against the fake Slack (and a fake vendor), and talks to it as Slack does.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type BotApp, createApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import {
  fakeVendorOf as ateraVendor,
  type FakeAtera,
  type StartFakeAteraOptions,
  startFakeAtera,
} from '../fakes/atera/server.js';
import {
  type FakeVendor,
  type FakeVendorName,
  type FakeVendorOptions,
  startFakeVendor,
} from '../fakes/fake-vendor.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/server.js';
import {
  type FakeSyncro,
  type StartFakeSyncroOptions,
  startFakeSyncro,
  fakeVendorOf as syncroVendor,
} from '../fakes/syncro/server.js';
import { signedHeaders } from './signing.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-1111-2222-secrettokenvalue';

/** Collects the app's JSON log lines so tests can read what was logged. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      this.raw.push(line);
      try {
        this.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        this.lines.push({ unparsed: line });
      }
    }
    done();
  }
  text(): string {
    return this.raw.join('\n');
  }
}

export interface HttpReply {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
}

export interface Actor {
  userId?: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
}

export interface StartedApp {
  url: string;
  slack: FakeSlack;
  /** The fake vendor behind the app, when one was asked for. */
  atera: FakeAtera | undefined;
  syncro: FakeSyncro | undefined;
  /** The fake vendor behind the app in neutral terms, whichever it is (undefined on the sandbox). */
  fake: FakeVendor | undefined;
  logs: LogCapture;
  bot: BotApp;
  config: Config;
  /** POSTs a raw body to /slack/events with the given headers. */
  post(body: string, headers: Record<string, string>): Promise<HttpReply>;
  /** Sends a signed slash command; `responseUrl` is a fresh one on the fake Slack. */
  sendCommand(
    command: string,
    text: string,
    actor?: Actor,
  ): Promise<HttpReply & { responseUrl: string; triggerId: string }>;
  /** Sends a signed interactivity payload (block_actions, view_submission, block_suggestion...). */
  sendPayload(payload: Record<string, unknown>): Promise<HttpReply>;
  /** The `n`th message (1-based) posted to this response_url, waiting for it to arrive. */
  responseFor(responseUrl: string, n?: number): Promise<Record<string, unknown>>;
  /** The `n`th Slack Web API call to `method` (1-based) whose arguments match, waiting for it. */
  callTo(
    method: string,
    match?: (args: Record<string, unknown>) => boolean,
    n?: number,
  ): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  slack?: FakeSlack;
  dataDir?: string;
  /** Which vendor the workspace uses: the in-process sandbox (default) or a fake vendor server. */
  vendor?: 'sandbox' | FakeVendorName;
  /** Seed and options for a fake vendor given by name (every vendor; the Atera and Syncro ones below win). */
  fakeVendor?: FakeVendorOptions;
  /** Seed and options for the fake vendor server. */
  atera?: StartFakeAteraOptions;
  /** An already running fake Atera to use (kept running on stop): a restart keeps the vendor's state. */
  ateraServer?: FakeAtera;
  /**
   * An already running fake of any vendor, with `vendor` unset: its rich controls stay with the caller, who
   * closes it.
   */
  fakeServer?: FakeVendor;
  syncro?: StartFakeSyncroOptions;
}

export async function startApp(options: StartOptions = {}): Promise<StartedApp> {
  const slack = options.slack ?? (await startFakeSlack());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'msp-bot-'));
  const atera =
    options.ateraServer ??
    (options.vendor === 'atera' ? await startFakeAtera(options.atera ?? options.fakeVendor) : undefined);
  const syncro =
    options.vendor === 'syncro' ? await startFakeSyncro(options.syncro ?? options.fakeVendor) : undefined;
  const fake: FakeVendor | undefined = atera
    ? ateraVendor(atera)
    : syncro
      ? syncroVendor(syncro)
      : options.vendor && options.vendor !== 'sandbox'
        ? await startFakeVendor(options.vendor, options.fakeVendor)
        : options.fakeServer;
  const vendorEnv: Record<string, string> = fake?.env ?? { VENDOR: 'sandbox' };
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    DATA_DIR: dataDir,
    VENDOR_TIMEOUT_SECONDS: '2',
    // Fakes have no real limit; a fast pace keeps index builds quick in tests that are not about pacing.
    VENDOR_RATE_LIMIT_PER_MINUTE: '12000',
    ...vendorEnv,
    ...options.env,
  };
  const config = loadConfig(env, { isTTY: false });
  const logs = new LogCapture();
  const logger = createLogger({ level: config.logLevel, destination: logs });
  const bot = await createApp(config, logger);
  const { port } = await bot.start();
  const url = `http://127.0.0.1:${port}`;

  const post = async (body: string, headers: Record<string, string>): Promise<HttpReply> => {
    const res = await fetch(`${url}/slack/events`, { method: 'POST', body, headers });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  };

  return {
    url,
    slack,
    atera,
    syncro,
    fake,
    logs,
    bot,
    config,
    post,
    async sendCommand(command, text, actor = {}) {
      const responseUrl = slack.responseUrl();
      const triggerId = `${Date.now()}.${randomBytes(4).toString('hex')}`;
      const body = new URLSearchParams({
        token: 'legacy-verification-token-abc',
        team_id: actor.teamId ?? 'T0001',
        team_domain: 'fake-msp',
        channel_id: actor.channelId ?? 'C0GENERAL',
        channel_name: 'general',
        user_id: actor.userId ?? 'U0TECH',
        user_name: actor.userName ?? 'tech',
        command,
        text,
        api_app_id: 'A0BOT',
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: triggerId,
      }).toString();
      const reply = await post(body, signedHeaders(SIGNING_SECRET, body));
      return { ...reply, responseUrl, triggerId };
    },
    async sendPayload(payload) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return post(body, signedHeaders(SIGNING_SECRET, body));
    },
    async responseFor(responseUrl, n = 1) {
      const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
      return waitUntil(
        `response ${n} to ${id}`,
        () => slack.responses.filter((r) => r.id === id)[n - 1]?.body,
      );
    },
    async callTo(method, match = () => true, n = 1) {
      return waitUntil(
        `${method} call ${n}`,
        () => slack.calls.filter((c) => c.method === method && match(c.args))[n - 1]?.args,
      );
    },
    async stop() {
      await bot.stop();
      if (!options.ateraServer && !options.fakeServer) await fake?.close();
      if (!options.slack) await slack.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `read` returns something (the app answers after its ack, in its own time). */
export async function waitUntil<T>(what: string, read: () => T | undefined, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every text of a message (fallback, sections, fields, context), for "the user sees X" assertions. */
export function textOf(message: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    for (const [key, inner] of Object.entries(v)) {
      if (key === 'text' && typeof inner === 'string') out.push(inner);
      else walk(inner);
    }
  };
  walk(message);
  return out.join('\n');
}

/**
 * The modal a request opened with `triggerId`, as the user sees it once the queue has filled it in: the first
 * view with `callbackId` that is `ready`, from the views.open or any views.update since `mark` (a count of
 * views.update calls taken before the request). Carries the id and hash a submission of it needs.
 */
export async function filledModal(
  app: StartedApp,
  mark: number,
  triggerId: string,
  callbackId: string,
  ready: (view: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  type View = Record<string, unknown>;
  const fits = (v: unknown) => (v as View).callback_id === callbackId && ready(v as View);
  const opened = await app.callTo('views.open', (a) => a.trigger_id === triggerId);
  const view = fits(opened.view)
    ? (opened.view as View)
    : await waitUntil(
        `the ${callbackId} modal filled in`,
        () =>
          app.slack
            .callsTo('views.update')
            .slice(mark)
            .find((c) => fits(c.args.view))?.args.view as View,
      );
  return { ...view, id: `V-${triggerId}`, hash: 'h' };
}
