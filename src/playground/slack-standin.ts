// A local stand-in for the Slack Web API: records every call, answers like Slack, serves response_urls.
// The playground runs the bot against it; the test fake (test/fakes/slack) adds Block Kit limit checks on top.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface StandinUser {
  id: string;
  name: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  tz?: string;
  /** A single- or multi-channel guest. */
  isGuest?: boolean;
  /** Their team, when not the stand-in's own (a Slack Connect member of another organisation). */
  teamId?: string;
  email?: string;
}

/** A file uploaded through files.uploadV2 (getUploadURLExternal, the upload, completeUploadExternal). */
export interface UploadedFile {
  id: string;
  filename: string;
  content: Buffer;
  /** The conversation it was shared in, once completed. */
  channel: string | undefined;
  initialComment: string | undefined;
}

/** What a payload that reached Slack may carry; a checker returns one line per problem found. */
export interface CheckedPayload {
  message?: unknown;
  view?: unknown;
  options?: unknown;
}
export type PayloadChecker = (payload: CheckedPayload) => string[];

/** Everything the stand-in saw, with what it answered, for observers such as the playground's channel model. */
export type StandinActivity =
  | { kind: 'call'; call: SlackCall; result: Record<string, unknown> }
  | { kind: 'response'; post: ResponseUrlPost; ok: boolean };

export interface StandinOptions {
  /** Limit checks run on every message, view and options payload (the test fake passes Block Kit's). */
  checker?: PayloadChecker;
  /** Keep every call and response_url post in `calls`/`responses` (tests read them; a long-lived playground does not). */
  record?: boolean;
  /**
   * Answers a call before the built-in answers do (return undefined to fall through), e.g. push_limit_reached;
   * `token` is the one the call carried.
   */
  intercept?: (
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
  ) => Record<string, unknown> | undefined;
  /** The team the stand-in pretends to be. */
  teamId?: string;
  /**
   * Refuses (403) a request whose Host header this says no to, before reading it: the playground keeps pages
   * of other sites that rebind their name to this machine from posting into its workspace.
   */
  allowHost?: (host: string | undefined) => boolean;
  /** When set, Web API calls must carry this bot token, as Slack's do. */
  botToken?: string;
}

type Waiter<T> = { match: (item: T) => boolean; resolve: (item: T) => void };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Web API client sends forms whose nested values are JSON strings; decode them back into objects. */
function parseArgs(contentType: string | undefined, raw: string): Record<string, unknown> {
  if (contentType?.includes('application/json'))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(value)) {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // a plain string that happens to start with a bracket
      }
    }
    args[key] = value;
  }
  return args;
}

/** The file an upload URL received: the SDK posts it as a multipart form's one part; anything else is the file. */
async function uploadedBytes(contentType: string | undefined, raw: string): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return Buffer.from(raw, 'utf8');
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const part = [...form.values()][0];
  if (part === undefined) return Buffer.alloc(0);
  return typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(await part.arrayBuffer());
}

export class SlackStandin {
  readonly calls: SlackCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** Every limit problem seen, with the method that carried it. */
  readonly violations: string[] = [];
  readonly users = new Map<string, StandinUser>();
  /** Channels the bot is a member of; others answer `not_in_channel` to chat.postMessage. */
  readonly memberChannels = new Set<string>(['C0GENERAL']);
  /** Methods forced to fail with the given Slack error. */
  readonly failures = new Map<string, string>();
  oauthAccess: Record<string, unknown> | undefined;
  /** Files uploaded (and, once completed, shared), by id. */
  readonly files = new Map<string, UploadedFile>();
  url = '';
  readonly teamId: string;
  private server: Server | undefined;
  private views = new Map<string, Record<string, unknown>>();
  private seq = 0;
  private callWaiters: Waiter<SlackCall>[] = [];
  private responseWaiters: Waiter<ResponseUrlPost>[] = [];
  private responseCursor = 0;
  private readonly observers = new Set<(activity: StandinActivity) => void>();
  private readonly checker: PayloadChecker | undefined;
  private readonly record: boolean;
  private readonly intercept: StandinOptions['intercept'];
  private readonly allowHost: StandinOptions['allowHost'];
  /** The token Web API calls must carry, when set (the playground's bot token). */
  readonly botToken: string | undefined;
  /**
   * Workflow tokens (a function_executed event's bot_access_token) accepted besides the bot token, each while its
   * function execution runs, as Slack's do.
   */
  readonly workflowTokens = new Set<string>();

  constructor(options: StandinOptions = {}) {
    this.allowHost = options.allowHost;
    this.botToken = options.botToken;
    this.checker = options.checker;
    this.record = options.record ?? true;
    this.intercept = options.intercept;
    this.teamId = options.teamId ?? 'T0001';
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url served by this stand-in. */
  responseUrl(): string {
    return `${this.url}/response/${randomBytes(6).toString('hex')}`;
  }

  /** Calls `observer` after every answered call and response_url post; returns the unsubscribe. */
  observe(observer: (activity: StandinActivity) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async start(port = 0, host = '127.0.0.1'): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (past or future) to `method` that matches. */
  waitForCall(
    method: string,
    match: (call: SlackCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<SlackCall> {
    const test = (c: SlackCall) => c.method === method && match(c);
    const seen = this.calls.find(test);
    if (seen) return Promise.resolve(seen);
    return this.wait(this.callWaiters, test, timeoutMs, `a ${method} call`);
  }

  /** The next response_url post not yet consumed by an earlier nextResponse(). */
  nextResponse(timeoutMs = 5000): Promise<ResponseUrlPost> {
    const index = this.responseCursor;
    this.responseCursor += 1;
    const seen = this.responses[index];
    if (seen) return Promise.resolve(seen);
    return this.wait(
      this.responseWaiters,
      () => this.responses.length > index,
      timeoutMs,
      'a response_url post',
    );
  }

  /** Records limit problems of any payload, whichever way it reached Slack. */
  check(where: string, payload: CheckedPayload): string[] {
    const problems = this.checker ? this.checker(payload) : [];
    for (const p of problems) this.violations.push(`${where}: ${p}`);
    return problems;
  }

  private wait<T>(
    waiters: Waiter<T>[],
    match: (item: T) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        match,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`fake Slack: timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  }

  private notify<T>(waiters: Waiter<T>[], item: T): void {
    for (const waiter of [...waiters]) {
      if (waiter.match(item)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(item);
      }
    }
  }

  private emit(activity: StandinActivity): void {
    for (const observer of this.observers) {
      try {
        observer(activity);
      } catch {
        // an observer's bug must not turn into a Slack error for the bot
      }
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (body: unknown, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (this.allowHost && !this.allowHost(req.headers.host))
      return send({ ok: false, error: 'host_not_allowed' }, 403);
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.startsWith('/response/')) {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const problems = this.check(`response_url`, { message: body });
      const post = { id: path.slice('/response/'.length), body, at: Date.now() };
      if (this.record) this.responses.push(post);
      this.notify(this.responseWaiters, post);
      this.emit({ kind: 'response', post, ok: problems.length === 0 });
      return problems.length > 0 ? send({ ok: false, error: 'invalid_blocks' }, 400) : send({ ok: true });
    }
    if (path.startsWith('/upload/')) {
      const file = this.files.get(path.slice('/upload/'.length));
      if (!file) return send({ ok: false, error: 'not_found' }, 404);
      file.content = await uploadedBytes(req.headers['content-type'], raw);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${file.content.length}`);
      return;
    }
    if (!path.startsWith('/api/')) return send({ ok: false, error: 'unknown_path' }, 404);
    const method = path.slice('/api/'.length);
    const args = parseArgs(req.headers['content-type'], raw);
    const auth = req.headers.authorization;
    const token = auth?.replace(/^Bearer /, '') ?? (typeof args.token === 'string' ? args.token : undefined);
    if (this.botToken && token !== this.botToken && !(token && this.workflowTokens.has(token)))
      return send({ ok: false, error: 'invalid_auth' });
    const call: SlackCall = { method, args, token, at: Date.now() };
    if (this.record) this.calls.push(call);
    this.notify(this.callWaiters, call);
    const forced = this.failures.get(method);
    const result = forced
      ? { ok: false, error: forced }
      : (this.intercept?.(method, args, token) ?? this.answer(method, args));
    this.emit({ kind: 'call', call, result });
    send(result);
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const ts = () => `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
    const message = { text: args.text, blocks: args.blocks };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake MSP',
          user: 'bot',
          team_id: this.teamId,
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage': {
        if (this.check(method, { message }).length > 0) return { ok: false, error: 'invalid_blocks' };
        const channel = String(args.channel ?? '');
        if (!this.memberChannels.has(channel) && !channel.startsWith('D'))
          return { ok: false, error: 'not_in_channel' };
        const t = ts();
        return { ok: true, channel, ts: t, message: { ...message, ts: t } };
      }
      case 'chat.postEphemeral':
        if (this.check(method, { message }).length > 0) return { ok: false, error: 'invalid_blocks' };
        return { ok: true, message_ts: ts() };
      case 'chat.update':
        if (this.check(method, { message }).length > 0) return { ok: false, error: 'invalid_blocks' };
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.delete':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return this.storeView(method, args);
      case 'users.info': {
        const id = String(args.user ?? '');
        const user = this.users.get(id) ?? { id, name: id.toLowerCase() };
        return {
          ok: true,
          user: {
            id: user.id,
            name: user.name,
            real_name: user.name,
            is_admin: user.isAdmin ?? false,
            is_owner: user.isOwner ?? false,
            is_restricted: user.isGuest ?? false,
            is_ultra_restricted: false,
            // Only a user given a team of their own (a Slack Connect member of another organisation) names one:
            // one stand-in serves several test workspaces, and every other user belongs to whichever asks.
            ...(user.teamId ? { team_id: user.teamId } : {}),
            tz: user.tz ?? 'America/New_York',
            profile: {
              display_name: user.name,
              real_name: user.name,
              email: user.email ?? `${user.name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@fake-msp.example`,
            },
          },
        };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '');
        return { ok: true, channel: { id: `D${users.replace(/[^A-Z0-9]/g, '').slice(0, 11)}` } };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.seq).padStart(8, '0')}`;
        const filename = String(args.filename ?? 'file');
        this.files.set(id, {
          id,
          filename,
          content: Buffer.alloc(0),
          channel: undefined,
          initialComment: undefined,
        });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = (Array.isArray(args.files) ? args.files : []) as { id?: string }[];
        const channel = typeof args.channel_id === 'string' ? args.channel_id : undefined;
        for (const f of list) {
          const file = f.id ? this.files.get(f.id) : undefined;
          if (file) {
            file.channel = channel;
            file.initialComment = typeof args.initial_comment === 'string' ? args.initial_comment : undefined;
          }
        }
        return { ok: true, files: list.map((f) => ({ id: f.id })) };
      }
      case 'chat.unfurl': {
        const unfurls = (args.unfurls ?? {}) as Record<string, unknown>;
        for (const unfurl of Object.values(unfurls))
          if (this.check(method, { message: unfurl }).length > 0)
            return { ok: false, error: 'invalid_unfurls' };
        return { ok: true };
      }
      case 'conversations.info': {
        const channel = String(args.channel ?? '');
        return {
          ok: true,
          channel: {
            id: channel,
            is_member: this.memberChannels.has(channel),
            is_im: channel.startsWith('D'),
          },
        };
      }
      case 'oauth.v2.access':
        return this.oauthAccess ?? { ok: false, error: 'invalid_code' };
      default:
        return { ok: true };
    }
  }

  private storeView(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const view = (args.view ?? {}) as Record<string, unknown>;
    if (this.check(method, { view }).length > 0) return { ok: false, error: 'invalid_arguments' };
    let id: string | undefined;
    if (method === 'views.update') {
      if (typeof args.view_id === 'string') id = args.view_id;
      else if (typeof args.external_id === 'string') {
        // Slack lets an app address a view by its own external_id, e.g. to fill a modal opened earlier.
        const externalId = args.external_id;
        const found = [...this.views.values()].find((v) => v.external_id === externalId);
        if (!found) return { ok: false, error: 'not_found' };
        id = String(found.id);
      }
    }
    id ??= `V${String(++this.seq).padStart(8, '0')}`;
    const stored = {
      ...view,
      id,
      hash: `${Date.now()}.${randomBytes(4).toString('hex')}`,
      team_id: this.teamId,
    };
    this.views.set(id, stored);
    return { ok: true, view: stored };
  }
}
