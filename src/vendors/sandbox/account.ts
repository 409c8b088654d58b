// The sandbox vendor's own side: its records in memory, the bookkeeping every write does, and edits "in its web app".
import {
  blankContact,
  blankCustomer,
  type Contact,
  type Customer,
  type CustomFieldDefinition,
  type CustomFieldValue,
  displayName,
} from '../../domain/index.js';
import {
  type DemoContract,
  type DemoData,
  type DemoDevice,
  type DemoTicket,
  generateDemoData,
  SANDBOX_URL,
} from './demo-data.js';

export interface SandboxAccountOptions {
  /** Start from this data instead of the generated demo set (copied; the caller's objects stay untouched). */
  data?: DemoData;
  /** Seed of the generated demo data (ignored when `data` is given). */
  seed?: number;
  /** Where the sandbox's "web app" lives: every record's `url` starts with it. Default `SANDBOX_URL`. */
  webUrl?: string;
  /** The clock writes are stamped with (ms since the epoch); tests pass their own. */
  now?: () => number;
}

/** A contact added as the vendor's web app would (the shape the fake vendors take, test/fakes/generate.ts). */
export interface SandboxContactSeed {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
  mobile?: string | null;
  title?: string | null;
  isPrimary?: boolean;
  notes?: string | null;
  address?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  archived?: boolean;
  ignored?: boolean;
  customFields?: Record<string, CustomFieldValue>;
}

/** A customer added as the vendor's web app would (the shape the fake vendors take, test/fakes/generate.ts). */
export interface SandboxCustomerSeed {
  name: string;
  /** The sandbox has no residential customers: 'person' is kept as a business of that name. */
  kind?: 'business' | 'person';
  firstName?: string | null;
  lastName?: string | null;
  domain?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  country?: string | null;
  notes?: string | null;
  customFields?: Record<string, CustomFieldValue>;
  contacts?: SandboxContactSeed[];
}

/** The customer fields a write may set: `CustomerPatch` without the create-only `choices`. */
export type CustomerFields = Partial<Omit<Customer, 'id' | 'createdAt' | 'modifiedAt' | 'url'>>;
/** The contact fields a write may set. */
export type ContactFields = Partial<
  Omit<Contact, 'id' | 'fullName' | 'customerName' | 'createdAt' | 'modifiedAt' | 'url'>
>;

const CUSTOMER_KEYS = [
  'name',
  'kind',
  'firstName',
  'lastName',
  'active',
  'domains',
  'businessNumber',
  'address',
  'address2',
  'city',
  'state',
  'zip',
  'country',
  'phone',
  'fax',
  'mobile',
  'email',
  'links',
  'notes',
  'referredBy',
  'customFields',
] as const satisfies readonly (keyof CustomerFields)[];

const CONTACT_KEYS = [
  'customerId',
  'firstName',
  'lastName',
  'email',
  'phone',
  'mobile',
  'title',
  'isPrimary',
  'notes',
  'address',
  'city',
  'state',
  'zip',
  'archived',
  'ignored',
  'customFields',
] as const satisfies readonly (keyof ContactFields)[];

/** Copies only the known keys that are present: a patch's `choices` or a stray key never lands on a record. */
function assignKnown<T extends object>(target: T, changes: Partial<T>, keys: readonly (keyof T)[]): void {
  for (const key of keys) {
    const value = changes[key];
    if (value !== undefined) target[key] = structuredClone(value) as T[keyof T];
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

function missing(what: string, id: string): Error {
  return new Error(`the sandbox has no ${what} ${id}`);
}

/**
 * One sandbox vendor account. The client (`createSandboxClient`) is its API; the methods under "web app" change
 * it the way a technician in the vendor's own web app would, behind the bot's back, for the playground and tests:
 * the bot learns of them only by reading (incremental refresh, reconcile), never by being told.
 *
 * Every write stamps `modifiedAt` with a time later than any stamp before it (a clock that did not move is
 * nudged 1 ms on), so "changed at or after" never misses a write made in the same millisecond.
 */
export class SandboxAccount {
  /** Records by id, in the order the vendor lists them. Read them; change them only through the methods. */
  readonly customers = new Map<string, Customer>();
  readonly contacts = new Map<string, Contact>();
  readonly definitions: CustomFieldDefinition[];
  readonly tickets = new Map<string, DemoTicket>();
  readonly devices = new Map<string, DemoDevice>();
  readonly contracts = new Map<string, DemoContract>();
  readonly webUrl: string;

  readonly #now: () => number;
  #lastStamp = 0;
  #nextCustomerId: number;
  #nextContactId: number;
  #nextRelatedId: number;
  // Paging slices a list; keep it until the set of records changes rather than rebuilding it per page.
  #customerList: Customer[] | undefined;
  #contactList: Contact[] | undefined;

  constructor(options: SandboxAccountOptions = {}) {
    const data = options.data ?? generateDemoData({ seed: options.seed ?? 42 });
    this.webUrl = (options.webUrl ?? SANDBOX_URL).replace(/\/+$/, '');
    this.#now = options.now ?? Date.now;
    for (const c of data.customers) {
      this.customers.set(c.id, { ...structuredClone(c), url: this.customerPageUrl(c.id) });
    }
    for (const c of data.contacts) {
      this.contacts.set(c.id, { ...structuredClone(c), url: `${this.webUrl}/contacts/${c.id}` });
    }
    this.definitions = data.customFieldDefinitions.map((d) => structuredClone(d));
    for (const t of data.tickets ?? []) this.tickets.set(t.id, { ...t });
    for (const d of data.devices ?? []) this.devices.set(d.id, { ...d });
    for (const c of data.contracts ?? []) this.contracts.set(c.id, { ...c });
    this.#nextCustomerId = nextId(this.customers.keys(), 1000);
    this.#nextContactId = nextId(this.contacts.keys(), 500000);
    this.#nextRelatedId = nextId(
      [...this.tickets.keys(), ...this.devices.keys(), ...this.contracts.keys()],
      900000,
    );
  }

  // ---- bookkeeping shared by the API and the web app

  /** Now, as an ISO time strictly later than every stamp handed out before. */
  stamp(): string {
    this.#lastStamp = Math.max(this.#now(), this.#lastStamp + 1);
    return new Date(this.#lastStamp).toISOString();
  }

  customerPageUrl(id: string): string {
    return `${this.webUrl}/customers/${encodeURIComponent(id)}`;
  }

  relatedUrl(kind: 'tickets' | 'devices' | 'contracts', id: string): string {
    return `${this.webUrl}/${kind}/${encodeURIComponent(id)}`;
  }

  /** All customers, in listing order, for paging. */
  listedCustomers(): readonly Customer[] {
    this.#customerList ??= Array.from(this.customers.values());
    return this.#customerList;
  }

  listedContacts(): readonly Contact[] {
    this.#contactList ??= Array.from(this.contacts.values());
    return this.#contactList;
  }

  insertCustomer(fields: CustomerFields & { name: string }): Customer {
    const id = String(this.#nextCustomerId++);
    const stamp = this.stamp();
    const customer: Customer = {
      ...blankCustomer(id, fields.name),
      createdAt: stamp,
      modifiedAt: stamp,
      url: this.customerPageUrl(id),
    };
    assignKnown(customer, fields, CUSTOMER_KEYS);
    this.customers.set(id, customer);
    this.#customerList = undefined;
    return customer;
  }

  /** Applies `changes`, moves `modifiedAt` on, and carries a new name to the customer's contacts. */
  changeCustomer(customer: Customer, changes: CustomerFields): void {
    assignKnown(customer, changes, CUSTOMER_KEYS);
    customer.modifiedAt = this.stamp();
    // The contacts show the new name at once; their own modified time stays, as it does at the real vendors.
    if (changes.name !== undefined) {
      for (const contact of this.contacts.values()) {
        if (contact.customerId === customer.id) contact.customerName = customer.name;
      }
    }
  }

  /** Removes the customer and everything that belongs to it; false when it was already gone. */
  deleteCustomer(id: string): boolean {
    if (!this.customers.delete(id)) return false;
    for (const [contactId, contact] of this.contacts) {
      if (contact.customerId === id) this.contacts.delete(contactId);
    }
    for (const related of [this.tickets, this.devices, this.contracts] as const) {
      for (const [recordId, record] of related) if (record.customerId === id) related.delete(recordId);
    }
    this.#customerList = undefined;
    this.#contactList = undefined;
    return true;
  }

  insertContact(fields: ContactFields & { customerId: string }): Contact {
    const id = String(this.#nextContactId++);
    const stamp = this.stamp();
    const contact: Contact = {
      // The name is filled in below (#named), from the fields and the customer.
      ...blankContact(id, fields.customerId, ''),
      createdAt: stamp,
      modifiedAt: stamp,
      url: `${this.webUrl}/contacts/${id}`,
    };
    assignKnown(contact, fields, CONTACT_KEYS);
    this.#named(contact);
    this.contacts.set(id, contact);
    if (contact.isPrimary) this.#solePrimaryIs(contact);
    this.#contactList = undefined;
    return contact;
  }

  changeContact(contact: Contact, changes: ContactFields): void {
    assignKnown(contact, changes, CONTACT_KEYS);
    this.#named(contact);
    contact.modifiedAt = this.stamp();
    if (changes.isPrimary) this.#solePrimaryIs(contact);
  }

  deleteContact(id: string): boolean {
    if (!this.contacts.delete(id)) return false;
    this.#contactList = undefined;
    return true;
  }

  #named(contact: Contact): void {
    contact.fullName = displayName(contact);
    contact.customerName = this.customers.get(contact.customerId)?.name ?? null;
  }

  /** One primary contact per customer, as the vendors keep it; the one demoted has changed too. */
  #solePrimaryIs(contact: Contact): void {
    for (const other of this.contacts.values()) {
      if (other.customerId === contact.customerId && other.id !== contact.id && other.isPrimary) {
        other.isPrimary = false;
        other.modifiedAt = this.stamp();
      }
    }
  }

  #customer(id: string): Customer {
    const customer = this.customers.get(id);
    if (!customer) throw missing('customer', id);
    return customer;
  }

  #contact(id: string): Contact {
    const contact = this.contacts.get(id);
    if (!contact) throw missing('contact', id);
    return contact;
  }

  // ---- web app: changes made at the vendor behind the bot's back (they throw on unknown ids: test mistakes)

  /** Renames a customer, as a technician would in the vendor's web app. */
  renameCustomer(id: string, name: string): void {
    this.changeCustomer(this.#customer(id), { name });
  }

  /** Changes any customer fields in the web app. */
  editCustomer(id: string, changes: CustomerFields): void {
    this.changeCustomer(this.#customer(id), changes);
  }

  /** Deletes a customer in the web app: its contacts, tickets, devices and contracts go with it. */
  removeCustomer(id: string): void {
    this.deleteCustomer(this.#customer(id).id);
  }

  /** Adds a customer (and its contacts) in the web app; returns its id. */
  addCustomer(seed: SandboxCustomerSeed): string {
    const domain = seed.domain ?? null;
    const customer = this.insertCustomer({
      name: seed.name,
      firstName: seed.firstName ?? null,
      lastName: seed.lastName ?? null,
      domains: domain ? [domain] : [],
      links: domain ? [`https://www.${domain}`] : [],
      email: seed.email ?? (domain ? `info@${domain}` : null),
      phone: seed.phone ?? null,
      address: seed.address ?? null,
      city: seed.city ?? null,
      state: seed.state ?? null,
      zip: seed.zip ?? null,
      country: seed.country ?? null,
      notes: seed.notes ?? null,
      customFields: seed.customFields ?? {},
    });
    for (const contact of seed.contacts ?? []) this.addContact(customer.id, contact);
    return customer.id;
  }

  /** Adds a contact to a customer in the web app; returns its id. */
  addContact(customerId: string, seed: SandboxContactSeed): string {
    this.#customer(customerId);
    return this.insertContact({ customerId, ...seed }).id;
  }

  /** Changes a contact in the web app (archiving or ignoring it included). */
  editContact(id: string, changes: ContactFields): void {
    this.changeContact(this.#contact(id), changes);
  }

  removeContact(id: string): void {
    this.deleteContact(this.#contact(id).id);
  }

  /** Opens tickets at a customer (numbered "… #2" when several); returns their ids. */
  addOpenTickets(customerId: string, count: number, title = 'Opened in the web app'): string[] {
    this.#customer(customerId);
    return Array.from({ length: count }, (_, i) => {
      const id = String(this.#nextRelatedId++);
      const ticket: DemoTicket = {
        id,
        customerId,
        title: count > 1 ? `${title} #${i + 1}` : title,
        status: 'open',
        createdAt: this.stamp(),
      };
      this.tickets.set(id, ticket);
      return id;
    });
  }

  /** Closes a ticket: it no longer counts as open. */
  closeTicket(id: string): void {
    const ticket = this.tickets.get(id);
    if (!ticket) throw missing('ticket', id);
    ticket.status = 'closed';
  }

  /** Enrols devices at a customer; returns their ids. */
  addDevices(customerId: string, count: number, name = 'WEBAPP-PC'): string[] {
    this.#customer(customerId);
    return Array.from({ length: count }, (_, i) => {
      const id = String(this.#nextRelatedId++);
      this.devices.set(id, { id, customerId, name: `${name}${String(i + 1).padStart(2, '0')}` });
      return id;
    });
  }

  addContract(customerId: string, title: string): string {
    this.#customer(customerId);
    const id = String(this.#nextRelatedId++);
    this.contracts.set(id, { id, customerId, title });
    return id;
  }

  // ---- views for tests, independent of the client

  customerCount(): number {
    return this.customers.size;
  }

  /** Customers in the vendor's order, in neutral terms (the sandbox's are always active). */
  customerList(): { id: string; name: string; active: boolean }[] {
    return this.listedCustomers().map((c) => ({ id: c.id, name: c.name, active: c.active }));
  }

  customerIdByName(name: string): string | undefined {
    for (const c of this.customers.values()) if (c.name === name) return c.id;
    return undefined;
  }

  /** A customer's live (not archived) contacts' emails, lower-cased. */
  contactEmailsOf(customerId: string): string[] {
    const emails: string[] = [];
    for (const c of this.contacts.values()) {
      if (c.customerId === customerId && !c.archived && c.email) emails.push(c.email.toLowerCase());
    }
    return emails;
  }

  customValuesOf(customerId: string): Record<string, CustomFieldValue> {
    return structuredClone(this.#customer(customerId).customFields);
  }
}
