// A fake Syncro API v1 over real HTTP, built from the vendor reference (not from the client's code).
import { type FakeContactSeed, type FakeCustomerSeed, generateCustomers } from '../generate.js';
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

export interface SyncroFakeSeed {
  customers?: FakeCustomerSeed[];
  /** Extra contacts attached to a seeded customer by name. */
  contacts?: Array<FakeContactSeed & { customer: string }>;
}

export interface StartFakeSyncroOptions {
  apiKey?: string;
  seed?: SyncroFakeSeed;
  generate?: { customers: number; contactsPerCustomer?: number | [number, number]; seed?: number };
  latencyMs?: number;
  rateLimit?: RateLimit;
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
  /** The token loses a permission ("Customers - View Detail", "Customers - Create", ...): 401 with Syncro's message. */
  denyPermission(permission: string): void;
  allowAll(): void;
  customers(): SyncroWireCustomer[];
  contacts(): SyncroWireContact[];
  customer(id: number): SyncroWireCustomer | undefined;
  contact(id: number): SyncroWireContact | undefined;
  close(): Promise<void>;
}

const DEFAULT_PER_PAGE = 25;
const MAX_PER_PAGE = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ACCOUNT_ID = 1;

const now = () => new Date().toISOString();
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : v === null || v === undefined ? null : String(v);
const blank = (v: unknown) => !str(v)?.trim();

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

const NOT_FOUND: FakeResponse = { status: 404, json: { message: 'Not found' } };

export async function startFakeSyncro(options: StartFakeSyncroOptions = {}): Promise<FakeSyncro> {
  const apiKey = options.apiKey ?? 'syncro-test-token-0123456789abcdef';
  const customers = new Map<number, SyncroWireCustomer>();
  const contacts = new Map<number, SyncroWireContact>();
  const denied = new Set<string>();
  let nextCustomerId = 9001;
  let nextContactId = 70001;

  const newContact = (customerId: number, fields: Record<string, unknown>): SyncroWireContact => {
    const id = nextContactId++;
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
      created_at: now(),
      updated_at: now(),
      vendor_id: null,
      properties: {},
      opt_out: false,
      extension: null,
    };
    Object.assign(contact, fields);
    contacts.set(id, contact);
    return contact;
  };

  const seedContact = (customerId: number, c: FakeContactSeed) => {
    const contact = newContact(customerId, {
      name: `${c.firstName} ${c.lastName}`.trim(),
      email: c.email,
      phone: c.phone ?? null,
      mobile: c.mobile ?? null,
      notes: c.notes ?? null,
    });
    if (c.title) contact.properties.title = c.title;
  };

  const newCustomer = (fields: Record<string, unknown>): SyncroWireCustomer => {
    const id = nextCustomerId++;
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
      created_at: now(),
      updated_at: now(),
    };
    Object.assign(customer, fields);
    customers.set(id, withNames(customer));
    return customer;
  };

  const seedCustomer = (seed: FakeCustomerSeed) => {
    const primary = seed.contacts?.[0];
    const customer = newCustomer({
      business_name: seed.name,
      // A Syncro customer carries a person's name too; the first contact's is a realistic choice.
      firstname: primary?.firstName ?? null,
      lastname: primary?.lastName ?? null,
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
  };

  for (const seed of options.seed?.customers ?? []) seedCustomer(seed);
  if (options.generate) for (const seed of generateCustomers(options.generate)) seedCustomer(seed);
  for (const extra of options.seed?.contacts ?? []) {
    const owner = [...customers.values()].find((c) => c.business_name === extra.customer);
    if (owner) seedContact(owner.id, extra);
  }

  const paged = <T>(request: FakeRequest, all: T[], key: 'customers' | 'contacts'): FakeResponse => {
    const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
    const requested = Number.parseInt(request.query.per_page ?? String(DEFAULT_PER_PAGE), 10);
    const perPage = Math.min(
      MAX_PER_PAGE,
      Math.max(1, Number.isNaN(requested) ? DEFAULT_PER_PAGE : requested),
    );
    // A page past the end is an empty array, not an error.
    const items = all.slice((page - 1) * perPage, page * perPage);
    return {
      status: 200,
      json: {
        [key]: items,
        meta: {
          total_pages: Math.ceil(all.length / perPage),
          total_entries: all.length,
          per_page: perPage,
          page,
        },
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

  const customerInvalid = (input: Record<string, unknown>, requireName: boolean): string[] => {
    const problems: string[] = [];
    if (requireName && blank(input.business_name) && blank(input.firstname) && blank(input.lastname)) {
      // [INFERRED] Syncro needs some name on a customer; the message shape follows Rails.
      problems.push("Business name can't be blank");
    }
    if ('business_name' in input && !requireName && blank(input.business_name)) {
      problems.push("Business name can't be blank");
    }
    const email = str(input.email);
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

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/api/v1/customers',
      handler: guard('Customers - List/Search', (r) => {
        const query = r.query.query?.toLowerCase();
        const businessName = r.query.business_name?.toLowerCase();
        const email = r.query.email?.toLowerCase();
        const includeDisabled = r.query.include_disabled === 'true';
        const all = [...customers.values()]
          .filter((c) => includeDisabled || !c.disabled)
          .filter(
            (c) =>
              !query ||
              [c.business_name, c.fullname, c.email].some((h) => (h ?? '').toLowerCase().includes(query)),
          )
          .filter((c) => !businessName || (c.business_name ?? '').toLowerCase().includes(businessName))
          .filter((c) => !email || (c.email ?? '').toLowerCase() === email)
          .sort((a, b) => a.id - b.id);
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
        const own = [...contacts.values()].filter((c) => c.customer_id === customer.id);
        return { status: 200, json: { customer: { ...customer, contacts: own } } };
      }),
    },
    {
      method: 'POST',
      pattern: '/api/v1/customers',
      handler: guard('Customers - Create', (r) => {
        const input = pick(r.body, CUSTOMER_INPUT);
        const problems = customerInvalid(input, true);
        if (problems.length > 0)
          return { status: 422, json: { success: false, message: problems, params: r.body ?? {} } };
        const properties = pick(r.body, ['properties']).properties;
        const customer = newCustomer({
          ...input,
          properties: typeof properties === 'object' && properties !== null ? { ...properties } : {},
        });
        // Create answers 200 (not 201) with the full record, wrapped.
        return { status: 200, json: { customer: { ...customer, contacts: [] } } };
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
        const problems = customerInvalid(input, false);
        // The PUT example of a 422 has no params.
        if (problems.length > 0) return { status: 422, json: { success: false, message: problems } };
        const properties = pick(r.body, ['properties']).properties;
        Object.assign(customer, input, { updated_at: now() });
        if (typeof properties === 'object' && properties !== null) {
          // [INFERRED] properties merge key by key (the client sends them all anyway).
          customer.properties = { ...customer.properties, ...properties };
        }
        withNames(customer);
        return { status: 200, json: { customer } };
      }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/customers/:id',
      handler: guard('Customers - Delete', (r) => {
        const id = idParam(r);
        // Hard delete: 404 afterwards.
        if (id === undefined || !customers.delete(id)) return NOT_FOUND;
        for (const [cid, c] of contacts) if (c.customer_id === id) contacts.delete(cid);
        return { status: 200, json: { message: 'Customer was deleted from the system.' } };
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/contacts',
      handler: guard('Customers - List/Search', (r) => {
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
        // The spec marks `name` required on PUT.
        if (blank(input.name)) {
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
        const title = pick(r.body, ['title']);
        if ('title' in title) contact.properties = { ...contact.properties, title: str(title.title) ?? '' };
        return { status: 200, json: contact };
      }),
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/contacts/:id',
      handler: guard('Customers - Edit', (r) => {
        const id = idParam(r);
        if (id === undefined || !contacts.delete(id)) return NOT_FOUND;
        return { status: 200, json: { success: true } };
      }),
    },
    {
      method: 'GET',
      pattern: '/api/v1/me',
      // [INFERRED] body: /me is listed in the spec and live-tested, its fields are not documented.
      handler: () => ({
        status: 200,
        json: { user_id: 1, user_name: 'Fake Admin', email: 'admin@fakemsp.example', subdomain: 'fakemsp' },
      }),
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
    close: server.close,
  };
}
