// Delete buttons on a card (and on the duplicates report): a confirmation posted in the channel at once, then
// filled in with what goes with the customer, read from the vendor in the queue. A card from before a reconnect to
// another account is stale: nothing is read, and no request is posted.
import type { App, webApi } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { deleteConfirmation } from '../../blocks/delete-confirmation.js';
import type { Message } from '../../blocks/message.js';
import type { Logger } from '../../src/logger.js';
import { attachDeleteMessage, measureImpact, requestDelete } from '../../src/operations/deletes.js';
import type { Services } from '../../src/services.js';
import type { PendingDelete } from '../../src/store/pending-deletes.js';
import type { Workspace } from '../../src/workspaces.js';
import { readCardValue } from '../forms/card-value.js';
import { actorFor } from '../support/actor.js';
import { GONE, refusedNotice, STALE } from '../support/answers.js';
import { onButton } from '../support/clicks.js';
import { rewriteConfirmation, slackError } from '../support/delete-messages.js';
import { privately } from '../support/deliver.js';
import { runJob } from '../support/jobs.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

/** Slack errors that mean "the bot cannot post here": fall back to a confirmation only the requester sees. */
const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'cannot_dm_bot',
]);

/** Reads the impact in the queue (it never blocks the confirmation) and rewrites the message with it. */
function fillImpact(
  deps: Services,
  ws: Workspace,
  pending: PendingDelete,
  client: webApi.WebClient,
  logger: Logger,
): void {
  if (pending.entityType !== 'customer') return;
  const submitted = ws.queue.submit(async ({ signal }) => {
    const measured = await measureImpact(deps, ws, pending.id, signal);
    if (measured?.status === 'pending')
      await rewriteConfirmation(measured, deleteConfirmation(measured), client);
  });
  if (!submitted.accepted) logger.info({ pending: pending.id }, 'impact not measured: the queue is busy');
}

export function registerDeleteRequest(app: App, deps: Services): void {
  const ids = new RegExp(`^(${ACTIONS.customerDelete}|${ACTIONS.contactDelete})(_\\d+)?$`);
  onButton(app, ids, async (click, { client, context, respond }) => {
    const type = click.actionId.startsWith(ACTIONS.customerDelete) ? 'customer' : 'contact';
    const carried = readCardValue(click.value, type);
    if (!carried) return;
    const reply = (m: Message) => respond(privately(m));
    const ws = await workspaceFor(deps, context);
    if (!ws) return void (await reply(NOT_CONNECTED));
    const actor = await actorFor(deps, client, context, { id: click.userId, name: click.userName });
    const channelId = click.channelId ?? click.userId;
    runJob(
      { ws, actor, doing: 'ask for the delete', delivery: { send: reply }, logger: deps.logger },
      async ({ signal, logger }) => {
        const outcome = await requestDelete(
          deps,
          ws,
          actor,
          { type, id: carried.id, connection: carried.connection },
          { channelId, responseUrl: click.responseUrl },
          signal,
        );
        if (outcome.kind === 'stale') return STALE;
        if (outcome.kind === 'refused') return refusedNotice(outcome);
        if (outcome.kind === 'gone') return GONE;
        const pending = outcome.pending;
        try {
          const { response_type: _t, ...rest } = deleteConfirmation(pending);
          const posted = await client.chat.postMessage({ ...rest, channel: channelId });
          if (posted.ts) {
            await attachDeleteMessage(deps, ws.key, pending.id, posted.ts);
            fillImpact(deps, ws, { ...pending, messageTs: posted.ts }, client, logger);
          }
          return undefined;
        } catch (error) {
          if (!CANNOT_POST.has(slackError(error) ?? '')) throw error;
          // The private confirmation takes the card's place, so its response_url (the one stored with the
          // request) rewrites the confirmation itself when it is settled or expires.
          await respond({
            ...deleteConfirmation(
              pending,
              'I cannot post in this conversation (a direct message, or a channel I have not been invited to), so only you can see this request. Invite me with `/invite @msp-desk` to let the team see deletes.',
            ),
            replace_original: true,
          });
          fillImpact(deps, ws, pending, client, logger);
          return undefined;
        }
      },
    );
  });
}
