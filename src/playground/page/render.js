// Renders Slack's mrkdwn and Block Kit as DOM nodes, the way Slack's client shows them; never as HTML strings.

/** Creates an element; attributes starting with "on" become listeners, children may be strings or nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'className') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    // A textarea shows its property, not its attribute; inputs are set the same way for one rule.
    else if (key === 'value') el.value = String(value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const EMOJI = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  star: '⭐',
  wastebasket: '🗑️',
  mag: '🔍',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  office: '🏢',
  telephone_receiver: '📞',
  email: '📧',
  envelope: '✉️',
  link: '🔗',
  lock: '🔒',
  key: '🔑',
  memo: '📝',
  pencil2: '✏️',
  information_source: 'ℹ️',
  bulb: '💡',
  tada: '🎉',
  wave: '👋',
  rotating_light: '🚨',
  electric_plug: '🔌',
  gear: '⚙️',
  inbox_tray: '📥',
  outbox_tray: '📤',
  clipboard: '📋',
  calendar: '📅',
  thinking_face: '🤔',
  question: '❓',
  point_right: '👉',
  heavy_plus_sign: '➕',
  recycle: '♻️',
  eyes: '👀',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
};

/** Replaces :shortcodes: Slack knows with their emoji; unknown ones stay as typed. */
export function emojify(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

/** Slack escapes only these three in mrkdwn; the rest of the text is literal. */
export function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const ORDINAL = (n) => {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

/** Slack's <!date^…^{token}|fallback> formatting, in the reader's own time zone. */
export function formatSlackDate(seconds, format) {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  const today = new Date();
  const sameDay = (a, b) => a.toDateString() === b.toDateString();
  const yesterday = new Date(today.getTime() - 86_400_000);
  const tomorrow = new Date(today.getTime() + 86_400_000);
  const relative = () =>
    sameDay(date, today)
      ? 'today'
      : sameDay(date, yesterday)
        ? 'yesterday'
        : sameDay(date, tomorrow)
          ? 'tomorrow'
          : undefined;
  const month = (style) => date.toLocaleString('en-US', { month: style });
  const tokens = {
    date_num: date.toISOString().slice(0, 10),
    date: `${month('long')} ${ORDINAL(date.getDate())}, ${date.getFullYear()}`,
    date_short: `${month('short')} ${date.getDate()}, ${date.getFullYear()}`,
    date_long: `${date.toLocaleString('en-US', { weekday: 'long' })}, ${month('long')} ${ORDINAL(date.getDate())}, ${date.getFullYear()}`,
    time: date.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' }),
    time_secs: date.toLocaleTimeString('en-US'),
    ago: agoText(date),
  };
  tokens.date_pretty = relative() ?? tokens.date;
  tokens.date_short_pretty = relative() ?? tokens.date_short;
  tokens.date_long_pretty = relative() ?? tokens.date_long;
  return format.replace(/\{(\w+)\}/g, (whole, token) => tokens[token] ?? whole);
}

function agoText(date) {
  const minutes = Math.round((Date.now() - date.getTime()) / 60_000);
  if (Math.abs(minutes) < 1) return 'just now';
  if (Math.abs(minutes) < 60) return `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return `${hours} hours ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** One `<…>` control sequence: a mention, a channel, a special mention, a date or a link. */
function controlNode(inner, ctx) {
  const [target, label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = label ?? ctx.userName?.(id) ?? id;
    return h('span', { className: 'mention' }, `@${decodeEntities(name)}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return h('span', { className: 'mention' }, `#${decodeEntities(label ?? ctx.channelName?.(id) ?? id)}`);
  }
  if (target.startsWith('!date^')) {
    const [, seconds, format, link] = target.split('^');
    const text = formatSlackDate(Number(seconds), format ?? '') ?? decodeEntities(label ?? '');
    return link ? linkNode(link, text) : h('span', { className: 'date', title: label ?? '' }, text);
  }
  if (target.startsWith('!subteam^')) return h('span', { className: 'mention' }, `@${label ?? 'group'}`);
  if (target.startsWith('!')) {
    const special = target.slice(1);
    return h('span', { className: 'mention special' }, `@${decodeEntities(label ?? special)}`);
  }
  return linkNode(target, label === undefined ? target.replace(/^mailto:/, '') : label);
}

function linkNode(href, text) {
  const url = decodeEntities(href);
  const safe = /^(https?:|mailto:|tel:)/i.test(url);
  const shown = emojify(decodeEntities(text));
  return safe ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, shown) : shown;
}

function splitOnce(text, sep) {
  const at = text.indexOf(sep);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** *bold*, _italic_ and ~strike~ on plain text, which may nest; returns nodes. */
function styled(text, ctx) {
  const out = [];
  // A marker opens after a start, space or punctuation and closes before an end, space or punctuation.
  const pattern = /(^|[\s([{"'“‘>.,;:!?-])([*_~])(?!\s)([^\n]*?[^\s])\2(?=$|[\s)\]}"'”’<.,;:!?-])/;
  let rest = text;
  while (rest) {
    const match = pattern.exec(rest);
    if (!match) {
      out.push(emojify(decodeEntities(rest)));
      break;
    }
    const start = match.index + match[1].length;
    if (start > 0) out.push(emojify(decodeEntities(rest.slice(0, start))));
    const tag = match[2] === '*' ? 'strong' : match[2] === '_' ? 'em' : 's';
    out.push(h(tag, {}, ...styled(match[3], ctx)));
    rest = rest.slice(match.index + match[0].length);
  }
  return out;
}

/** Text between code spans: control sequences first (their labels are not styled), then styles. */
function inline(text, ctx) {
  const out = [];
  const control = /<([^<>\n]+)>/g;
  let last = 0;
  let pending = '';
  for (const match of text.matchAll(control)) {
    pending += text.slice(last, match.index);
    out.push(...styled(pending, ctx));
    pending = '';
    out.push(controlNode(match[1], ctx));
    last = match.index + match[0].length;
  }
  out.push(...styled(pending + text.slice(last), ctx));
  return out;
}

/** Slack's mrkdwn as DOM nodes: ```blocks```, `code`, > quotes, links, mentions, dates, styles, emoji. */
export function mrkdwn(text, ctx = {}) {
  const frag = document.createDocumentFragment();
  const parts = String(text ?? '').split(/```/);
  parts.forEach((part, i) => {
    if (i % 2 === 1 && i < parts.length - 1) {
      frag.append(h('pre', { className: 'code-block' }, decodeEntities(part.replace(/^\n/, ''))));
      return;
    }
    const source = i % 2 === 1 ? `\`\`\`${part}` : part;
    const lines = source.split('\n');
    lines.forEach((line, n) => {
      const quote = /^(&gt;|>)\s?/.exec(line);
      const body = quote ? line.slice(quote[0].length) : line;
      const target = quote ? h('span', { className: 'quote' }) : frag;
      const segments = body.split(/(`[^`\n]+`)/);
      for (const seg of segments) {
        if (/^`[^`\n]+`$/.test(seg)) target.append(h('code', {}, decodeEntities(seg.slice(1, -1))));
        else append(target, inline(seg, ctx));
      }
      if (quote) frag.append(target);
      if (n < lines.length - 1 && !quote) frag.append(h('br'));
    });
  });
  return frag;
}

/** A text object: mrkdwn is parsed, plain_text is literal (with emoji when asked). */
export function textObject(obj, ctx) {
  if (!obj || typeof obj.text !== 'string') return document.createTextNode('');
  if (obj.type === 'mrkdwn') return mrkdwn(obj.text, ctx);
  return document.createTextNode(obj.emoji === false ? obj.text : emojify(obj.text));
}

export function plainText(obj) {
  return obj && typeof obj.text === 'string' ? emojify(obj.text) : '';
}

/** Slack's state shape for one input element before the user touches it. */
export function initialState(el) {
  switch (el.type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type: el.type, value: el.initial_value ?? null };
    case 'datepicker':
      return { type: el.type, selected_date: el.initial_date ?? null };
    case 'timepicker':
      return { type: el.type, selected_time: el.initial_time ?? null };
    case 'checkboxes':
    case 'multi_static_select':
    case 'multi_external_select':
      return { type: el.type, selected_options: el.initial_options ?? [] };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type: el.type, selected_option: el.initial_option ?? null };
    case 'users_select':
      return { type: el.type, selected_user: el.initial_user ?? null };
    case 'conversations_select':
      return { type: el.type, selected_conversation: el.initial_conversation ?? null };
    case 'channels_select':
      return { type: el.type, selected_channel: el.initial_channel ?? null };
    default:
      return undefined;
  }
}

function allOptions(el) {
  if (Array.isArray(el.options)) return el.options;
  if (Array.isArray(el.option_groups)) return el.option_groups.flatMap((g) => g.options ?? []);
  return [];
}

function button(el, block, ctx) {
  const style = el.style === 'primary' || el.style === 'danger' ? el.style : 'default';
  return h(
    'button',
    {
      type: 'button',
      className: `bk-button ${style}${el.url ? ' link' : ''}`,
      title: el.accessibility_label,
      dataset: { actionId: el.action_id },
      onclick: () =>
        ctx.onAction?.(
          {
            type: 'button',
            action_id: el.action_id,
            block_id: block.block_id,
            text: el.text,
            ...(el.value !== undefined ? { value: el.value } : {}),
            ...(el.style ? { style: el.style } : {}),
          },
          el,
        ),
    },
    plainText(el.text),
    el.url ? h('span', { className: 'external', 'aria-hidden': 'true' }, ' ↗') : null,
  );
}

/** An element inside a message, Home tab or actions block: buttons, menus, images. */
function interactive(el, block, ctx) {
  switch (el.type) {
    case 'button':
      return button(el, block, ctx);
    case 'image':
      return h('span', { className: 'image-alt', title: el.alt_text }, `🖼 ${el.alt_text ?? 'image'}`);
    case 'overflow':
      return menu(el, block, ctx, '⋯', 'overflow');
    case 'static_select':
      return menu(el, block, ctx, plainText(el.placeholder) || 'Select…', 'static_select');
    default:
      if (el.type && initialState(el)) return inputElement(el, block, ctx);
      return h('span', { className: 'unsupported' }, `[${el.type ?? 'element'}]`);
  }
}

function menu(el, block, ctx, label, type) {
  const options = allOptions(el);
  const select = h(
    'select',
    {
      className: `bk-menu ${type}`,
      'aria-label': label,
      dataset: { actionId: el.action_id },
      onchange: (event) => {
        const chosen = options.find((o) => o.value === event.target.value);
        if (!chosen) return;
        ctx.onAction?.(
          { type, action_id: el.action_id, block_id: block.block_id, selected_option: chosen },
          el,
        );
        if (type === 'overflow') event.target.value = '';
      },
    },
    h('option', { value: '' }, label),
    options.map((o) =>
      h('option', { value: o.value, selected: el.initial_option?.value === o.value }, plainText(o.text)),
    ),
  );
  return select;
}

/** A modal input element wired to the view's state store, in Slack's state shape. */
function inputElement(el, block, ctx) {
  const store = ctx.state;
  const key = `${block.block_id}/${el.action_id}`;
  const id = `in-${key.replace(/[^\w-]/g, '_')}`;
  const current = store?.get(block.block_id, el.action_id, el) ?? initialState(el);
  const set = (next) => store?.set(block.block_id, el.action_id, next);
  const placeholder = plainText(el.placeholder);
  const dispatch = () => {
    if (block.dispatch_action || block.type === 'actions' || block.type === 'section')
      ctx.onAction?.(
        {
          action_id: el.action_id,
          block_id: block.block_id,
          ...store?.get(block.block_id, el.action_id, el),
        },
        el,
      );
  };
  switch (el.type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      const attrs = {
        id,
        name: key,
        placeholder,
        value: current.value ?? '',
        maxLength: el.max_length,
        oninput: (event) =>
          set({ type: el.type, value: event.target.value === '' ? null : event.target.value }),
        onchange: dispatch,
      };
      if (el.type === 'plain_text_input' && el.multiline) return h('textarea', { ...attrs, rows: 4 });
      const type =
        el.type === 'email_text_input'
          ? 'email'
          : el.type === 'url_text_input'
            ? 'url'
            : el.type === 'number_input'
              ? 'number'
              : 'text';
      const step = el.type === 'number_input' ? (el.is_decimal_allowed ? 'any' : '1') : undefined;
      return h('input', { ...attrs, type, step, min: el.min_value, max: el.max_value });
    }
    case 'datepicker':
      return h('input', {
        id,
        name: key,
        type: 'date',
        value: current.selected_date ?? '',
        oninput: (event) => set({ type: el.type, selected_date: event.target.value || null }),
        onchange: dispatch,
      });
    case 'timepicker':
      return h('input', {
        id,
        name: key,
        type: 'time',
        value: current.selected_time ?? '',
        oninput: (event) => set({ type: el.type, selected_time: event.target.value || null }),
      });
    case 'checkboxes':
    case 'radio_buttons': {
      const multiple = el.type === 'checkboxes';
      const chosen = () =>
        multiple ? (current.selected_options ?? []).map((o) => o.value) : [current.selected_option?.value];
      const options = el.options ?? [];
      return h(
        'div',
        { className: 'choices', id, role: multiple ? 'group' : 'radiogroup' },
        options.map((o, i) =>
          h(
            'label',
            { className: 'choice' },
            h('input', {
              type: multiple ? 'checkbox' : 'radio',
              name: key,
              value: o.value,
              checked: chosen().includes(o.value),
              onchange: () => {
                const boxes = [...document.getElementsByName(key)];
                const picked = options.filter((_, n) => boxes[n]?.checked);
                set(
                  multiple
                    ? { type: el.type, selected_options: picked }
                    : { type: el.type, selected_option: picked[0] ?? null },
                );
                dispatch();
              },
              'data-index': i,
            }),
            h(
              'span',
              {},
              textObject(o.text, ctx),
              o.description ? h('small', { className: 'hint' }, textObject(o.description, ctx)) : null,
            ),
          ),
        ),
      );
    }
    case 'static_select':
    case 'multi_static_select': {
      const options = allOptions(el);
      const multiple = el.type === 'multi_static_select';
      const selected = multiple
        ? (current.selected_options ?? []).map((o) => o.value)
        : [current.selected_option?.value];
      return h(
        'select',
        {
          id,
          name: key,
          multiple,
          onchange: (event) => {
            const values = [...event.target.selectedOptions].map((o) => o.value).filter(Boolean);
            const picked = options.filter((o) => values.includes(o.value));
            set(
              multiple
                ? { type: el.type, selected_options: picked }
                : { type: el.type, selected_option: picked[0] ?? null },
            );
            dispatch();
          },
        },
        multiple ? null : h('option', { value: '' }, placeholder || 'Select an item'),
        options.map((o) =>
          h('option', { value: o.value, selected: selected.includes(o.value) }, plainText(o.text)),
        ),
      );
    }
    case 'users_select':
    case 'conversations_select':
    case 'channels_select': {
      const field =
        el.type === 'users_select'
          ? 'selected_user'
          : el.type === 'channels_select'
            ? 'selected_channel'
            : 'selected_conversation';
      const choices = el.type === 'users_select' ? (ctx.users ?? []) : (ctx.channels ?? []);
      return h(
        'select',
        {
          id,
          name: key,
          onchange: (event) => {
            set({ type: el.type, [field]: event.target.value || null });
            dispatch();
          },
        },
        h('option', { value: '' }, placeholder || 'Select…'),
        choices.map((c) =>
          h('option', { value: c.id, selected: current[field] === c.id }, c.kind ? `#${c.name}` : c.name),
        ),
      );
    }
    case 'external_select':
    case 'multi_external_select':
      return typeahead(el, block, ctx, { id, key, current, set, placeholder, dispatch });
    default:
      return h('span', { className: 'unsupported' }, `[${el.type}]`);
  }
}

/** An external_select: each keystroke (past min_query_length) asks the app for options, as Slack does. */
function typeahead(el, block, ctx, { id, key, current: initial, set, placeholder, dispatch }) {
  let current = initial;
  const minLength = el.min_query_length ?? 3;
  const multiple = el.type === 'multi_external_select';
  const shown = multiple
    ? (current.selected_options ?? []).map((o) => plainText(o.text)).join(', ')
    : plainText(current.selected_option?.text);
  const list = h('ul', { className: 'suggestions', role: 'listbox', hidden: true });
  let timer;
  let asked = 0;
  const input = h('input', {
    id,
    name: key,
    type: 'text',
    autocomplete: 'off',
    role: 'combobox',
    'aria-expanded': 'false',
    placeholder: placeholder || 'Type to search…',
    value: shown,
    oninput: () => {
      clearTimeout(timer);
      if (!multiple) set({ type: el.type, selected_option: null });
      const query = input.value;
      if (query.length < minLength) {
        list.hidden = true;
        return;
      }
      timer = setTimeout(async () => {
        const mine = ++asked;
        const answer = await ctx.suggest?.(block, el, query);
        if (mine !== asked) return;
        showOptions(answer);
      }, 150);
    },
    onblur: () =>
      setTimeout(() => {
        list.hidden = true;
        input.setAttribute('aria-expanded', 'false');
      }, 200),
  });
  const showOptions = (answer) => {
    list.replaceChildren();
    const groups = answer?.option_groups ?? [{ options: answer?.options ?? [] }];
    let count = 0;
    for (const group of groups) {
      if (group.label) list.append(h('li', { className: 'group' }, plainText(group.label)));
      for (const o of group.options ?? []) {
        count += 1;
        list.append(
          h(
            'li',
            {
              role: 'option',
              tabIndex: -1,
              dataset: { value: o.value },
              onmousedown: (event) => {
                event.preventDefault();
                if (multiple) {
                  const picked = [...(current.selected_options ?? []), o];
                  current = { type: el.type, selected_options: picked };
                  set(current);
                  input.value = picked.map((p) => plainText(p.text)).join(', ');
                } else {
                  set({ type: el.type, selected_option: o });
                  input.value = plainText(o.text);
                }
                list.hidden = true;
                dispatch();
              },
            },
            plainText(o.text),
            o.description ? h('small', { className: 'hint' }, plainText(o.description)) : null,
          ),
        );
      }
    }
    if (count === 0) list.append(h('li', { className: 'empty' }, 'No results'));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  return h('div', { className: 'typeahead' }, input, list);
}

/** One block. `ctx` carries the surface's callbacks and, in views, the state store and field errors. */
export function block(b, ctx) {
  switch (b.type) {
    case 'header':
      return h('div', { className: 'bk-header' }, plainText(b.text));
    case 'section': {
      const body = h('div', { className: 'bk-section-body' });
      if (b.text) body.append(h('div', { className: 'bk-text' }, textObject(b.text, ctx)));
      if (Array.isArray(b.fields) && b.fields.length > 0)
        body.append(
          h(
            'div',
            { className: 'bk-fields' },
            b.fields.map((f) => h('div', { className: 'bk-field' }, textObject(f, ctx))),
          ),
        );
      const accessory = b.accessory
        ? h('div', { className: 'bk-accessory' }, interactive(b.accessory, b, ctx))
        : null;
      return h('div', { className: 'bk-section' }, body, accessory);
    }
    case 'context':
      return h(
        'div',
        { className: 'bk-context' },
        (b.elements ?? []).map((el) =>
          el.type === 'image'
            ? h('span', { className: 'image-alt small', title: el.alt_text }, `🖼 ${el.alt_text ?? ''}`)
            : h('span', {}, textObject(el, ctx)),
        ),
      );
    case 'divider':
      return h('hr', { className: 'bk-divider' });
    case 'actions':
      return h(
        'div',
        { className: 'bk-actions' },
        (b.elements ?? []).map((el) => interactive(el, b, ctx)),
      );
    case 'image':
      return h(
        'figure',
        { className: 'bk-image' },
        b.title ? h('figcaption', {}, plainText(b.title)) : null,
        h(
          'div',
          { className: 'image-alt large', role: 'img', 'aria-label': b.alt_text },
          `🖼 ${b.alt_text ?? 'image'}`,
        ),
      );
    case 'input': {
      const el = b.element ?? {};
      const id = `in-${`${b.block_id}/${el.action_id}`.replace(/[^\w-]/g, '_')}`;
      const error = ctx.errors?.[b.block_id];
      return h(
        'div',
        { className: `bk-input${error ? ' has-error' : ''}`, dataset: { blockId: b.block_id } },
        h(
          'label',
          { className: 'bk-label', for: id },
          plainText(b.label),
          b.optional ? h('span', { className: 'optional' }, ' (optional)') : null,
        ),
        inputElement(el, b, ctx),
        b.hint ? h('div', { className: 'bk-hint' }, plainText(b.hint)) : null,
        h('div', { className: 'bk-error', role: 'alert' }, error ?? ''),
      );
    }
    case 'markdown':
      return h('div', { className: 'bk-text' }, mrkdwn(b.text ?? '', ctx));
    case 'rich_text':
      return h('div', { className: 'bk-text' }, richText(b.elements ?? [], ctx));
    default:
      return h('div', { className: 'unsupported' }, `[unsupported block: ${b.type}]`);
  }
}

function richText(elements, ctx) {
  const frag = document.createDocumentFragment();
  for (const part of elements) {
    const inner = (part.elements ?? []).map((e) => {
      if (e.type === 'text') {
        const style = e.style ?? {};
        let node = document.createTextNode(e.text ?? '');
        if (style.code) node = h('code', {}, node);
        if (style.bold) node = h('strong', {}, node);
        if (style.italic) node = h('em', {}, node);
        if (style.strike) node = h('s', {}, node);
        return node;
      }
      if (e.type === 'link') return linkNode(e.url ?? '', e.text ?? e.url ?? '');
      if (e.type === 'user')
        return h('span', { className: 'mention' }, `@${ctx.userName?.(e.user_id) ?? e.user_id}`);
      if (e.type === 'emoji') return emojify(`:${e.name}:`);
      if (e.type === 'rich_text_section') return richText([e], ctx);
      return '';
    });
    const tag =
      part.type === 'rich_text_preformatted' ? 'pre' : part.type === 'rich_text_quote' ? 'blockquote' : 'div';
    if (part.type === 'rich_text_list')
      frag.append(
        h(
          'ul',
          {},
          (part.elements ?? []).map((e) => h('li', {}, richText([e], ctx))),
        ),
      );
    else frag.append(h(tag, {}, inner));
  }
  return frag;
}

export function blocks(list, ctx) {
  const frag = document.createDocumentFragment();
  for (const b of list ?? []) frag.append(block(b, ctx));
  return frag;
}
