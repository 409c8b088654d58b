// Gives every request an id and logs what arrived (secrets scrubbed by the logger), before any listener runs.
import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';

export function registerRequestContext(app: App, deps: Services): void {
  app.use(async ({ body, context, next }) => {
    context.requestId = randomUUID();
    deps.logger.debug(
      { requestId: context.requestId, teamId: context.teamId, ...summary(body) },
      'slack request',
    );
    // The whole payload only at trace level, for deep debugging; the logger still masks its secrets.
    deps.logger.trace({ requestId: context.requestId, body }, 'slack request payload');
    await next();
  });
}

/**
 * What to log of a request: its kind and ids, never the whole payload, which carries response_urls (they post as
 * the app for 30 minutes), private_metadata and what users typed.
 */
function summary(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return {};
  const b = body as Record<string, unknown>;
  const nested = (key: string, field: string) => {
    const v = b[key];
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[field] : undefined;
  };
  const actions = Array.isArray(b.actions) ? (b.actions as Record<string, unknown>[]) : [];
  return {
    kind: b.type ?? (b.command ? 'slash_command' : undefined),
    command: b.command,
    user: b.user_id ?? nested('user', 'id'),
    channel: b.channel_id ?? nested('channel', 'id'),
    actionId: actions[0]?.action_id ?? b.action_id,
    callbackId: nested('view', 'callback_id'),
    event: nested('event', 'type'),
  };
}
