// A fake Atera API v3 over real HTTP, built from the vendor reference (not from the client's code).
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

/** CustomerDto as Atera sends it (every field present, nullable). */
export interface AteraWireCustomer {
  CustomerID: number;
  CustomerName: string | null;
  CreatedOn: string | null;
  LastModified: string | null;
  BusinessNumber: string | null;
  Domain: string | null;
  Address: string | null;
  City: string | null;
  State: string | null;
  Country: string | null;
  Phone: string | null;
  Fax: string | null;
  Notes: string | null;
  Logo: string | null;
  Links: string | null;
  Longitude: number | null;
  Latitude: number | null;
  ZipCodeStr: string | null;
}

/** ContactDto as Atera sends it. */
export interface AteraWireContact {
  EndUserID: number;
  CustomerID: number | null;
  CustomerName: string | null;
  Firstname: string | null;
  Lastname: string | null;
  JobTitle: string | null;
  Email: string | null;
  Phone: string | null;
  MobilePhone: string | null;
  IsContactPerson: boolean | null;
  InIgnoreMode: boolean | null;
  CreatedOn: string | null;
  LastModified: string | null;
  Archived: boolean | null;
  DepartmentID: number | null;
  DepartmentName: string | null;
  DefaultAgentId: number | null;
}

export interface AteraWireCustomField {
  Name: string;
  DataType: 'Text' | 'Boolean' | 'Numeric' | 'Date' | 'Options' | 'OptionsWithDependencies';
  Target: string;
  PossibleValues: Array<{ Value: string; Text: string; ParentName: string | null }> | null;
  ParentAttributeName: string | null;
}

export interface AteraFakeSeed {
  customers?: FakeCustomerSeed[];
  /** Extra contacts attached to a seeded customer by name. */
  contacts?: Array<FakeContactSeed & { customer: string }>;
  /** Customer custom field definitions; default: the generator's fields. */
  customFields?: FakeCustomFieldSeed[];
}

export interface StartFakeAteraOptions {
  apiKey?: string;
  seed?: AteraFakeSeed;
  generate?: { customers: number; contactsPerCustomer?: number | [number, number]; seed?: number };
  latencyMs?: number;
  rateLimit?: RateLimit;
}

export interface FakeAtera {
  url: string;
  apiKey: string;
  requests(method?: string, pathPrefix?: string): RecordedRequest[];
  clearRequests(): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setRateLimit(limit: RateLimit | null): void;
  /** Live wire records, sorted by id. */
  customers(): AteraWireCustomer[];
  contacts(): AteraWireContact[];
  customer(id: number): AteraWireCustomer | undefined;
  contact(id: number): AteraWireContact | undefined;
  /** A customer's stored custom values (field name -> string as written). */
  customValues(customerId: number): Record<string, string>;
  customFields(): AteraWireCustomField[];
  close(): Promise<void>;
}

const MAX_PAGE = 50;
const DEFAULT_PAGE = 20;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const CUSTOMER_FIELDS = [
  'CustomerName',
  'BusinessNumber',
  'Domain',
  'Address',
  'City',
  'State',
  'Country',
  'Phone',
  'Fax',
  'Notes',
  'Links',
  'Longitude',
  'Latitude',
  'ZipCodeStr',
] as const;
const CONTACT_CREATE_FIELDS = [
  'CustomerID',
  'CustomerName',
  'Firstname',
  'Lastname',
  'JobTitle',
  'Email',
  'Phone',
  'MobilePhone',
  'IsContactPerson',
  'InIgnoreMode',
  'DepartmentID',
  'DepartmentName',
  'DefaultAgentId',
] as const;
// UpdateContactRequest: no Email.
const CONTACT_UPDATE_FIELDS = [...CONTACT_CREATE_FIELDS.filter((f) => f !== 'Email'), 'Archived'] as const;

const DATA_TYPES: Record<FakeCustomFieldSeed['type'], AteraWireCustomField['DataType']> = {
  text: 'Text',
  number: 'Numeric',
  date: 'Date',
  boolean: 'Boolean',
  options: 'Options',
};

function stamp(): string {
  // Atera timestamps carry no offset (account time zone).
  return new Date().toISOString().slice(0, 19);
}

function problem(status: number, title: string, errors?: Record<string, string[]>): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    json: {
      type:
        status === 404
          ? 'https://tools.ietf.org/html/rfc7231#section-6.5.4'
          : 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
      title,
      status,
      detail: null,
      instance: null,
      ...(errors ? { errors } : {}),
    },
  };
}

/** ASP.NET binds JSON properties case-insensitively (PSAtera sends FirstName): canonicalise the keys. */
function bind(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return out;
  const byLower = new Map(allowed.map((k) => [k.toLowerCase(), k]));
  for (const [key, value] of Object.entries(body)) {
    const canonical = byLower.get(key.toLowerCase());
    if (canonical) out[canonical] = value;
  }
  return out;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : v === null || v === undefined ? null : String(v);

export async function startFakeAtera(options: StartFakeAteraOptions = {}): Promise<FakeAtera> {
  const apiKey = options.apiKey ?? 'atera-test-key-0123456789abcdef';
  const customers = new Map<number, AteraWireCustomer>();
  const contacts = new Map<number, AteraWireContact>();
  const values = new Map<number, Map<string, string>>();
  let nextCustomerId = 1001;
  let nextContactId = 50001;
  const definitions: AteraWireCustomField[] = (
    options.seed?.customFields ?? [...GENERATED_CUSTOM_FIELDS]
  ).map((f) => ({
    Name: f.name,
    DataType: DATA_TYPES[f.type],
    Target: 'Customer',
    PossibleValues: f.options?.map((o) => ({ Value: o, Text: o, ParentName: null })) ?? null,
    ParentAttributeName: null,
  }));
  // A definition for another target: the client must not offer it as a customer field.
  definitions.push({
    Name: 'Ticket Source',
    DataType: 'Text',
    Target: 'Ticket',
    PossibleValues: null,
    ParentAttributeName: null,
  });

  const addContact = (customer: AteraWireCustomer, c: FakeContactSeed) => {
    const id = nextContactId++;
    contacts.set(id, {
      EndUserID: id,
      CustomerID: customer.CustomerID,
      CustomerName: customer.CustomerName,
      Firstname: c.firstName,
      Lastname: c.lastName,
      JobTitle: c.title ?? null,
      Email: c.email,
      Phone: c.phone ?? null,
      MobilePhone: c.mobile ?? null,
      IsContactPerson: c.isPrimary ?? false,
      InIgnoreMode: false,
      CreatedOn: stamp(),
      LastModified: stamp(),
      Archived: false,
      DepartmentID: null,
      DepartmentName: null,
      DefaultAgentId: null,
    });
  };

  const seedCustomer = (seed: FakeCustomerSeed) => {
    const id = nextCustomerId++;
    const customer: AteraWireCustomer = {
      CustomerID: id,
      CustomerName: seed.name,
      CreatedOn: stamp(),
      LastModified: stamp(),
      BusinessNumber: null,
      Domain: seed.domain ?? null,
      Address: seed.address ?? null,
      City: seed.city ?? null,
      State: seed.state ?? null,
      Country: seed.country ?? null,
      Phone: seed.phone ?? null,
      Fax: null,
      Notes: seed.notes ?? null,
      Logo: null,
      Links: null,
      Longitude: null,
      Latitude: null,
      ZipCodeStr: seed.zip ?? null,
    };
    customers.set(id, customer);
    for (const c of seed.contacts ?? []) addContact(customer, c);
    const known = new Set(definitions.map((d) => d.Name));
    const stored = new Map<string, string>();
    for (const [name, value] of Object.entries(seed.customFields ?? {})) {
      if (known.has(name)) stored.set(name, String(value));
    }
    values.set(id, stored);
  };

  for (const seed of options.seed?.customers ?? []) seedCustomer(seed);
  if (options.generate) {
    for (const seed of generateCustomers(options.generate)) seedCustomer(seed);
  }
  for (const extra of options.seed?.contacts ?? []) {
    const owner = [...customers.values()].find((c) => c.CustomerName === extra.customer);
    if (owner) addContact(owner, extra);
  }

  let baseUrl = '';

  /** Atera's *DtoPagedResult, newest first (Creation order, EndUserId desc per spec). */
  const paged = <T>(request: FakeRequest, all: T[], path: string): FakeResponse => {
    const page = Math.max(1, Number.parseInt(request.queryParam('page') ?? '1', 10) || 1);
    const requested = Number.parseInt(request.queryParam('itemsInPage') ?? String(DEFAULT_PAGE), 10);
    const size = Math.min(MAX_PAGE, Math.max(1, Number.isNaN(requested) ? DEFAULT_PAGE : requested));
    const totalPages = Math.ceil(all.length / size);
    const items = all.slice((page - 1) * size, page * size);
    const link = (p: number) => `${baseUrl}${path}?page=${p}&itemsInPage=${size}`;
    return {
      status: 200,
      json: {
        items,
        page,
        itemsInPage: size,
        totalItemCount: all.length,
        totalPages,
        prevLink: page > 1 ? link(page - 1) : null,
        // PSAtera stops on nextLink -eq "": the last page has an empty string, not null.
        nextLink: page < totalPages ? link(page + 1) : '',
      },
    };
  };

  const idParam = (request: FakeRequest, name: string): number | undefined => {
    const raw = request.params[name] ?? '';
    return /^\d+$/.test(raw) ? Number(raw) : undefined;
  };

  const customValueDto = (customerId: number, definition: AteraWireCustomField, value: string) => {
    const numeric = definition.DataType === 'Numeric' && value !== '' ? Number(value) : null;
    const bool = definition.DataType === 'Boolean' && value !== '' ? value.toLowerCase() === 'true' : null;
    const date = definition.DataType === 'Date' && value !== '' ? value : null;
    const option = definition.PossibleValues?.find((o) => o.Value === value || o.Text === value);
    return {
      ItemId: customerId,
      Id: `00000000-0000-4000-8000-${String(customerId).padStart(12, '0')}`,
      FieldName: definition.Name,
      ValueAsString: value,
      ValueAsDecimal: numeric,
      ValueAsDateTime: date,
      ValueAsBool: bool,
      OptionId: option ? `00000000-0000-4000-9000-${String(option.Value.length).padStart(12, '0')}` : null,
    };
  };

  const checkValue = (definition: AteraWireCustomField, value: string): string | undefined => {
    if (value === '') return undefined;
    switch (definition.DataType) {
      case 'Numeric':
        return Number.isFinite(Number(value)) ? undefined : `'${value}' is not a number.`;
      case 'Boolean':
        return /^(true|false)$/i.test(value) ? undefined : `'${value}' is not a boolean.`;
      case 'Date':
        return Number.isNaN(Date.parse(value)) ? `'${value}' is not a date.` : undefined;
      case 'Options':
      case 'OptionsWithDependencies':
        return definition.PossibleValues?.some((o) => o.Value === value || o.Text === value)
          ? undefined
          : `'${value}' is not one of the field's options.`;
      default:
        return undefined;
    }
  };

  const updateCustomer = (request: FakeRequest): FakeResponse => {
    const id = idParam(request, 'id');
    const customer = id === undefined ? undefined : customers.get(id);
    if (!customer) return problem(404, 'Not Found');
    const patch = bind(request.body, CUSTOMER_FIELDS);
    if ('CustomerName' in patch && !str(patch.CustomerName)?.trim()) {
      return problem(400, 'One or more validation errors occurred.', {
        CustomerName: ['The CustomerName field is required.'],
      });
    }
    Object.assign(customer, patch, { LastModified: stamp() });
    if ('CustomerName' in patch) {
      for (const c of contacts.values())
        if (c.CustomerID === customer.CustomerID) c.CustomerName = customer.CustomerName;
    }
    return { status: 200, json: { ActionID: String(customer.CustomerID) } };
  };

  const updateContact = (request: FakeRequest): FakeResponse => {
    const id = idParam(request, 'id');
    const contact = id === undefined ? undefined : contacts.get(id);
    if (!contact) return problem(404, 'Not Found');
    // Email is not part of UpdateContactRequest: model binding simply ignores it.
    const patch = bind(request.body, CONTACT_UPDATE_FIELDS);
    if (patch.CustomerID !== undefined) {
      const owner = customers.get(Number(patch.CustomerID));
      if (!owner)
        return problem(400, 'One or more validation errors occurred.', {
          CustomerID: ['Customer not found.'],
        });
      patch.CustomerName = owner.CustomerName;
    }
    Object.assign(contact, patch, { LastModified: stamp() });
    return { status: 200, json: { ActionID: String(contact.EndUserID) } };
  };

  const setValue = (request: FakeRequest): FakeResponse => {
    const id = idParam(request, 'id');
    if (id === undefined || !customers.has(id)) return problem(404, 'Not Found');
    const definition = definitions.find((d) => d.Target === 'Customer' && d.Name === request.params.field);
    if (!definition) return problem(400, `Custom field '${request.params.field}' was not found.`);
    const body = bind(request.body, ['Value']);
    const value = str(body.Value) ?? '';
    const complaint = checkValue(definition, value);
    if (complaint) return problem(400, 'One or more validation errors occurred.', { Value: [complaint] });
    const stored = values.get(id) ?? new Map<string, string>();
    stored.set(definition.Name, value);
    values.set(id, stored);
    return { status: 200, json: { ActionID: String(id) } };
  };

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/api/v3/customers',
      handler: (r) =>
        paged(
          r,
          [...customers.values()].sort((a, b) => b.CustomerID - a.CustomerID),
          '/api/v3/customers',
        ),
    },
    {
      method: 'POST',
      pattern: '/api/v3/customers',
      handler: (r) => {
        const input = bind(r.body, CUSTOMER_FIELDS);
        if (!str(input.CustomerName)?.trim()) {
          return problem(400, 'One or more validation errors occurred.', {
            CustomerName: ['The CustomerName field is required.'],
          });
        }
        const id = nextCustomerId++;
        const customer: AteraWireCustomer = {
          CustomerID: id,
          CustomerName: null,
          CreatedOn: stamp(),
          LastModified: stamp(),
          BusinessNumber: null,
          Domain: null,
          Address: null,
          City: null,
          State: null,
          Country: null,
          Phone: null,
          Fax: null,
          Notes: null,
          Logo: null,
          Links: null,
          Longitude: null,
          Latitude: null,
          ZipCodeStr: null,
          ...input,
        } as AteraWireCustomer;
        customers.set(id, customer);
        values.set(id, new Map());
        // Create answers 201 with only an action id (the fake uses the new id, as the reference advises).
        return { status: 201, json: { ActionID: String(id) } };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/customers/:id',
      handler: (r) => {
        const id = idParam(r, 'id');
        const customer = id === undefined ? undefined : customers.get(id);
        return customer ? { status: 200, json: customer } : problem(404, 'Not Found');
      },
    },
    { method: 'PUT', pattern: '/api/v3/customers/:id', handler: updateCustomer },
    { method: 'POST', pattern: '/api/v3/customers/:id', handler: updateCustomer },
    {
      method: 'DELETE',
      pattern: '/api/v3/customers/:id',
      handler: (r) => {
        const id = idParam(r, 'id');
        if (id === undefined || !customers.delete(id)) return problem(404, 'Not Found');
        // Cascade is undocumented; the fake removes the customer's contacts and values with it.
        for (const [cid, c] of contacts) if (c.CustomerID === id) contacts.delete(cid);
        values.delete(id);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/contacts',
      handler: (r) => {
        // Email/Phone are "contains" filters; an older client sends searchOptions.email/phone.
        const email = (r.queryParam('Email') ?? r.queryParam('searchOptions.email'))?.toLowerCase();
        const phone = r.queryParam('Phone') ?? r.queryParam('searchOptions.phone');
        const all = [...contacts.values()]
          .filter((c) => !email || (c.Email ?? '').toLowerCase().includes(email))
          .filter((c) => !phone || (c.Phone ?? '').includes(phone) || (c.MobilePhone ?? '').includes(phone))
          .sort((a, b) => b.EndUserID - a.EndUserID);
        return paged(r, all, '/api/v3/contacts');
      },
    },
    {
      method: 'POST',
      pattern: '/api/v3/contacts',
      handler: (r) => {
        const input = bind(r.body, CONTACT_CREATE_FIELDS);
        const errors: Record<string, string[]> = {};
        const email = str(input.Email);
        if (!email) errors.Email = ['The Email field is required.'];
        // [INFERRED] format check, as an [EmailAddress] attribute would do.
        else if (!EMAIL.test(email)) errors.Email = ['The Email field is not a valid e-mail address.'];
        let owner: AteraWireCustomer | undefined;
        if (input.CustomerID !== undefined && input.CustomerID !== null)
          owner = customers.get(Number(input.CustomerID));
        else if (str(input.CustomerName))
          owner = [...customers.values()].find((c) => c.CustomerName === input.CustomerName);
        if (!owner) errors.CustomerID = ['Requires the ID or the name of an existing customer.'];
        if (Object.keys(errors).length > 0 || !owner) {
          return problem(400, 'One or more validation errors occurred.', errors);
        }
        const id = nextContactId++;
        contacts.set(id, {
          EndUserID: id,
          CustomerID: owner.CustomerID,
          CustomerName: owner.CustomerName,
          Firstname: str(input.Firstname),
          Lastname: str(input.Lastname),
          JobTitle: str(input.JobTitle),
          Email: email,
          Phone: str(input.Phone),
          MobilePhone: str(input.MobilePhone),
          IsContactPerson: input.IsContactPerson === true,
          InIgnoreMode: input.InIgnoreMode === true,
          CreatedOn: stamp(),
          LastModified: stamp(),
          Archived: false,
          DepartmentID: null,
          DepartmentName: null,
          DefaultAgentId: null,
        });
        return { status: 201, json: { ActionID: String(id) } };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/contacts/:id',
      handler: (r) => {
        const id = idParam(r, 'id');
        const contact = id === undefined ? undefined : contacts.get(id);
        return contact ? { status: 200, json: contact } : problem(404, 'Not Found');
      },
    },
    { method: 'PUT', pattern: '/api/v3/contacts/:id', handler: updateContact },
    { method: 'POST', pattern: '/api/v3/contacts/:id', handler: updateContact },
    {
      method: 'DELETE',
      pattern: '/api/v3/contacts/:id',
      handler: (r) => {
        const id = idParam(r, 'id');
        if (id === undefined || !contacts.delete(id)) return problem(404, 'Not Found');
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/customvalues/customfields',
      handler: () => ({ status: 200, json: definitions }),
    },
    {
      method: 'GET',
      pattern: '/api/v3/customvalues/customerfields/:id',
      handler: (r) => {
        const id = idParam(r, 'id');
        if (id === undefined || !customers.has(id)) return problem(404, 'Not Found');
        const stored = values.get(id) ?? new Map<string, string>();
        const out = definitions
          .filter((d) => d.Target === 'Customer' && stored.has(d.Name))
          .map((d) => customValueDto(id, d, stored.get(d.Name) ?? ''));
        return { status: 200, json: out };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/customvalues/customerfield/:id/:field',
      handler: (r) => {
        const id = idParam(r, 'id');
        if (id === undefined || !customers.has(id)) return problem(404, 'Not Found');
        const definition = definitions.find((d) => d.Target === 'Customer' && d.Name === r.params.field);
        const value = values.get(id)?.get(r.params.field ?? '');
        // A single field still answers with an array.
        return {
          status: 200,
          json: definition && value !== undefined ? [customValueDto(id, definition, value)] : [],
        };
      },
    },
    { method: 'PUT', pattern: '/api/v3/customvalues/customerfield/:id/:field', handler: setValue },
    { method: 'POST', pattern: '/api/v3/customvalues/customerfield/:id/:field', handler: setValue },
    {
      method: 'GET',
      pattern: '/api/v3/account',
      handler: () => ({
        status: 200,
        json: { AccountID: 'fake-account', CompanyName: 'Fake MSP Ltd', TimeZoneName: 'UTC', Plan: 'Pro' },
      }),
    },
  ];

  const server = await startVendorServer({
    routes,
    latencyMs: options.latencyMs,
    rateLimit: options.rateLimit,
    authorize: (r) => {
      const header = r.headers['x-api-key'];
      const bearer = r.headers.authorization;
      const ok = header === apiKey || bearer === `Bearer ${apiKey}`;
      // Atera's 401 has an empty body and no WWW-Authenticate.
      return ok ? undefined : { status: 401 };
    },
    notFound: () => problem(404, 'Not Found'),
  });
  baseUrl = server.url;

  return {
    url: server.url,
    apiKey,
    requests: server.requests,
    clearRequests: server.clearRequests,
    inject: server.inject,
    clearFaults: server.clearFaults,
    setLatency: server.setLatency,
    setRateLimit: server.setRateLimit,
    customers: () => [...customers.values()].sort((a, b) => a.CustomerID - b.CustomerID),
    contacts: () => [...contacts.values()].sort((a, b) => a.EndUserID - b.EndUserID),
    customer: (id) => customers.get(id),
    contact: (id) => contacts.get(id),
    customValues: (id) => Object.fromEntries(values.get(id) ?? []),
    customFields: () => definitions,
    close: server.close,
  };
}
