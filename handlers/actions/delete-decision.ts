// The confirmation's buttons: Confirm (archive, DM it, then delete the vendor's way), Cancel, "Deactivate
// instead" (a contact the vendor would not delete), and Restore on a deactivated or trashed customer. The expiry
// sweeper's messages are rewritten from here too.
import type { App, RespondFn, webApi } from '@slack/bolt';
import { ACTIONS } from '../../blocks/actions.js';
import { deleteConfirmation, deleteSettled } from '../../blocks/delete-confirmation.js';
import { type Message, notice } from '../../blocks/message.js';
import { userMention } from '../../blocks/mrkdwn.js';
import { explainError } from '../../src/domain/index.js';
import type { Actor } from '../../src/operations/context.js';
import {
  type ClaimOutcome,
  cancelDelete,
  confirmDelete,
  deactivateInstead,
  restoreDeleted,
  startDeleteSweeper,
} from '../../src/operations/deletes.js';
import type { Services } from '../../src/services.js';
import type { PendingDelete } from '../../src/store/pending-deletes.js';
import type { Workspace } from '../../src/workspaces.js';
import { actorFor } from '../support/actor.js';
import { refusedNotice, STALE } from '../support/answers.js';
import { sendArchive } from '../support/archive-files.js';
import { botClientFor } from '../support/bot-client.js';
import { type Click, onButton } from '../support/clicks.js';
import { rewriteConfirmation, settledNote } from '../support/delete-messages.js';
import { privately } from '../support/deliver.js';
import { busyMessage } from '../support/jobs.js';
import { NOT_CONNECTED, workspaceFor } from '../support/workspace.js';

const words = (error: unknown) => `${explainError(error).what} ${explainError(error).action}`;

/** The first line of the archive's DM: what it is, and what became of the record. */
function archiveNote(name: string, pending: PendingDelete, removed: boolean): string {
  const vendor = pending.detail.vendorLabel;
  const removal = pending.entityType === 'customer' ? pending.detail.removal : 'delete';
  if (!removed)
    return `Archive of ${name}, kept before an attempt to ${removal === 'deactivate' ? 'deactivate' : 'delete'} it in ${vendor}. That did not happen: nothing was removed.`;
  const done =
    removal === 'deactivate'
      ? `deactivated in ${vendor}`
      : removal === 'trash'
        ? `moved to the ${vendor} trash`
        : `deleted from ${vendor}`;
  return `Archive of ${name}, kept before it was ${done}.`;
}

/** The ephemeral fallback has no message ts; the click's own response_url rewrites it. */
const withUrl = (p: PendingDelete, click: Click): PendingDelete =>
  p.messageTs ? p : { ...p, responseUrl: click.responseUrl ?? p.responseUrl };

/** A claim that did not win, in words for the one who clicked (and the message rewritten where it expired). */
async function answerLost(
  outcome: Exclude<ClaimOutcome, never>,
  click: Click,
  reply: (m: Message) => Promise<unknown>,
  client: webApi.WebClient,
  verb: string,
): Promise<void> {
  switch (outcome.kind) {
    case 'refused':
      return void (await reply(refusedNotice(outcome)));
    case 'stale':
      return void (await reply(STALE));
    case 'missing':
      return void (await reply(notice('This request no longer exists.')));
    case 'forbidden':
      return void (await reply(
        notice(`Only ${userMention(outcome.pending.requestedBy)} or an admin can ${verb} this.`),
      ));
    case 'settled':
      return void (await reply(settledNote(outcome.pending)));
    case 'expired':
      await rewriteConfirmation(
        withUrl(outcome.pending, click),
        deleteSettled(outcome.pending, { kind: 'expired', at: outcome.pending.expiresAt }),
        client,
      );
      return void (await reply(
        notice('This request has expired; nothing was changed. Ask again from the card.'),
      ));
  }
}

interface Decided {
  ws: Workspace;
  actor: Actor;
  reply: (m: Message) => Promise<unknown>;
}

async function decide(
  deps: Services,
  click: Click,
  tools: { client: webApi.WebClient; context: Parameters<typeof workspaceFor>[1]; respond: RespondFn },
): Promise<Decided | undefined> {
  const reply = (m: Message) => tools.respond(privately(m));
  if (!click.value) return undefined;
  const ws = await workspaceFor(deps, tools.context);
  if (!ws) {
    await reply(NOT_CONNECTED);
    return undefined;
  }
  const actor = await actorFor(deps, tools.client, tools.context, { id: click.userId, name: click.userName });
  return { ws, actor, reply };
}

export function registerDeleteDecision(app: App, deps: Services): void {
  onButton(app, ACTIONS.deleteConfirm, async (click, tools) => {
    const d = await decide(deps, click, tools);
    if (!d) return;
    const { ws, actor, reply } = d;
    const client = tools.client;
    const outcome = await confirmDelete(deps, ws, actor, click.value);
    if (outcome.kind !== 'claimed') return answerLost(outcome, click, reply, client, 'confirm');
    const pending = withUrl(outcome.pending, click);
    const submitted = ws.queue.submit(
      async ({ signal, logger }) => {
        const result = await outcome.carryOut(signal);
        // The archive goes to the requester and the confirmer by DM, before the channel hears anything; its
        // words say what became of the record (a failed removal kept the archive, and removed nothing).
        const archived = result.archive
          ? await sendArchive(
              client,
              [pending.requestedBy, actor.userId],
              result.archive,
              archiveNote(result.archive.archive.entityName, pending, result.kind === 'deleted'),
              logger,
            )
          : false;
        const shown = {
          ...pending,
          ...result.pending,
          messageTs: pending.messageTs,
          responseUrl: pending.responseUrl,
        };
        switch (result.kind) {
          case 'deleted':
            return rewriteConfirmation(
              shown,
              deleteSettled(shown, { kind: 'deleted', by: actor.userId, at: Date.now(), archived }),
              client,
            );
          case 'refused_by_vendor':
            return rewriteConfirmation(shown, deleteConfirmation(shown), client);
          case 'failed':
            return rewriteConfirmation(
              shown,
              deleteSettled(shown, { kind: 'failed', reason: words(result.error) }),
              client,
            );
        }
      },
      { user: actor.userId, requestId: actor.requestId },
    );
    // Claimed but not queued (busy, restarting): give the request back so it can be confirmed again.
    if (!submitted.accepted) {
      await outcome.release();
      await reply(busyMessage(submitted.error));
    }
  });

  onButton(app, ACTIONS.deleteCancel, async (click, tools) => {
    const d = await decide(deps, click, tools);
    if (!d) return;
    const outcome = await cancelDelete(deps, d.ws, d.actor, click.value);
    if (outcome.kind !== 'cancelled') return answerLost(outcome, click, d.reply, tools.client, 'cancel');
    const pending = withUrl(outcome.pending, click);
    await rewriteConfirmation(
      pending,
      deleteSettled(pending, { kind: 'cancelled', by: d.actor.userId, at: Date.now() }),
      tools.client,
    );
  });

  onButton(app, ACTIONS.deleteDeactivateInstead, async (click, tools) => {
    const d = await decide(deps, click, tools);
    if (!d) return;
    const { ws, actor, reply } = d;
    const submitted = ws.queue.submit(
      async ({ signal }) => {
        const outcome = await deactivateInstead(deps, ws, actor, click.value, signal);
        if (outcome.kind === 'deactivated') {
          const pending = withUrl(outcome.pending, click);
          return rewriteConfirmation(
            pending,
            deleteSettled(pending, { kind: 'deactivated', by: actor.userId, at: Date.now() }),
            tools.client,
          );
        }
        if (outcome.kind === 'failed')
          return void (await reply(notice(`:x: Could not deactivate it. ${words(outcome.error)}`)));
        return answerLost(outcome, click, reply, tools.client, 'deactivate');
      },
      { user: actor.userId, requestId: actor.requestId },
    );
    if (!submitted.accepted) await reply(busyMessage(submitted.error));
  });

  onButton(app, ACTIONS.deleteRestore, async (click, tools) => {
    const d = await decide(deps, click, tools);
    if (!d) return;
    const { ws, actor, reply } = d;
    const submitted = ws.queue.submit(
      async ({ signal }) => {
        const outcome = await restoreDeleted(deps, ws, actor, click.value, signal);
        switch (outcome.kind) {
          case 'restored': {
            const pending = withUrl(outcome.pending, click);
            return rewriteConfirmation(
              pending,
              deleteSettled(pending, { kind: 'restored', by: actor.userId, at: Date.now() }),
              tools.client,
            );
          }
          case 'refused':
          case 'stale':
          case 'missing':
          case 'forbidden':
            return answerLost(outcome, click, reply, tools.client, 'restore');
          case 'not_restorable':
            return void (await reply(notice(outcome.why)));
          case 'failed':
            return void (await reply(notice(`:x: Could not restore it. ${words(outcome.error)}`)));
        }
      },
      { user: actor.userId, requestId: actor.requestId },
    );
    if (!submitted.accepted) await reply(busyMessage(submitted.error));
  });

  // Expired requests say so in the channel, not only when someone clicks them.
  const stop = startDeleteSweeper(deps, async (pending) => {
    const client = await botClientFor(app, deps, pending.workspace);
    await rewriteConfirmation(
      pending,
      deleteSettled(pending, { kind: 'expired', at: pending.expiresAt }),
      client,
    );
  });
  deps.onClose(stop);
}
