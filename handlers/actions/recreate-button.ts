// "Recreate from archive" on an audit entry (admins): a new customer from the archive kept before a delete.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { customerCard } from '../../blocks/customer-card.js';
import { notice } from '../../blocks/message.js';
import { safeText, userMention } from '../../blocks/mrkdwn.js';
import { explainError } from '../../src/domain/index.js';
import { recreateFromArchive } from '../../src/operations/archives.js';
import type { Services } from '../../src/services.js';
import { actorFor } from '../support/actor.js';
import { cardOptions, refusedNotice, STALE } from '../support/answers.js';
import { onButton } from '../support/clicks.js';
import { clickDelivery } from '../support/deliver.js';
import { runJob } from '../support/jobs.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

export function registerRecreateButton(app: App, deps: Services): void {
  onButton(app, ACTIONS.archiveRecreate, async (click, { client, context, respond }) => {
    if (!click.value) return;
    const delivery = clickDelivery(respond);
    const ws = await workspaceFor(deps, context);
    if (!ws) return void (await delivery.send(NOT_CONNECTED));
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    runJob(
      { ws, actor, doing: 'recreate the customer', delivery, logger: deps.logger },
      async ({ signal }) => {
        const outcome = await recreateFromArchive(deps, ws, actor, click.value, signal);
        switch (outcome.kind) {
          case 'refused':
            return refusedNotice(outcome);
          case 'stale':
            return STALE;
          case 'restore_instead':
            return notice(
              outcome.removal === 'deactivate'
                ? `${ws.vendor.capabilities.label} still holds this customer, deactivated: reactivate it instead (the *Reactivate* button on its delete message), which keeps its tickets and devices. A recreate would make a second customer beside it.`
                : `${ws.vendor.capabilities.label} still holds this customer in its trash: restore it instead (the *Restore* button on its delete message), which keeps its tickets and devices. A recreate would make a second customer beside it.`,
            );
          case 'missing':
            return notice('That archive no longer exists (archives are kept for a limited time).');
          case 'already':
            return notice(
              `This archive was already used${outcome.by ? ` by ${userMention(outcome.by)}` : ''}: the customer was recreated once, and is not created twice.`,
            );
          case 'failed':
            return notice(
              `:x: Could not recreate it. ${safeText(`${explainError(outcome.error).what} ${explainError(outcome.error).action}`, 1500)} Nothing was created; try again.`,
            );
          case 'recreated': {
            const failed =
              outcome.failed.length > 0
                ? ` ${safeText(`Not recreated: ${outcome.failed.join(', ')}.`, 600)}`
                : '';
            return customerCard(outcome.customer, outcome.contacts, {
              ...(await cardOptions(deps, ws)),
              note: `:recycle: Recreated from its archive, with new ids. Devices and tickets do not come back.${failed}`,
            });
          }
        }
      },
    );
  });
}
