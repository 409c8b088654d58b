// Reads a submitted view's state (block_id -> action_id -> value) into plain values, and checks form fields.
import { z } from 'zod';

export type StateValues = Record<string, Record<string, unknown>>;

const ElementState = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_option: z.object({ value: z.string(), text: z.object({ text: z.string() }).optional() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});

/** The first element of each block, as a trimmed string (empty -> null), a date, an option or checkbox values. */
export function readState(values: StateValues | undefined): Record<string, string | string[] | null> {
  const out: Record<string, string | string[] | null> = {};
  // A real form has well under 100 blocks; a forged payload with more is read no further.
  for (const [blockId, actions] of Object.entries(values ?? {}).slice(0, 200)) {
    // A forged block may hold anything but an object of actions.
    if (typeof actions !== 'object' || actions === null) continue;
    const first = Object.values(actions)[0];
    const parsed = ElementState.safeParse(first);
    if (!parsed.success) continue;
    const el = parsed.data;
    if (el.selected_options)
      out[blockId] = el.selected_options.slice(0, 100).map((o) => capText(o.value, 150));
    else if (el.selected_option !== undefined)
      out[blockId] = el.selected_option ? capText(el.selected_option.value, 150) : null;
    else if (el.selected_date !== undefined)
      out[blockId] = el.selected_date ? capText(el.selected_date, MAX_DATE) : null;
    else out[blockId] = el.value?.trim() ? capText(el.value, MAX_INPUT).trim() : null;
  }
  return out;
}

/**
 * What a user typed, cut to `max` characters before anything else looks at it (no regex ever sees more than a
 * form's own limits allow, whatever a forged payload carries).
 */
export function capText(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value;
}

/** Longest text any single form input can hold (Slack's plain_text_input maximum). */
export const MAX_INPUT = 3000;
/** A datepicker sends YYYY-MM-DD; longer is forged, and kept long enough to still fail the date check. */
const MAX_DATE = 32;

export function str(state: Record<string, string | string[] | null>, key: string): string | null {
  const v = state[key];
  return typeof v === 'string' ? v : null;
}

export const EmailSchema = z.email();

export function isEmail(value: string): boolean {
  return EmailSchema.safeParse(value).success;
}

/** A list typed as "a.com, b.com" or one per line. */
export function list(value: string | null): string[] {
  return (value ?? '')
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/**
 * What a submitted view showed when it was opened, as a state like the one Slack submits (each input's initial
 * value), so a form can tell what the user changed from what was there.
 */
export function initialState(blocks: unknown): StateValues {
  const out: StateValues = {};
  if (!Array.isArray(blocks)) return out;
  for (const block of blocks.slice(0, 200) as Record<string, unknown>[]) {
    if (block?.type !== 'input' || typeof block.block_id !== 'string') continue;
    const el = block.element as Record<string, unknown> | undefined;
    if (!el || typeof el.action_id !== 'string') continue;
    const state: Record<string, unknown> = { type: el.type };
    if (el.type === 'checkboxes' || el.type === 'multi_static_select')
      state.selected_options = el.initial_options ?? [];
    else if (el.type === 'static_select' || el.type === 'external_select' || el.type === 'radio_buttons')
      state.selected_option = el.initial_option ?? null;
    else if (el.type === 'datepicker') state.selected_date = el.initial_date ?? null;
    else if (el.type === 'conversations_select')
      state.selected_conversation = el.initial_conversation ?? null;
    else state.value = el.initial_value ?? null;
    out[block.block_id] = { [el.action_id]: state };
  }
  return out;
}
