// Gives every request an id and logs what arrived (secrets scrubbed by the logger), before any listener runs.
import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';

export function registerRequestContext(app: App, deps: Services): void {
  app.use(async ({ body, context, next }) => {
    context.requestId = randomUUID();
    deps.logger.debug({ requestId: context.requestId, teamId: context.teamId, body }, 'slack request');
    await next();
  });
}
