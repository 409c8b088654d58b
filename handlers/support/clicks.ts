// The one guard for button clicks: ack at once, read the payload with zod, and hand the listener a plain Click.
import type { AllMiddlewareArgs, App, RespondFn, SlackActionMiddlewareArgs, webApi } from '@slack/bolt';
import { z } from 'zod';
import type { RequestContext } from './workspace.js';

const ClickBodySchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string(), name: z.string().optional(), username: z.string().optional() }),
  trigger_id: z.string(),
  response_url: z.string().optional(),
  channel: z.object({ id: z.string() }).optional(),
  message: z.object({ ts: z.string() }).optional(),
  view: z.object({ id: z.string(), private_metadata: z.string().optional() }).optional(),
});

const ButtonSchema = z.object({
  type: z.literal('button'),
  action_id: z.string(),
  // A button value is at most 2,000 characters; anything else is not ours.
  value: z.string().max(2000).optional(),
});

/** A button click, as every listener needs it. */
export interface Click {
  userId: string;
  userName: string | undefined;
  actionId: string;
  /** The button's value ('' when it has none). */
  value: string;
  triggerId: string;
  channelId: string | undefined;
  responseUrl: string | undefined;
  /** The message the button was on, when it was on one. */
  messageTs: string | undefined;
  /** The modal the button was in, when it was in one. */
  view: { id: string; privateMetadata: string | undefined } | undefined;
}

export interface ClickTools {
  client: webApi.WebClient;
  context: RequestContext;
  respond: RespondFn;
}

function parseClick(body: unknown, action: unknown): Click | undefined {
  const b = ClickBodySchema.safeParse(body);
  const a = ButtonSchema.safeParse(action);
  if (!b.success || !a.success) return undefined;
  return {
    userId: b.data.user.id,
    userName: b.data.user.name ?? b.data.user.username,
    actionId: a.data.action_id,
    value: a.data.value ?? '',
    triggerId: b.data.trigger_id,
    channelId: b.data.channel?.id,
    responseUrl: b.data.response_url,
    messageTs: b.data.message?.ts,
    view: b.data.view ? { id: b.data.view.id, privateMetadata: b.data.view.private_metadata } : undefined,
  };
}

/** Registers a button listener: acked first, then handed a parsed click (anything else is ignored). */
export function onButton(
  app: App,
  actionId: string | RegExp,
  handle: (click: Click, tools: ClickTools) => Promise<void>,
): void {
  app.action(actionId, async (args: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    await args.ack();
    const click = parseClick(args.body, args.action);
    if (!click) return;
    await handle(click, { client: args.client, context: args.context, respond: args.respond });
  });
}
