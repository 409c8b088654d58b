// The duplicates report's Previous/Next buttons: the same report, another page, in place.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import type { Services } from '../../src/services.js';
import { actorFor } from '../support/actor.js';
import { onButton } from '../support/clicks.js';
import { duplicatesAnswer } from '../support/duplicates-answer.js';
import { runJob } from '../support/jobs.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

export function registerDuplicatesPage(app: App, deps: Services): void {
  onButton(
    app,
    new RegExp(`^${ACTIONS.duplicatesPage}_(prev|next)$`),
    async (click, { client, context, respond }) => {
      const page = Number.parseInt(click.value, 10);
      if (!Number.isFinite(page) || page < 0) return;
      const delivery = {
        send: (m: Parameters<typeof respond>[0]) =>
          respond(typeof m === 'string' ? m : { ...m, replace_original: true }),
      };
      const ws = await workspaceFor(deps, context);
      if (!ws) return void (await delivery.send(NOT_CONNECTED));
      const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
      runJob(
        { ws, actor, doing: 'look for duplicates', delivery, logger: deps.logger },
        async ({ signal }) => {
          return duplicatesAnswer(deps, ws, actor, page, signal);
        },
      );
    },
  );
}
