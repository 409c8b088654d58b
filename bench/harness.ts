// Starts the real app over HTTP for a bench, with a vendor connection per workspace, and drives it as Slack does.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { type BotApp, createApp } from '../src/app.js';
import { type Config, loadConfig, type VendorConnection } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type FakeSlack, startFakeSlack } from '../test/fakes/slack/server.js';
import { BOT_TOKEN, LogCapture, SIGNING_SECRET } from '../test/helpers/app.js';
import { signedHeaders } from '../test/helpers/signing.js';
import type { AckClientInput, AckClientResult } from './ack-client.js';
import { noteListener, TRACE_HEADER } from './probes.js';

/** How a reply reads to the user. */
export type ReplyKind = 'card' | 'list' | 'none' | 'busy' | 'error' | 'other';

export interface Reply {
  kind: ReplyKind;
  text: string;
  /** performance.now() when the fake Slack received it on the response_url. */
  at: number;
  /** A "You're #N in line" note came first (the answer then took its place). */
  noted: boolean;
}

export interface SentCommand {
  trace: string;
  sentAt: number;
  ackedAt: number;
  status: number;
  /** The ack's own body (help and refusals answer inline). */
  ackText: string;
  /** Resolves with the response_url post, or undefined when none came within the wait. */
  reply: Promise<Reply | undefined>;
}

/** A signed command ready to send, with its reply already awaited on the fake Slack. */
export interface PreparedCommand {
  trace: string;
  body: string;
  headers: Record<string, string>;
  reply: Promise<Reply | undefined>;
  /** Stop waiting for a reply (the command was answered inline). */
  cancel(): void;
}

export interface BenchApp {
  url: string;
  config: Config;
  bot: BotApp;
  slack: FakeSlack;
  logs: LogCapture;
  /** Signs `/command text` as team `teamId` (and user) and starts waiting for its response_url answer. */
  prepare(
    teamId: string,
    command: string,
    text: string,
    replyWithinMs?: number,
    userId?: string,
  ): PreparedCommand;
  /**
   * Sends prepared commands all at once from a worker thread, to the app (or to `url`); times are this
   * thread's performance.now().
   */
  burstFromWorker(commands: readonly PreparedCommand[], url?: string): Promise<AckClientResult[]>;
  /** Sends a signed `/command text` as team `teamId`; resolves once acked. */
  send(teamId: string, command: string, text: string, replyWithinMs?: number): Promise<SentCommand>;
  stop(): Promise<void>;
}

/** The job runner's "You're #N in line, about T s" note, which the answer replaces. */
export function isQueueNote(text: string): boolean {
  return /in line, about \d+ s|Your answer will appear here/.test(text);
}

export function replyKind(text: string): ReplyKind {
  if (text.includes(': customer card')) return 'card';
  if (/^\d+ customers match/.test(text)) return 'list';
  if (text.startsWith('No customer matches')) return 'none';
  if (/busy|restarting|no longer connected/i.test(text)) return 'busy';
  if (text.startsWith('Could not ')) return 'error';
  return 'other';
}

export interface BenchAppOptions {
  /** Keep the store here (and leave it on stop), so a second start finds what the first one wrote. */
  dataDir?: string;
}

/**
 * The app as `npm start` builds it (createApp with the config loadConfig reads from `env`), against the fake
 * Slack, with `connections` mapping each team id to its own vendor, as an OAuth install would; without
 * `connections`, every team uses the vendor `env` names (single-workspace mode).
 */
export async function startBenchApp(
  env: Record<string, string>,
  connections: ReadonlyMap<string, VendorConnection> | undefined,
  options: BenchAppOptions = {},
): Promise<BenchApp> {
  const slack = await startFakeSlack();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'msp-bench-'));
  const config = loadConfig(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      VENDOR: 'atera',
      ATERA_API_KEY: 'bench-unused-key',
      SHUTDOWN_TIMEOUT_SECONDS: '1',
      ...env,
    },
    { isTTY: false },
  );
  const logs = new LogCapture();
  const logger = createLogger({ level: config.logLevel, destination: logs });
  const bot = await createApp(
    config,
    logger,
    connections
      ? {
          connections: async (key) => {
            noteListener();
            return connections.get(key);
          },
        }
      : {},
  );
  const { port } = await bot.start();
  const url = `http://127.0.0.1:${port}`;

  const waiting = new Map<string, (reply: Reply) => void>();
  const noted = new Set<string>();
  const unobserve = slack.observe((activity) => {
    if (activity.kind !== 'response') return;
    const id = activity.post.id;
    const resolve = waiting.get(id);
    if (!resolve) return;
    const text = typeof activity.post.body.text === 'string' ? activity.post.body.text : '';
    // A place-in-line note is not the answer: keep waiting for the post that replaces it.
    if (isQueueNote(text)) {
      noted.add(id);
      return;
    }
    waiting.delete(id);
    resolve({ kind: replyKind(text), text, at: performance.now(), noted: noted.delete(id) });
  });

  const bench: BenchApp = {
    url,
    config,
    bot,
    slack,
    logs,
    prepare(teamId, command, text, replyWithinMs = 600_000, userId = 'U0TECH') {
      const responseUrl = slack.responseUrl();
      const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
      let timer: NodeJS.Timeout | undefined;
      let settle: (reply: Reply | undefined) => void = () => undefined;
      const reply = new Promise<Reply | undefined>((resolve) => {
        settle = (r) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(r);
        };
        waiting.set(id, settle);
        timer = setTimeout(() => settle(undefined), replyWithinMs);
      });
      const body = new URLSearchParams({
        token: 'legacy-verification-token-abc',
        team_id: teamId,
        team_domain: `bench-${teamId.toLowerCase()}`,
        channel_id: 'C0GENERAL',
        channel_name: 'general',
        user_id: userId,
        user_name: userId.toLowerCase(),
        command,
        text,
        api_app_id: 'A0BOT',
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
      }).toString();
      return {
        trace: id,
        body,
        headers: { ...signedHeaders(SIGNING_SECRET, body), [TRACE_HEADER]: id },
        reply,
        cancel: () => settle(undefined),
      };
    },
    async burstFromWorker(commands, target = url) {
      const input: AckClientInput = {
        url: target,
        commands: commands.map((c) => ({ body: c.body, headers: c.headers })),
      };
      const script = new URL('./ack-client.ts', import.meta.url).href;
      const api = import.meta.resolve('tsx/esm/api');
      // Worker threads do not inherit tsx's loader: register it, then load the TypeScript worker.
      const boot = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`;
      const worker = new Worker(boot, { eval: true, workerData: input });
      const message = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      const results = (message as { results?: AckClientResult[]; error?: string }).results;
      if (!results)
        throw new Error(`ack client failed: ${(message as { error?: string }).error ?? 'no results'}`);
      const shift = performance.timeOrigin;
      return results.map((r, i) => {
        if (r.ackText.trim() !== '') commands[i]?.cancel();
        return { ...r, sentAt: r.sentAt - shift, ackedAt: r.ackedAt - shift };
      });
    },
    async send(teamId, command, text, replyWithinMs = 600_000) {
      const prepared = bench.prepare(teamId, command, text, replyWithinMs);
      const sentAt = performance.now();
      const post = () =>
        fetch(`${url}/slack/events`, { method: 'POST', body: prepared.body, headers: prepared.headers });
      // A kept-alive socket the server closed just as it was reused fails before anything was sent: once more.
      const res = await post().catch(async (error: unknown) => {
        const code = (error as { cause?: { code?: string } }).cause?.code;
        if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
        return post();
      });
      const ackText = await res.text();
      const ackedAt = performance.now();
      // Answered inline: no response_url post will follow.
      if (ackText.trim() !== '') prepared.cancel();
      return {
        trace: prepared.trace,
        sentAt,
        ackedAt,
        status: res.status,
        ackText,
        reply: ackText.trim() === '' ? prepared.reply : Promise.resolve(undefined),
      };
    },
    async stop() {
      unobserve();
      await bot.stop();
      await slack.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return bench;
}
