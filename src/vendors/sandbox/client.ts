// The sandbox vendor: an in-memory VendorClient over demo data, so the bot works before anyone has an API key.
import {
  type Contact,
  type ContactPatch,
  type Customer,
  type CustomerPatch,
  type CustomFieldDefinition,
  type CustomFieldValue,
  VendorError,
} from '../../domain/index.js';
import { abortableSleep, abortReason } from '../http.js';
import type {
  CallOptions,
  ConnectionInfo,
  Page,
  RelatedCount,
  VendorCapabilities,
  VendorClient,
  VendorHooks,
  WebLinks,
} from '../types.js';
import {
  type ContactFields,
  type CustomerFields,
  SandboxAccount,
  type SandboxAccountOptions,
} from './account.js';

export interface SandboxOptions extends SandboxAccountOptions {
  /** The workspace's rate limiter; every call goes through `schedule` like an HTTP attempt would. */
  hooks?: VendorHooks;
  /** Pretend network time per call, so spinners and queues can be seen working. */
  latencyMs?: number;
  /**
   * The account to be a client of, shared with other clients and with whoever edits it "in the web app";
   * when given, `data`, `seed`, `webUrl` and `now` are the account's business and ignored here.
   */
  account?: SandboxAccount;
}

/** A sandbox client, with the account behind it (for the playground's and tests' "web app" edits). */
export interface SandboxClient extends VendorClient {
  readonly account: SandboxAccount;
}

/** What the sandbox really does: every flag here is backed by the code below. */
export const SANDBOX_CAPABILITIES: VendorCapabilities = {
  label: 'Sandbox',
  serverSideSearch: true,
  contactsByCustomer: true,
  editableContactEmail: true,
  contactEmailRequired: false,
  customFields: true,
  contactCustomFields: true,
  pageSize: 50,
  defaultRateLimitPerMinute: 600,
  rateLimitScope: 'connection',
  contactAddress: true,
  personCustomers: false,
  customerRemoval: 'delete',
  contactDeactivation: false,
  customerDeleteWarning:
    'Sandbox: deleting a customer also deletes its contacts, tickets, devices and contracts (it is demo data).',
  impersonation: false,
  changedSince: { customers: true, contacts: true },
};

const VENDOR_LABEL = SANDBOX_CAPABILITIES.label;
const PAGE_SIZE = SANDBOX_CAPABILITIES.pageSize;
const SEARCH_LIMIT = 50;
/** How many related records (tickets, devices, contracts) a count carries to show. */
const RELATED_SAMPLE = 5;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function validation(fields: Record<string, string>): VendorError {
  return new VendorError('validation', Object.values(fields).join('; '), {
    vendor: VENDOR_LABEL,
    status: 422,
    fields,
  });
}

function notFound(what: string, id: string): VendorError {
  return new VendorError('not_found', `${what} ${id} not found`, { vendor: VENDOR_LABEL, status: 404 });
}

/** The pretend network time; with none (the default) a call waits for no timer at all. */
function latency(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms > 0) return abortableSleep(ms, signal);
  return signal?.aborted ? Promise.reject(abortReason(signal)) : Promise.resolve();
}

function paginate<T>(all: readonly T[], page: number): Page<T> {
  const totalPages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const start = (Math.max(1, page) - 1) * PAGE_SIZE;
  return { items: all.slice(start, start + PAGE_SIZE), page, totalPages, totalItems: all.length };
}

function includes(haystack: string | null, needle: string): boolean {
  return haystack?.toLowerCase().includes(needle) ?? false;
}

/** Records whose `modifiedAt` is at or after `since`, oldest change first (as `SortBy=LastModified` would). */
function changedSince<T extends { id: string; modifiedAt: string | null }>(
  records: Iterable<T>,
  since: Date,
): T[] {
  const from = since.getTime();
  const changed: Array<[number, T]> = [];
  for (const record of records) {
    const at = record.modifiedAt === null ? Number.NaN : Date.parse(record.modifiedAt);
    // A record without a time is reported as changed: "more, never less".
    if (!(at < from)) changed.push([Number.isNaN(at) ? from : at, record]);
  }
  return changed.sort((a, b) => a[0] - b[0] || Number(a[1].id) - Number(b[1].id)).map(([, r]) => r);
}

/** The value a field of this type accepts, or why not; `[]` clears a multi field like `null` does. */
function checkValue(definition: CustomFieldDefinition, value: CustomFieldValue): string | undefined {
  if (value === null) return undefined;
  switch (definition.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'Enter a number.';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'Choose yes or no.';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) ? undefined : 'Enter a date (YYYY-MM-DD).';
    case 'options':
      return typeof value === 'string' && definition.options.includes(value)
        ? undefined
        : `Choose one of: ${definition.options.join(', ')}.`;
    case 'multi':
      return Array.isArray(value) && value.every((v) => definition.options.includes(v))
        ? undefined
        : `Choose any of: ${definition.options.join(', ')}.`;
    case 'text':
      return typeof value === 'string' ? undefined : 'Enter text.';
  }
}

/** Stores `value` under `name` (or clears it); a multi value is kept in the definition's order, once each. */
function storeValue(
  values: Record<string, CustomFieldValue>,
  definition: CustomFieldDefinition,
  value: CustomFieldValue,
): void {
  if (value === null || (Array.isArray(value) && value.length === 0)) {
    delete values[definition.name];
  } else if (Array.isArray(value)) {
    values[definition.name] = definition.options.filter((o) => value.includes(o));
  } else {
    values[definition.name] = value;
  }
}

/** The sandbox's own customer pages: `<webUrl>/customers/<id>`, with an optional trailing slash, query or hash. */
function customerIdFrom(webUrl: string, url: string): string | undefined {
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(url.trim());
    base = new URL(webUrl);
  } catch {
    return undefined;
  }
  if (parsed.origin !== base.origin || parsed.username || parsed.password) return undefined;
  const prefix = `${base.pathname.replace(/\/+$/, '')}/customers/`;
  if (!parsed.pathname.startsWith(prefix)) return undefined;
  const id = parsed.pathname.slice(prefix.length).replace(/\/$/, '');
  return /^\d+$/.test(id) ? id : undefined;
}

/** An in-process vendor with full CRUD, paging, custom fields, impact reads and change lists over an account. */
export function createSandboxClient(options: SandboxOptions = {}): SandboxClient {
  const account = options.account ?? new SandboxAccount(options);
  const latencyMs = options.latencyMs ?? 0;
  const hooks = options.hooks ?? {};

  /**
   * Every call: one attempt through the workspace's limiter, after the pretend latency, answering with copies
   * so a caller can never change the account by changing what it was given.
   */
  function call<T>(callOptions: CallOptions | undefined, work: () => T, copy = true): Promise<T> {
    const signal = callOptions?.signal;
    const attempt = async () => {
      await latency(latencyMs, signal);
      if (signal?.aborted) throw abortReason(signal);
      const result = work();
      return copy ? structuredClone(result) : result;
    };
    return hooks.schedule ? hooks.schedule(attempt) : attempt();
  }

  function customerOrThrow(id: string): Customer {
    const customer = account.customers.get(id);
    if (!customer) throw notFound('Customer', id);
    return customer;
  }

  function contactOrThrow(id: string): Contact {
    const contact = account.contacts.get(id);
    if (!contact) throw notFound('Contact', id);
    return contact;
  }

  function definitionOrThrow(target: 'customer' | 'contact', name: string): CustomFieldDefinition {
    const definition = account.definitions.find((d) => d.name === name && d.target === target);
    if (!definition) throw validation({ [name]: `There is no ${target} custom field named "${name}".` });
    return definition;
  }

  /** A record's custom values with `name` set to `value` (a copy), once the field exists and takes the value. */
  function withValue(
    target: 'customer' | 'contact',
    current: Record<string, CustomFieldValue>,
    name: string,
    value: CustomFieldValue,
  ): Record<string, CustomFieldValue> {
    const definition = definitionOrThrow(target, name);
    const problem = checkValue(definition, value);
    if (problem) throw validation({ [name]: problem });
    const values = structuredClone(current);
    storeValue(values, definition, value);
    return values;
  }

  /** The API's rules for a customer write; returns the fields to store (trimmed name, no `choices`). */
  function checkCustomer(fields: CustomerPatch): CustomerFields {
    const errors: Record<string, string> = {};
    if (fields.name !== undefined && !fields.name.trim()) errors.name = 'Enter a name.';
    if (fields.email && !EMAIL.test(fields.email)) errors.email = 'Enter a valid email address.';
    // Truthful to `personCustomers: false`: the sandbox keeps businesses only.
    if (fields.kind === 'person') errors.kind = 'The sandbox keeps business customers only.';
    if (Object.keys(errors).length > 0) throw validation(errors);
    const { choices: _ignored, ...rest } = fields;
    return fields.name === undefined ? rest : { ...rest, name: fields.name.trim() };
  }

  function checkContact(fields: ContactPatch, existing?: Contact): ContactFields {
    const errors: Record<string, string> = {};
    const firstName = fields.firstName !== undefined ? fields.firstName : (existing?.firstName ?? null);
    const lastName = fields.lastName !== undefined ? fields.lastName : (existing?.lastName ?? null);
    if (!firstName?.trim() && !lastName?.trim()) errors.firstName = 'Enter a first or last name.';
    if (fields.email && !EMAIL.test(fields.email)) errors.email = 'Enter a valid email address.';
    if (fields.customerId !== undefined && !account.customers.has(fields.customerId)) {
      errors.customerId = 'Choose an existing customer.';
    }
    if (Object.keys(errors).length > 0) throw validation(errors);
    const { choices: _ignored, ...rest } = fields;
    return rest;
  }

  function related(
    kind: 'tickets' | 'devices' | 'contracts',
    customerId: string,
    records: Iterable<{ id: string; customerId: string; title: string; createdAt?: string }>,
  ): RelatedCount {
    customerOrThrow(customerId);
    const own = Array.from(records).filter((r) => r.customerId === customerId);
    // Newest first, as a technician scanning "what goes with it" would want them.
    own.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || Number(b.id) - Number(a.id));
    return {
      total: own.length,
      sample: own.slice(0, RELATED_SAMPLE).map((r) => ({
        id: r.id,
        title: r.title,
        url: account.relatedUrl(kind, r.id),
      })),
    };
  }

  const links: WebLinks = {
    base: account.webUrl,
    customerIdFrom: (url) => customerIdFrom(account.webUrl, url),
  };

  return {
    vendor: 'sandbox',
    capabilities: SANDBOX_CAPABILITIES,
    account,

    searchCustomers: (query, o) =>
      call(o, () => {
        const needle = query.trim().toLowerCase();
        const found: Customer[] = [];
        for (const c of account.customers.values()) {
          if (found.length >= SEARCH_LIMIT) break;
          if (
            includes(c.name, needle) ||
            includes(c.email, needle) ||
            c.domains.some((d) => includes(d, needle))
          ) {
            found.push(c);
          }
        }
        return found;
      }),

    getCustomer: (id, o) => call(o, () => customerOrThrow(id)),

    createCustomer: (input, o) =>
      call(o, () => {
        const fields = checkCustomer(input);
        return account.insertCustomer({ ...fields, name: fields.name ?? input.name.trim() });
      }),

    updateCustomer: (id, patch, o) =>
      call(o, () => {
        const customer = customerOrThrow(id);
        account.changeCustomer(customer, checkCustomer(patch));
        return customer;
      }),

    deleteCustomer: (id, o) =>
      call(o, () => {
        // Already gone counts as done, like a 404 on a real vendor.
        account.deleteCustomer(id);
      }),

    listCustomerPage: (page, o) => call(o, () => paginate(account.listedCustomers(), page)),

    listCustomersChangedSince: (since, o) => call(o, () => changedSince(account.customers.values(), since)),

    countCustomers: (o) => call(o, () => account.customers.size),

    searchContacts: (query, o) =>
      call(o, () => {
        const needle = query.trim().toLowerCase();
        const digits = needle.replace(/\D/g, '');
        const found: Contact[] = [];
        // Archived contacts are found too, marked `archived`, as the interface asks.
        for (const c of account.contacts.values()) {
          if (found.length >= SEARCH_LIMIT) break;
          const phoneHit =
            digits.length >= 4 && [c.phone, c.mobile].some((p) => p?.replace(/\D/g, '').includes(digits));
          if (includes(c.fullName, needle) || includes(c.email, needle) || phoneHit) found.push(c);
        }
        return found;
      }),

    // Every contact of the customer, archived ones marked: an archive before a delete keeps them all, and the
    // caller keeps them out of live lists (cards, counts).
    listContacts: (customerId, o) =>
      call(o, () => {
        customerOrThrow(customerId);
        return account.listedContacts().filter((c) => c.customerId === customerId);
      }),

    // Pages and change lists hold archived contacts too, marked: the index must learn that one was archived.
    listContactPage: (page, o) => call(o, () => paginate(account.listedContacts(), page)),

    listContactsChangedSince: (since, o) => call(o, () => changedSince(account.contacts.values(), since)),

    getContact: (id, o) => call(o, () => contactOrThrow(id)),

    createContact: (input, o) =>
      call(o, () => {
        const fields = checkContact(input);
        return account.insertContact({ ...fields, customerId: input.customerId });
      }),

    updateContact: (id, patch, o) =>
      call(o, () => {
        const contact = contactOrThrow(id);
        account.changeContact(contact, checkContact(patch, contact));
        return contact;
      }),

    deleteContact: (id, o) =>
      call(o, () => {
        account.deleteContact(id);
      }),

    listCustomFieldDefinitions: (o) => call(o, () => account.definitions),

    getCustomFieldValues: (customerId, o) => call(o, () => customerOrThrow(customerId).customFields),

    setCustomField: (customerId, name, value, o) =>
      call(o, () => {
        const customer = customerOrThrow(customerId);
        const customFields = withValue('customer', customer.customFields, name, value);
        account.changeCustomer(customer, { customFields });
      }),

    // The sandbox sends contact values inline too; these read and write the same values one at a time.
    getContactCustomFieldValues: (contactId, o) => call(o, () => contactOrThrow(contactId).customFields),

    setContactCustomField: (contactId, name, value, o) =>
      call(o, () => {
        const contact = contactOrThrow(contactId);
        const customFields = withValue('contact', contact.customFields, name, value);
        account.changeContact(contact, { customFields });
      }),

    // No customerCreateChoices / contactCreateChoices: the sandbox asks for nothing beyond the common fields.

    openTickets: (customerId, o) =>
      call(o, () =>
        related(
          'tickets',
          customerId,
          Array.from(account.tickets.values()).filter((t) => t.status === 'open'),
        ),
      ),

    devices: (customerId, o) =>
      call(o, () =>
        related(
          'devices',
          customerId,
          Array.from(account.devices.values(), (d) => ({
            id: d.id,
            customerId: d.customerId,
            title: d.name,
          })),
        ),
      ),

    contracts: (customerId, o) => call(o, () => related('contracts', customerId, account.contracts.values())),

    // Functions cannot be copied (structuredClone), and `links` holds nothing a caller could change.
    webLinks: (o) => call(o, () => links, false),

    testConnection: (o): Promise<ConnectionInfo> =>
      call(o, () => ({
        accountName: 'Sandbox MSP',
        user: 'demo@sandbox.example.com',
        permissions: { read: true, write: true, delete: true },
      })),
  };
}

/** The account behind a sandbox client (for the playground's "edit in the web app"), or undefined for others. */
export function sandboxAccountOf(client: VendorClient): SandboxAccount | undefined {
  if (client.vendor !== 'sandbox' || !('account' in client)) return undefined;
  return client.account instanceof SandboxAccount ? client.account : undefined;
}
