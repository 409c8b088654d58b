// The audit trail: the one builder every audit row comes from, vendor writes that leave one row each whatever
// the outcome, and reading the trail back (`/customer audit`).
import type {
  Contact,
  ContactCreate,
  ContactPatch,
  Customer,
  CustomerCreate,
  CustomerPatch,
  CustomFieldValue,
} from '../domain/index.js';
import type { AuditEntry, NewAuditEntry } from '../store/audit-log.js';
import type { CallOptions } from '../vendors/types.js';
import type { Workspace } from '../workspaces.js';
import { type Actor, accessOf, type OperationDeps } from './context.js';

type Changes = AuditEntry['changes'];

/** What a row says happened; who and where come from the actor and the workspace. */
export interface AuditEvent {
  action: AuditEntry['action'];
  entityType: AuditEntry['entityType'];
  entityId: string | null;
  entityName: string | null;
  changes: Changes;
  outcome: AuditEntry['outcome'];
  error: string | null;
  details?: AuditEntry['details'];
}

/** The one builder of audit rows: every row names its workspace, actor, vendor and request the same way. */
export function auditEntry(
  workspace: string,
  vendor: string,
  actor: Actor,
  event: AuditEvent,
): NewAuditEntry {
  return {
    workspace,
    userId: actor.userId,
    userName: actor.userName ?? null,
    vendor,
    requestId: actor.requestId ?? null,
    ...event,
    details: { ...(actor.via ? { via: actor.via } : {}), ...event.details },
  };
}

/** Appends a row; a failing insert is logged loudly, never turned into a user error (the write already happened). */
export async function record(deps: OperationDeps, entry: NewAuditEntry): Promise<void> {
  await deps.store.audit
    .append(entry)
    .then(() => undefined)
    .catch((error: unknown) => deps.logger.error({ err: error, entry }, 'audit write failed'));
}

/** Field -> [before, after] for the fields a write touched; long text is summarised, not copied whole. */
export function summarise(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): Changes {
  const out: Changes = {};
  const short = (v: unknown) =>
    typeof v === 'string' && v.length > 200 ? `${v.slice(0, 197)}…` : (v ?? null);
  for (const [key, value] of Object.entries(after)) out[key] = [short(before?.[key]), short(value)];
  return out;
}

const failureText = (error: unknown) =>
  error instanceof Error ? error.message.slice(0, 500) : 'unknown error';

/**
 * Vendor writes for one actor in one workspace: each keeps the index patched and leaves one audit row, ok or
 * failed. Where the vendor can credit the technician (Autotask impersonation), writes are sent as them.
 */
export class Writer {
  #attribution: Promise<{ actAs?: string; attributedTo?: string }> | undefined;

  constructor(
    private readonly deps: OperationDeps,
    private readonly ws: Workspace,
    private readonly actor: Actor,
  ) {}

  /** Whom the vendor will credit: the technician's own vendor user when their email matches one, else the API user. */
  #attributed(signal?: AbortSignal): Promise<{ actAs?: string; attributedTo?: string }> {
    const vendor = this.ws.vendor;
    if (!vendor.capabilities.impersonation || !vendor.resolveActor) return Promise.resolve({});
    this.#attribution ??= (async () => {
      const email = this.actor.email;
      const found = email ? await vendor.resolveActor?.(email, { signal }).catch(() => undefined) : undefined;
      return found
        ? { actAs: found.id, attributedTo: `${found.name} (${vendor.capabilities.label} user)` }
        : { attributedTo: `the ${vendor.capabilities.label} API user` };
    })();
    return this.#attribution;
  }

  async #write<T>(
    event: Omit<AuditEvent, 'outcome' | 'error'>,
    write: (options: CallOptions) => Promise<T>,
    signal: AbortSignal | undefined,
    identify?: (result: T) => { id: string; name: string },
  ): Promise<T> {
    const { actAs, attributedTo } = await this.#attributed(signal);
    const base = {
      ...event,
      details: { ...event.details, ...(attributedTo ? { attributedTo } : {}) },
    };
    try {
      const result = await write({ signal, actAs });
      const ids = identify?.(result);
      await this.#append({
        ...base,
        ...(ids ? { entityId: ids.id, entityName: ids.name } : {}),
        outcome: 'ok',
        error: null,
      });
      return result;
    } catch (error) {
      await this.#append({ ...base, outcome: 'failed', error: failureText(error) });
      throw error;
    }
  }

  #append(event: AuditEvent): Promise<void> {
    return record(this.deps, auditEntry(this.ws.key, this.ws.vendor.vendor, this.actor, event));
  }

  async createCustomer(
    input: CustomerCreate,
    signal?: AbortSignal,
    details?: AuditEntry['details'],
  ): Promise<Customer> {
    const customer = await this.#write(
      {
        action: 'create',
        entityType: 'customer',
        entityId: null,
        entityName: input.name,
        changes: summarise(undefined, input),
        ...(details ? { details } : {}),
      },
      (o) => this.ws.vendor.createCustomer(input, o),
      signal,
      (c) => ({ id: c.id, name: c.name }),
    );
    this.ws.index.upsertCustomer(customer);
    return customer;
  }

  async updateCustomer(before: Customer, patch: CustomerPatch, signal?: AbortSignal): Promise<Customer> {
    const customer = await this.#write(
      {
        action: 'update',
        entityType: 'customer',
        entityId: before.id,
        entityName: before.name,
        changes: summarise(before, patch),
      },
      (o) => this.ws.vendor.updateCustomer(before.id, patch, o),
      signal,
    );
    this.ws.index.upsertCustomer(customer);
    return customer;
  }

  async setCustomField(
    customer: Pick<Customer, 'id' | 'name'>,
    name: string,
    value: CustomFieldValue,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.#write(
      {
        action: 'update',
        entityType: 'custom_field',
        entityId: customer.id,
        entityName: customer.name,
        changes: { [name]: [null, value] },
      },
      (o) => this.ws.vendor.setCustomField(customer.id, name, value, o),
      signal,
    );
    this.ws.fieldValues.delete(customer.id);
    // Where the vendor's lists carry custom values, the index's copy holds them: keep it true, or the next card
    // would show the old value. (Where lists carry none, the cache just cleared is read again.)
    const indexed = this.ws.index.getCustomer(customer.id);
    if (indexed && Object.keys(indexed.customFields).length > 0)
      this.ws.index.upsertCustomer({ ...indexed, customFields: { ...indexed.customFields, [name]: value } });
  }

  async setContactCustomField(
    contact: Pick<Contact, 'id' | 'fullName'>,
    name: string,
    value: CustomFieldValue,
    signal?: AbortSignal,
  ): Promise<void> {
    const vendor = this.ws.vendor;
    await this.#write(
      {
        action: 'update',
        entityType: 'custom_field',
        entityId: contact.id,
        entityName: contact.fullName,
        changes: { [name]: [null, value] },
      },
      async (o) => {
        if (!vendor.setContactCustomField) throw new Error('contact custom fields are not supported');
        await vendor.setContactCustomField(contact.id, name, value, o);
      },
      signal,
    );
    this.ws.fieldValues.delete(`contact:${contact.id}`);
  }

  /** Deletes, deactivates or trashes: what the vendor does (`customerRemoval`) is what the row says. */
  async deleteCustomer(
    customer: Pick<Customer, 'id' | 'name'>,
    signal?: AbortSignal,
    details?: AuditEntry['details'],
  ): Promise<void> {
    const removal = this.ws.vendor.capabilities.customerRemoval;
    await this.#write(
      {
        action: removal === 'deactivate' ? 'deactivate' : 'delete',
        entityType: 'customer',
        entityId: customer.id,
        entityName: customer.name,
        changes: removal === 'trash' ? { trash: [null, 'moved to the trash'] } : {},
        ...(details ? { details } : {}),
      },
      (o) => this.ws.vendor.deleteCustomer(customer.id, o),
      signal,
    );
    this.ws.index.removeCustomer(customer.id);
  }

  async restoreCustomer(customer: Pick<Customer, 'id' | 'name'>, signal?: AbortSignal): Promise<Customer> {
    const vendor = this.ws.vendor;
    const restored = await this.#write(
      {
        action: 'restore',
        entityType: 'customer',
        entityId: customer.id,
        entityName: customer.name,
        changes: {},
      },
      async (o) => {
        if (!vendor.restoreCustomer) throw new Error(`${vendor.capabilities.label} cannot restore customers`);
        return vendor.restoreCustomer(customer.id, o);
      },
      signal,
    );
    this.ws.index.upsertCustomer(restored);
    return restored;
  }

  async createContact(input: ContactCreate, signal?: AbortSignal): Promise<Contact> {
    const name = [input.firstName, input.lastName].filter(Boolean).join(' ') || input.email || null;
    const contact = await this.#write(
      {
        action: 'create',
        entityType: 'contact',
        entityId: null,
        entityName: name,
        changes: summarise(undefined, input),
      },
      (o) => this.ws.vendor.createContact(input, o),
      signal,
      (c) => ({ id: c.id, name: c.fullName }),
    );
    this.ws.index.upsertContact(contact);
    return contact;
  }

  async updateContact(before: Contact, patch: ContactPatch, signal?: AbortSignal): Promise<Contact> {
    const contact = await this.#write(
      {
        action: patch.archived === true ? 'deactivate' : 'update',
        entityType: 'contact',
        entityId: before.id,
        entityName: before.fullName,
        changes: summarise(before, patch),
      },
      (o) => this.ws.vendor.updateContact(before.id, patch, o),
      signal,
    );
    if (contact.archived) this.ws.index.removeContact(contact.id);
    else this.ws.index.upsertContact(contact);
    return contact;
  }

  async deleteContact(contact: Pick<Contact, 'id' | 'fullName'>, signal?: AbortSignal): Promise<void> {
    await this.#write(
      {
        action: 'delete',
        entityType: 'contact',
        entityId: contact.id,
        entityName: contact.fullName,
        changes: {},
      },
      (o) => this.ws.vendor.deleteContact(contact.id, o),
      signal,
    );
    this.ws.index.removeContact(contact.id);
  }
}

export interface AuditQuery {
  /** Entity name contains this. */
  query: string;
}

/** The latest rows: admins see everyone's, others only their own. */
export async function readAudit(
  deps: OperationDeps,
  workspace: string,
  actor: Actor,
  q: AuditQuery,
): Promise<{ entries: AuditEntry[]; mine: boolean }> {
  const { role } = await accessOf(deps, workspace, actor);
  const mine = role !== 'admin';
  const entries = await deps.store.audit.latest({
    workspace,
    ...(mine ? { userId: actor.userId } : {}),
    ...(q.query ? { name: q.query } : {}),
    limit: 20,
  });
  return { entries, mine };
}
