// Writes to the vendor that keep the index patched and leave one audit row each, whatever the outcome.
import type {
  Contact,
  ContactCreate,
  ContactPatch,
  Customer,
  CustomerCreate,
  CustomerPatch,
  CustomFieldValue,
} from '../domain/index.js';
import type { Logger } from '../logger.js';
import type { AuditEntry, AuditLog } from '../store/audit-log.js';
import type { Workspace } from '../workspaces.js';

export interface Actor {
  userId: string;
  userName?: string | undefined;
  requestId?: string | undefined;
}

type Changes = AuditEntry['changes'];

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

export class Writer {
  constructor(
    private readonly ws: Workspace,
    private readonly audit: AuditLog,
    private readonly actor: Actor,
    private readonly logger: Logger,
  ) {}

  async #record<T>(
    entry: {
      action: AuditEntry['action'];
      entityType: AuditEntry['entityType'];
      entityId: string | null;
      entityName: string | null;
      changes: Changes;
    },
    write: () => Promise<T>,
    identify?: (result: T) => { id: string; name: string },
  ): Promise<T> {
    const base = {
      workspace: this.ws.key,
      userId: this.actor.userId,
      userName: this.actor.userName ?? null,
      vendor: this.ws.vendor.vendor,
      requestId: this.actor.requestId ?? null,
      ...entry,
    };
    try {
      const result = await write();
      const ids = identify?.(result);
      await this.#append({
        ...base,
        ...(ids ? { entityId: ids.id, entityName: ids.name } : {}),
        outcome: 'ok',
        error: null,
      });
      return result;
    } catch (error) {
      await this.#append({
        ...base,
        outcome: 'failed',
        error: error instanceof Error ? error.message.slice(0, 500) : 'unknown error',
      });
      throw error;
    }
  }

  async #append(entry: Parameters<AuditLog['append']>[0]): Promise<void> {
    // The vendor write already happened; a failing audit insert is logged loudly, not turned into a user error.
    await this.audit
      .append(entry)
      .catch((error: unknown) => this.logger.error({ err: error, entry }, 'audit write failed'));
  }

  async createCustomer(input: CustomerCreate, signal?: AbortSignal): Promise<Customer> {
    const customer = await this.#record(
      {
        action: 'create',
        entityType: 'customer',
        entityId: null,
        entityName: input.name,
        changes: summarise(undefined, input),
      },
      () => this.ws.vendor.createCustomer(input, { signal }),
      (c) => ({ id: c.id, name: c.name }),
    );
    this.ws.index.upsertCustomer(customer);
    return customer;
  }

  async updateCustomer(before: Customer, patch: CustomerPatch, signal?: AbortSignal): Promise<Customer> {
    const customer = await this.#record(
      {
        action: 'update',
        entityType: 'customer',
        entityId: before.id,
        entityName: before.name,
        changes: summarise(before, patch),
      },
      () => this.ws.vendor.updateCustomer(before.id, patch, { signal }),
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
    await this.#record(
      {
        action: 'update',
        entityType: 'custom_field',
        entityId: customer.id,
        entityName: customer.name,
        changes: { [name]: [null, value] },
      },
      () => this.ws.vendor.setCustomField(customer.id, name, value, { signal }),
    );
    this.ws.fieldValues.delete(customer.id);
  }

  async deleteCustomer(customer: Pick<Customer, 'id' | 'name'>, signal?: AbortSignal): Promise<void> {
    await this.#record(
      {
        action: 'delete',
        entityType: 'customer',
        entityId: customer.id,
        entityName: customer.name,
        changes: {},
      },
      () => this.ws.vendor.deleteCustomer(customer.id, { signal }),
    );
    this.ws.index.removeCustomer(customer.id);
  }

  async createContact(input: ContactCreate, signal?: AbortSignal): Promise<Contact> {
    const name = [input.firstName, input.lastName].filter(Boolean).join(' ') || input.email || null;
    const contact = await this.#record(
      {
        action: 'create',
        entityType: 'contact',
        entityId: null,
        entityName: name,
        changes: summarise(undefined, input),
      },
      () => this.ws.vendor.createContact(input, { signal }),
      (c) => ({ id: c.id, name: c.fullName }),
    );
    this.ws.index.upsertContact(contact);
    return contact;
  }

  async updateContact(before: Contact, patch: ContactPatch, signal?: AbortSignal): Promise<Contact> {
    const contact = await this.#record(
      {
        action: 'update',
        entityType: 'contact',
        entityId: before.id,
        entityName: before.fullName,
        changes: summarise(before, patch),
      },
      () => this.ws.vendor.updateContact(before.id, patch, { signal }),
    );
    this.ws.index.upsertContact(contact);
    return contact;
  }

  async deleteContact(contact: Pick<Contact, 'id' | 'fullName'>, signal?: AbortSignal): Promise<void> {
    await this.#record(
      {
        action: 'delete',
        entityType: 'contact',
        entityId: contact.id,
        entityName: contact.fullName,
        changes: {},
      },
      () => this.ws.vendor.deleteContact(contact.id, { signal }),
    );
    this.ws.index.removeContact(contact.id);
  }
}
