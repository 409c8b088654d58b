// Deletes that ask first: a stored request, claimed exactly once by the requester or an admin, then carried out.
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { PendingDelete } from '../store/pending-deletes.js';
import type { Workspace } from '../workspaces.js';
import { type Actor, Writer } from './writes.js';

export type ClaimOutcome =
  /** This click won: carry out the delete. */
  | { kind: 'claimed'; pending: PendingDelete }
  /** Someone other than the requester or an admin. */
  | { kind: 'forbidden'; pending: PendingDelete }
  /** Already deleted, cancelled, running or failed-and-reopened by someone else. */
  | { kind: 'settled'; pending: PendingDelete }
  /** Past its time (now marked so). */
  | { kind: 'expired'; pending: PendingDelete }
  | { kind: 'missing' };

export interface Place {
  channelId: string;
  responseUrl?: string | undefined;
}

export class Deletes {
  constructor(
    private readonly store: Store,
    private readonly ttlMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads what would go (name, contacts, vendor warning) and stores the request; nothing is deleted yet. */
  async request(
    ws: Workspace,
    entity: { type: 'customer' | 'contact'; id: string },
    actor: Actor,
    place: Place,
    signal?: AbortSignal,
  ): Promise<PendingDelete> {
    const caps = ws.vendor.capabilities;
    let entityName: string;
    let detail: PendingDelete['detail'];
    if (entity.type === 'customer') {
      const customer = await ws.vendor.getCustomer(entity.id, { signal });
      const contacts =
        ws.index.contactsOf(entity.id) ?? (await ws.vendor.listContacts(entity.id, { signal }));
      entityName = customer.name;
      detail = {
        vendorLabel: caps.label,
        contactCount: contacts.length,
        ...(caps.customerDeleteWarning ? { cascadeWarning: caps.customerDeleteWarning } : {}),
      };
    } else {
      const contact = await ws.vendor.getContact(entity.id, { signal });
      entityName = contact.fullName;
      const customerName = contact.customerName ?? ws.index.getCustomer(contact.customerId)?.name;
      detail = { vendorLabel: caps.label, ...(customerName ? { customerName } : {}) };
    }
    const now = this.now();
    return this.store.pendingDeletes.create({
      workspace: ws.key,
      entityType: entity.type,
      entityId: entity.id,
      entityName,
      detail,
      requestedBy: actor.userId,
      channelId: place.channelId,
      responseUrl: place.responseUrl ?? null,
      createdAt: now,
      expiresAt: now + this.ttlMs,
    });
  }

  async attachMessage(workspace: string, id: string, messageTs: string): Promise<void> {
    await this.store.pendingDeletes.setMessage(workspace, id, messageTs);
  }

  /** Confirm (`to: 'running'`) or cancel: only the requester or an admin, only while pending, only once. */
  async claim(
    workspace: string,
    id: string,
    actor: Actor,
    isAdmin: boolean,
    to: 'running' | 'cancelled',
  ): Promise<ClaimOutcome> {
    const pending = await this.store.pendingDeletes.get(workspace, id);
    if (!pending) return { kind: 'missing' };
    if (pending.requestedBy !== actor.userId && !isAdmin) return { kind: 'forbidden', pending };
    const now = this.now();
    if (await this.store.pendingDeletes.claim(workspace, id, to, actor.userId, now)) {
      return {
        kind: 'claimed',
        pending: { ...pending, status: to, resolvedBy: actor.userId, resolvedAt: now },
      };
    }
    const current = (await this.store.pendingDeletes.get(workspace, id)) ?? pending;
    if (current.status === 'pending' && current.expiresAt <= now) {
      await this.store.pendingDeletes.expireOne(workspace, id, now);
      return { kind: 'expired', pending: { ...current, status: 'expired', resolvedAt: now } };
    }
    if (current.status === 'expired') return { kind: 'expired', pending: current };
    return { kind: 'settled', pending: current };
  }

  /** Carries out a claimed delete; a vendor 404 counts as done. A failure reopens the request for another try. */
  async perform(
    ws: Workspace,
    pending: PendingDelete,
    actor: Actor,
    signal?: AbortSignal,
  ): Promise<{ ok: true } | { ok: false; error: unknown }> {
    const writer = new Writer(ws, this.store.audit, actor, this.logger);
    try {
      if (pending.entityType === 'customer')
        await writer.deleteCustomer({ id: pending.entityId, name: pending.entityName }, signal);
      else await writer.deleteContact({ id: pending.entityId, fullName: pending.entityName }, signal);
      await this.store.pendingDeletes.finish(ws.key, pending.id, 'deleted', this.now());
      return { ok: true };
    } catch (error) {
      await this.store.pendingDeletes.finish(
        ws.key,
        pending.id,
        'failed',
        this.now(),
        error instanceof Error ? error.message.slice(0, 300) : 'failed',
      );
      await this.store.pendingDeletes.reopen(ws.key, pending.id);
      return { ok: false, error };
    }
  }

  /** A claimed delete the queue would not take: pending again, to be confirmed later. */
  release(workspace: string, id: string): Promise<void> {
    return this.store.pendingDeletes.release(workspace, id);
  }

  /**
   * The sweep: requests past their time are marked expired (returned, so their messages can say so), and deletes
   * a dead process left running for over ten minutes become pending again.
   */
  async sweep(): Promise<PendingDelete[]> {
    const now = this.now();
    const recovered = await this.store.pendingDeletes.recoverStale(now, 10 * 60_000);
    if (recovered > 0)
      this.logger.warn({ recovered }, 'deletes left running by a stopped process are pending again');
    return this.store.pendingDeletes.expire(now);
  }
}
