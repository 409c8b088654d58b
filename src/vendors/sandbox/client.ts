// The sandbox vendor: an in-memory VendorClient over demo data, so the bot works before anyone has an API key.
import {
  type Contact,
  type ContactPatch,
  type Customer,
  type CustomerPatch,
  type CustomFieldDefinition,
  type CustomFieldValue,
  displayName,
  VendorError,
} from '../../domain/index.js';
import {
  allPages,
  type CallOptions,
  type ConnectionInfo,
  type Page,
  type VendorCapabilities,
  type VendorClient,
  type VendorHooks,
} from '../types.js';
import { type DemoData, generateDemoData, SANDBOX_URL } from './demo-data.js';

export interface SandboxOptions {
  /** The workspace's rate limiter; every call goes through `schedule` like an HTTP attempt would. */
  hooks?: VendorHooks;
  /** Pretend network time per call, so spinners and queues can be seen working. */
  latencyMs?: number;
  /** Seed of the generated demo data (ignored when `data` is given). */
  seed?: number;
  /** Start from this data instead of the generated demo set (copied; the caller's objects stay untouched). */
  data?: DemoData;
}

export const SANDBOX_CAPABILITIES: VendorCapabilities = {
  label: 'Sandbox',
  serverSideSearch: true,
  contactsByCustomer: true,
  editableContactEmail: true,
  contactEmailRequired: false,
  customFields: true,
  customFieldTypes: ['text', 'number', 'date', 'boolean', 'options'],
  pageSize: 50,
  defaultRateLimitPerMinute: 600,
};

const VENDOR_LABEL = SANDBOX_CAPABILITIES.label;
const PAGE_SIZE = SANDBOX_CAPABILITIES.pageSize;
const SEARCH_LIMIT = 50;
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

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function paginate<T>(all: readonly T[], page: number): Page<T> {
  const totalPages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const start = (Math.max(1, page) - 1) * PAGE_SIZE;
  return { items: all.slice(start, start + PAGE_SIZE), page, totalPages, totalItems: all.length };
}

function includes(haystack: string | null, needle: string): boolean {
  return haystack?.toLowerCase().includes(needle) ?? false;
}

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
    case 'text':
      return typeof value === 'string' ? undefined : 'Enter text.';
  }
}

/** One past the largest numeric id (a loop, not Math.max(...ids): 50k arguments overflow the stack). */
function nextId(ids: Iterable<string>, floor: number): number {
  let max = floor;
  for (const id of ids) {
    const n = Number(id);
    if (Number.isFinite(n) && n > max) max = n;
  }
  return max + 1;
}

/** An in-process vendor with full CRUD, paging and custom fields over (by default) the demo data. */
export function createSandboxClient(options: SandboxOptions = {}): VendorClient {
  const data = options.data ?? generateDemoData({ seed: options.seed ?? 42 });
  const customers = new Map<string, Customer>(data.customers.map((c) => [c.id, structuredClone(c)]));
  const contacts = new Map<string, Contact>(data.contacts.map((c) => [c.id, structuredClone(c)]));
  const definitions = data.customFieldDefinitions.map((d) => structuredClone(d));
  let nextCustomerId = nextId(customers.keys(), 1000);
  let nextContactId = nextId(contacts.keys(), 500000);
  // Paging slices a list; keep it until a write changes the map rather than rebuilding it per page.
  let customerList: Customer[] | undefined;
  let contactList: Contact[] | undefined;
  const latencyMs = options.latencyMs ?? 0;
  const hooks = options.hooks ?? {};

  /** Every call: through the workspace's limiter, after the pretend latency, answering with copies. */
  function call<T>(callOptions: CallOptions | undefined, work: () => T): Promise<T> {
    const signal = callOptions?.signal;
    const attempt = async () => {
      await sleep(latencyMs, signal);
      return structuredClone(work());
    };
    return hooks.schedule ? hooks.schedule(attempt) : attempt();
  }

  const now = () => new Date().toISOString();

  function customerOrThrow(id: string): Customer {
    const customer = customers.get(id);
    if (!customer) throw notFound('Customer', id);
    return customer;
  }

  function contactOrThrow(id: string): Contact {
    const contact = contacts.get(id);
    if (!contact) throw notFound('Contact', id);
    return contact;
  }

  function checkCustomer(fields: CustomerPatch): void {
    const errors: Record<string, string> = {};
    if (fields.name !== undefined && !fields.name.trim()) errors.name = 'Enter a name.';
    if (fields.email && !EMAIL.test(fields.email)) errors.email = 'Enter a valid email address.';
    if (Object.keys(errors).length > 0) throw validation(errors);
  }

  function checkContact(fields: ContactPatch, existing?: Contact): void {
    const errors: Record<string, string> = {};
    const firstName = fields.firstName !== undefined ? fields.firstName : (existing?.firstName ?? null);
    const lastName = fields.lastName !== undefined ? fields.lastName : (existing?.lastName ?? null);
    if (!firstName?.trim() && !lastName?.trim()) errors.firstName = 'Enter a first or last name.';
    if (fields.email && !EMAIL.test(fields.email)) errors.email = 'Enter a valid email address.';
    if (fields.customerId !== undefined && !customers.has(fields.customerId)) {
      errors.customerId = 'Choose an existing customer.';
    }
    if (Object.keys(errors).length > 0) throw validation(errors);
  }

  /** One primary contact per customer, as the vendors keep it. */
  function makeSolePrimary(contact: Contact): void {
    for (const other of contacts.values()) {
      if (other.customerId === contact.customerId && other.id !== contact.id) other.isPrimary = false;
    }
  }

  function withName(contact: Contact): Contact {
    contact.fullName = displayName(contact);
    contact.customerName = customers.get(contact.customerId)?.name ?? null;
    return contact;
  }

  const client: VendorClient = {
    vendor: 'sandbox',
    capabilities: SANDBOX_CAPABILITIES,

    searchCustomers: (query, o) =>
      call(o, () => {
        const needle = query.trim().toLowerCase();
        const found: Customer[] = [];
        for (const c of customers.values()) {
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
        checkCustomer(input);
        const id = String(nextCustomerId++);
        const stamp = now();
        const customer: Customer = {
          id,
          name: input.name.trim(),
          domains: input.domains ?? [],
          businessNumber: input.businessNumber ?? null,
          address: input.address ?? null,
          address2: input.address2 ?? null,
          city: input.city ?? null,
          state: input.state ?? null,
          zip: input.zip ?? null,
          country: input.country ?? null,
          phone: input.phone ?? null,
          fax: input.fax ?? null,
          mobile: input.mobile ?? null,
          email: input.email ?? null,
          links: input.links ?? [],
          notes: input.notes ?? null,
          referredBy: input.referredBy ?? null,
          customFields: {},
          createdAt: stamp,
          modifiedAt: stamp,
          url: `${SANDBOX_URL}/customers/${id}`,
        };
        customers.set(id, customer);
        customerList = undefined;
        return customer;
      }),

    updateCustomer: (id, patch, o) =>
      call(o, () => {
        const customer = customerOrThrow(id);
        checkCustomer(patch);
        const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
        Object.assign(customer, defined, { modifiedAt: now() });
        if (patch.name !== undefined) {
          customer.name = patch.name.trim();
          for (const contact of contacts.values())
            if (contact.customerId === id) contact.customerName = customer.name;
        }
        return customer;
      }),

    deleteCustomer: (id, o) =>
      call(o, () => {
        // Already gone counts as done, like a 404 on a real vendor.
        if (!customers.delete(id)) return;
        for (const [contactId, contact] of contacts)
          if (contact.customerId === id) contacts.delete(contactId);
        customerList = undefined;
        contactList = undefined;
      }),

    listCustomerPage: (page, o) =>
      call(o, () => {
        customerList ??= Array.from(customers.values());
        return paginate(customerList, page);
      }),

    listAllCustomers: (o) => allPages((page) => client.listCustomerPage(page, o)),

    searchContacts: (query, o) =>
      call(o, () => {
        const needle = query.trim().toLowerCase();
        const digits = needle.replace(/\D/g, '');
        const found: Contact[] = [];
        for (const c of contacts.values()) {
          if (found.length >= SEARCH_LIMIT) break;
          const phoneHit =
            digits.length >= 4 && [c.phone, c.mobile].some((p) => p?.replace(/\D/g, '').includes(digits));
          if (includes(c.fullName, needle) || includes(c.email, needle) || phoneHit) found.push(c);
        }
        return found;
      }),

    listContacts: (customerId, o) =>
      call(o, () => {
        customerOrThrow(customerId);
        return Array.from(contacts.values()).filter((c) => c.customerId === customerId);
      }),

    listContactPage: (page, o) =>
      call(o, () => {
        contactList ??= Array.from(contacts.values());
        return paginate(contactList, page);
      }),

    getContact: (id, o) => call(o, () => contactOrThrow(id)),

    createContact: (input, o) =>
      call(o, () => {
        checkContact(input);
        const id = String(nextContactId++);
        const contact = withName({
          id,
          customerId: input.customerId,
          customerName: null,
          firstName: input.firstName ?? null,
          lastName: input.lastName ?? null,
          fullName: '',
          email: input.email ?? null,
          phone: input.phone ?? null,
          mobile: input.mobile ?? null,
          title: input.title ?? null,
          isPrimary: input.isPrimary ?? false,
          notes: input.notes ?? null,
          createdAt: now(),
          url: `${SANDBOX_URL}/contacts/${id}`,
        });
        contacts.set(id, contact);
        if (contact.isPrimary) makeSolePrimary(contact);
        contactList = undefined;
        return contact;
      }),

    updateContact: (id, patch, o) =>
      call(o, () => {
        const contact = contactOrThrow(id);
        checkContact(patch, contact);
        const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
        withName(Object.assign(contact, defined));
        if (patch.isPrimary) makeSolePrimary(contact);
        return contact;
      }),

    deleteContact: (id, o) =>
      call(o, () => {
        if (contacts.delete(id)) contactList = undefined;
      }),

    listCustomFieldDefinitions: (o) => call(o, () => definitions),

    getCustomFieldValues: (customerId, o) => call(o, () => customerOrThrow(customerId).customFields),

    setCustomField: (customerId, name, value, o) =>
      call(o, () => {
        const customer = customerOrThrow(customerId);
        const definition = definitions.find((d) => d.name === name && d.target === 'customer');
        if (!definition) throw validation({ [name]: `There is no custom field named "${name}".` });
        const problem = checkValue(definition, value);
        if (problem) throw validation({ [name]: problem });
        if (value === null) delete customer.customFields[name];
        else customer.customFields[name] = value;
        customer.modifiedAt = now();
      }),

    testConnection: (o): Promise<ConnectionInfo> => call(o, () => ({ accountName: 'Sandbox MSP' })),
  };
  return client;
}
