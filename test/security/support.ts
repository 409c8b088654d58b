// Drives the bot as Slack and a user would, through what a user sees: buttons found by their text, modal inputs
// by their labels. No action id or block id is imported, so these tests keep holding across a listener rewrite.
import type { StartedApp } from '../helpers/app.js';
import { waitUntil } from '../helpers/app.js';
import { sendEvent } from '../helpers/oauth.js';
import { blockAction, viewSubmission, type Who } from '../helpers/payloads.js';

type Json = Record<string, unknown>;

const plainOf = (text: unknown): string =>
  typeof text === 'object' && text !== null && typeof (text as Json).text === 'string'
    ? String((text as Json).text)
    : '';

/** Every button of a message or view, with the block it sits in. */
export function buttonsOf(surface: unknown): { button: Json; blockId: string }[] {
  const blocks = ((surface as Json | undefined)?.blocks as Json[] | undefined) ?? [];
  return blocks.flatMap((block) => {
    const elements = [
      ...((block.elements as Json[] | undefined) ?? []),
      ...(block.accessory ? [block.accessory as Json] : []),
    ];
    return elements
      .filter((el) => el.type === 'button')
      .map((button) => ({ button, blockId: String(block.block_id ?? '') }));
  });
}

/** The button whose text matches, and (optionally) whose style is `danger`. */
export function buttonNamed(surface: unknown, name: RegExp, danger?: boolean) {
  const found = buttonsOf(surface).find(
    ({ button }) =>
      name.test(plainOf(button.text)) && (danger === undefined || (button.style === 'danger') === danger),
  );
  if (!found) {
    const names = buttonsOf(surface).map(({ button }) => plainOf(button.text));
    throw new Error(`no button ${name} among [${names.join(', ')}]`);
  }
  return found;
}

/** A click on a button of a message (ephemeral unless `messageTs`) or of a view, as Slack posts it. */
export function click(
  app: StartedApp,
  who: Who,
  found: { button: Json; blockId: string },
  where: { view?: Json; messageTs?: string; responseUrl?: string } = {},
) {
  return app.sendPayload(
    blockAction({
      ...who,
      actionId: String(found.button.action_id),
      blockId: found.blockId,
      ...(typeof found.button.value === 'string' ? { value: found.button.value } : {}),
      responseUrl: where.responseUrl ?? app.slack.responseUrl(),
      ...(where.view ? { view: where.view } : {}),
      ...(where.messageTs ? { messageTs: where.messageTs } : {}),
    }),
  );
}

/** The Home tab Slack asks the bot to publish when `userId` of `teamId` opens it. */
export async function openHome(app: StartedApp, teamId: string, userId: string): Promise<Json> {
  const before = app.slack.callsTo('views.publish').length;
  await sendEvent(app, teamId, { type: 'app_home_opened', user: userId, tab: 'home', channel: 'D0HOME' });
  const call = await waitUntil('the Home tab', () =>
    app.slack.callsTo('views.publish').find((c, i) => i >= before && c.args.user_id === userId),
  );
  return call.args.view as Json;
}

/** What a user typed or picked per input label: text, or `{ option }` for a menu's option value. */
export type ByLabel = [RegExp, string | { option: string }][];

/** view.state.values for `view`, filling each input found by its label, and leaving the others empty. */
export function fillByLabel(view: Json, inputs: ByLabel): Json {
  const values: Json = {};
  for (const block of (view.blocks as Json[] | undefined) ?? []) {
    if (block.type !== 'input') continue;
    const element = block.element as Json;
    const given = inputs.find(([label]) => label.test(plainOf(block.label)))?.[1];
    const type = String(element.type);
    const state =
      typeof given === 'object'
        ? {
            type,
            selected_option: ((element.options as Json[] | undefined) ?? []).find(
              (o) => o.value === given.option,
            ) ?? {
              value: given.option,
              text: { type: 'plain_text', text: given.option },
            },
          }
        : type.endsWith('select') || type === 'radio_buttons'
          ? { type, selected_option: (element.initial_option as Json | undefined) ?? null }
          : { type, value: given ?? (element.initial_value as string | undefined) ?? null };
    values[String(block.block_id)] = { [String(element.action_id)]: state };
  }
  return values;
}

/** Submits `view` (as opened by the bot) with inputs by label; resolves with Slack's HTTP answer to the bot's ack. */
export function submit(app: StartedApp, who: Who, view: Json, inputs: ByLabel, id = 'VSUBMIT') {
  return app.sendPayload(
    viewSubmission({ ...who, view: { ...view, id, hash: 'h1' }, values: fillByLabel(view, inputs) }),
  );
}

/**
 * Every text Slack renders as mrkdwn in what the bot sent: `mrkdwn` text objects, and each message's `text`
 * (the fallback a notification shows). plain_text objects are left out: Slack shows them literally.
 */
export function mrkdwnSent(app: StartedApp): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const item of v) walk(item);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Json;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      for (const [key, inner] of Object.entries(o))
        if (key !== 'text' || typeof inner !== 'string') walk(inner);
    }
  };
  const message = (args: Json) => {
    if (typeof args.text === 'string') out.push(args.text);
    walk(args.blocks);
    walk(args.attachments);
  };
  for (const call of app.slack.calls) {
    if (call.method.startsWith('chat.')) message(call.args);
    else walk(call.args);
  }
  for (const response of app.slack.responses) message(response.body);
  return out;
}
