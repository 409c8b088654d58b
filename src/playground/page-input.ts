// What the playground page may send: a zod schema per /api call, and the check of a clicked element or a form's
// state against the message or view it came from, so the bot receives only what Slack itself would send for it.
import { z } from 'zod';

type Json = Record<string, unknown>;

/** Slack's own bounds: ids up to 255, option values up to 150 (we allow 2000, a button value's limit), texts 3000. */
const Id = z.string().min(1).max(255);
const MAX_TEXT = 3000;
/** A slash command as typed in the composer; Slack's message box holds far less than this. */
const MAX_COMMAND = 4000;

const TextObject = z.object({
  type: z.enum(['plain_text', 'mrkdwn']),
  text: z.string().max(MAX_TEXT),
  emoji: z.boolean().optional(),
  verbatim: z.boolean().optional(),
});
const Option = z.object({
  text: TextObject,
  value: z.string().max(2000),
  description: TextObject.optional(),
  url: z.string().max(MAX_TEXT).optional(),
});
export type PageOption = z.infer<typeof Option>;

const TEXT_INPUTS = ['plain_text_input', 'email_text_input', 'url_text_input', 'number_input'] as const;
const MULTI_CHOICES = ['checkboxes', 'multi_static_select', 'multi_external_select'] as const;
const ONE_CHOICE = ['static_select', 'external_select', 'radio_buttons'] as const;

/** One element's state, in the shapes render.js's initialState and inputs produce. */
const StateValue = z.discriminatedUnion('type', [
  z.object({ type: z.enum(TEXT_INPUTS), value: z.string().max(MAX_TEXT).nullable() }),
  z.object({ type: z.literal('datepicker'), selected_date: z.iso.date().nullable() }),
  z.object({
    type: z.literal('timepicker'),
    selected_time: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .nullable(),
  }),
  z.object({ type: z.enum(MULTI_CHOICES), selected_options: z.array(Option).max(100) }),
  z.object({ type: z.enum(ONE_CHOICE), selected_option: Option.nullable() }),
  z.object({ type: z.literal('users_select'), selected_user: Id.nullable() }),
  z.object({ type: z.literal('conversations_select'), selected_conversation: Id.nullable() }),
  z.object({ type: z.literal('channels_select'), selected_channel: Id.nullable() }),
]);
export type StateValue = z.infer<typeof StateValue>;

/** view.state.values: block id -> action id -> state. A view holds at most 100 blocks. */
const StateValues = z
  .record(Id, z.record(Id, StateValue))
  .refine((values) => Object.keys(values).length <= 100, 'at most 100 blocks');
export type StateValues = z.infer<typeof StateValues>;

/** A clicked button, a picked menu option, or an input that dispatches its action (render.js's onAction). */
const PageAction = z
  .object({
    type: z.string().max(64).optional(),
    action_id: Id,
    block_id: Id,
    text: TextObject.optional(),
    value: z.string().max(MAX_TEXT).nullable().optional(),
    style: z.enum(['primary', 'danger']).optional(),
    selected_option: Option.nullable().optional(),
    selected_options: z.array(Option).max(100).optional(),
    selected_date: z.iso.date().nullable().optional(),
    selected_time: z.string().max(5).nullable().optional(),
    selected_user: Id.nullable().optional(),
    selected_conversation: Id.nullable().optional(),
    selected_channel: Id.nullable().optional(),
  })
  .strict();
export type PageAction = z.infer<typeof PageAction>;

/** A Workflow Builder step's input as the Workflows panel sends it: text, a yes/no, or a user id. */
const StepInput = z.union([z.string().max(MAX_TEXT), z.boolean()]);

const UserId = Id;
export const PAGE_INPUT = {
  command: z.object({ userId: UserId, channel: Id, text: z.string().max(MAX_COMMAND) }).strict(),
  action: z.union([
    z
      .object({
        userId: UserId,
        action: PageAction,
        channel: Id,
        ts: z.string().max(64),
        /** A button in one of the message's unfurls, by the link it unfurls. */
        unfurl: z.string().max(MAX_TEXT).optional(),
      })
      .strict(),
    z.object({ userId: UserId, action: PageAction, viewId: Id, values: StateValues }).strict(),
  ]),
  /** A shortcut: a message's ("..." menu, with the message) or a global one (without). */
  shortcut: z
    .object({ userId: UserId, callbackId: Id, channel: Id.optional(), ts: z.string().max(64).optional() })
    .strict(),
  /** The Workflows panel runs one step with these inputs. */
  workflow: z
    .object({
      userId: UserId,
      callbackId: Id,
      inputs: z
        .record(Id, StepInput)
        .refine((inputs) => Object.keys(inputs).length <= 30, 'at most 30 inputs'),
    })
    .strict(),
  submit: z.object({ userId: UserId, viewId: Id, values: StateValues }).strict(),
  close: z.object({ userId: UserId, viewId: Id, values: StateValues }).strict(),
  suggest: z
    .object({
      userId: UserId,
      viewId: Id,
      blockId: Id,
      actionId: Id,
      value: z.string().max(MAX_TEXT),
      values: StateValues,
    })
    .strict(),
  home: z.object({ userId: UserId }).strict(),
} as const;
export type PageCall = keyof typeof PAGE_INPUT;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The interactive elements of one block, as render.js draws them. */
function elementsOf(block: Json): Json[] {
  const out: unknown[] = [];
  if (block.type === 'input') out.push(block.element);
  if (block.type === 'actions' && Array.isArray(block.elements)) out.push(...block.elements);
  if (block.type === 'section') out.push(block.accessory);
  return out.filter(isObject);
}

/** The element with this block id and action id in `blocks`, and whether it sits in an input block. */
export function findElement(
  blocks: readonly Json[],
  blockId: string,
  actionId: string,
): { element: Json; block: Json } | undefined {
  for (const block of blocks) {
    if (block.block_id !== blockId) continue;
    const element = elementsOf(block).find((el) => el.action_id === actionId);
    if (element) return { element, block };
  }
  return undefined;
}

function optionsOf(element: Json): Json[] {
  if (Array.isArray(element.options)) return element.options.filter(isObject);
  if (Array.isArray(element.option_groups))
    return element.option_groups
      .filter(isObject)
      .flatMap((g) => (Array.isArray(g.options) ? g.options.filter(isObject) : []));
  return [];
}

/** Who and where a state may name: the playground's users and channels. */
export interface Known {
  user(id: string): boolean;
  channel(id: string): boolean;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };
const refuse = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** One element's state checked against the element: its type, its options, its length; options as the view has them. */
function checkState(element: Json, state: StateValue, known: Known): Checked<Json> {
  if (state.type !== element.type) return refuse(`a ${String(element.type)} cannot hold a ${state.type}`);
  const maxLength = typeof element.max_length === 'number' ? element.max_length : MAX_TEXT;
  const offered = (value: string) => optionsOf(element).find((o) => o.value === value);
  switch (state.type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      if (state.value !== null && state.value.length > maxLength) return refuse('text longer than the input');
      if (state.type === 'number_input' && state.value !== null && !Number.isFinite(Number(state.value)))
        return refuse('not a number');
      return { ok: true, value: state };
    case 'static_select':
    case 'radio_buttons': {
      if (state.selected_option === null) return { ok: true, value: state };
      const option = offered(state.selected_option.value);
      return option ? { ok: true, value: { ...state, selected_option: option } } : refuse('not an option');
    }
    case 'checkboxes':
    case 'multi_static_select': {
      const picked = state.selected_options.map((o) => offered(o.value));
      if (picked.some((o) => o === undefined)) return refuse('not an option');
      return { ok: true, value: { ...state, selected_options: picked } };
    }
    case 'users_select':
      return state.selected_user === null || known.user(state.selected_user)
        ? { ok: true, value: state }
        : refuse('not a user of this workspace');
    case 'conversations_select':
      return state.selected_conversation === null || known.channel(state.selected_conversation)
        ? { ok: true, value: state }
        : refuse('not a channel of this workspace');
    case 'channels_select':
      return state.selected_channel === null || known.channel(state.selected_channel)
        ? { ok: true, value: state }
        : refuse('not a channel of this workspace');
    default:
      // external selects offer what the app answered to a suggestion; the shape was checked by the schema
      return { ok: true, value: state };
  }
}

/**
 * view.state.values checked against the view: entries for elements the view no longer has are dropped (the page
 * may hold state from before a views.update), entries that do not fit their element are refused.
 */
export function checkStateValues(
  blocks: readonly Json[],
  values: StateValues,
  known: Known,
): Checked<StateValues> {
  const out: Record<string, Record<string, Json>> = {};
  for (const [blockId, byAction] of Object.entries(values)) {
    for (const [actionId, state] of Object.entries(byAction)) {
      const found = findElement(blocks, blockId, actionId);
      if (!found) continue;
      const checked = checkState(found.element, state, known);
      if (!checked.ok) return refuse(`${blockId}/${actionId}: ${checked.error}`);
      out[blockId] ??= {};
      out[blockId][actionId] = checked.value;
    }
  }
  return { ok: true, value: out as StateValues };
}

/**
 * The action Slack would send for this click, built from the element in `blocks` rather than from what the page
 * said: an action id the message or view does not show, a button value it does not carry, or an option the menu
 * does not offer is refused.
 */
export function checkAction(blocks: readonly Json[], action: PageAction, known: Known): Checked<Json> {
  const found = findElement(blocks, action.block_id, action.action_id);
  if (!found) return refuse('no such element here');
  const { element } = found;
  const ids = { action_id: action.action_id, block_id: action.block_id };
  const type = str(element.type) ?? '';
  if (action.type !== undefined && action.type !== type) return refuse(`not a ${action.type}`);
  if (type === 'button') {
    if ((action.value ?? undefined) !== str(element.value)) return refuse('not the button’s value');
    return {
      ok: true,
      value: {
        type,
        ...ids,
        text: element.text,
        ...(element.value !== undefined ? { value: element.value } : {}),
        ...(element.style !== undefined ? { style: element.style } : {}),
      },
    };
  }
  if (type === 'overflow') {
    const option = optionsOf(element).find((o) => o.value === action.selected_option?.value);
    return option ? { ok: true, value: { type, ...ids, selected_option: option } } : refuse('not an option');
  }
  // An input that dispatches its action carries its state, in the same shape as view.state.values.
  const state = StateValue.safeParse({ ...action, action_id: undefined, block_id: undefined, type });
  if (!state.success) return refuse(`not what a ${type} sends`);
  const checked = checkState(element, state.data, known);
  return checked.ok ? { ok: true, value: { ...checked.value, ...ids } } : checked;
}
