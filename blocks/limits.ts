// The Block Kit limit checker: every payload a test (or the fake Slack) sees passes through here.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const textOf = (v: unknown): string | undefined =>
  isObject(v) && typeof v.text === 'string' ? v.text : undefined;

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 4000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  viewTitle: 24,
  privateMetadata: 3000,
  label: 2000,
  placeholder: 150,
  options: 100,
  optionText: 75,
  optionValue: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

class Checker {
  readonly problems: string[] = [];
  private readonly blockIds = new Set<string>();

  max(path: string, value: string | undefined, limit: number): void {
    if (value !== undefined && value.length > limit)
      this.problems.push(`${path}: ${value.length} chars > ${limit}`);
  }

  text(path: string, obj: unknown, limit: number, required = true): void {
    const t = textOf(obj);
    if (t === undefined) {
      if (required) this.problems.push(`${path}: missing text object`);
      return;
    }
    if (t.length === 0) this.problems.push(`${path}: empty text`);
    this.max(`${path}.text`, t, limit);
  }

  plain(path: string, obj: unknown, limit: number): void {
    if (isObject(obj) && obj.type !== 'plain_text') this.problems.push(`${path}: must be plain_text`);
    this.text(path, obj, limit);
  }

  confirm(path: string, c: unknown): void {
    if (c === undefined) return;
    if (!isObject(c)) return void this.problems.push(`${path}: not an object`);
    this.plain(`${path}.title`, c.title, LIMITS.confirmTitle);
    this.text(`${path}.text`, c.text, LIMITS.confirmText);
    this.plain(`${path}.confirm`, c.confirm, LIMITS.confirmButton);
    this.plain(`${path}.deny`, c.deny, LIMITS.confirmButton);
  }

  options(path: string, options: unknown): void {
    const list = arr(options);
    if (list.length > LIMITS.options)
      this.problems.push(`${path}: ${list.length} options > ${LIMITS.options}`);
    list.forEach((o, i) => {
      if (!isObject(o)) return;
      this.text(`${path}[${i}].text`, o.text, LIMITS.optionText);
      if (typeof o.value === 'string') this.max(`${path}[${i}].value`, o.value, LIMITS.optionValue);
    });
  }

  element(path: string, el: unknown, actionIds: Set<string>): void {
    if (!isObject(el)) return;
    if (typeof el.action_id === 'string') {
      this.max(`${path}.action_id`, el.action_id, LIMITS.id);
      if (actionIds.has(el.action_id))
        this.problems.push(`${path}.action_id: "${el.action_id}" repeated in its block`);
      actionIds.add(el.action_id);
    }
    if (el.placeholder !== undefined) this.text(`${path}.placeholder`, el.placeholder, LIMITS.placeholder);
    if (el.type === 'button') {
      this.plain(`${path}.text`, el.text, LIMITS.buttonText);
      if (typeof el.value === 'string') this.max(`${path}.value`, el.value, LIMITS.buttonValue);
      if (typeof el.url === 'string') this.max(`${path}.url`, el.url, LIMITS.url);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
        this.problems.push(`${path}.style: must be primary or danger`);
      }
    }
    if (el.options !== undefined) this.options(`${path}.options`, el.options);
    this.confirm(`${path}.confirm`, el.confirm);
  }

  block(path: string, block: unknown): void {
    if (!isObject(block)) return void this.problems.push(`${path}: not an object`);
    if (typeof block.block_id === 'string') {
      this.max(`${path}.block_id`, block.block_id, LIMITS.id);
      if (this.blockIds.has(block.block_id))
        this.problems.push(`${path}.block_id: "${block.block_id}" is not unique`);
      this.blockIds.add(block.block_id);
    }
    const actionIds = new Set<string>();
    switch (block.type) {
      case 'section': {
        if (block.text === undefined && block.fields === undefined)
          this.problems.push(`${path}: section needs text or fields`);
        if (block.text !== undefined) this.text(`${path}.text`, block.text, LIMITS.sectionText);
        const fields = arr(block.fields);
        if (fields.length > LIMITS.sectionFields)
          this.problems.push(`${path}.fields: ${fields.length} > ${LIMITS.sectionFields}`);
        fields.forEach((f, i) => {
          this.text(`${path}.fields[${i}]`, f, LIMITS.fieldText);
        });
        if (block.accessory !== undefined) this.element(`${path}.accessory`, block.accessory, actionIds);
        break;
      }
      case 'header':
        this.plain(`${path}.text`, block.text, LIMITS.headerText);
        break;
      case 'context': {
        const els = arr(block.elements);
        if (els.length === 0 || els.length > LIMITS.contextElements) {
          this.problems.push(`${path}.elements: ${els.length} (1 to ${LIMITS.contextElements})`);
        }
        els.forEach((e, i) => {
          if (isObject(e) && (e.type === 'mrkdwn' || e.type === 'plain_text'))
            this.text(`${path}.elements[${i}]`, e, LIMITS.sectionText);
        });
        break;
      }
      case 'actions': {
        const els = arr(block.elements);
        if (els.length === 0 || els.length > LIMITS.actionsElements) {
          this.problems.push(`${path}.elements: ${els.length} (1 to ${LIMITS.actionsElements})`);
        }
        els.forEach((e, i) => {
          this.element(`${path}.elements[${i}]`, e, actionIds);
        });
        break;
      }
      case 'input':
        this.plain(`${path}.label`, block.label, LIMITS.label);
        if (block.hint !== undefined) this.plain(`${path}.hint`, block.hint, LIMITS.label);
        this.element(`${path}.element`, block.element, actionIds);
        break;
      case 'divider':
      case 'image':
        break;
      default:
        this.problems.push(`${path}: unknown block type ${String(block.type)}`);
    }
  }

  blocks(path: string, blocks: unknown, limit: number): void {
    const list = arr(blocks);
    if (list.length > limit) this.problems.push(`${path}: ${list.length} blocks > ${limit}`);
    list.forEach((b, i) => {
      this.block(`${path}[${i}]`, b);
    });
  }
}

/** Problems with a message payload (chat.postMessage, respond, ack bodies); an empty list means it fits. */
export function checkMessage(message: unknown): string[] {
  const c = new Checker();
  if (!isObject(message)) return ['message: not an object'];
  const hasBlocks = Array.isArray(message.blocks);
  if (typeof message.text !== 'string' || message.text.trim() === '') {
    // Slack wants a plain `text` fallback for notifications and screen readers whenever blocks are sent.
    if (hasBlocks || message.delete_original !== true)
      c.problems.push('text: a non-empty plain text fallback is required');
  } else {
    c.max('text', message.text, LIMITS.messageText);
  }
  if (hasBlocks) c.blocks('blocks', message.blocks, LIMITS.messageBlocks);
  return c.problems;
}

/** Problems with a modal or Home tab view. */
export function checkView(view: unknown): string[] {
  const c = new Checker();
  if (!isObject(view)) return ['view: not an object'];
  c.blocks('blocks', view.blocks, LIMITS.viewBlocks);
  if (view.type === 'modal') {
    c.plain('title', view.title, LIMITS.viewTitle);
    if (view.submit !== undefined) c.plain('submit', view.submit, LIMITS.viewTitle);
    if (view.close !== undefined) c.plain('close', view.close, LIMITS.viewTitle);
    const hasInput = arr(view.blocks).some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      c.problems.push('submit: required when a modal has input blocks');
  }
  if (typeof view.private_metadata === 'string')
    c.max('private_metadata', view.private_metadata, LIMITS.privateMetadata);
  if (typeof view.callback_id === 'string') c.max('callback_id', view.callback_id, LIMITS.id);
  if (typeof view.external_id === 'string') c.max('external_id', view.external_id, LIMITS.id);
  return c.problems;
}

/** Problems with an options (typeahead) response. */
export function checkOptions(response: unknown): string[] {
  const c = new Checker();
  if (!isObject(response)) return ['options: not an object'];
  c.options('options', response.options);
  return c.problems;
}
