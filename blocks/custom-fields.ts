// Custom field inputs (customer and contact forms) and vendor-specific create choices, rendered by type; their
// block ids carry what the submission needs to read each value back without asking the vendor again.
import type { InputBlock, KnownBlock } from '@slack/types';
import type { CreateChoice, CustomFieldDefinition, CustomFieldValue } from '../src/domain/index.js';
import { booleanInput, dateInput, multiSelectInput, numberInput, selectInput, textInput } from './form.js';
import { mrkdwn, safeText, truncate } from './mrkdwn.js';

/** Custom field inputs' block ids start with this, then `<type>:<name>`. */
export const FIELD_PREFIX = 'cf:';
/** Create-choice inputs' block ids start with this, then the choice's key. */
export const CHOICE_PREFIX = 'choice:';

/** `cf:<type>:<name>`: the submission reads each value back with its type. */
export function fieldBlockId(def: Pick<CustomFieldDefinition, 'name' | 'type'>): string {
  return `${FIELD_PREFIX}${def.type}:${def.name}`.slice(0, 255);
}

const shown = (v: CustomFieldValue | undefined): string | undefined =>
  v === null || v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : String(v);

export function customFieldInput(def: CustomFieldDefinition, value?: CustomFieldValue): InputBlock {
  const id = fieldBlockId(def);
  const label = truncate(def.name, 200);
  const o = { optional: !def.required, ...(def.required ? { hint: 'Required by your PSA.' } : {}) };
  switch (def.type) {
    case 'number':
      return numberInput(id, label, { ...o, initial: shown(value) });
    case 'date':
      return dateInput(id, label, { ...o, initial: shown(value) });
    case 'boolean':
      return booleanInput(id, label, typeof value === 'boolean' ? value : undefined, o);
    case 'options':
      return selectInput(id, label, def.options, { ...o, initial: shown(value) });
    case 'multi':
      return multiSelectInput(id, label, def.options, Array.isArray(value) ? value : [], o);
    case 'text':
      return textInput(id, label, { ...o, initial: shown(value), maxLength: 500 });
  }
}

/**
 * The custom field inputs of a form, or a line saying why there are none: still loading, none defined, or
 * could not be read. Guessed definitions (Syncro without /settings) are marked as such.
 */
export function customFieldBlocks(
  definitions: readonly CustomFieldDefinition[] | undefined,
  values: Record<string, CustomFieldValue> = {},
  o: { note?: string; none: string; max?: number },
): KnownBlock[] {
  if (definitions === undefined)
    return [
      { type: 'context', elements: [mrkdwn(o.note ?? ':hourglass_flowing_sand: Loading custom fields…')] },
    ];
  if (definitions.length === 0) return [{ type: 'context', elements: [mrkdwn(o.note ?? o.none)] }];
  const blocks: KnownBlock[] = definitions
    .slice(0, o.max ?? 40)
    .map((d) => customFieldInput(d, values[d.name]));
  const guessed = definitions.some((d) => d.source === 'guessed');
  if (guessed || o.note)
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          [
            o.note,
            guessed
              ? 'These fields were read from existing records (the API key may not read the account’s settings), so some may be missing.'
              : undefined,
          ]
            .filter(Boolean)
            .join(' '),
        ),
      ],
    });
  return blocks;
}

/** A handful of common IANA zones first; the user's own zone is always offered and preselected. */
const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Phoenix',
  'America/Toronto',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Amsterdam',
  'Europe/Madrid',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
];

/** Slack's limit on a static select's options. */
const MAX_OPTIONS = 100;

export function choiceBlockId(key: string): string {
  return `${CHOICE_PREFIX}${key}`.slice(0, 255);
}

export function choiceInput(
  c: CreateChoice,
  o: { userTz?: string | undefined; remembered?: string | undefined } = {},
): InputBlock {
  const id = choiceBlockId(c.key);
  const label = truncate(c.label, 200);
  const base = { optional: !c.required, ...(c.hint ? { hint: c.hint } : {}) };
  const initial = o.remembered ?? c.defaultValue ?? undefined;
  switch (c.kind) {
    case 'select': {
      // A static select holds 100 options (an MSP with more Autotask resources than that): the preselected one
      // is always among them, and the hint says the list is cut.
      const values = c.options.map((x) => x.value);
      const ordered =
        initial !== undefined && values.indexOf(initial) >= MAX_OPTIONS
          ? [initial, ...values.filter((v) => v !== initial)]
          : values;
      const cut =
        values.length > MAX_OPTIONS
          ? `Only ${MAX_OPTIONS} of ${values.length} are offered here; choose another in the PSA itself.`
          : undefined;
      return selectInput(id, label, ordered, {
        ...base,
        ...(cut ? { hint: [c.hint, cut].filter(Boolean).join(' ') } : {}),
        initial,
        labels: Object.fromEntries(c.options.map((x) => [x.value, x.label])),
      });
    }
    case 'timezone': {
      const own = o.userTz && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(o.userTz) ? o.userTz : undefined;
      const zones = [...new Set([...(own ? [own] : []), ...ZONES])];
      return selectInput(id, label, zones, {
        ...base,
        initial: own ?? initial ?? 'UTC',
        hint: c.hint ?? (own ? 'Your own time zone is preselected.' : undefined),
      });
    }
    case 'boolean':
      return booleanInput(
        id,
        label,
        initial === 'true' ? true : initial === 'false' ? false : undefined,
        base,
      );
    case 'text':
      return textInput(id, label, { ...base, initial, maxLength: 200 });
  }
}

/** A custom value as a card shows it: Yes/No, a list joined, else as stored. */
export function customFieldText(value: CustomFieldValue): string {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  if (Array.isArray(value)) return value.join(', ');
  return String(value ?? '');
}

/** A card's custom values (those set), ten to a section, with "and N more"; `max` caps each value's length. */
export function customValueBlocks(values: Record<string, CustomFieldValue>, max = 1800): KnownBlock[] {
  const set = Object.entries(values).filter(
    ([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
  );
  if (set.length === 0) return [];
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      fields: set
        .slice(0, 10)
        .map(([name, value]) => mrkdwn(`*${safeText(name, 100)}*\n${safeText(customFieldText(value), max)}`)),
    },
  ];
  if (set.length > 10)
    blocks.push({ type: 'context', elements: [mrkdwn(`and ${set.length - 10} more custom fields`)] });
  return blocks;
}
