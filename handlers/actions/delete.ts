// Delete buttons: a confirmation in the channel, confirmed once by the requester or an admin, then carried out.
import type { App, webApi } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { type DeleteOutcome, deleteConfirmation, deleteSettled } from '../../blocks/delete-confirmation.js';
import { type Message, notice } from '../../blocks/message.js';
import { userMention } from '../../blocks/mrkdwn.js';
import { explainError, isVendorError } from '../../src/domain/index.js';
import type { Services } from '../../src/services.js';
import type { PendingDelete } from '../../src/store/pending-deletes.js';
import { botClientFor } from '../support/bot-client.js';
import { postToResponseUrl } from '../support/reply.js';
import {
  busyMessage,
  keyOf,
  NOT_CONNECTED,
  refusalFor,
  roleOf,
  runJob,
  workspaceFor,
} from '../support/workspace.js';
import { GONE } from './view-customer.js';

const SWEEP_MS = 30_000;
/** Slack errors that mean "the bot cannot post here": fall back to a confirmation only the requester sees. */
const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'cannot_dm_bot',
]);

const privately = (m: Message): Message => ({ ...m, response_type: 'ephemeral', replace_original: false });

function slackError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** Rewrites the confirmation wherever it is: the channel message, or the requester's ephemeral copy. */
async function rewrite(
  pending: PendingDelete,
  message: Message,
  client: webApi.WebClient | undefined,
): Promise<void> {
  if (pending.messageTs && client) {
    const { response_type: _t, ...rest } = message;
    await client.chat.update({ ...rest, channel: pending.channelId, ts: pending.messageTs });
  } else if (pending.responseUrl) {
    await postToResponseUrl(pending.responseUrl, { ...message, replace_original: true });
  }
}

function settledNote(p: PendingDelete): Message {
  const by = p.resolvedBy ? userMention(p.resolvedBy) : 'someone';
  switch (p.status) {
    case 'deleted':
      return notice(`Already deleted by ${by}.`);
    case 'cancelled':
      return notice(`Already cancelled by ${by}.`);
    case 'running':
      return notice(`${by} is deleting it right now.`);
    case 'expired':
      return notice('This request has expired; nothing was deleted.');
    default:
      return notice('This request has already been handled.');
  }
}

export function registerDeleteActions(app: App, deps: Services): void {
  app.action(
    new RegExp(`^(${ACTIONS.customerDelete}|${ACTIONS.contactDelete})$`),
    async ({ ack, body, action, respond, client, context }) => {
      await ack();
      if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
      const id = action.value;
      const reply = (m: Message) => respond(privately(m));
      const ws = await workspaceFor(deps, context);
      if (!ws) return void (await reply(NOT_CONNECTED));
      const refusal = await refusalFor(deps, client, keyOf(context), body.user.id, 'delete');
      if (refusal) return void (await reply(notice(refusal)));
      const type =
        'action_id' in action && action.action_id === ACTIONS.customerDelete ? 'customer' : 'contact';
      const channelId = body.channel?.id ?? body.user.id;
      const actor = { userId: body.user.id, userName: body.user.name, requestId: context.requestId };
      runJob(
        ws,
        {
          userId: actor.userId,
          requestId: context.requestId,
          doing: 'ask for the delete',
          logger: deps.logger,
        },
        reply,
        async ({ signal }) => {
          let pending: PendingDelete;
          try {
            pending = await deps.deletes.request(
              ws,
              { type, id },
              actor,
              { channelId, responseUrl: body.response_url },
              signal,
            );
          } catch (error) {
            if (isVendorError(error, 'not_found')) return GONE;
            throw error;
          }
          const confirmation = deleteConfirmation(pending);
          try {
            const { response_type: _t, ...rest } = confirmation;
            const posted = await client.chat.postMessage({ ...rest, channel: channelId });
            if (posted.ts) await deps.deletes.attachMessage(ws.key, pending.id, posted.ts);
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
            return undefined;
          }
        },
      );
    },
  );

  for (const [actionId, to] of [
    [ACTIONS.deleteConfirm, 'running'],
    [ACTIONS.deleteCancel, 'cancelled'],
  ] as const) {
    app.action(actionId, async ({ ack, body, action, respond, client, context }) => {
      await ack();
      if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
      const reply = (m: Message) => respond(privately(m));
      const ws = await workspaceFor(deps, context);
      if (!ws) return void (await reply(NOT_CONNECTED));
      const actor = { userId: body.user.id, userName: body.user.name, requestId: context.requestId };
      const isAdmin = (await roleOf(deps, client, ws.key, actor.userId)) === 'admin';
      const outcome = await deps.deletes.claim(ws.key, action.value, actor, isAdmin, to);
      // The ephemeral fallback has no message ts; the click's own response_url rewrites it.
      const withUrl = (p: PendingDelete): PendingDelete =>
        p.messageTs ? p : { ...p, responseUrl: body.response_url ?? p.responseUrl };
      switch (outcome.kind) {
        case 'missing':
          return void (await reply(notice('This delete request no longer exists.')));
        case 'forbidden':
          return void (await reply(
            notice(
              `Only ${userMention(outcome.pending.requestedBy)} or an admin can ${to === 'running' ? 'confirm' : 'cancel'} this.`,
            ),
          ));
        case 'settled':
          return void (await reply(settledNote(outcome.pending)));
        case 'expired':
          await rewrite(
            withUrl(outcome.pending),
            deleteSettled(outcome.pending, { kind: 'expired', at: outcome.pending.expiresAt }),
            client,
          );
          return void (await reply(
            notice('This request has expired; nothing was deleted. Ask again from the card.'),
          ));
        case 'claimed':
          break;
      }
      const pending = withUrl(outcome.pending);
      if (to === 'cancelled') {
        await rewrite(
          pending,
          deleteSettled(pending, { kind: 'cancelled', by: actor.userId, at: Date.now() }),
          client,
        );
        return;
      }
      const submitted = ws.queue.submit(
        async ({ signal }) => {
          const result = await deps.deletes.perform(ws, pending, actor, signal);
          const settled: DeleteOutcome = result.ok
            ? { kind: 'deleted', by: actor.userId, at: Date.now() }
            : {
                kind: 'failed',
                reason: `${explainError(result.error).what} ${explainError(result.error).action}`,
              };
          await rewrite(pending, deleteSettled(pending, settled), client);
        },
        { user: actor.userId, requestId: context.requestId },
      );
      // Claimed but not queued (busy, restarting): give the request back so it can be confirmed again.
      if (!submitted.accepted) {
        await deps.deletes.release(ws.key, pending.id);
        await reply(busyMessage(submitted.error));
      }
    });
  }

  // Expired requests say so in the channel, not only when someone clicks them.
  const timer = setInterval(() => {
    deps.deletes
      .sweep()
      .then(async (expired) => {
        for (const pending of expired) {
          const client = await botClientFor(app, deps, pending.workspace);
          await rewrite(
            pending,
            deleteSettled(pending, { kind: 'expired', at: pending.expiresAt }),
            client,
          ).catch((error: unknown) =>
            deps.logger.warn(
              { err: error, workspace: pending.workspace },
              'could not mark a delete request expired',
            ),
          );
        }
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'delete expiry sweep failed'));
  }, SWEEP_MS);
  timer.unref();
  deps.onClose(() => clearInterval(timer));
}
