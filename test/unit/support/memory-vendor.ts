// An in-memory vendor for the index and queue tests: pages, changed-since lists, counts and search over records
// a test edits directly (as the vendor's own web app would), with every call counted.
import { blankCustomer, type Contact, type Customer } from '../../../src/domain/index.js';
import type { Page, VendorCapabilities, VendorClient } from '../../../src/vendors/types.js';

export interface MemoryVendorOptions {
  customers?: number;
  contactsPerCustomer?: number;
  pageSize?: number;
  /** Lists that can be asked for only what changed (default both). */
  changedSince?: { customers: boolean; contacts: boolean };
  /** The vendor lists a customer's contacts itself, so the index does not hold them (default false). */
  contactsByCustomer?: boolean;
  serverSideSearch?: boolean;
  /** Implements countCustomers (default true); without it the index counts by page 1's total. */
  countCustomers?: boolean;
  /** Page 1 claims this many pages, whatever it holds (a hostile or broken vendor). */
  claimPages?: number;
  latencyMs?: number;
  now?: () => number;
}

export type Call =
  | 'customerPage'
  | 'contactPage'
  | 'customersChanged'
  | 'contactsChanged'
  | 'count'
  | 'search';

export function contactOf(id: string, customerId: string, name: string, modifiedAt: string | null): Contact {
  const [firstName = name, lastName = ''] = name.split(' ');
  return {
    id,
    customerId,
    customerName: null,
    firstName,
    lastName,
    fullName: name,
    email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.com`,
    phone: null,
    mobile: null,
    title: null,
    isPrimary: false,
    notes: null,
    address: null,
    city: null,
    state: null,
    zip: null,
    archived: false,
    ignored: false,
    customFields: {},
    createdAt: modifiedAt,
    modifiedAt,
    url: null,
  };
}

const CAPABILITIES: VendorCapabilities = {
  label: 'Memory',
  serverSideSearch: false,
  contactsByCustomer: false,
  editableContactEmail: true,
  contactEmailRequired: false,
  customFields: false,
  contactCustomFields: false,
  pageSize: 50,
  defaultRateLimitPerMinute: 6000,
  rateLimitScope: 'connection',
  contactAddress: false,
  personCustomers: false,
  customerRemoval: 'delete',
  contactDeactivation: false,
  impersonation: false,
  changedSince: { customers: true, contacts: true },
};

export function memoryVendor(options: MemoryVendorOptions = {}) {
  const now = options.now ?? Date.now;
  const stamp = () => new Date(now()).toISOString();
  const pageSize = options.pageSize ?? 50;
  const customers = new Map<string, Customer>();
  const contacts = new Map<string, Contact>();
  const calls: Record<Call, number> = {
    customerPage: 0,
    contactPage: 0,
    customersChanged: 0,
    contactsChanged: 0,
    count: 0,
    search: 0,
  };
  const flight = { now: 0, max: 0 };
  let nextId = 1;
  const addCustomer = (name: string, extra: Partial<Customer> = {}): string => {
    const id = String(nextId++);
    customers.set(id, { ...blankCustomer(id, name), createdAt: stamp(), modifiedAt: stamp(), ...extra });
    return id;
  };
  const addContact = (customerId: string, name: string): string => {
    const id = `c${nextId++}`;
    contacts.set(id, contactOf(id, customerId, name, stamp()));
    return id;
  };
  for (let i = 0; i < (options.customers ?? 120); i++) {
    const id = addCustomer(`Customer ${String(i).padStart(5, '0')} Holdings`);
    for (let j = 0; j < (options.contactsPerCustomer ?? 2); j++) addContact(id, `Person${i} Number${j}`);
  }

  const call = async <T>(what: Call, work: () => T): Promise<T> => {
    calls[what]++;
    flight.now++;
    flight.max = Math.max(flight.max, flight.now);
    try {
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      return structuredClone(work());
    } finally {
      flight.now--;
    }
  };
  const page = <T>(all: T[], n: number): Page<T> => {
    const totalPages = Math.max(1, Math.ceil(all.length / pageSize));
    return {
      items: all.slice((n - 1) * pageSize, n * pageSize),
      page: n,
      totalPages: n === 1 && options.claimPages ? options.claimPages : totalPages,
      totalItems: all.length,
    };
  };
  const since = <T extends { modifiedAt: string | null }>(all: Iterable<T>, date: Date) =>
    Array.from(all).filter((r) => r.modifiedAt !== null && Date.parse(r.modifiedAt) >= date.getTime());
  const notHere = () => Promise.reject(new Error('not used by these tests'));
  const changed = options.changedSince ?? { customers: true, contacts: true };
  const client: VendorClient = {
    vendor: 'sandbox',
    capabilities: {
      ...CAPABILITIES,
      pageSize,
      contactsByCustomer: options.contactsByCustomer ?? false,
      serverSideSearch: options.serverSideSearch ?? false,
      changedSince: changed,
    },
    searchCustomers: (query) =>
      call('search', () =>
        Array.from(customers.values()).filter((c) => c.name.toLowerCase().includes(query.toLowerCase())),
      ),
    getCustomer: (id) => call('search', () => customers.get(id) ?? blankCustomer(id, '?')),
    createCustomer: notHere,
    updateCustomer: notHere,
    deleteCustomer: notHere,
    listCustomerPage: (n) => call('customerPage', () => page(Array.from(customers.values()), n)),
    ...(changed.customers
      ? {
          listCustomersChangedSince: (d: Date) =>
            call('customersChanged', () => since(customers.values(), d)),
        }
      : {}),
    ...((options.countCustomers ?? true)
      ? { countCustomers: () => call('count', () => customers.size) }
      : {}),
    searchContacts: notHere,
    listContacts: (customerId) =>
      call('search', () => Array.from(contacts.values()).filter((c) => c.customerId === customerId)),
    // Archived contacts are listed as the vendor holds them (the index keeps them out).
    listContactPage: (n) => call('contactPage', () => page(Array.from(contacts.values()), n)),
    ...(changed.contacts
      ? { listContactsChangedSince: (d: Date) => call('contactsChanged', () => since(contacts.values(), d)) }
      : {}),
    getContact: notHere,
    createContact: notHere,
    updateContact: notHere,
    deleteContact: notHere,
    listCustomFieldDefinitions: async () => [],
    getCustomFieldValues: async () => ({}),
    setCustomField: notHere,
    openTickets: async () => ({ total: 0, sample: [] }),
    devices: async () => ({ total: 0, sample: [] }),
    webLinks: notHere,
    testConnection: async () => ({ accountName: 'Memory' }),
  };

  return {
    client,
    calls,
    flight,
    customers,
    contacts,
    totalCalls: () => Object.values(calls).reduce((a, b) => a + b, 0),
    resetCalls: () => {
      for (const key of Object.keys(calls) as Call[]) calls[key] = 0;
    },
    addCustomer,
    addContact,
    /** As the vendor's web app would: the record changes and its modified time moves on. */
    rename(id: string, name: string) {
      const c = customers.get(id);
      if (c) customers.set(id, { ...c, name, modifiedAt: stamp() });
    },
    deactivate(id: string) {
      const c = customers.get(id);
      if (c) customers.set(id, { ...c, active: false, modifiedAt: stamp() });
    },
    /** Deleted in the vendor's app: gone from every list, with no trace in the changed-since lists. */
    remove(id: string) {
      customers.delete(id);
      for (const [cid, contact] of contacts) if (contact.customerId === id) contacts.delete(cid);
    },
    archiveContact(id: string) {
      const c = contacts.get(id);
      if (c) contacts.set(id, { ...c, archived: true, modifiedAt: stamp() });
    },
    renameContact(id: string, fullName: string) {
      const c = contacts.get(id);
      if (c) contacts.set(id, { ...c, fullName, modifiedAt: stamp() });
    },
    removeContact(id: string) {
      contacts.delete(id);
    },
  };
}

export type MemoryVendor = ReturnType<typeof memoryVendor>;
