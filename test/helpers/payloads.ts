// Interactivity payloads shaped as Slack sends them, and a form filler that reads element types from the view.
import { randomBytes } from 'node:crypto';
import { readCardValue } from '../../handlers/forms/card-value.js';

type Json = Record<string, unknown>;

export interface Who {
  userId?: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
}

const triggerId = () => `${Date.now()}.${randomBytes(4).toString('hex')}`;

function base(who: Who) {
  const teamId = who.teamId ?? 'T0001';
  return {
    token: 'legacy-verification-token-abc',
    api_app_id: 'A0BOT',
    team: { id: teamId, domain: 'fake-msp' },
    user: {
      id: who.userId ?? 'U0TECH',
      username: who.userName ?? 'tech',
      name: who.userName ?? 'tech',
      team_id: teamId,
    },
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface MessageShortcut extends Who {
  callbackId: string;
  /** The message the "..." menu was opened on, and who wrote it. */
  text: string;
  author?: string;
  messageTs?: string;
  responseUrl: string;
  triggerId?: string;
}

/** A message shortcut (the "..." menu on a message) as Slack posts it: a message_action. */
export function messageAction(o: MessageShortcut): Json {
  const ts = o.messageTs ?? `${Math.floor(Date.now() / 1000)}.000200`;
  const channelId = o.channelId ?? 'C0GENERAL';
  return {
    ...base(o),
    type: 'message_action',
    action_ts: `${Date.now() / 1000}`,
    channel: { id: channelId, name: 'general' },
    callback_id: o.callbackId,
    trigger_id: o.triggerId ?? triggerId(),
    response_url: o.responseUrl,
    message_ts: ts,
    message: { type: 'message', user: o.author ?? 'U0AUTHOR', ts, text: o.text, team: o.teamId ?? 'T0001' },
  };
}

/** A global shortcut (the composer's shortcuts menu) as Slack posts it: no channel, no response_url. */
export function globalShortcut(o: Who & { callbackId: string; triggerId?: string }): Json {
  return {
    ...base(o),
    type: 'shortcut',
    action_ts: `${Date.now() / 1000}`,
    callback_id: o.callbackId,
    trigger_id: o.triggerId ?? triggerId(),
  };
}

export interface ButtonClick extends Who {
  actionId: string;
  value?: string;
  blockId?: string;
  responseUrl?: string;
  /** The message the button sits on (for chat.update/replace_original flows). */
  messageTs?: string;
  /** When the button sits in a modal. */
  view?: Json;
}

export function blockAction(click: ButtonClick): Json {
  const channelId = click.channelId ?? 'C0GENERAL';
  return {
    ...base(click),
    type: 'block_actions',
    trigger_id: triggerId(),
    container: click.view
      ? { type: 'view', view_id: click.view.id }
      : {
          type: 'message',
          message_ts: click.messageTs ?? '1700000000.000100',
          channel_id: channelId,
          is_ephemeral: !click.messageTs,
        },
    ...(click.view ? { view: click.view } : { channel: { id: channelId, name: 'general' } }),
    ...(click.messageTs ? { message: { ts: click.messageTs, type: 'message' } } : {}),
    ...(click.responseUrl ? { response_url: click.responseUrl } : {}),
    actions: [
      {
        type: 'button',
        action_id: click.actionId,
        block_id: click.blockId ?? 'b1',
        value: click.value,
        action_ts: `${Date.now() / 1000}`,
        text: { type: 'plain_text', text: 'button' },
      },
    ],
  };
}

/** What a user typed or picked, by block id: text, a picked option `{ value }`, checkbox values, or true/false for a one-box checkbox. */
export type FormInput = string | { value: string; text?: string } | string[] | boolean | null;

/** Builds view.state.values for `view`, using each input's real element type and action id. */
export function fillView(view: Json, input: Record<string, FormInput>): Json {
  const values: Record<string, Json> = {};
  for (const block of (view.blocks as Json[] | undefined) ?? []) {
    if (block.type !== 'input') continue;
    const blockId = String(block.block_id);
    const element = block.element as Json;
    const given = input[blockId];
    const type = String(element.type);
    let state: Json;
    if (type === 'checkboxes') {
      const options = (element.options as Json[] | undefined) ?? [];
      const picked =
        given === true
          ? options
          : Array.isArray(given)
            ? options.filter((o) => given.includes(String(o.value)))
            : [];
      state = { type, selected_options: picked };
    } else if (type === 'static_select' || type === 'external_select') {
      const option =
        given && typeof given === 'object' && !Array.isArray(given)
          ? { value: given.value, text: { type: 'plain_text', text: given.text ?? given.value } }
          : typeof given === 'string'
            ? { value: given, text: { type: 'plain_text', text: given } }
            : ((element.initial_option as Json | undefined) ?? null);
      state = { type, selected_option: option };
    } else if (type === 'multi_static_select') {
      const options = (element.options as Json[] | undefined) ?? [];
      const picked = Array.isArray(given)
        ? options.filter((o) => given.includes(String(o.value)))
        : ((element.initial_options as Json[] | undefined) ?? []);
      state = { type, selected_options: picked };
    } else if (type === 'radio_buttons') {
      const option =
        typeof given === 'string'
          ? { value: given, text: { type: 'plain_text', text: given } }
          : ((element.initial_option as Json | undefined) ?? null);
      state = { type, selected_option: option };
    } else if (type === 'conversations_select') {
      state = {
        type,
        selected_conversation:
          typeof given === 'string' ? given : ((element.initial_conversation as string | undefined) ?? null),
      };
    } else if (type === 'datepicker') {
      state = {
        type,
        selected_date:
          typeof given === 'string' ? given : ((element.initial_date as string | undefined) ?? null),
      };
    } else {
      const initial = element.initial_value as string | undefined;
      state = { type, value: typeof given === 'string' ? given : given === null ? null : (initial ?? null) };
    }
    values[blockId] = { [String(element.action_id)]: state };
  }
  return values;
}

export interface Submission extends Who {
  /** The view as Slack holds it (id, hash, callback_id, private_metadata, blocks). */
  view: Json;
  values: Json;
}

export function viewSubmission(s: Submission): Json {
  return {
    ...base(s),
    type: 'view_submission',
    trigger_id: triggerId(),
    view: { ...s.view, type: 'modal', state: { values: s.values } },
  };
}

export function blockSuggestion(
  o: Who & { actionId: string; blockId: string; value: string; view: Json },
): Json {
  return {
    ...base(o),
    type: 'block_suggestion',
    action_id: o.actionId,
    block_id: o.blockId,
    value: o.value,
    container: { type: 'view', view_id: o.view.id },
    view: o.view,
  };
}

/** Finds a button by action id (or prefix) in a message's or view's blocks. */
export function findButton(payload: unknown, actionId: string | RegExp): Json | undefined {
  const match = (id: unknown) => (typeof actionId === 'string' ? id === actionId : actionId.test(String(id)));
  const blocks = ((payload as Json | undefined)?.blocks as Json[] | undefined) ?? [];
  for (const block of blocks) {
    const elements = [
      ...((block.elements as Json[] | undefined) ?? []),
      ...(block.accessory ? [block.accessory as Json] : []),
    ];
    for (const el of elements) if (el.type === 'button' && match(el.action_id)) return el;
  }
  return undefined;
}

/** The record id a card's button carries (blocks/card-value.ts packs it with the connection it came from). */
export function carriedId(button: Json | undefined): string {
  const carried = readCardValue(String(button?.value));
  if (!carried) throw new Error(`not a card button's value: ${String(button?.value)}`);
  return carried.id;
}
