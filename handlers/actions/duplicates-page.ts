// The duplicates report's Previous/Next buttons: the same report, another page, in place.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { duplicatesReport } from '../../blocks/duplicates-report.js';
import { findLikelyDuplicates } from '../../src/operations/duplicates.js';
import type { Services } from '../../src/services.js';
import { actorFor } from '../support/actor.js';
import { cardOptions, refusedNotice } from '../support/answers.js';
import { onButton } from '../support/clicks.js';
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
          const found = await findLikelyDuplicates(deps, ws, actor, signal);
          if (found.kind === 'refused') return refusedNotice(found);
          return duplicatesReport(found.report, {
            vendorLabel: ws.vendor.capabilities.label,
            page,
            canDelete: found.mayDelete && (await cardOptions(deps, ws)).keyMayDelete !== false,
            removal: ws.vendor.capabilities.customerRemoval,
          });
        },
      );
    },
  );
}
