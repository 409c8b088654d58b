// What Slack's client would show in the playground: channels, messages (public and ephemeral), modal stacks and
// Home tabs, kept up to date from what the bot sends the stand-in and from the page's own actions.
import { randomBytes } from 'node:crypto';
import type { AppManifest } from './app-manifest.js';
import type { StandinActivity, StandinUser } from './slack-standin.js';

type Json = Record<string, unknown>;

export interface PlaygroundUser extends StandinUser {
  title: string;
}

export interface PlaygroundChannel {
  id: string;
  name: string;
  /** `app` is the bot's direct-message conversation with each user (its Messages tab). */
  kind: 'channel' | 'app';
}

export interface PlaygroundMessage {
  ts: string;
  channel: string;
  /** `bot` for the app; otherwise the user who typed it. */
  author: string;
  text: string;
  blocks: Json[];
  /** Set on ephemeral messages: the only user who sees them. */
  visibleTo?: string | undefined;
  threadTs?: string | undefined;
  edited?: boolean;
  /** A Slack client notice (e.g. "/customer failed"), shown as Slackbot. */
  system?: boolean;
  /** The app's unfurls of links in the message (chat.unfurl), by the link they unfurl. */
  unfurls?: Record<string, PlaygroundUnfurl>;
}

export interface PlaygroundUnfurl {
  text: string;
  blocks: Json[];
}

/** One run of a Workflow Builder step from the Workflows panel: a function_executed event and its completion. */
export interface WorkflowRun {
  /** The function_execution_id. */
  id: string;
  callbackId: string;
  userId: string;
  inputs: Record<string, string | boolean>;
  status: 'running' | 'completed' | 'failed';
  outputs?: Json;
  error?: string;
  startedAt: number;
}

export interface PlaygroundView {
  id: string;
  hash: string;
  userId: string;
  view: Json;
}

export interface Snapshot {
  version: number;
  botName: string;
  users: PlaygroundUser[];
  channels: PlaygroundChannel[];
  messages: PlaygroundMessage[];
  modals: Record<string, PlaygroundView[]>;
  homes: Record<string, PlaygroundView>;
  /** What Slack knows of the app from its manifest: shortcuts and workflow steps, for the page's menus. */
  app: Pick<AppManifest, 'messageShortcuts' | 'globalShortcuts' | 'steps'>;
  workflowRuns: WorkflowRun[];
  /** Things to try, e.g. a customer link of the connected account to paste. */
  hints: { customerUrl?: string };
}

/** Where a response_url came from, so a post to it lands in the right channel, for the right user. */
export interface ResponseContext {
  channel: string;
  userId: string;
  /** The message whose button produced this response_url (replace_original/delete_original target it). */
  sourceTs?: string | undefined;
  /** For slash commands: the user's echoed command, made public by an in_channel answer. */
  commandTs?: string | undefined;
  /** The last message posted through this response_url, which a later replace_original replaces. */
  lastTs?: string | undefined;
}

interface Trigger {
  userId: string;
  /** The modal the interaction came from; views.push stacks on top of it. */
  viewId?: string | undefined;
  at: number;
  used: boolean;
}

export const BOT_NAME = 'MSP Desk';
export const MAX_MODAL_STACK = 3;
const MAX_MESSAGES = 500;
const MAX_RUNS = 50;
/** Slack unfurls at most a few links of one message; more are ignored. */
const MAX_UNFURLS = 5;

export const PLAYGROUND_USERS: readonly PlaygroundUser[] = [
  { id: 'U0ALEX', name: 'Alex Admin', title: 'Workspace admin', isAdmin: true },
  { id: 'U0TARA', name: 'Tara Tech', title: 'Technician (member)' },
  { id: 'U0SAM', name: 'Sam Support', title: 'Service desk (member)' },
];

export const PLAYGROUND_CHANNELS: readonly PlaygroundChannel[] = [
  { id: 'C0GENERAL', name: 'general', kind: 'channel' },
  { id: 'C0SUPPORT', name: 'support-desk', kind: 'channel' },
];

/** The app's DM with a user: Slack gives each pair its own D… conversation. */
export function appChannelOf(userId: string): string {
  return `D${userId.slice(1)}`;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Slack fills in block_ids and action_ids an app leaves out; the page needs them to report state and actions.
 * They follow from the block's place, so a message or view updated in place keeps them: a click on a button
 * that is still there after a chat.update (a delete request whose impact arrived meanwhile) is still that button.
 */
export function withIds(blocks: unknown, surface = 'b'): Json[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.filter(isObject).map((block, i) => {
    const copy: Json = { ...block, block_id: str(block.block_id) ?? `${surface}-${i}` };
    const fill = (el: unknown, id: string) =>
      isObject(el) && el.type !== 'image' && !str(el.action_id) ? { ...el, action_id: id } : el;
    if (isObject(copy.accessory)) copy.accessory = fill(copy.accessory, `a-${i}`);
    if (isObject(copy.element)) copy.element = fill(copy.element, `a-${i}`);
    if (copy.type === 'actions' && Array.isArray(copy.elements))
      copy.elements = copy.elements.map((el, j) => fill(el, `a-${i}-${j}`));
    return copy;
  });
}

function normalizeView(view: Json): Json {
  // A Home tab and a modal are on screen together: their filled-in ids must not meet in the page.
  return { ...view, blocks: withIds(view.blocks, view.type === 'home' ? 'h' : 'v') };
}

export class WorkspaceModel {
  readonly users: readonly PlaygroundUser[] = PLAYGROUND_USERS;
  readonly channels: PlaygroundChannel[] = [...PLAYGROUND_CHANNELS];
  private messages: PlaygroundMessage[] = [];
  private readonly modals = new Map<string, PlaygroundView[]>();
  private readonly homes = new Map<string, PlaygroundView>();
  private readonly responseContexts = new Map<string, ResponseContext>();
  private readonly triggers = new Map<string, Trigger>();
  /** link_shared's unfurl_id -> the message it is about, for a chat.unfurl that names it so. */
  private readonly unfurlTargets = new Map<string, { channel: string; ts: string }>();
  private runs: (WorkflowRun & { token: string })[] = [];
  private app: Snapshot['app'] = { messageShortcuts: [], globalShortcuts: [], steps: [] };
  private hints: Snapshot['hints'] = {};
  private readonly listeners = new Set<() => void>();
  private version = 0;
  private seq = 0;
  private changeQueued = false;

  constructor(private readonly triggerTtlMs = 3000) {
    for (const user of this.users)
      this.channels.push({ id: appChannelOf(user.id), name: BOT_NAME, kind: 'app' });
  }

  userById(id: string): PlaygroundUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  channelById(id: string): PlaygroundChannel | undefined {
    return this.channels.find((c) => c.id === id);
  }

  /** Calls `listener` (at most once per tick) after the model changed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): Snapshot {
    return {
      version: this.version,
      botName: BOT_NAME,
      users: [...this.users],
      channels: [...this.channels],
      messages: [...this.messages],
      modals: Object.fromEntries(this.modals),
      homes: Object.fromEntries(this.homes),
      app: this.app,
      workflowRuns: this.runs.map(({ token: _token, ...run }) => run),
      hints: this.hints,
    };
  }

  /** What the app's manifest offers (shortcuts, steps), and a link worth pasting. */
  describeApp(app: Snapshot['app'], hints: Snapshot['hints'] = {}): void {
    this.app = app;
    this.hints = hints;
    this.changed();
  }

  /** Remembers which message a link_shared event's unfurl_id names. */
  registerUnfurl(unfurlId: string, target: { channel: string; ts: string }): void {
    this.unfurlTargets.set(unfurlId, target);
    // Unfurls come within seconds; a long session does not keep every id.
    if (this.unfurlTargets.size > MAX_MESSAGES) {
      const oldest = this.unfurlTargets.keys().next().value;
      if (oldest !== undefined) this.unfurlTargets.delete(oldest);
    }
  }

  /** A step started from the Workflows panel, with the workflow token its event carries. */
  startRun(run: Omit<WorkflowRun, 'status' | 'startedAt'>, token: string): void {
    this.runs = [{ ...run, status: 'running' as const, startedAt: Date.now(), token }, ...this.runs].slice(
      0,
      MAX_RUNS,
    );
    this.changed();
  }

  /** A run the app never got to complete (it did not acknowledge the event). */
  failRun(id: string, error: string): void {
    const run = this.runs.find((r) => r.id === id);
    if (run?.status !== 'running') return;
    run.status = 'failed';
    run.error = error;
    this.changed();
  }

  private unfurlTarget(args: Json): PlaygroundMessage | undefined {
    const byId = this.unfurlTargets.get(str(args.unfurl_id) ?? '');
    if (byId) return this.message(byId.channel, byId.ts);
    return this.message(str(args.channel) ?? '', str(args.ts) ?? '');
  }

  /** A timestamp unique within this model, in Slack's "seconds.micro" shape. */
  nextTs(): string {
    this.seq += 1;
    // The 9 keeps clear of the stand-in's own sequence, which counts up from 1 in the same shape.
    return `${Math.floor(Date.now() / 1000)}.9${String(this.seq).padStart(5, '0')}`;
  }

  message(channel: string, ts: string): PlaygroundMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  addMessage(message: Omit<PlaygroundMessage, 'ts'> & { ts?: string }): PlaygroundMessage {
    const stored: PlaygroundMessage = { ...message, ts: message.ts ?? this.nextTs() };
    stored.blocks = withIds(stored.blocks);
    this.messages.push(stored);
    if (this.messages.length > MAX_MESSAGES) this.messages = this.messages.slice(-MAX_MESSAGES);
    this.changed();
    return stored;
  }

  makePublic(channel: string, ts: string): void {
    const found = this.message(channel, ts);
    if (found) {
      found.visibleTo = undefined;
      this.changed();
    }
  }

  private replaceMessage(channel: string, ts: string, content: { text: string; blocks: unknown }): boolean {
    const found = this.message(channel, ts);
    if (!found) return false;
    found.text = content.text;
    found.blocks = withIds(content.blocks);
    found.edited = true;
    this.changed();
    return true;
  }

  private removeMessage(channel: string, ts: string): void {
    this.messages = this.messages.filter((m) => !(m.channel === channel && m.ts === ts));
    this.changed();
  }

  registerResponseUrl(id: string, context: ResponseContext): void {
    this.responseContexts.set(id, context);
  }

  newTrigger(userId: string, viewId?: string): string {
    const id = `${Date.now()}.${++this.seq}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(id, { userId, viewId, at: Date.now(), used: false });
    // Triggers die in seconds; forget old ones so a long session does not grow this map.
    for (const [key, t] of this.triggers) if (Date.now() - t.at > 60_000) this.triggers.delete(key);
    return id;
  }

  modalStack(userId: string): PlaygroundView[] {
    return this.modals.get(userId) ?? [];
  }

  findView(viewId: string): PlaygroundView | undefined {
    for (const stack of this.modals.values()) {
      const found = stack.find((v) => v.id === viewId);
      if (found) return found;
    }
    for (const home of this.homes.values()) if (home.id === viewId) return home;
    return undefined;
  }

  /** Checks a views.*, chat.* or functions.* call as Slack would before answering it; an error refuses it. */
  refuse(method: string, args: Json, token?: string): Json | undefined {
    const triggerError = (): Json | undefined => {
      const trigger = this.triggers.get(str(args.trigger_id) ?? '');
      if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
      if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
      if (Date.now() - trigger.at > this.triggerTtlMs) return { ok: false, error: 'expired_trigger_id' };
      return undefined;
    };
    if (method === 'views.open') return triggerError();
    if (method === 'views.push') {
      const error = triggerError();
      if (error) return error;
      const trigger = this.triggers.get(str(args.trigger_id) ?? '');
      const stack = trigger ? this.modalStack(trigger.userId) : [];
      if (stack.length === 0) return { ok: false, error: 'not_found' };
      if (stack.length >= MAX_MODAL_STACK) return { ok: false, error: 'push_limit_reached' };
    }
    if (method === 'views.update') {
      const viewId = str(args.view_id);
      const externalId = str(args.external_id);
      const found = viewId
        ? this.findView(viewId)
        : [...this.modals.values()].flat().find((v) => externalId && v.view.external_id === externalId);
      if (!found) return { ok: false, error: 'not_found' };
      const hash = str(args.hash);
      if (hash && hash !== found.hash) return { ok: false, error: 'hash_conflict' };
    }
    if (method === 'chat.update' || method === 'chat.delete') {
      const found = this.message(str(args.channel) ?? '', str(args.ts) ?? '');
      if (!found) return { ok: false, error: 'message_not_found' };
      if (found.visibleTo) return { ok: false, error: 'cant_update_message' };
    }
    if (method === 'chat.unfurl') {
      if (!this.unfurlTarget(args)) return { ok: false, error: 'cannot_find_message' };
    }
    if (method === 'functions.completeSuccess' || method === 'functions.completeError') {
      // A step is completed once, with its own execution's workflow token.
      const run = this.runs.find((r) => r.id === str(args.function_execution_id));
      if (!run || run.token !== token) return { ok: false, error: 'function_execution_not_found' };
      if (run.status !== 'running') return { ok: false, error: 'function_execution_already_completed' };
    }
    if (method === 'chat.postMessage') {
      // Posting to a user id opens the app's DM with that user, as Slack does.
      const channel = str(args.channel) ?? '';
      if (/^[UW]/.test(channel) && this.userById(channel)) {
        const ts = this.nextTs();
        return {
          ok: true,
          channel: appChannelOf(channel),
          ts,
          message: { text: args.text, blocks: args.blocks, ts },
        };
      }
    }
    return undefined;
  }

  /** Applies what the bot did through the stand-in. */
  apply(activity: StandinActivity): void {
    if (activity.kind === 'response') {
      if (activity.ok) this.applyResponse(activity.post.id, activity.post.body);
      return;
    }
    const { call, result } = activity;
    if (result.ok !== true) return;
    const args = call.args;
    const text = str(args.text) ?? '';
    switch (call.method) {
      case 'chat.postMessage':
        this.addMessage({
          ts: str(result.ts),
          channel: str(result.channel) ?? str(args.channel) ?? '',
          author: 'bot',
          text,
          blocks: withIds(args.blocks),
          threadTs: str(args.thread_ts),
        });
        return;
      case 'chat.postEphemeral':
        this.addMessage({
          ts: str(result.message_ts),
          channel: str(args.channel) ?? '',
          author: 'bot',
          text,
          blocks: withIds(args.blocks),
          visibleTo: str(args.user),
          threadTs: str(args.thread_ts),
        });
        return;
      case 'chat.update':
        this.replaceMessage(str(args.channel) ?? '', str(args.ts) ?? '', { text, blocks: args.blocks });
        return;
      case 'chat.delete':
        this.removeMessage(str(args.channel) ?? '', str(args.ts) ?? '');
        return;
      case 'chat.unfurl':
        this.applyUnfurls(args);
        return;
      case 'functions.completeSuccess':
      case 'functions.completeError':
        this.completeRun(call.method, args);
        return;
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        this.applyView(call.method, args, result);
        return;
      default:
        return;
    }
  }

  private applyUnfurls(args: Json): void {
    const message = this.unfurlTarget(args);
    if (!message || !isObject(args.unfurls)) return;
    const unfurls = { ...(message.unfurls ?? {}) };
    for (const [url, unfurl] of Object.entries(args.unfurls)) {
      if (!isObject(unfurl) || Object.keys(unfurls).length >= MAX_UNFURLS) continue;
      unfurls[url] = { text: str(unfurl.text) ?? '', blocks: withIds(unfurl.blocks) };
    }
    message.unfurls = unfurls;
    this.changed();
  }

  private completeRun(method: string, args: Json): void {
    const run = this.runs.find((r) => r.id === str(args.function_execution_id));
    if (!run) return;
    if (method === 'functions.completeSuccess') {
      run.status = 'completed';
      run.outputs = isObject(args.outputs) ? args.outputs : {};
    } else {
      run.status = 'failed';
      run.error = str(args.error) ?? '';
    }
    this.changed();
  }

  private applyView(method: string, args: Json, result: Json): void {
    const view = isObject(result.view) ? result.view : undefined;
    if (!view) return;
    const stored = (userId: string): PlaygroundView => ({
      id: str(view.id) ?? '',
      hash: str(view.hash) ?? '',
      userId,
      view: normalizeView(view),
    });
    if (method === 'views.publish') {
      const userId = str(args.user_id) ?? '';
      this.homes.set(userId, stored(userId));
    } else if (method === 'views.open' || method === 'views.push') {
      const trigger = this.triggers.get(str(args.trigger_id) ?? '');
      if (!trigger) return;
      trigger.used = true;
      const stack = method === 'views.open' ? [] : this.modalStack(trigger.userId);
      this.modals.set(trigger.userId, [...stack, stored(trigger.userId)]);
    } else {
      const id = str(view.id) ?? '';
      for (const [userId, stack] of this.modals) {
        const index = stack.findIndex((v) => v.id === id);
        if (index !== -1) stack[index] = stored(userId);
      }
      for (const [userId, home] of this.homes) if (home.id === id) this.homes.set(userId, stored(userId));
    }
    this.changed();
  }

  /** The answer to a view_submission, as Slack applies it to the user's modal stack. */
  applySubmissionAck(userId: string, viewId: string, ack: Json | undefined): void {
    const stack = this.modalStack(userId);
    const index = stack.findIndex((v) => v.id === viewId);
    if (index === -1) return;
    const action = str(ack?.response_action);
    const next = isObject(ack?.view) ? ack.view : undefined;
    const hash = () => `${Date.now()}.${randomBytes(4).toString('hex')}`;
    if (action === 'clear') this.modals.delete(userId);
    else if (action === 'update' && next) {
      stack[index] = { id: viewId, hash: hash(), userId, view: normalizeView({ ...next, id: viewId }) };
    } else if (action === 'push' && next) {
      const id = `V${randomBytes(5).toString('hex').toUpperCase()}`;
      if (stack.length < MAX_MODAL_STACK)
        stack.push({ id, hash: hash(), userId, view: normalizeView({ ...next, id }) });
    } else if (action !== 'errors') {
      // An empty ack closes the submitted view; the views under it show again.
      this.modals.set(userId, stack.slice(0, index));
    }
    this.changed();
  }

  closeView(userId: string, viewId: string): PlaygroundView | undefined {
    const stack = this.modalStack(userId);
    const index = stack.findIndex((v) => v.id === viewId);
    if (index === -1) return undefined;
    const closed = stack[index];
    this.modals.set(userId, stack.slice(0, index));
    this.changed();
    return closed;
  }

  /** A post to a response_url: ephemeral by default, in_channel when asked, replacing or deleting its source. */
  private applyResponse(id: string, body: Json): void {
    const context = this.responseContexts.get(id);
    if (!context) return;
    const target = context.sourceTs ?? context.lastTs;
    if (body.delete_original === true && target) {
      this.removeMessage(context.channel, target);
      // delete_original with a message: the old one goes, the new one is posted.
      if (body.text === undefined && body.blocks === undefined) return;
    }
    const text = str(body.text) ?? '';
    if (body.replace_original === true && target && body.delete_original !== true) {
      if (this.replaceMessage(context.channel, target, { text, blocks: body.blocks })) return;
    }
    const inChannel = body.response_type === 'in_channel';
    if (inChannel && context.commandTs) this.makePublic(context.channel, context.commandTs);
    const posted = this.addMessage({
      channel: context.channel,
      author: 'bot',
      text,
      blocks: withIds(body.blocks),
      visibleTo: inChannel ? undefined : context.userId,
      threadTs: str(body.thread_ts),
    });
    context.lastTs = posted.ts;
  }

  private changed(): void {
    this.version += 1;
    if (this.changeQueued) return;
    this.changeQueued = true;
    queueMicrotask(() => {
      this.changeQueued = false;
      for (const listener of this.listeners) listener();
    });
  }
}
