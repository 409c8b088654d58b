// Input blocks for modals. Every input uses action_id "value" so a view's state reads as block_id -> value.
import type { InputBlock, Option, PlainTextOption } from '@slack/types';
import { plain, truncate } from './mrkdwn.js';

export const VALUE = 'value';

export interface InputOptions {
  optional?: boolean;
  /** Shown text per value, for selects whose values are ids (a picklist value, a resource id). */
  labels?: Record<string, string>;
  initial?: string | null;
  placeholder?: string;
  hint?: string;
  multiline?: boolean;
  maxLength?: number;
}

/** The input block around an element: every kind shares its label, hint and whether it may be left empty. */
function input(blockId: string, label: string, o: InputOptions, element: InputBlock['element']): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: o.optional ?? true,
    label: plain(label, 2000),
    ...(o.hint ? { hint: plain(o.hint, 2000) } : {}),
    element,
  };
}

const placeholder = (text: string | undefined) => (text ? { placeholder: plain(text, 150) } : {});

export function textInput(blockId: string, label: string, o: InputOptions = {}): InputBlock {
  return input(blockId, label, o, {
    type: 'plain_text_input',
    action_id: VALUE,
    multiline: o.multiline ?? false,
    max_length: o.maxLength ?? (o.multiline ? 3000 : 255),
    ...(o.initial ? { initial_value: truncate(o.initial, o.maxLength ?? 3000) } : {}),
    ...placeholder(o.placeholder),
  });
}

export function emailInput(blockId: string, label: string, o: InputOptions = {}): InputBlock {
  return input(blockId, label, o, {
    type: 'email_text_input',
    action_id: VALUE,
    ...(o.initial ? { initial_value: o.initial } : {}),
    ...placeholder(o.placeholder),
  });
}

export function numberInput(blockId: string, label: string, o: InputOptions = {}): InputBlock {
  return input(blockId, label, o, {
    type: 'number_input',
    action_id: VALUE,
    is_decimal_allowed: true,
    ...(o.initial ? { initial_value: o.initial } : {}),
  });
}

export function dateInput(blockId: string, label: string, o: InputOptions = {}): InputBlock {
  return input(blockId, label, o, {
    type: 'datepicker',
    action_id: VALUE,
    ...(o.initial && /^\d{4}-\d{2}-\d{2}/.test(o.initial) ? { initial_date: o.initial.slice(0, 10) } : {}),
  });
}

function option(text: string, value = text): PlainTextOption {
  return { text: plain(truncate(text, 75), 75), value: value.slice(0, 150) };
}

export function selectInput(
  blockId: string,
  label: string,
  choices: readonly string[],
  o: InputOptions = {},
): InputBlock {
  const options = choices.slice(0, 100).map((c) => option(o.labels?.[c] ?? c, c));
  const initial = options.find((opt) => opt.value === o.initial);
  return input(blockId, label, o, {
    type: 'static_select',
    action_id: VALUE,
    options,
    ...(initial ? { initial_option: initial } : {}),
    placeholder: plain(o.placeholder ?? 'Choose…', 150),
  });
}

export function checkboxInput(blockId: string, label: string, choice: string, checked: boolean): InputBlock {
  const only: Option = option(choice, 'yes');
  return input(
    blockId,
    label,
    {},
    {
      type: 'checkboxes',
      action_id: VALUE,
      options: [only],
      ...(checked ? { initial_options: [only] } : {}),
    },
  );
}

/** A yes/no field: a select with an empty choice, so "not set" stays distinct from "No". */
export function booleanInput(
  blockId: string,
  label: string,
  initial: boolean | null | undefined,
  o: InputOptions = {},
): InputBlock {
  return selectInput(blockId, label, ['Yes', 'No'], {
    ...o,
    initial: initial === true ? 'Yes' : initial === false ? 'No' : undefined,
  });
}

/** Several of a fixed list (a multi-select custom field). */
export function multiSelectInput(
  blockId: string,
  label: string,
  choices: readonly string[],
  initial: readonly string[],
  o: InputOptions = {},
): InputBlock {
  const options = choices.slice(0, 100).map((c) => option(c));
  const chosen = options.filter((opt) => opt.value !== undefined && initial.includes(opt.value));
  return input(blockId, label, o, {
    type: 'multi_static_select',
    action_id: VALUE,
    options,
    ...(chosen.length > 0 ? { initial_options: chosen } : {}),
    placeholder: plain(o.placeholder ?? 'Choose…', 150),
  });
}

export function externalSelectInput(
  blockId: string,
  label: string,
  actionId: string,
  o: { initial?: { id: string; name: string }; placeholder?: string; minQueryLength?: number },
): InputBlock {
  return input(
    blockId,
    label,
    { optional: false },
    {
      type: 'external_select',
      action_id: actionId,
      min_query_length: o.minQueryLength ?? 1,
      placeholder: plain(o.placeholder ?? 'Type to search…', 150),
      ...(o.initial ? { initial_option: option(o.initial.name, o.initial.id) } : {}),
    },
  );
}
