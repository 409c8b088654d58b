// The playground page: shows the workspace the server streams, and sends what the user does back to it.
import { blocks, h, initialState, mrkdwn, plainText, textObject } from './render.js';

/** The sidebar's Workflows item: not a conversation, the page's stand-in for Workflow Builder. */
const WORKFLOWS = 'workflows';

const ui = {
  userId: 'U0ALEX',
  channel: 'C0GENERAL',
  /** The message whose "..." menu is open (channel:ts), or the composer's shortcuts menu ('global'). */
  openMenu: '',
  /** What was typed in the Workflows panel, per step and input, kept across redraws. */
  stepInputs: {},
  stepErrors: {},
  workflowsKey: '',
  appTab: 'messages',
  snapshot: undefined,
  /** The rendered modal's view id and hash; a new one means the modal must be drawn again. */
  modalKey: '',
  /** Per view id: what the user typed, in Slack's state shape (kept across views.update, as Slack does). */
  viewStates: new Map(),
  errors: {},
  homeAsked: new Set(),
};

const $ = (id) => document.getElementById(id);

/**
 * This start's token, from the link the playground printed (http://localhost:3000/#token=…). It is kept for this
 * tab only and taken out of the address bar, so it does not linger in the history or a screenshot.
 */
function readToken() {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    sessionStorage.setItem('playground-token', fromLink);
    history.replaceState(null, '', location.pathname);
    return fromLink;
  }
  return sessionStorage.getItem('playground-token') ?? '';
}
const TOKEN = readToken();

/** Shown instead of the workspace when the token is missing or from an earlier start. */
function locked() {
  $('locked').hidden = false;
  document.body.dataset.locked = 'true';
}

async function post(path, body) {
  const res = await fetch(`/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-playground-token': TOKEN },
    body: JSON.stringify(body),
  });
  if (res.status === 401) locked();
  return res.json();
}

function toast(text) {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    el.hidden = true;
  }, 4000);
}

/** One view's input state, with Slack's rule that an element keeps its value only while its type is unchanged. */
class ViewState {
  constructor() {
    this.values = {};
  }
  get(blockId, actionId, el) {
    const found = this.values[blockId]?.[actionId];
    return found && found.type === el.type ? found : undefined;
  }
  set(blockId, actionId, value) {
    this.values[blockId] ??= {};
    this.values[blockId][actionId] = value;
  }
  /** view.state.values as Slack sends it: every input block, plus any other element the user touched. */
  collect(view) {
    const out = {};
    for (const b of view.blocks ?? []) {
      const elements = b.type === 'input' ? [b.element] : b.type === 'actions' ? b.elements : [b.accessory];
      for (const el of elements ?? []) {
        if (!el?.action_id) continue;
        const value =
          this.get(b.block_id, el.action_id, el) ?? (b.type === 'input' ? initialState(el) : undefined);
        if (!value) continue;
        out[b.block_id] ??= {};
        out[b.block_id][el.action_id] = value;
      }
    }
    return out;
  }
}

function stateFor(viewId) {
  if (!ui.viewStates.has(viewId)) ui.viewStates.set(viewId, new ViewState());
  return ui.viewStates.get(viewId);
}

function userName(id) {
  if (id === 'UBOT') return ui.snapshot?.botName ?? 'app';
  return ui.snapshot?.users.find((u) => u.id === id)?.name ?? id;
}

function channelName(id) {
  return ui.snapshot?.channels.find((c) => c.id === id)?.name ?? id;
}

function baseCtx() {
  return {
    userName,
    channelName,
    users: ui.snapshot?.users ?? [],
    channels: (ui.snapshot?.channels ?? []).filter((c) => c.kind === 'channel'),
  };
}

function appChannel() {
  return `D${ui.userId.slice(1)}`;
}

/** The app's icon, drawn with CSS so it needs no image file or emoji font. */
function appIcon(size = 'medium') {
  return h('span', { className: `app-icon ${size}`, 'aria-hidden': 'true' }, 'M');
}

function eyeIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('class', 'eye');
  svg.setAttribute('aria-hidden', 'true');
  const outline = document.createElementNS(ns, 'path');
  outline.setAttribute('d', 'M1.5 10S4.5 4.5 10 4.5 18.5 10 18.5 10 15.5 15.5 10 15.5 1.5 10 1.5 10Z');
  const pupil = document.createElementNS(ns, 'circle');
  pupil.setAttribute('cx', '10');
  pupil.setAttribute('cy', '10');
  pupil.setAttribute('r', '2.6');
  svg.append(outline, pupil);
  return svg;
}

function initials(name) {
  return name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

function timeOf(ts) {
  const date = new Date(Number(String(ts).split('.')[0]) * 1000);
  return date.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
}

// ---- Slack's confirm dialog -------------------------------------------------------------------------------

function confirmDialog(confirm) {
  return new Promise((resolve) => {
    const root = $('dialog-root');
    const done = (answer) => {
      root.replaceChildren();
      resolve(answer);
    };
    const danger = confirm.style === 'danger';
    const dialog = h(
      'div',
      { className: 'backdrop' },
      h(
        'div',
        { className: 'dialog', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'dialog-title' },
        h('h2', { id: 'dialog-title' }, plainText(confirm.title) || 'Are you sure?'),
        h('div', { className: 'dialog-text' }, textObject(confirm.text, baseCtx())),
        h(
          'div',
          { className: 'dialog-buttons' },
          h(
            'button',
            { type: 'button', className: 'bk-button default', onclick: () => done(false) },
            plainText(confirm.deny) || 'Cancel',
          ),
          h(
            'button',
            {
              type: 'button',
              className: `bk-button ${danger ? 'danger' : 'primary'}`,
              onclick: () => done(true),
            },
            plainText(confirm.confirm) || 'Yes',
          ),
        ),
      ),
    );
    root.replaceChildren(dialog);
    dialog.querySelector('.dialog-buttons .bk-button:last-child')?.focus();
  });
}

/** A button or menu was used: ask first when the element says so, open links, then tell the app. */
async function act(action, el, source) {
  if (el.confirm && !(await confirmDialog(el.confirm))) return;
  if (el.url) window.open(el.url, '_blank', 'noopener,noreferrer');
  const reply = await post('action', { userId: ui.userId, action, ...source() });
  if (!reply.ok) toast(`The app did not handle that (${reply.error ?? `HTTP ${reply.status}`}).`);
}

// ---- sidebar, header, messages, Home ----------------------------------------------------------------------

function renderUsers() {
  const select = $('acting-as');
  if (select.options.length > 0) return;
  for (const user of ui.snapshot.users)
    select.append(h('option', { value: user.id }, `${user.name} · ${user.isAdmin ? 'admin' : 'member'}`));
  select.value = ui.userId;
}

function renderSidebar() {
  const nav = $('sidebar-nav');
  const item = (id, label, icon) =>
    h(
      'button',
      {
        type: 'button',
        className: `nav-item${ui.channel === id ? ' active' : ''}`,
        'aria-current': ui.channel === id ? 'page' : undefined,
        onclick: () => {
          ui.channel = id;
          render();
        },
      },
      h('span', { className: 'nav-icon', 'aria-hidden': 'true' }, icon),
      label,
    );
  const channels = ui.snapshot.channels.filter((c) => c.kind === 'channel');
  nav.replaceChildren(
    h('h3', {}, 'Channels'),
    ...channels.map((c) => item(c.id, c.name, '#')),
    h('h3', {}, 'Apps'),
    item(appChannel(), ui.snapshot.botName, appIcon('small')),
    item(WORKFLOWS, 'Workflows', '⚙'),
  );
}

function renderHeader() {
  const header = $('channel-header');
  const isApp = ui.channel === appChannel();
  if (ui.channel === WORKFLOWS) {
    header.replaceChildren(
      h('div', { className: 'channel-title' }, 'Workflows'),
      h(
        'div',
        { className: 'channel-topic' },
        `Run ${ui.snapshot.botName}'s Workflow Builder steps as a workflow would`,
      ),
    );
    return;
  }
  if (!isApp) {
    header.replaceChildren(
      h('div', { className: 'channel-title' }, `# ${channelName(ui.channel)}`),
      h(
        'div',
        { className: 'channel-topic' },
        'Look up, onboard and manage your customers without leaving the channel',
      ),
    );
    return;
  }
  const tab = (name, label) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        className: `tab${ui.appTab === name ? ' active' : ''}`,
        'aria-selected': String(ui.appTab === name),
        onclick: () => {
          ui.appTab = name;
          if (name === 'home') openHome();
          render();
        },
      },
      label,
    );
  header.replaceChildren(
    h('div', { className: 'channel-title' }, appIcon(), ui.snapshot.botName),
    h('div', { className: 'tabs', role: 'tablist' }, tab('home', 'Home'), tab('messages', 'Messages')),
  );
}

function openHome() {
  // Slack sends app_home_opened each time the tab is shown; the app answers with views.publish.
  post('home', { userId: ui.userId }).then(() => {
    ui.homeAsked.add(ui.userId);
    render();
  });
}

function messageCtx(message) {
  return {
    ...baseCtx(),
    onAction: (action, el) => act(action, el, () => ({ channel: message.channel, ts: message.ts })),
  };
}

/** Runs a shortcut: a message's ("..." menu) or, without a message, a global one. */
async function runShortcut(callbackId, message) {
  const where = message ? { channel: message.channel, ts: message.ts } : {};
  const reply = await post('shortcut', { userId: ui.userId, callbackId, ...where });
  if (!reply.ok) toast(`The app did not handle that (${reply.error ?? `HTTP ${reply.status}`}).`);
}

function shortcutMenu(label, shortcuts, message) {
  return h(
    'div',
    { className: 'menu', role: 'menu', 'aria-label': label },
    ...shortcuts.map((s) =>
      h(
        'button',
        {
          type: 'button',
          role: 'menuitem',
          title: s.description,
          onclick: () => {
            ui.openMenu = '';
            render();
            runShortcut(s.callbackId, message);
          },
        },
        h('span', {}, s.name),
        h('small', {}, ui.snapshot.botName),
      ),
    ),
  );
}

/** A message's "..." menu, with the app's message shortcuts (Slack offers none on ephemeral messages). */
function messageActions(message) {
  const shortcuts = ui.snapshot.app?.messageShortcuts ?? [];
  if (message.visibleTo || message.system || shortcuts.length === 0) return null;
  const key = `${message.channel}:${message.ts}`;
  const open = ui.openMenu === key;
  return h(
    'div',
    { className: `message-actions${open ? ' open' : ''}` },
    h(
      'button',
      {
        type: 'button',
        className: 'icon-button more',
        'aria-label': 'More actions',
        'aria-haspopup': 'menu',
        'aria-expanded': String(open),
        onclick: (event) => {
          event.stopPropagation();
          ui.openMenu = open ? '' : key;
          render();
        },
      },
      '⋯',
    ),
    open ? shortcutMenu('Message shortcuts', shortcuts, message) : null,
  );
}

/** The app's unfurls of the message's links, each an attachment under it whose buttons the app answers. */
function renderUnfurls(message) {
  const entries = Object.entries(message.unfurls ?? {});
  if (entries.length === 0) return null;
  return h(
    'div',
    { className: 'unfurls' },
    ...entries.map(([url, unfurl]) =>
      h(
        'div',
        { className: 'unfurl', dataset: { url }, 'aria-label': `Preview of ${url}` },
        blocks(unfurl.blocks, {
          ...baseCtx(),
          onAction: (action, el) =>
            act(action, el, () => ({ channel: message.channel, ts: message.ts, unfurl: url })),
        }),
      ),
    ),
  );
}

function renderMessage(message) {
  const isBot = message.author === 'bot';
  const isSlackbot = message.author === 'slackbot';
  const name = isBot ? ui.snapshot.botName : isSlackbot ? 'Slackbot' : userName(message.author);
  const body = h('div', { className: 'message-body' });
  if (message.blocks.length > 0) body.append(blocks(message.blocks, messageCtx(message)));
  else body.append(h('div', { className: 'bk-text' }, mrkdwn(message.text, baseCtx())));
  return h(
    'article',
    {
      className: `message${message.visibleTo ? ' ephemeral' : ''}${isBot ? ' from-bot' : ''}`,
      // Slack marks no "(edited)" on an app's updated messages; the attribute keeps it inspectable.
      dataset: { ts: message.ts, author: message.author, ...(message.edited ? { edited: 'true' } : {}) },
      'aria-label': `${name}${message.visibleTo ? ', only visible to you' : ''}`,
    },
    isBot
      ? appIcon('avatar')
      : h(
          'div',
          { className: `avatar${isSlackbot ? ' slackbot' : ''}`, 'aria-hidden': 'true' },
          initials(name),
        ),
    h(
      'div',
      { className: 'message-content' },
      message.visibleTo ? h('div', { className: 'only-you' }, eyeIcon(), 'Only visible to you') : null,
      h(
        'div',
        { className: 'message-meta' },
        h('span', { className: 'author' }, name),
        isBot ? h('span', { className: 'badge' }, 'APP') : null,
        h('time', {}, timeOf(message.ts)),
        message.threadTs ? h('span', { className: 'thread' }, 'replied in a thread') : null,
      ),
      body,
      renderUnfurls(message),
    ),
    messageActions(message),
  );
}

function renderMessages() {
  const list = $('messages');
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const visible = ui.snapshot.messages.filter(
    (m) => m.channel === ui.channel && (!m.visibleTo || m.visibleTo === ui.userId),
  );
  const intro = h(
    'div',
    { className: 'channel-intro' },
    h('h2', {}, ui.channel === appChannel() ? ui.snapshot.botName : `# ${channelName(ui.channel)}`),
    h(
      'p',
      {},
      'This is a playground: the real bot answers, with demo customers and no Slack workspace. Type ',
      h('code', {}, '/customer acme'),
      ' below to start.',
    ),
  );
  list.replaceChildren(intro, ...visible.map(renderMessage));
  if (nearBottom || list.dataset.channel !== ui.channel) list.scrollTop = list.scrollHeight;
  list.dataset.channel = ui.channel;
}

function renderHome() {
  const home = $('home');
  const view = ui.snapshot.homes[ui.userId];
  if (!view) {
    home.replaceChildren(
      h(
        'div',
        { className: 'home-empty' },
        ui.homeAsked.has(ui.userId) ? 'The app has not published a Home tab for you.' : 'Loading Home…',
      ),
    );
    return;
  }
  const key = `${view.id}:${view.hash}`;
  if (home.dataset.key === key) return;
  home.dataset.key = key;
  const state = stateFor(view.id);
  home.replaceChildren(
    blocks(view.view.blocks, {
      ...baseCtx(),
      state,
      onAction: (action, el) =>
        act(action, el, () => ({ viewId: view.id, values: state.collect(view.view) })),
    }),
  );
}

// ---- modals -----------------------------------------------------------------------------------------------

function validate(view, values) {
  const errors = {};
  for (const b of view.blocks ?? []) {
    if (b.type !== 'input' || !b.element) continue;
    const v = values[b.block_id]?.[b.element.action_id] ?? {};
    const empty =
      ('value' in v && (v.value === null || v.value === '')) ||
      ('selected_option' in v && !v.selected_option) ||
      ('selected_options' in v && (v.selected_options ?? []).length === 0) ||
      ('selected_date' in v && !v.selected_date) ||
      ('selected_user' in v && !v.selected_user) ||
      ('selected_conversation' in v && !v.selected_conversation) ||
      ('selected_channel' in v && !v.selected_channel);
    if (empty) {
      if (!b.optional) errors[b.block_id] = 'Please fill out this field.';
      continue;
    }
    if (v.type === 'email_text_input' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.value))
      errors[b.block_id] = 'Please enter a valid email address.';
    if (v.type === 'plain_text_input' && b.element.min_length && v.value.length < b.element.min_length)
      errors[b.block_id] = `Please enter at least ${b.element.min_length} characters.`;
    if (v.type === 'number_input' && Number.isNaN(Number(v.value)))
      errors[b.block_id] = 'Please enter a number.';
  }
  return errors;
}

function renderModal(force = false) {
  const root = $('modal-root');
  const stack = ui.snapshot.modals[ui.userId] ?? [];
  const top = stack[stack.length - 1];
  if (!top) {
    ui.modalKey = '';
    root.replaceChildren();
    return;
  }
  const key = `${top.id}:${top.hash}:${stack.length}`;
  if (key === ui.modalKey && !force) return;
  // Errors belong to one submission of one view; a new or updated view starts clean.
  if (!force) ui.errors = {};
  ui.modalKey = key;
  const view = top.view;
  const state = stateFor(top.id);
  const ctx = {
    ...baseCtx(),
    state,
    errors: ui.errors,
    onAction: (action, el) => act(action, el, () => ({ viewId: top.id, values: state.collect(view) })),
    suggest: (b, el, query) =>
      post('suggest', {
        userId: ui.userId,
        viewId: top.id,
        blockId: b.block_id,
        actionId: el.action_id,
        value: query,
        values: state.collect(view),
      }),
  };
  const banner = h('div', { className: 'modal-banner', role: 'alert', hidden: true });
  const close = async () => {
    await post('close', { userId: ui.userId, viewId: top.id, values: state.collect(view) });
  };
  const submit = async (event) => {
    event.preventDefault();
    const values = state.collect(view);
    const local = validate(view, values);
    if (Object.keys(local).length > 0) {
      ui.errors = local;
      renderModal(true);
      return;
    }
    submitButton.disabled = true;
    submitButton.classList.add('busy');
    const reply = await post('submit', { userId: ui.userId, viewId: top.id, values });
    submitButton.disabled = false;
    submitButton.classList.remove('busy');
    if (!reply.ok) {
      banner.textContent = 'We had some trouble connecting. Try again?';
      banner.hidden = false;
      return;
    }
    if (reply.errors) {
      ui.errors = reply.errors;
      renderModal(true);
    }
  };
  const submitButton = view.submit
    ? h('button', { type: 'submit', className: 'bk-button primary' }, plainText(view.submit))
    : null;
  const modal = h(
    'form',
    {
      className: 'modal',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 'modal-title',
      dataset: { callbackId: view.callback_id ?? '', viewId: top.id },
      onsubmit: submit,
      novalidate: true,
    },
    h(
      'header',
      { className: 'modal-header' },
      stack.length > 1
        ? h('button', { type: 'button', className: 'icon-button', 'aria-label': 'Back', onclick: close }, '‹')
        : null,
      appIcon(),
      h('h2', { id: 'modal-title' }, plainText(view.title)),
      h('button', { type: 'button', className: 'icon-button', 'aria-label': 'Close', onclick: close }, '×'),
    ),
    banner,
    h('div', { className: 'modal-body' }, blocks(view.blocks, ctx)),
    h(
      'footer',
      { className: 'modal-footer' },
      h(
        'button',
        { type: 'button', className: 'bk-button default', onclick: close },
        plainText(view.close) || 'Cancel',
      ),
      submitButton,
    ),
  );
  // A views.update while the user types must not steal the field they are in (Slack keeps it too).
  const focusedId = root.contains(document.activeElement) ? document.activeElement.id : '';
  root.replaceChildren(h('div', { className: 'backdrop' }, modal));
  const firstError = force
    ? modal.querySelector('.has-error input, .has-error textarea, .has-error select')
    : null;
  const same = focusedId ? document.getElementById(focusedId) : null;
  (firstError ?? same ?? modal.querySelector('input, textarea, select'))?.focus();
}

// ---- the whole page ---------------------------------------------------------------------------------------

// ---- the Workflows panel ----------------------------------------------------------------------------------

function userOptions(current) {
  return [
    h('option', { value: '' }, '— nobody —'),
    ...ui.snapshot.users.map((u) => h('option', { value: u.id, selected: u.id === current }, u.name)),
  ];
}

/** One input of a step, typed as Workflow Builder offers it: text, a yes/no, or a person. */
function stepInput(step, param) {
  if (!ui.stepInputs[step.callbackId]) ui.stepInputs[step.callbackId] = {};
  const values = ui.stepInputs[step.callbackId];
  const id = `step-${step.callbackId}-${param.name}`;
  const label = h(
    'label',
    { className: 'bk-label', for: id },
    param.title,
    param.required ? null : h('span', { className: 'optional' }, ' (optional)'),
  );
  const set = (value) => {
    values[param.name] = value;
  };
  let control;
  if (param.type === 'boolean') {
    control = h('input', {
      id,
      type: 'checkbox',
      checked: values[param.name] === true,
      onchange: (event) => set(event.target.checked),
    });
    return h(
      'div',
      { className: 'bk-input step-input checkbox', dataset: { input: param.name } },
      h('label', { className: 'choice', for: id }, control, ` ${param.title}`),
    );
  }
  if (param.type === 'user') {
    control = h(
      'select',
      { id, onchange: (event) => set(event.target.value) },
      ...userOptions(values[param.name] ?? ''),
    );
  } else {
    control = h('input', {
      id,
      type: 'text',
      value: values[param.name] ?? '',
      oninput: (event) => set(event.target.value),
    });
  }
  const error = ui.stepErrors[step.callbackId]?.[param.name];
  return h(
    'div',
    { className: `bk-input step-input${error ? ' has-error' : ''}`, dataset: { input: param.name } },
    label,
    control,
    h('div', { className: 'bk-error' }, error ?? ''),
    h('div', { className: 'bk-hint' }, param.name),
  );
}

/** Runs a step with what was typed: the required inputs first, as Workflow Builder insists on them. */
async function runStep(step) {
  const values = ui.stepInputs[step.callbackId] ?? {};
  const inputs = {};
  const errors = {};
  for (const param of step.inputs) {
    const value = values[param.name];
    if (param.type === 'boolean') {
      if (value === true) inputs[param.name] = true;
    } else if (typeof value === 'string' && value !== '') inputs[param.name] = value;
    else if (param.required) errors[param.name] = 'Please fill out this field.';
  }
  ui.stepErrors[step.callbackId] = errors;
  ui.workflowsKey = '';
  render();
  if (Object.keys(errors).length > 0) return;
  const reply = await post('workflow', { userId: ui.userId, callbackId: step.callbackId, inputs });
  if (!reply.ok) toast(`The step did not start (${reply.error ?? `HTTP ${reply.status}`}).`);
}

function runView(step, run) {
  const status = { running: 'Running…', completed: 'Completed', failed: 'Failed' }[run.status];
  const titleOf = (name) => step.outputs.find((o) => o.name === name)?.title ?? name;
  return h(
    'li',
    { className: `run ${run.status}`, dataset: { status: run.status, run: run.id } },
    h(
      'div',
      { className: 'run-meta' },
      h('span', { className: `run-status ${run.status}` }, status),
      ` · run by ${userName(run.userId)} · ${new Date(run.startedAt).toLocaleTimeString('en-US')}`,
    ),
    run.status === 'failed' ? h('div', { className: 'run-error', role: 'alert' }, run.error ?? '') : null,
    run.status === 'completed'
      ? h(
          'dl',
          { className: 'run-outputs' },
          ...Object.entries(run.outputs ?? {}).flatMap(([name, value]) => [
            h('dt', { title: name }, titleOf(name)),
            h('dd', { dataset: { output: name } }, String(value) || '—'),
          ]),
        )
      : null,
  );
}

function renderWorkflows() {
  const panel = $('workflows');
  const steps = ui.snapshot.app?.steps ?? [];
  const runs = ui.snapshot.workflowRuns ?? [];
  // Redrawn only when a run changed (or after Run), so what is being typed stays where it is.
  const key = JSON.stringify([ui.userId, steps.length, runs, ui.snapshot.users.length]);
  if (panel.dataset.key === key && ui.workflowsKey === key) return;
  panel.dataset.key = key;
  ui.workflowsKey = key;
  const focused = panel.contains(document.activeElement) ? document.activeElement.id : '';
  panel.replaceChildren(
    h(
      'p',
      { className: 'workflows-intro' },
      'Each step below is one of the app’s Workflow Builder steps. Run it with inputs, as a workflow would, and see its outputs or its error.',
    ),
    ...steps.map((step) =>
      h(
        'section',
        { className: 'step', dataset: { step: step.callbackId }, 'aria-label': step.title },
        h('h2', {}, step.title),
        h('p', { className: 'step-description' }, step.description),
        h(
          'form',
          {
            className: 'step-form',
            novalidate: true,
            onsubmit: (event) => {
              event.preventDefault();
              runStep(step);
            },
          },
          ...step.inputs.map((param) => stepInput(step, param)),
          h('button', { type: 'submit', className: 'bk-button primary' }, 'Run step'),
        ),
        h(
          'ol',
          { className: 'runs', 'aria-label': `Runs of ${step.title}` },
          ...runs
            .filter((r) => r.callbackId === step.callbackId)
            .slice(0, 5)
            .map((run) => runView(step, run)),
        ),
      ),
    ),
  );
  if (focused) document.getElementById(focused)?.focus();
}

// ---- the whole page ---------------------------------------------------------------------------------------

function renderComposerExtras() {
  const tip = $('tip-link');
  const url = ui.snapshot.hints?.customerUrl;
  tip.hidden = !url;
  if (url) tip.textContent = url;
  const globals = ui.snapshot.app?.globalShortcuts ?? [];
  $('shortcuts-button').hidden = globals.length === 0;
  $('shortcuts-button').setAttribute('aria-expanded', String(ui.openMenu === 'global'));
  const menu = $('shortcut-menu');
  menu.hidden = ui.openMenu !== 'global';
  if (!menu.hidden) menu.replaceChildren(...shortcutMenu('Shortcuts', globals).childNodes);
}

function render() {
  if (!ui.snapshot) return;
  renderUsers();
  renderSidebar();
  renderHeader();
  const showWorkflows = ui.channel === WORKFLOWS;
  const showHome = ui.channel === appChannel() && ui.appTab === 'home';
  $('home').hidden = !showHome;
  $('workflows').hidden = !showWorkflows;
  $('messages').hidden = showHome || showWorkflows;
  $('composer').hidden = showHome || showWorkflows;
  if (showHome) renderHome();
  else if (showWorkflows) renderWorkflows();
  else renderMessages();
  $('composer-input').placeholder =
    ui.channel === appChannel() ? `Message ${ui.snapshot.botName}` : `Message #${channelName(ui.channel)}`;
  renderComposerExtras();
  renderModal();
}

const COMMANDS = [
  ['/customer', 'acme · new · audit · help', 'Find, onboard and manage customers'],
  ['/contact', 'jane · add [customer] · help', 'Find and add contacts'],
];

function showSlashHints() {
  const input = $('composer-input');
  const list = $('slash-hints');
  const text = input.value;
  const matches =
    text.startsWith('/') && !text.includes(' ') ? COMMANDS.filter(([c]) => c.startsWith(text)) : [];
  list.hidden = matches.length === 0;
  list.replaceChildren(
    ...matches.map(([command, usage, what]) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              input.value = `${command} `;
              list.hidden = true;
              input.focus();
            },
          },
          h('strong', {}, command),
          ` ${usage}`,
          h('small', {}, what),
        ),
      ),
    ),
  );
}

async function send(text) {
  const reply = await post('command', { userId: ui.userId, channel: ui.channel, text });
  if (!reply.ok && reply.error) toast(reply.error);
}

function wire() {
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('composer-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    $('slash-hints').hidden = true;
    send(text);
  });
  $('composer-input').addEventListener('input', showSlashHints);
  $('shortcuts-button').addEventListener('click', (event) => {
    event.stopPropagation();
    ui.openMenu = ui.openMenu === 'global' ? '' : 'global';
    render();
  });
  // A click anywhere else closes an open "..." or shortcuts menu, as Slack's do.
  document.addEventListener('click', (event) => {
    if (!ui.openMenu || event.target.closest?.('.message-actions, #shortcut-menu')) return;
    ui.openMenu = '';
    render();
  });
  for (const tip of document.querySelectorAll('.tip')) {
    tip.addEventListener('click', () => {
      $('composer-input').value = tip.textContent;
      $('composer-input').focus();
    });
  }
  $('acting-as').addEventListener('change', (event) => {
    const wasApp = ui.channel === appChannel();
    ui.userId = event.target.value;
    if (wasApp) ui.channel = appChannel();
    ui.modalKey = '';
    render();
    if (wasApp && ui.appTab === 'home') openHome();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    // Escape answers the innermost thing on screen: a confirm dialog first, then the top modal view.
    if (ui.openMenu) {
      ui.openMenu = '';
      render();
      return;
    }
    const dialog = $('dialog-root').querySelector('.dialog .bk-button.default');
    const close = $('modal-root').querySelector('.modal-header [aria-label="Close"]');
    (dialog ?? close)?.click();
  });

  if (!TOKEN) return locked();
  // Server-Sent Events carry the whole workspace after every change; EventSource reconnects by itself. It cannot
  // send headers, so the token rides in the query.
  const events = new EventSource(`/api/events?token=${encodeURIComponent(TOKEN)}`);
  events.onmessage = (event) => {
    ui.snapshot = JSON.parse(event.data);
    document.body.dataset.version = String(ui.snapshot.version);
    render();
  };
  events.onerror = async () => {
    // A playground restarted since this page was opened has a new token: retrying would never succeed.
    const res = await fetch('/api/state', { headers: { 'x-playground-token': TOKEN } }).catch(
      () => undefined,
    );
    if (res?.status === 401) {
      events.close();
      locked();
      return;
    }
    toast('Lost the connection to the playground; retrying…');
  };
}

wire();
