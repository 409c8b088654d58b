// Reads custom field values and vendor create choices back out of a submitted form, by their block ids.
import { CHOICE_PREFIX, FIELD_PREFIX, fieldBlockId } from '../../blocks/custom-fields.js';
import {
  type CustomFieldType,
  CustomFieldTypeSchema,
  type CustomFieldValue,
} from '../../src/domain/index.js';
import { capText } from './state.js';

type State = Record<string, string | string[] | null>;

function customFieldValue(
  type: CustomFieldType,
  raw: string | string[],
): CustomFieldValue | { error: string } {
  if (type === 'multi') return Array.isArray(raw) ? raw : [raw];
  const text = Array.isArray(raw) ? (raw[0] ?? '') : raw;
  switch (type) {
    case 'number': {
      const n = Number(text.replace(/,/g, ''));
      return Number.isFinite(n) ? n : { error: 'Enter a number, like 1200 or 12.5.' };
    }
    case 'boolean':
      return text === 'Yes';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : { error: 'Pick a date.' };
    default:
      return capText(text, 2000);
  }
}

/**
 * The custom values typed into a form, by field name; empty inputs are left out (a form never clears a value
 * by leaving it empty unless `clearEmpty`, for edits, says so).
 */
export function readCustomFields(
  s: State,
  options: { clearEmpty?: boolean } = {},
): { values: Record<string, CustomFieldValue>; errors: Record<string, string> } {
  const values: Record<string, CustomFieldValue> = {};
  const errors: Record<string, string> = {};
  for (const [blockId, raw] of Object.entries(s)) {
    if (!blockId.startsWith(FIELD_PREFIX)) continue;
    const rest = blockId.slice(FIELD_PREFIX.length);
    const colon = rest.indexOf(':');
    const type = CustomFieldTypeSchema.safeParse(rest.slice(0, colon));
    if (colon < 0 || !type.success) continue;
    const name = rest.slice(colon + 1);
    if (raw === null || (Array.isArray(raw) && raw.length === 0)) {
      if (options.clearEmpty) values[name] = type.data === 'multi' ? [] : null;
      continue;
    }
    const parsed = customFieldValue(type.data, raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      errors[fieldBlockId({ name, type: type.data })] = parsed.error;
    else values[name] = parsed;
  }
  return { values, errors };
}

/** The vendor create choices picked in a form (Autotask type and owner, SuperOps site), by key. */
export function readChoices(s: State): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [blockId, raw] of Object.entries(s)) {
    if (!blockId.startsWith(CHOICE_PREFIX)) continue;
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (!value) continue;
    const key = blockId.slice(CHOICE_PREFIX.length);
    // A yes/no choice comes back as the select's words.
    out[key] = value === 'Yes' ? 'true' : value === 'No' ? 'false' : capText(value, 500);
  }
  return out;
}
