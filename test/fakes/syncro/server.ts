// A fake Syncro API v1 over real HTTP, built from Syncro's swagger (advenimus/syncromsp-mcp:docs/swagger.json)
// and the live tests beside it (docs/api-testing-results.md), not from the client's code. Where both are silent
// the choice is marked [INFERRED].
import type { FakeVendor, FakeVendorOptions } from '../fake-vendor.js';
import {
  type FakeContactSeed,
  type FakeCustomerSeed,
  type FakeCustomFieldSeed,
  GENERATED_CUSTOM_FIELDS,
  generateCustomers,
} from '../generate.js';
import {
  type FakeRequest,
  type FakeResponse,
  type Fault,
  type RateLimit,
  type RecordedRequest,
  type Route,
  startVendorServer,
} from '../vendor-server.js';

/** Customer as Syncro sends it (a subset of the spec's fields, all present). */
export interface SyncroWireCustomer {
  id: number;
  firstname: string | null;
  lastname: string | null;
  fullname: string;
  business_name: string | null;
  business_then_name: string;
  business_and_full_name: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  address: string | null;
  address_2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  notes: string | null;
  referred_by: string | null;
  get_sms: boolean;
  opt_out: boolean;
  disabled: boolean;
  no_email: boolean;
  location_name: string | null;
  location_id: number | null;
  tax_rate_id: number | null;
  ref_customer_id: number | null;
  properties: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** Contact as Syncro sends it: bare, single `name`, title inside properties. */
export interface SyncroWireContact {
  id: number;
  name: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  latitude: number | null;
  longitude: number | null;
  customer_id: number;
  account_id: number;
  notes: string | null;
  created_at: string;
  updated_at: string;
  vendor_id: number | null;
  properties: Record<string, unknown>;
  opt_out: boolean;
  extension: string | null;
}

/** A ticket as GET /tickets lists it (the fields the fake keeps). */
export interface SyncroWireTicket {
  id: number;
  number: number;
  subject: string;
  status: string;
  customer_id: number;
  customer_business_then_name: string;
  created_at: string;
  updated_at: string;
}

/** An asset as GET /customer_assets lists it (the fields the fake keeps). */
export interface SyncroWireAsset {
  id: number;
  name: string;
  customer_id: number;
  contact_id: number | null;
  asset_type: string;
  asset_serial: string | null;
  properties: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface SyncroFakeSeed {
  customers?: FakeCustomerSeed[];
  /** Extra contacts attached to a seeded customer by name. */
  contacts?: Array<FakeContactSeed & { customer: string }>;
  /** Customer custom field definitions served by /settings; default: the generator's customer fields. */
  customFields?: FakeCustomFieldSeed[];
}

export interface StartFakeSyncroOptions {
  apiKey?: string;
  seed?: SyncroFakeSeed;
  generate?: { customers: number; contactsPerCustomer?: number | [number, number]; seed?: number };
  latencyMs?: number;
  rateLimit?: RateLimit;
  /** The account's subdomain, as /me reports it. */
  subdomain?: string;
}

export interface FakeSyncro {
  url: string;
  apiKey: string;
  requests(method?: string, pathPrefix?: string): RecordedRequest[];
  clearRequests(): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setRateLimit(limit: RateLimit | null): void;
  /**
   * The token loses a permission ("Customers - View Detail", "Customers - Create", "Tickets - List/Search", ...):
   * 401 with Syncro's message. "Settings" ([INFERRED]: /settings documents no permission) refuses /settings.
   */
  denyPermission(permission: string): void;
  allowAll(): void;
  customers(): SyncroWireCustomer[];
  contacts(): SyncroWireContact[];
  customer(id: number): SyncroWireCustomer | undefined;
  contact(id: number): SyncroWireContact | undefined;
  /** Seeds a customer (a person when `kind` says so) with its contacts, as Syncro's web app would; its id. */
  addCustomer(seed: FakeCustomerSeed): number;
  /** Renames as the web app would: a business's name, or a person's first and last name; updated_at moves on. */
  renameCustomer(id: number, name: string): void;
  removeCustomer(id: number): void;
  addTickets(customerId: number, count: number, status?: string): void;
  addAssets(customerId: number, count: number): void;
  close(): Promise<void>;
}

/** "Returns provided page of results, each 'page' contains 25 results"; `per_page` is not a documented parameter. */
const PAGE_SIZE = 25;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACCOUNT_ID = 1;
/** Ticket statuses that are closed; "Not Closed" is every other one ([INFERRED]: Resolved and Invoiced). */
const CLOSED_STATUSES = new Set(['resolved', 'invoiced']);

/** Timestamps are ISO with milliseconds and a Z (spec examples); each write moves updated_at forward. */
let lastStamp = 0;
const now = () => {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return new Date(lastStamp).toISOString();
};
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : v === null || v === undefined ? null : String(v);
const blank = (v: unknown) => !str(v)?.trim();
const digitsOf = (v: string | null | undefined) => (v ?? '').replace(/\D/g, '');

const CUSTOMER_INPUT = [
  'business_name',
  'firstname',
  'lastname',
  'email',
  'phone',
  'mobile',
  'address',
  'address_2',
  'city',
  'state',
  'zip',
  'notes',
  'referred_by',
  'get_sms',
  'opt_out',
  'no_email',
] as const;
// POST schema has no `title`; PUT accepts it (stored in properties.title).
const CONTACT_INPUT = [
  'name',
  'address1',
  'address2',
  'city',
  'state',
  'zip',
  'email',
  'phone',
  'mobile',
  'notes',
] as const;

const FIELD_TYPES: Record<FakeCustomFieldSeed['type'], string> = {
  // [INFERRED] names of Syncro's customer field kinds (the /settings example lists none).
  text: 'text_field',
  number: 'number',
  date: 'date',
  boolean: 'check_box',
  options: 'dropdown',
};

function pick(body: unknown, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const key of keys) if (key in body) out[key] = (body as Record<string, unknown>)[key];
  return out;
}

/** Recomputes the derived names Syncro serves (formatting of the combined names is [INFERRED]). */
function withNames(c: SyncroWireCustomer): SyncroWireCustomer {
  c.fullname = [c.firstname, c.lastname].filter((p) => p?.trim()).join(' ');
  c.business_then_name = c.business_name?.trim() ? c.business_name : c.fullname;
  c.business_and_full_name =
    c.business_name?.trim() && c.fullname ? `${c.business_name} - ${c.fullname}` : c.business_then_name;
  return c;
}

/** "A customer field to order by. Examples 'firstname ASC', 'city DESC'". */
function sorter(
  sort: string | undefined,
): ((a: SyncroWireCustomer, b: SyncroWireCustomer) => number) | undefined {
  const match = /^\s*([a-z_]+)(?:\s+(asc|desc))?\s*$/i.exec(sort ?? '');
  if (!match?.[1]) return undefined;
  const field = match[1] as keyof SyncroWireCustomer;
  const direction = (match[2] ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  return (a, b) => {
    const x = a[field];
    const y = b[field];
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
    return order * direction || a.id - b.id;
  };
}

const NOT_FOUND: FakeResponse = { status: 404, json: { message: 'Not found' } };

export async function startFakeSyncro(options: StartFakeSyncroOptions = {}): Promise<FakeSyncro> {
  const apiKey = options.apiKey ?? 'syncro-test-token-0123456789abcdef';
  const subdomain = options.subdomain ?? 'fakemsp';
  const customers = new Map<number, SyncroWireCustomer>();
  const contacts = new Map<number, SyncroWireContact>();
  const tickets = new Map<number, SyncroWireTicket>();
  const assets = new Map<number, SyncroWireAsset>();
  const denied = new Set<string>();
  let nextCustomerId = 9001;
  let nextContactId = 70001;
  let nextTicketId = 400001;
  let nextAssetId = 600001;
  const fieldSeeds = (options.seed?.customFields ?? GENERATED_CUSTOM_FIELDS).filter(
    (f) => (f.target ?? 'customer') === 'customer',
  );

  /** A contact write touches its customer's updated_at ([INFERRED]: a Rails `touch`; the spec is silent). */
  const touch = (customerId: number) => {
    const customer = customers.get(customerId);
    if (customer) customer.updated_at = now();
  };

  const newContact = (customerId: number, fields: Record<string, unknown>): SyncroWireContact => {
    const id = nextContactId++;
    const stamp = now();
    const contact: SyncroWireContact = {
      id,
      name: null,
      address1: null,
      address2: null,
      city: null,
      state: null,
      zip: null,
      email: null,
      phone: null,
      mobile: null,
      latitude: null,
      longitude: null,
      customer_id: customerId,
      account_id: ACCOUNT_ID,
      notes: null,
      created_at: stamp,
      updated_at: stamp,
      vendor_id: null,
      properties: {},
      opt_out: false,
      extension: null,
    };
    Object.assign(contact, fields);
    contacts.set(id, contact);
    touch(customerId);
    return contact;
  };

  // Syncro has no archived contacts or ignore mode: those seed flags are simply not kept.
  const seedContact = (customerId: number, c: FakeContactSeed) => {
    const contact = newContact(customerId, {
      name: `${c.firstName} ${c.lastName}`.trim(),
      email: c.email,
      phone: c.phone ?? null,
      mobile: c.mobile ?? null,
      notes: c.notes ?? null,
      address1: c.address ?? null,
      city: c.city ?? null,
      state: c.state ?? null,
      zip: c.zip ?? null,
    });
    // Contact custom fields and the title live in properties.
    for (const [k, v] of Object.entries(c.customFields ?? {})) contact.properties[k] = String(v);
    if (c.title) contact.properties.title = c.title;
  };

  const newCustomer = (fields: Record<string, unknown>): SyncroWireCustomer => {
    const id = nextCustomerId++;
    const stamp = now();
    const customer: SyncroWireCustomer = {
      id,
      firstname: null,
      lastname: null,
      fullname: '',
      business_name: null,
      business_then_name: '',
      business_and_full_name: '',
      email: null,
      phone: null,
      mobile: null,
      address: null,
      address_2: null,
      city: null,
      state: null,
      zip: null,
      notes: null,
      referred_by: null,
      get_sms: false,
      opt_out: false,
      disabled: false,
      no_email: false,
      location_name: null,
      location_id: null,
      tax_rate_id: null,
      ref_customer_id: null,
      properties: {},
      created_at: stamp,
      updated_at: stamp,
    };
    Object.assign(customer, fields);
    customers.set(id, withNames(customer));
    return customer;
  };

  const splitPerson = (name: string) => {
    const words = name.trim().split(/\s+/);
    return {
      first: words.slice(0, -1).join(' ') || (words[0] ?? ''),
      last: words.length > 1 ? (words.at(-1) ?? '') : '',
    };
  };

  const seedCustomer = (seed: FakeCustomerSeed): number => {
    const person = seed.kind === 'person';
    const primary = seed.contacts?.[0];
    const split = splitPerson(seed.name);
    const customer = newCustomer({
      // A residential customer has no business name, only the person's (spec example "Walkin Customer").
      business_name: person ? null : seed.name,
      // A business carries a person's name too; the first contact's is a realistic choice.
      firstname: person ? (seed.firstName ?? split.first) : (seed.firstName ?? primary?.firstName ?? null),
      lastname: person ? (seed.lastName ?? split.last) : (seed.lastName ?? primary?.lastName ?? null),
      email: seed.email ?? null,
      phone: seed.phone ?? null,
      address: seed.address ?? null,
      city: seed.city ?? null,
      state: seed.state ?? null,
      zip: seed.zip ?? null,
      notes: seed.notes ?? null,
      // Custom field values are strings in properties, keyed by the field's name.
      properties: Object.fromEntries(Object.entries(seed.customFields ?? {}).map(([k, v]) => [k, String(v)])),
    });
    for (const c of seed.contacts ?? []) seedContact(customer.id, c);
    return customer.id;
  };

  for (const seed of options.seed?.customers ?? []) seedCustomer(seed);
  if (options.generate) for (const seed of generateCustomers(options.generate)) seedCustomer(seed);
  for (const extra of options.seed?.contacts ?? []) {
    const owner = [...customers.values()].find((c) => c.business_name === extra.customer);
    if (owner) seedContact(owner.id, extra);
  }

  /** 25 a page whatever `per_page` says; a page past the end is an empty array, not an error. */
  const paged = <T>(
    request: FakeRequest,
    all: T[],
    key: string,
    meta: 'full' | 'pages' | 'none' = 'full',
  ): FakeResponse => {
    const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
    const items = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const totalPages = Math.ceil(all.length / PAGE_SIZE);
    // customers/contacts: {total_pages, total_entries, per_page, page}; tickets: {total_pages, page}; the assets
    // example has no meta at all.
    if (meta === 'none') return { status: 200, json: { [key]: items } };
    if (meta === 'pages')
      return { status: 200, json: { [key]: items, meta: { total_pages: totalPages, page } } };
    return {
      status: 200,
      json: {
        [key]: items,
        meta: { total_pages: totalPages, total_entries: all.length, per_page: PAGE_SIZE, page },
      },
    };
  };

  const idParam = (request: FakeRequest): number | undefined => {
    const raw = request.params.id ?? '';
    return /^\d+$/.test(raw) ? Number(raw) : undefined;
  };

  /** Required-permission names as the spec lists them; a denied one answers Syncro's 401. */
  const guard =
    (permission: string, handler: (r: FakeRequest) => FakeResponse): ((r: FakeRequest) => FakeResponse) =>
    (r) =>
      denied.has(permission)
        ? {
            status: 401,
            json: { error: 'Not authorized. Please ask account admin to update your group permissions.' },
          }
        : handler(r);

  /** [INFERRED] Syncro needs some name on a customer (a business's or a person's); messages follow Rails. */
  const customerInvalid = (record: Record<string, unknown>): string[] => {
    const problems: string[] = [];
    if (blank(record.business_name) && blank(record.firstname) && blank(record.lastname)) {
      problems.push("Business name can't be blank");
    }
    const email = str(record.email);
    if (email && !EMAIL.test(email)) problems.push('Email is not an email');
    return problems;
  };

  const contactRecord = (contact: Partial<SyncroWireContact>) => ({
    id: null,
    account_id: ACCOUNT_ID,
    processed_phone: contact.phone?.replace(/\D/g, '') ?? null,
    processed_mobile: contact.mobile?.replace(/\D/g, '') ?? null,
    ...contact,
  });

  const contactsOf = (customerId: number) =>
    [...contacts.values()].filter((c) => c.customer_id === customerId).sort((a, b) => a.id - b.id);

  /** Customers embed their contacts, in lists and in GET /customers/{id} (spec examples: `"contacts": []`). */
  const withContacts = (c: SyncroWireCustomer) => ({ ...c, contacts: contactsOf(c.id) });

  /**
   * A hard delete (404 afterwards: live test 10). The spec says only "Customer was deleted from the system"; that
   * its contacts, tickets and assets go with it is [INFERRED], and the client must not rely on it either way.
   */
  const removeCustomer = (id: number): boolean => {
    if (!customers.delete(id)) return false;
    for (const [cid, c] of contacts) if (c.customer_id === id) contacts.delete(cid);
    for (const [tid, t] of tickets) if (t.customer_id === id) tickets.delete(tid);
    for (const [aid, a] of assets) if (a.customer_id === id) assets.delete(aid);
    return true;
  };

  const matchesQuery = (
    haystack: Array<string | null | undefined>,
    phones: Array<string | null>,
    q: string,
  ) => {
    const needle = q.toLowerCase();
    const digits = digitsOf(q);
    return (
      haystack.some((h) => (h ?? '').toLowerCase().includes(needle)) ||
      (digits.length >= 4 &&
        digits === q.replace(/[\s()+.-]/g, '') &&
        phones.some((p) => digitsOf(p).includes(digits)))
    );
  };

  const me = () => {
    const customerRead = !denied.has('Customers - View Detail') && !denied.has('Customers - List/Search');
    return {
      // GET /me, the spec's example fields.
      user_token: '3746f72b-9852-4d1a-84e9-eedb5c50abcd',
      user_email: 'admin@fakemsp.example',
      user_name: 'Fake Admin',
      user_id: 1,
      admin: denied.size === 0,
      can_use_app: true,
      two_factor_required: false,
      subdomain,
      default_location: null,
      enable_multi_locations: false,
      locations_allowed: [],
      permissions: {
        asset: { read: !denied.has('Assets - List/Search'), write: true, delete: true },
        customer: {
          read: customerRead,
          write: !denied.has('Customers - Edit'),
          delete: !denied.has('Customers - Delete'),
        },
        ticket: { read: !denied.has('Tickets - List/Search'), write: true, delete: true },
        invoice: { read: true, write: true, delete: true },
        payment: { read: true, write: true, delete: true },
        worksheet: { add: true, manage: true, delete: true },
        script: { execute: true },
      },
    };
  };

  const settings = () => {
    const fields = fieldSeeds.map((f, i) => ({
      // [INFERRED] entry shape: the example's list is empty.
      id: i + 1,
      name: f.name,
      field_type: FIELD_TYPES[f.type],
      required: f.required === true,
      position: i + 1,
    }));
    const answers = fieldSeeds.flatMap((f, i) =>
      (f.options ?? []).map((value, j) => ({ id: (i + 1) * 100 + j, customer_field_id: i + 1, value })),
    );
    return {
      customers: { required_fields: null, customer_fields: fields, customer_field_answers: answers },
      assets: { asset_types: [], asset_type_fields: [], asset_type_field_answers: [] },
      locale: {
        iso_code: 'en',
        currency_symbol: '$',
        date_format: 'mm-dd-yy',
        time_format: 'hh:mm tt',
        time_zone: 'America/Los_Angeles',
        time_offset: '-08:00',
      },
    };
  };

  const addTickets = (customerId: number, count: number, status?: string) => {
    const customer = customers.get(customerId);
    for (let i = 0; i < count; i++) {
      const id = nextTicketId++;
      const stamp = now();
      tickets.set(id, {
        id,
        number: id - 400000,
        subject: `Email not syncing #${i + 1}`,
        // Spread over open statuses the spec names.
        status: status ?? (['New', 'In Progress', 'Waiting on Customer'][i % 3] as string),
        customer_id: customerId,
        customer_business_then_name: customer?.business_then_name ?? '',
        created_at: stamp,
        updated_at: stamp,
      });
    }
  };

  const addAssets = (customerId: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const id = nextAssetId++;
      const stamp = now();
      assets.set(id, {
        id,
        name: `LAPTOP-${String(id).slice(-4)}`,
        customer_id: customerId,
        contact_id: null,
        asset_type: 'Syncro Device',
        asset_serial: `SN${id}`,
        properties: {},
        created_at: stamp,
        updated_at: stamp,
      });
    }
  };

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/api/v1/customers',
      handler: guard('Customers - List/Search', (r) => {
        const query = r.query.query?.trim();
        const like = (field: 'firstname' | 'lastname' | 'business_name') => {
          const v = r.query[field]?.toLowerCase();
          return (c: SyncroWireCustomer) => !v || (c[field] ?? '').toLowerCase().includes(v);
        };
        const email = r.query.email?.toLowerCase();
        const includeDisabled = r.query.include_disabled === 'true';
        const order = sorter(r.query.sort) ?? ((a: SyncroWireCustomer, b: SyncroWireCustomer) => a.id - b.id);
        const all = [...customers.values()]
          .filter((c) => includeDisabled || !c.disabled)
          .filter(
            (c) =>
              !query ||
              matchesQuery(
                [c.business_name, c.fullname, c.firstname, c.lastname, c.email],
                [c.phone, c.mobile],
                query,
              ),
          )
          .filter(like('business_name'))
          .filter(like('firstname'))
          .filter(like('lastname'))
          // `email` has no description in the spec: an exact (case-insensitive) match is [INFERRED].
          .filter((c) => !email || (c.email ?? '').toLowerCase() === email)
          .sort(order)
          .map(withContacts);
        return paged(r, all, 'customers');
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/customers/:id',
      handler: guard('Customers - View Detail', (r) => {
        const id = idParam(r);
        const customer = id === undefined ? undefined : customers.get(id);
        if (!customer) return NOT_FOUND;
        return { status: 200, json: { customer: withContacts(customer) } };
      }),
    },
    {
      method: 'POST',
      pattern: '/api/v1/customers',
      handler: guard('Customers - Create', (r) => {
        const input = pick(r.body, CUSTOMER_INPUT);
        const problems = customerInvalid(input);
        if (problems.length > 0)
          return { status: 422, json: { success: false, message: problems, params: r.body ?? {} } };
        const properties = pick(r.body, ['properties']).properties;
        const customer = newCustomer({
          ...input,
          properties: typeof properties === 'object' && properties !== null ? { ...properties } : {},
        });
        // Create answers 200 (not 201) with the full record, wrapped.
        return { status: 200, json: { customer: withContacts(customer) } };
      }),
    },
    {
      method: 'PUT',
      pattern: '/api/v1/customers/:id',
      handler: guard('Customers - Edit', (r) => {
        const id = idParam(r);
        const customer = id === undefined ? undefined : customers.get(id);
        if (!customer) return NOT_FOUND;
        const input = pick(r.body, CUSTOMER_INPUT);
        const problems = customerInvalid({ ...customer, ...input });
        // The PUT example of a 422 has no params.
        if (problems.length > 0) return { status: 422, json: { success: false, message: problems } };
        const properties = pick(r.body, ['properties']).properties;
        // Partial PUT keeps what is not sent (live test 10: "boolean fields preserved correctly").
        Object.assign(customer, input, { updated_at: now() });
        if (typeof properties === 'object' && properties !== null) {
          // [INFERRED] properties merge key by key (the client sends them all anyway).
          customer.properties = { ...customer.properties, ...properties };
        }
        withNames(customer);
        return { status: 200, json: { customer: withContacts(customer) } };
      }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/customers/:id',
      handler: guard('Customers - Delete', (r) => {
        const id = idParam(r);
        // Hard delete: 404 afterwards (live test 10).
        if (id === undefined || !removeCustomer(id)) return NOT_FOUND;
        return { status: 200, json: { message: 'Customer was deleted from the system.' } };
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/contacts',
      // "Required permission: Customers - View Detail".
      handler: guard('Customers - View Detail', (r) => {
        const customerId = r.query.customer_id;
        const all = [...contacts.values()]
          .filter((c) => !customerId || String(c.customer_id) === customerId)
          .sort((a, b) => a.id - b.id);
        return paged(r, all, 'contacts');
      }),
    },
    {
      method: 'POST',
      pattern: '/api/v1/contacts',
      handler: guard('Customers - Edit', (r) => {
        const input = pick(r.body, CONTACT_INPUT);
        const rawCustomer = pick(r.body, ['customer_id']).customer_id;
        if (rawCustomer === undefined || rawCustomer === null || rawCustomer === '') {
          return {
            status: 422,
            json: { record: contactRecord(input), errors: { customer_id: ["can't be blank"] } },
          };
        }
        const owner = customers.get(Number(rawCustomer));
        if (!owner) return NOT_FOUND;
        const email = str(input.email);
        if (email && !EMAIL.test(email)) {
          return {
            status: 422,
            json: {
              record: contactRecord({ ...input, customer_id: owner.id }),
              errors: 'Email is not an email',
            },
          };
        }
        const contact = newContact(owner.id, input);
        // Bare contact, 200.
        return { status: 200, json: contact };
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/contacts/:id',
      handler: guard('Customers - View Detail', (r) => {
        const id = idParam(r);
        const contact = id === undefined ? undefined : contacts.get(id);
        return contact ? { status: 200, json: contact } : NOT_FOUND;
      }),
    },
    {
      method: 'PUT',
      pattern: '/api/v1/contacts/:id',
      handler: guard('Customers - Edit', (r) => {
        const id = idParam(r);
        const contact = id === undefined ? undefined : contacts.get(id);
        if (!contact) return NOT_FOUND;
        const input = pick(r.body, [...CONTACT_INPUT, 'customer_id']);
        // The spec marks `name` required on PUT; the fake accepts a PUT without it as "unchanged" (the live test
        // changed only name and notes; whether Syncro insists is unverified) and refuses a blank one.
        if ('name' in input && blank(input.name)) {
          return {
            status: 422,
            json: { record: contactRecord({ ...contact, ...input }), errors: { name: ["can't be blank"] } },
          };
        }
        const email = str(input.email);
        if (email && !EMAIL.test(email)) {
          return {
            status: 422,
            json: { record: contactRecord({ ...contact, ...input }), errors: ['Email is not an email'] },
          };
        }
        if (input.customer_id !== undefined && !customers.has(Number(input.customer_id))) return NOT_FOUND;
        const { customer_id: newOwner, ...rest } = input;
        Object.assign(contact, rest, { updated_at: now() });
        if (newOwner !== undefined) contact.customer_id = Number(newOwner);
        // `title` is stored in properties.title (live test 4); other properties merge key by key [INFERRED].
        const extra = pick(r.body, ['title', 'properties']);
        if (typeof extra.properties === 'object' && extra.properties !== null) {
          contact.properties = { ...contact.properties, ...(extra.properties as Record<string, unknown>) };
        }
        if ('title' in extra) contact.properties = { ...contact.properties, title: str(extra.title) ?? '' };
        touch(contact.customer_id);
        return { status: 200, json: contact };
      }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/contacts/:id',
      handler: guard('Customers - Edit', (r) => {
        const id = idParam(r);
        const contact = id === undefined ? undefined : contacts.get(id);
        if (id === undefined || !contact) return NOT_FOUND;
        contacts.delete(id);
        touch(contact.customer_id);
        // No example in the spec; the live test saw {success: true}.
        return { status: 200, json: { success: true } };
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/tickets',
      handler: guard('Tickets - List/Search', (r) => {
        const customerId = r.query.customer_id;
        const status = r.query.status?.toLowerCase();
        const all = [...tickets.values()]
          .filter((t) => !customerId || String(t.customer_id) === customerId)
          .filter((t) => {
            if (!status) return true;
            if (status === 'not closed') return !CLOSED_STATUSES.has(t.status.toLowerCase());
            return t.status.toLowerCase() === status;
          })
          .sort((a, b) => b.id - a.id);
        // The tickets example's meta has only total_pages and page.
        return paged(r, all, 'tickets', 'pages');
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/customer_assets',
      handler: guard('Assets - List/Search', (r) => {
        const customerId = r.query.customer_id;
        const all = [...assets.values()]
          .filter((a) => !customerId || String(a.customer_id) === customerId)
          .sort((a, b) => a.id - b.id);
        // The assets example has no meta.
        return paged(r, all, 'assets', 'none');
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/search',
      // Customers, contacts and assets need "Customers - List/Search".
      handler: guard('Customers - List/Search', (r) => {
        const q = r.query.query?.trim() ?? '';
        if (q === '') return { status: 200, json: { quick_result: null, results: [], error: null } };
        const hit = (type: string, index: string, id: number, source: Record<string, unknown>) => ({
          table: { _id: id, _type: type, _index: index, _source: { table: source } },
        });
        const results = [
          ...[...customers.values()]
            .filter((c) => matchesQuery([c.business_name, c.fullname, c.email], [c.phone, c.mobile], q))
            .map((c) =>
              hit('customer', 'customers', c.id, {
                firstname: c.firstname,
                lastname: c.lastname,
                email: c.email,
                business_name: c.business_name,
                phones: [],
              }),
            ),
          // [INFERRED] a contact's source: the fields of the record (the example shows a customer's only).
          ...[...contacts.values()]
            .filter((c) => matchesQuery([c.name, c.email], [c.phone, c.mobile], q))
            .map((c) => hit('contact', 'contacts', c.id, { ...c })),
          ...[...assets.values()]
            .filter((a) => matchesQuery([a.name, a.asset_serial], [], q))
            .map((a) => hit('asset', 'assets', a.id, { name: a.name, customer_id: a.customer_id })),
        ];
        return { status: 200, json: { quick_result: null, results, error: null } };
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/settings',
      handler: guard('Settings', () => ({ status: 200, json: settings() })),
    },
    {
      method: 'GET',
      pattern: '/api/v1/me',
      handler: () => ({ status: 200, json: me() }),
    },
  ];

  const server = await startVendorServer({
    routes,
    latencyMs: options.latencyMs,
    rateLimit: options.rateLimit,
    authorize: (r) => {
      // Bearer (the norm), a raw token (seen in scripts) and ?api_key= (n8n) all work.
      const header = r.headers.authorization;
      const ok = header === `Bearer ${apiKey}` || header === apiKey || r.query.api_key === apiKey;
      return ok ? undefined : { status: 401, json: { error: 'Not authorized. Invalid API token.' } };
    },
    notFound: () => NOT_FOUND,
  });

  return {
    url: server.url,
    apiKey,
    requests: server.requests,
    clearRequests: server.clearRequests,
    inject: server.inject,
    clearFaults: server.clearFaults,
    setLatency: server.setLatency,
    setRateLimit: server.setRateLimit,
    denyPermission: (permission) => {
      denied.add(permission);
    },
    allowAll: () => denied.clear(),
    customers: () => [...customers.values()].sort((a, b) => a.id - b.id),
    contacts: () => [...contacts.values()].sort((a, b) => a.id - b.id),
    customer: (id) => customers.get(id),
    contact: (id) => contacts.get(id),
    addCustomer: seedCustomer,
    renameCustomer: (id, name) => {
      const customer = customers.get(id);
      if (!customer) return;
      if (customer.business_name?.trim()) customer.business_name = name;
      else {
        const split = splitPerson(name);
        customer.firstname = split.first;
        customer.lastname = split.last;
      }
      customer.updated_at = now();
      withNames(customer);
    },
    removeCustomer: (id) => {
      removeCustomer(id);
    },
    addTickets,
    addAssets,
    close: server.close,
  };
}

/** The fake Syncro behind the vendor-neutral FakeVendor controls (test/fakes/fake-vendor.ts). */
export async function startFakeSyncroVendor(options: FakeVendorOptions = {}): Promise<FakeVendor> {
  const fake = await startFakeSyncro({
    seed: { customers: options.seed?.customers, customFields: options.seed?.customFields },
    generate: options.generate,
    latencyMs: options.latencyMs,
    rateLimit: options.rateLimit,
  });
  return fakeVendorOf(fake);
}

/** A running fake Syncro behind the vendor-neutral FakeVendor controls. */
export function fakeVendorOf(fake: FakeSyncro): FakeVendor {
  const numeric = (id: string) => (/^\d+$/.test(id) ? Number(id) : -1);
  const nameOf = (c: SyncroWireCustomer) => (c.business_name?.trim() ? c.business_name : c.fullname);
  return {
    name: 'syncro',
    url: fake.url,
    env: { VENDOR: 'syncro', SYNCRO_API_KEY: fake.apiKey, SYNCRO_BASE_URL: fake.url },
    secrets: [fake.apiKey],
    requests: fake.requests,
    clearRequests: fake.clearRequests,
    inject: fake.inject,
    // A 422 as the swagger's POST /contacts example: `{success: false, message: [...]}`.
    refuseNextContact: () =>
      fake.inject({
        method: 'POST',
        path: '/api/v1/contacts',
        status: 422,
        body: JSON.stringify({ success: false, message: ['Email is invalid'] }),
        times: 1,
      }),
    clearFaults: fake.clearFaults,
    setLatency: fake.setLatency,
    setRateLimit: fake.setRateLimit,
    // Syncro's list order (by id); a disabled customer is kept but not live.
    customerList: () =>
      fake.customers().map((c) => ({ id: String(c.id), name: nameOf(c), active: !c.disabled })),
    customerIdByName: (name) => {
      const found = fake.customers().find((c) => nameOf(c) === name);
      return found ? String(found.id) : undefined;
    },
    contactEmailsOf: (customerId) =>
      fake
        .contacts()
        .filter((c) => String(c.customer_id) === customerId)
        .map((c) => (c.email ?? '').toLowerCase()),
    customValuesOf: (customerId) => ({ ...(fake.customer(numeric(customerId))?.properties ?? {}) }),
    renameCustomer: (id, name) => fake.renameCustomer(numeric(id), name),
    removeCustomer: (id) => fake.removeCustomer(numeric(id)),
    addCustomer: (seed) => String(fake.addCustomer(seed)),
    addOpenTickets: (customerId, count) => fake.addTickets(numeric(customerId), count),
    addDevices: (customerId, count) => fake.addAssets(numeric(customerId), count),
    // The customer page in Syncro's web app: https://{subdomain}.syncromsp.com/customers/{id}, the path user scripts
    // inside the app match (texomans/Syncro-TamperMonkey) [CODE]; the API returns no links.
    customerPageUrl: (id) => `${fake.url}/customers/${id}`,
    close: fake.close,
  };
}
