// Deletes that ask first: a request posted in the channel with what goes with the record, confirmed once by the
// requester or an admin (who may still delete at that moment), archived, then carried out the vendor's way
// (delete, deactivate or trash); expired when nobody confirms; restorable where the vendor allows.
import { explainError, isVendorError } from '../domain/index.js';
import type { DeleteDetail, DeleteImpact, ImpactCount, PendingDelete } from '../store/pending-deletes.js';
import type { RelatedCount } from '../vendors/types.js';
import type { Workspace } from '../workspaces.js';
import { type KeptArchive, keepArchive } from './archives.js';
import { Writer } from './audit.js';
import {
  type Actor,
  accessOf,
  type CarriedId,
  isStale,
  type OperationDeps,
  type Refused,
  refuse,
  type Stale,
} from './context.js';
import { live } from './lookups.js';

export interface Place {
  channelId: string;
  responseUrl?: string | undefined;
}

/** What a card's Delete button carries: the record, and the connection its id came from. */
export type DeleteTarget = { type: 'customer' | 'contact' } & CarriedId;

export type DeleteRequestOutcome =
  | Refused
  | Stale
  | { kind: 'gone' }
  | { kind: 'requested'; pending: PendingDelete };

/**
 * Reads what would go (name, contacts known now, the vendor's warning) and stores the request; nothing is deleted.
 * A card from another connection is stale: its id may name another company here, so nothing is read or stored.
 */
export async function requestDelete(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  target: DeleteTarget,
  place: Place,
  signal?: AbortSignal,
): Promise<DeleteRequestOutcome> {
  if (isStale(ws, target.connection)) return { kind: 'stale' };
  const refused = await refuse(deps, ws.key, actor, 'delete');
  if (refused) return refused;
  const caps = ws.vendor.capabilities;
  let entityName: string;
  let detail: DeleteDetail;
  const common = {
    vendorLabel: caps.label,
    connection: ws.fingerprint,
    removal: target.type === 'customer' ? caps.customerRemoval : ('delete' as const),
    ...(target.type === 'customer' && caps.restoreWindowDays
      ? { restoreWindowDays: caps.restoreWindowDays }
      : {}),
  };
  try {
    if (target.type === 'customer') {
      const customer =
        ws.index.getCustomer(target.id) ?? (await ws.vendor.getCustomer(target.id, { signal }));
      const known = ws.index.contactsOf(target.id);
      entityName = customer.name;
      detail = {
        ...common,
        ...(known ? { contactCount: live(known).length } : {}),
        ...(caps.customerDeleteWarning && caps.customerRemoval === 'delete'
          ? { cascadeWarning: caps.customerDeleteWarning }
          : {}),
      };
    } else {
      const contact = await ws.vendor.getContact(target.id, { signal });
      entityName = contact.fullName;
      const customerName = contact.customerName ?? ws.index.getCustomer(contact.customerId)?.name;
      detail = { ...common, ...(customerName ? { customerName } : {}) };
    }
  } catch (error) {
    if (isVendorError(error, 'not_found')) return { kind: 'gone' };
    throw error;
  }
  const now = (deps.now ?? Date.now)();
  const pending = await deps.store.pendingDeletes.create({
    workspace: ws.key,
    entityType: target.type,
    entityId: target.id,
    entityName,
    detail,
    requestedBy: actor.userId,
    channelId: place.channelId,
    responseUrl: place.responseUrl ?? null,
    createdAt: now,
    expiresAt: now + deps.config.deleteConfirmTtlMs,
  });
  return { kind: 'requested', pending };
}

/** Where the posted confirmation lives, so it can be rewritten when settled. */
export async function attachDeleteMessage(
  deps: OperationDeps,
  workspace: string,
  id: string,
  messageTs: string,
): Promise<void> {
  await deps.store.pendingDeletes.setMessage(workspace, id, messageTs);
}

const SAMPLE = 3;

async function counted(read: () => Promise<RelatedCount>): Promise<ImpactCount> {
  try {
    const { total, sample } = await read();
    return { total, sample: sample.slice(0, SAMPLE) };
  } catch (error) {
    // A vendor's failure in its words; a count we chose not to read, in ours.
    return {
      unreadable:
        isVendorError(error) || !(error instanceof Error) ? explainError(error).what : error.message,
    };
  }
}

/**
 * What goes with a customer, read from the vendor after the confirmation is posted (in the queue): contacts,
 * open tickets, devices and contracts. Each count that cannot be read says so; none blocks the confirmation.
 */
export async function measureImpact(
  deps: OperationDeps,
  ws: Workspace,
  id: string,
  signal?: AbortSignal,
): Promise<PendingDelete | undefined> {
  const pending = await deps.store.pendingDeletes.get(ws.key, id);
  if (pending?.entityType !== 'customer' || pending.status !== 'pending') return pending;
  if (isStale(ws, pending.detail.connection)) return pending;
  const vendor = ws.vendor;
  const customerId = pending.entityId;
  const contractsOf = vendor.contracts?.bind(vendor);
  const [contacts, openTickets, devices, contracts] = await Promise.all([
    counted(async () => {
      // The index's copy where it holds them; a vendor that cannot list one customer's contacts is not asked to
      // page the whole account for a count.
      const indexed = ws.index.contactsOf(customerId);
      if (!indexed && !vendor.capabilities.contactsByCustomer)
        throw new Error('too many contacts to count without reading the whole account');
      const all = live(indexed ?? (await vendor.listContacts(customerId, { signal })));
      return {
        total: all.length,
        sample: all.map((c) => ({ id: c.id, title: c.fullName, url: c.url })),
      };
    }),
    counted(() => vendor.openTickets(customerId, { signal })),
    counted(() => vendor.devices(customerId, { signal })),
    contractsOf ? counted(() => contractsOf(customerId, { signal })) : undefined,
  ]);
  const impact: DeleteImpact = { contacts, openTickets, devices, ...(contracts ? { contracts } : {}) };
  // Re-read: the request may have been confirmed or settled while the counts were read. Then its detail (the
  // archive it kept, a refusal) is the confirm's to write, and the counts are left out.
  const current = await deps.store.pendingDeletes.get(ws.key, id);
  if (!current) return undefined;
  if (current.status !== 'pending') return current;
  const detail = { ...current.detail, impact };
  await deps.store.pendingDeletes.setDetail(ws.key, id, detail);
  return { ...current, detail };
}

export type Settled = { kind: 'settled'; pending: PendingDelete };

export type ClaimOutcome =
  | Refused
  | Stale
  | { kind: 'missing' }
  /** Someone other than the requester or an admin. */
  | { kind: 'forbidden'; pending: PendingDelete }
  /** Already deleted, cancelled, running, or settled by someone else. */
  | Settled
  /** Past its time (now marked so). */
  | { kind: 'expired'; pending: PendingDelete };

export type DeleteResult =
  | { kind: 'deleted'; pending: PendingDelete; archive?: KeptArchive }
  /** The vendor refused because other records still use it (Autotask contacts); nothing was deleted. */
  | {
      kind: 'refused_by_vendor';
      pending: PendingDelete;
      reason: string;
      canDeactivate: boolean;
      archive?: KeptArchive;
    }
  /** The delete failed; the request is open again, and the archive (if kept) stays. */
  | { kind: 'failed'; pending: PendingDelete; error: unknown; archive?: KeptArchive };

/** A confirm that won: `carryOut` runs it (in the workspace queue); `release` gives it back if the queue refuses. */
export interface ClaimedDelete {
  kind: 'claimed';
  pending: PendingDelete;
  carryOut(signal?: AbortSignal): Promise<DeleteResult>;
  release(): Promise<void>;
}

/**
 * Who may decide a request: its requester or an admin. Removing (a confirm, a restore) also needs the delete
 * permission at this moment (a requester demoted since asking can no longer confirm), on the connection the
 * request was made on. undefined when the actor may.
 */
async function mayDecide(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  pending: PendingDelete,
  removing: boolean,
): Promise<Refused | Stale | { kind: 'forbidden'; pending: PendingDelete } | undefined> {
  const { role } = await accessOf(deps, ws.key, actor);
  if (pending.requestedBy !== actor.userId && role !== 'admin') return { kind: 'forbidden', pending };
  if (!removing) return undefined;
  const refused = await refuse(deps, ws.key, actor, 'delete');
  if (refused) return refused;
  return isStale(ws, pending.detail.connection) ? { kind: 'stale' } : undefined;
}

/**
 * Claims a pending request for `to` ('running' = confirm, 'cancelled' = cancel), for whoever `mayDecide`
 * lets, only while pending and unexpired, exactly once across replicas.
 */
async function claim(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  id: string,
  to: 'running' | 'cancelled',
): Promise<ClaimOutcome | { kind: 'won'; pending: PendingDelete }> {
  const store = deps.store.pendingDeletes;
  const pending = await store.get(ws.key, id);
  if (!pending) return { kind: 'missing' };
  const denied = await mayDecide(deps, ws, actor, pending, to === 'running');
  if (denied) return denied;
  const now = (deps.now ?? Date.now)();
  if (await store.claim(ws.key, id, to, actor.userId, now)) {
    return { kind: 'won', pending: { ...pending, status: to, resolvedBy: actor.userId, resolvedAt: now } };
  }
  const current = (await store.get(ws.key, id)) ?? pending;
  if (current.status === 'pending' && current.expiresAt <= now) {
    await store.expireOne(ws.key, id, now);
    return { kind: 'expired', pending: { ...current, status: 'expired', resolvedAt: now } };
  }
  if (current.status === 'expired') return { kind: 'expired', pending: current };
  return { kind: 'settled', pending: current };
}

/** The confirm button. */
export async function confirmDelete(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  id: string,
): Promise<ClaimOutcome | ClaimedDelete> {
  const outcome = await claim(deps, ws, actor, id, 'running');
  if (outcome.kind !== 'won') return outcome;
  const pending = outcome.pending;
  const store = deps.store.pendingDeletes;
  const now = () => (deps.now ?? Date.now)();
  return {
    kind: 'claimed',
    pending,
    release: () => store.release(ws.key, id),
    async carryOut(signal) {
      const writer = new Writer(deps, ws, actor);
      const target = { type: pending.entityType, id: pending.entityId };
      // The archive comes first: nothing is lost before it is kept. A record already gone has nothing to keep.
      let archive: KeptArchive | undefined;
      try {
        archive = await keepArchive(deps, ws, actor, target, 'delete', signal);
      } catch (error) {
        if (!isVendorError(error, 'not_found')) {
          await store.release(ws.key, id);
          return { kind: 'failed', pending, error };
        }
      }
      const detail: DeleteDetail = {
        ...pending.detail,
        ...(archive ? { archiveId: archive.archive.id } : {}),
      };
      await store.setDetail(ws.key, id, detail);
      const kept = { ...pending, detail };
      const archived = archive ? { archiveId: archive.archive.id } : undefined;
      try {
        if (pending.entityType === 'customer')
          await writer.deleteCustomer({ id: pending.entityId, name: pending.entityName }, signal, archived);
        else await writer.deleteContact({ id: pending.entityId, fullName: pending.entityName }, signal);
        await store.finish(ws.key, id, 'deleted', now());
        return { kind: 'deleted', pending: { ...kept, status: 'deleted' }, ...(archive ? { archive } : {}) };
      } catch (error) {
        await store.finish(ws.key, id, 'failed', now(), explainError(error).what.slice(0, 300));
        await store.reopen(ws.key, id);
        const reopened = { ...kept, status: 'pending' as const, resolvedBy: null, resolvedAt: null };
        if (isVendorError(error, 'conflict') && pending.entityType === 'contact') {
          const canDeactivate = ws.vendor.capabilities.contactDeactivation;
          const refusal = { reason: error.message, canDeactivate };
          await store.setDetail(ws.key, id, { ...detail, refusal });
          return {
            kind: 'refused_by_vendor',
            pending: { ...reopened, detail: { ...detail, refusal } },
            reason: error.message,
            canDeactivate,
            ...(archive ? { archive } : {}),
          };
        }
        return { kind: 'failed', pending: reopened, error, ...(archive ? { archive } : {}) };
      }
    },
  };
}

/** The cancel button. */
export async function cancelDelete(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  id: string,
): Promise<ClaimOutcome | { kind: 'cancelled'; pending: PendingDelete }> {
  const outcome = await claim(deps, ws, actor, id, 'cancelled');
  if (outcome.kind !== 'won') return outcome;
  return { kind: 'cancelled', pending: outcome.pending };
}

export type DeactivateOutcome =
  | ClaimOutcome
  | { kind: 'deactivated'; pending: PendingDelete }
  | { kind: 'failed'; pending: PendingDelete; error: unknown };

/**
 * "Deactivate instead", offered when the vendor refused to delete a contact other records still use (Autotask):
 * the same claim as a confirm, then the contact is made inactive.
 */
export async function deactivateInstead(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  id: string,
  signal?: AbortSignal,
): Promise<DeactivateOutcome> {
  const outcome = await claim(deps, ws, actor, id, 'running');
  if (outcome.kind !== 'won') return outcome;
  const pending = outcome.pending;
  const store = deps.store.pendingDeletes;
  if (pending.entityType !== 'contact' || !ws.vendor.capabilities.contactDeactivation) {
    await store.release(ws.key, id);
    return { kind: 'settled', pending };
  }
  const writer = new Writer(deps, ws, actor);
  try {
    const before = await ws.vendor.getContact(pending.entityId, { signal });
    await writer.updateContact(before, { archived: true }, signal);
    await store.finish(ws.key, id, 'deleted', (deps.now ?? Date.now)());
    return { kind: 'deactivated', pending: { ...pending, status: 'deleted' } };
  } catch (error) {
    await store.release(ws.key, id);
    return { kind: 'failed', pending, error };
  }
}

export type RestoreOutcome =
  | Refused
  | Stale
  | { kind: 'missing' }
  | { kind: 'forbidden'; pending: PendingDelete }
  /** Not a removed customer, already restored, or past the vendor's window. */
  | { kind: 'not_restorable'; pending: PendingDelete; why: string }
  | { kind: 'restored'; pending: PendingDelete }
  | { kind: 'failed'; pending: PendingDelete; error: unknown };

/**
 * Restore on a "Deleted" message: brings a trashed (SuperOps) or deactivated (Autotask) customer back, for the
 * requester or an admin, while the vendor still can. Runs once however many click it (claimed in the store; the
 * detail records who restored it). A process that stops mid-restore leaves it "being restored".
 */
export async function restoreDeleted(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  id: string,
  signal?: AbortSignal,
): Promise<RestoreOutcome> {
  const store = deps.store.pendingDeletes;
  const pending = await store.get(ws.key, id);
  if (!pending) return { kind: 'missing' };
  const denied = await mayDecide(deps, ws, actor, pending, true);
  if (denied) return denied;
  const removal = pending.detail.removal;
  if (pending.status === 'restored' || pending.detail.restoredAt)
    return { kind: 'not_restorable', pending, why: 'It has already been restored.' };
  if (pending.status === 'restoring')
    return { kind: 'not_restorable', pending, why: 'It is being restored right now.' };
  if (pending.status !== 'deleted' || pending.entityType !== 'customer' || removal === 'delete')
    return { kind: 'not_restorable', pending, why: 'Only a removed customer can be restored.' };
  const now = (deps.now ?? Date.now)();
  const days = pending.detail.restoreWindowDays;
  if (days !== undefined && pending.resolvedAt !== null && now - pending.resolvedAt > days * 86_400_000)
    return {
      kind: 'not_restorable',
      pending,
      why: `${pending.detail.vendorLabel} keeps removed customers for ${days} days only.`,
    };
  // Claimed first, so two clicks at once (or on two replicas) restore it once; one that lost is answered by the
  // status the winner left (restoring, restored, or removed again after a failure).
  if (!(await store.claimRestore(ws.key, id))) return restoreDeleted(deps, ws, actor, id, signal);
  try {
    await new Writer(deps, ws, actor).restoreCustomer(
      { id: pending.entityId, name: pending.entityName },
      signal,
    );
  } catch (error) {
    await store.settleRestore(ws.key, id, undefined);
    return { kind: 'failed', pending, error };
  }
  const detail = { ...pending.detail, restoredBy: actor.userId, restoredAt: now };
  await store.settleRestore(ws.key, id, detail);
  return { kind: 'restored', pending: { ...pending, status: 'restored', detail } };
}

/**
 * The sweeper: requests past their time are marked expired (handed to `onExpired`, so their messages say so),
 * deletes a dead process left running for over ten minutes become pending again, and archives past their
 * retention are purged. Returns the function that stops it.
 */
export function startDeleteSweeper(
  deps: OperationDeps,
  onExpired: (pending: PendingDelete) => Promise<void>,
  everyMs = 30_000,
): () => void {
  const sweep = async () => {
    const now = (deps.now ?? Date.now)();
    const recovered = await deps.store.pendingDeletes.recoverStale(now, 10 * 60_000);
    if (recovered > 0)
      deps.logger.warn({ recovered }, 'deletes left running by a stopped process are pending again');
    const purged = await deps.store.archives.purgeExpired(now);
    if (purged > 0) deps.logger.info({ purged }, 'archives past their retention purged');
    for (const pending of await deps.store.pendingDeletes.expire(now)) {
      await onExpired(pending).catch((error: unknown) =>
        deps.logger.warn(
          { err: error, workspace: pending.workspace },
          'could not mark a delete request expired',
        ),
      );
    }
  };
  const timer = setInterval(() => {
    sweep().catch((error: unknown) => deps.logger.warn({ err: error }, 'delete expiry sweep failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
