// Export on a card: the customer's archive (JSON and CSV) sent by DM to the user who asked; no delete. A card from
// before a reconnect to another account is stale: its id may name another company there, so nothing is sent.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { notice } from '../../blocks/message.js';
import { safeText } from '../../blocks/mrkdwn.js';
import { exportCustomer } from '../../src/operations/archives.js';
import type { Services } from '../../src/services.js';
import { readCardValue } from '../forms/card-value.js';
import { actorFor } from '../support/actor.js';
import { GONE, refusedNotice, STALE } from '../support/answers.js';
import { sendArchive } from '../support/archive-files.js';
import { onButton } from '../support/clicks.js';
import { clickDelivery } from '../support/deliver.js';
import { runJob } from '../support/jobs.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

export function registerExportButton(app: App, deps: Services): void {
  onButton(app, ACTIONS.customerExport, async (click, { client, context, respond }) => {
    const carried = readCardValue(click.value, 'customer');
    if (!carried) return;
    const delivery = clickDelivery(respond);
    const ws = await workspaceFor(deps, context);
    if (!ws) return void (await delivery.send(NOT_CONNECTED));
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    runJob(
      { ws, actor, doing: 'export the customer', delivery, logger: deps.logger },
      async ({ signal, logger }) => {
        const outcome = await exportCustomer(deps, ws, actor, carried, signal);
        if (outcome.kind === 'stale') return STALE;
        if (outcome.kind === 'refused') return refusedNotice(outcome);
        if (outcome.kind === 'gone') return GONE;
        const name = outcome.archive.entityName;
        const sent = await sendArchive(
          client,
          [actor.userId],
          outcome,
          `Export of ${name} from ${ws.vendor.capabilities.label}.`,
          logger,
        );
        return notice(
          sent
            ? `:package: The export of *${safeText(name, 150)}* (JSON and CSV) is in your direct messages with me.`
            : `:warning: The export of *${safeText(name, 150)}* was kept, but I could not send it by direct message. Check that you can receive messages from apps.`,
        );
      },
    );
  });
}
