// A fake Atera API v3 over real HTTP, built from Atera's OpenAPI v3 (davejlong/PSAtera:atera-openapi.yaml),
// not from the client's code. Where the spec is silent the choice is marked [INFERRED].
import type { FakeVendor, FakeVendorOptions } from '../fake-vendor.js';
import {
  type FakeContactSeed,
  type FakeCustomerSeed,
  type FakeCustomFieldSeed,
  GENERATED_CONTACT_CUSTOM_FIELDS,
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
  /** Nullable in the spec. */
  Name: string | null;
  DataType: 'Text' | 'Boolean' | 'Numeric' | 'Date' | 'Options' | 'OptionsWithDependencies';
  Target: string;
  PossibleValues: Array<{ Value: string; Text: string; ParentName: string | null }> | null;
  ParentAttributeName: string | null;
}

/** TicketDto, the fields the fake keeps. */
export interface AteraWireTicket {
  TicketID: number;
  TicketTitle: string | null;
  TicketNumber: string | null;
  TicketStatus: string | null;
  CustomerID: number;
  CustomerName: string | null;
  TicketCreatedDate: string | null;
}

/** AgentDto, the fields the fake keeps. */
export interface AteraWireAgent {
  AgentID: number;
  AgentName: string | null;
  MachineName: string | null;
  CustomerID: number | null;
  CustomerName: string | null;
  Online: boolean | null;
  AppViewUrl: string | null;
}

/** ContractDto, the fields the fake keeps. */
export interface AteraWireContract {
  ContractID: number;
  ContractName: string | null;
  CustomerID: number;
  CustomerName: string | null;
  Active: boolean;
  Default: boolean;
  Taxable: boolean;
}

export interface AteraFakeSeed {
  customers?: FakeCustomerSeed[];
  /** Extra contacts attached to a seeded customer by name. */
  contacts?: Array<FakeContactSeed & { customer: string }>;
  /** Custom field definitions (customer ones unless `target` says contact); default: the generator's fields. */
  customFields?: FakeCustomFieldSeed[];
}

export interface StartFakeAteraOptions {
  apiKey?: string;
  seed?: AteraFakeSeed;
  generate?: { customers: number; contactsPerCustomer?: number | [number, number]; seed?: number };
  latencyMs?: number;
  rateLimit?: RateLimit;
  /**
   * The account's time zone (IANA), in which LastModified is kept and FromLastModifiedDate read ("interpreted in
   * the account's configured timezone"). Default America/New_York, so a client that sends UTC is caught.
   */
  timeZone?: string;
  /** What /account reports as TimeZoneName (its format is unspecified); default `timeZone`. */
  timeZoneName?: string | null;
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
  /** A contact's stored custom values. */
  contactValues(contactId: number): Record<string, string>;
  customFields(): AteraWireCustomField[];
  /** Seeds a customer (with its contacts and values) as Atera's web app would; returns its id. */
  addCustomer(seed: FakeCustomerSeed): number;
  /** Changes a customer as the web app would: the record changes and LastModified moves on. */
  renameCustomer(id: number, name: string): void;
  /** Deletes a customer as the web app would (with what the fake removes with it; see DELETE). */
  removeCustomer(id: number): void;
  addTickets(customerId: number, count: number, status?: string): void;
  tickets(): AteraWireTicket[];
  addAgents(customerId: number, count: number): void;
  addContracts(customerId: number, count: number): void;
  /** The account time in which LastModified is written, now. */
  now(): string;
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

/** "yyyy-MM-ddTHH:mm:ss" of `instant` in `timeZone`: Atera's timestamps carry no offset (account time zone). */
function localTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
}

/** FromLastModifiedDate: "yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss ... no timezone offset allowed" (spec). */
function parseFromLastModified(value: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) return value;
  return undefined;
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

/**
 * Every field of UpdateCustomerRequest/UpdateContactRequest is nullable, so a null cannot be told from a field
 * left out: it leaves the field unchanged ([INFERRED]; PSAtera's Set-AteraCustomer sends only the fields given).
 * A field is cleared with "".
 */
function withoutNulls(patch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null && v !== undefined));
}

/** GET-by-id and DELETE declare only 200/204 and 500: a missing record answers a bare 500 ([INFERRED] body). */
const MISSING_500: FakeResponse = { status: 500 };
/** customvalues/* declare "400 Bad Request" without a body. */
const BARE_400: FakeResponse = { status: 400 };

export async function startFakeAtera(options: StartFakeAteraOptions = {}): Promise<FakeAtera> {
  const apiKey = options.apiKey ?? 'atera-test-key-0123456789abcdef';
  const timeZone = options.timeZone ?? 'America/New_York';
  const timeZoneName = options.timeZoneName === undefined ? timeZone : options.timeZoneName;
  const stamp = () => localTime(new Date(), timeZone);
  const customers = new Map<number, AteraWireCustomer>();
  const contacts = new Map<number, AteraWireContact>();
  const values = new Map<number, Map<string, string>>();
  const contactValues = new Map<number, Map<string, string>>();
  const tickets = new Map<number, AteraWireTicket>();
  const agents = new Map<number, AteraWireAgent>();
  const contracts = new Map<number, AteraWireContract>();
  let nextCustomerId = 1001;
  let nextContactId = 50001;
  let nextTicketId = 700001;
  let nextAgentId = 300001;
  let nextContractId = 9001;
  const fieldSeeds = options.seed?.customFields ?? [
    ...GENERATED_CUSTOM_FIELDS,
    ...GENERATED_CONTACT_CUSTOM_FIELDS,
  ];
  const definitions: AteraWireCustomField[] = fieldSeeds.map((f) => ({
    Name: f.name,
    DataType: DATA_TYPES[f.type],
    Target: f.target === 'contact' ? 'Contact' : 'Customer',
    PossibleValues: f.options?.map((o) => ({ Value: o, Text: o, ParentName: null })) ?? null,
    ParentAttributeName: null,
  }));
  // A definition for another target: the client must not offer it as a customer or contact field.
  definitions.push({
    Name: 'Ticket Source',
    DataType: 'Text',
    Target: 'Ticket',
    PossibleValues: null,
    ParentAttributeName: null,
  });
  const definitionOf = (target: 'Customer' | 'Contact', name: string | undefined) =>
    definitions.find((d) => d.Target === target && d.Name === name);

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
      InIgnoreMode: c.ignored ?? false,
      CreatedOn: stamp(),
      LastModified: stamp(),
      Archived: c.archived ?? false,
      DepartmentID: null,
      DepartmentName: null,
      DefaultAgentId: null,
    });
    const stored = new Map<string, string>();
    for (const [name, value] of Object.entries(c.customFields ?? {})) {
      if (definitionOf('Contact', name)) stored.set(name, String(value));
    }
    contactValues.set(id, stored);
  };

  const seedCustomer = (seed: FakeCustomerSeed): number => {
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
    const stored = new Map<string, string>();
    for (const [name, value] of Object.entries(seed.customFields ?? {})) {
      if (definitionOf('Customer', name)) stored.set(name, String(value));
    }
    values.set(id, stored);
    return id;
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

  /** Atera's *DtoPagedResult. */
  const paged = <T>(request: FakeRequest, all: T[], path: string): FakeResponse => {
    const page = Math.max(1, Number.parseInt(request.queryParam('page') ?? '1', 10) || 1);
    const requested = Number.parseInt(request.queryParam('itemsInPage') ?? String(DEFAULT_PAGE), 10);
    // "default is 20, max is 50"
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

  /**
   * FromLastModifiedDate ("modified on or after", account time zone, no offset) and SortBy (CustomerSortBy /
   * ContactSortBy: Creation | LastModified; the contacts text also says "sortBy=1"). Creation order is by id,
   * newest first ("EndUserId descending" for contacts; the fake does the same for customers).
   */
  const changedFilter = <T extends { LastModified: string | null }>(
    request: FakeRequest,
    all: T[],
    idOf: (t: T) => number,
  ): T[] | FakeResponse => {
    const from = request.queryParam('FromLastModifiedDate');
    let out = all;
    if (from !== undefined) {
      const parsed = parseFromLastModified(from);
      if (!parsed) {
        return problem(400, 'One or more validation errors occurred.', {
          FromLastModifiedDate: ['Use yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss, without a time zone offset.'],
        });
      }
      out = out.filter((r) => (r.LastModified ?? '') >= parsed);
    }
    const sortBy = (request.queryParam('SortBy') ?? 'Creation').toLowerCase();
    if (sortBy === 'lastmodified' || sortBy === '1') {
      // [INFERRED] oldest change first; the spec names the order, not its direction.
      return [...out].sort(
        (a, b) => (a.LastModified ?? '').localeCompare(b.LastModified ?? '') || idOf(a) - idOf(b),
      );
    }
    if (sortBy !== 'creation' && sortBy !== '0') {
      return problem(400, 'One or more validation errors occurred.', { SortBy: ['Unknown sort order.'] });
    }
    return [...out].sort((a, b) => idOf(b) - idOf(a));
  };

  const idParam = (request: FakeRequest, name: string): number | undefined => {
    const raw = request.params[name] ?? '';
    return /^\d+$/.test(raw) ? Number(raw) : undefined;
  };

  /**
   * CustomValueDto: ValueAsBool (boolean) and ValueAsDecimal (number) are not nullable, so they are false and 0
   * unless the field is a Boolean or Numeric one. ValueAsString holds the value as written ([INFERRED] for typed
   * fields: SetCustomValueRequest is one string).
   */
  const customValueDto = (itemId: number, definition: AteraWireCustomField, value: string) => {
    const numeric = definition.DataType === 'Numeric' && value !== '' ? Number(value) : 0;
    const bool = definition.DataType === 'Boolean' && value !== '' ? value.toLowerCase() === 'true' : false;
    const date = definition.DataType === 'Date' && value !== '' ? `${value.slice(0, 10)}T00:00:00` : null;
    const option = definition.PossibleValues?.find((o) => o.Value === value || o.Text === value);
    return {
      ItemId: itemId,
      Id: `00000000-0000-4000-8000-${String(itemId).padStart(12, '0')}`,
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

  const touchCustomer = (customer: AteraWireCustomer) => {
    customer.LastModified = stamp();
  };

  const renameCustomer = (customer: AteraWireCustomer, name: string | null) => {
    customer.CustomerName = name;
    for (const c of contacts.values()) if (c.CustomerID === customer.CustomerID) c.CustomerName = name;
  };

  const updateCustomer = (request: FakeRequest): FakeResponse => {
    const id = idParam(request, 'id');
    const customer = id === undefined ? undefined : customers.get(id);
    // PUT/POST /customers/{id} declare 404.
    if (!customer) return problem(404, 'Not Found');
    const patch = withoutNulls(bind(request.body, CUSTOMER_FIELDS));
    if ('CustomerName' in patch && !str(patch.CustomerName)?.trim()) {
      return problem(400, 'One or more validation errors occurred.', {
        CustomerName: ['The CustomerName field is required.'],
      });
    }
    const { CustomerName, ...rest } = patch;
    Object.assign(customer, rest);
    if (CustomerName !== undefined) renameCustomer(customer, str(CustomerName));
    touchCustomer(customer);
    return { status: 200, json: { ActionID: String(customer.CustomerID) } };
  };

  const updateContact = (request: FakeRequest): FakeResponse => {
    const id = idParam(request, 'id');
    const contact = id === undefined ? undefined : contacts.get(id);
    // PUT/POST /contacts/{id} declare 400, 200 and 500 only.
    if (!contact) return MISSING_500;
    // Email is not part of UpdateContactRequest: model binding simply ignores it.
    const patch = withoutNulls(bind(request.body, CONTACT_UPDATE_FIELDS));
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

  /** PUT/POST customvalues/{target}field/{id}/{fieldName}; 400 without a body for anything wrong (spec). */
  const setValue =
    (target: 'Customer' | 'Contact') =>
    (request: FakeRequest): FakeResponse => {
      const id = idParam(request, 'id');
      const exists = id !== undefined && (target === 'Customer' ? customers.has(id) : contacts.has(id));
      if (id === undefined || !exists) return BARE_400;
      const definition = definitionOf(target, request.params.field);
      if (!definition?.Name) return BARE_400;
      const body = bind(request.body, ['Value']);
      const value = str(body.Value) ?? '';
      if (checkValue(definition, value)) return BARE_400;
      const store = target === 'Customer' ? values : contactValues;
      const stored = store.get(id) ?? new Map<string, string>();
      stored.set(definition.Name, value);
      store.set(id, stored);
      if (target === 'Customer') {
        const customer = customers.get(id);
        if (customer) touchCustomer(customer);
      } else {
        const contact = contacts.get(id);
        if (contact) contact.LastModified = stamp();
      }
      return { status: 200, json: { ActionID: String(id) } };
    };

  const getValues =
    (target: 'Customer' | 'Contact') =>
    (request: FakeRequest): FakeResponse => {
      const id = idParam(request, 'id');
      const exists = id !== undefined && (target === 'Customer' ? customers.has(id) : contacts.has(id));
      if (id === undefined || !exists) return BARE_400;
      const stored = (target === 'Customer' ? values : contactValues).get(id) ?? new Map<string, string>();
      const one = request.params.field;
      const out = definitions
        .filter((d) => d.Target === target && d.Name !== null && stored.has(d.Name))
        .filter((d) => one === undefined || d.Name === one)
        .map((d) => customValueDto(id, d, stored.get(d.Name ?? '') ?? ''));
      // A single field still answers with an array.
      return { status: 200, json: out };
    };

  /** Removes a customer. The spec says only "Deletes a specified customer"; the fake also removes its contacts,
   * agents and tickets, as the Atera guide the bot started from claims [SKILL]. */
  const deleteCustomer = (id: number): boolean => {
    if (!customers.delete(id)) return false;
    for (const [cid, c] of contacts) {
      if (c.CustomerID === id) {
        contacts.delete(cid);
        contactValues.delete(cid);
      }
    }
    for (const [tid, t] of tickets) if (t.CustomerID === id) tickets.delete(tid);
    for (const [aid, a] of agents) if (a.CustomerID === id) agents.delete(aid);
    values.delete(id);
    return true;
  };

  const addTickets = (customerId: number, count: number, status?: string) => {
    const customer = customers.get(customerId);
    for (let i = 0; i < count; i++) {
      const id = nextTicketId++;
      tickets.set(id, {
        TicketID: id,
        TicketTitle: `Printer offline #${i + 1}`,
        TicketNumber: String(id),
        // "Open" and "Pending" are the open statuses (PSAtera's defaults); alternate them.
        TicketStatus: status ?? (i % 2 === 0 ? 'Open' : 'Pending'),
        CustomerID: customerId,
        CustomerName: customer?.CustomerName ?? null,
        TicketCreatedDate: stamp(),
      });
    }
  };

  const addAgents = (customerId: number, count: number) => {
    const customer = customers.get(customerId);
    for (let i = 0; i < count; i++) {
      const id = nextAgentId++;
      agents.set(id, {
        AgentID: id,
        AgentName: `WS-${String(id).slice(-4)}`,
        MachineName: `WS-${String(id).slice(-4)}`,
        CustomerID: customerId,
        CustomerName: customer?.CustomerName ?? null,
        Online: i % 3 !== 0,
        // AgentDto.AppViewUrl's format is unspecified; public integrations open an agent at
        // `/new/rmm/device/{DeviceGuid}/agent` [CODE], so the fake answers that form (the GUID derived from the id).
        AppViewUrl: `${baseUrl}/new/rmm/device/00000000-0000-4000-a000-${String(id).padStart(12, '0')}/agent`,
      });
    }
  };

  const addContracts = (customerId: number, count: number) => {
    const customer = customers.get(customerId);
    for (let i = 0; i < count; i++) {
      const id = nextContractId++;
      contracts.set(id, {
        ContractID: id,
        ContractName: `Managed services ${i + 1}`,
        CustomerID: customerId,
        CustomerName: customer?.CustomerName ?? null,
        Active: true,
        Default: i === 0,
        Taxable: false,
      });
    }
  };

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: '/api/v3/customers',
      handler: (r) => {
        const all = changedFilter(r, [...customers.values()], (c) => c.CustomerID);
        return Array.isArray(all) ? paged(r, all, '/api/v3/customers') : all;
      },
    },
    {
      method: 'POST',
      pattern: '/api/v3/customers',
      handler: (r) => {
        const input = withoutNulls(bind(r.body, CUSTOMER_FIELDS));
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
        // Declares only 200 and 500: a missing customer is a 500.
        return customer ? { status: 200, json: customer } : MISSING_500;
      },
    },
    { method: 'PUT', pattern: '/api/v3/customers/:id', handler: updateCustomer },
    { method: 'POST', pattern: '/api/v3/customers/:id', handler: updateCustomer },
    {
      method: 'DELETE',
      pattern: '/api/v3/customers/:id',
      handler: (r) => {
        const id = idParam(r, 'id');
        // Declares 204 and 500 only.
        if (id === undefined || !deleteCustomer(id)) return MISSING_500;
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
        const matching = [...contacts.values()]
          .filter((c) => !email || (c.Email ?? '').toLowerCase().includes(email))
          .filter((c) => !phone || (c.Phone ?? '').includes(phone) || (c.MobilePhone ?? '').includes(phone));
        const all = changedFilter(r, matching, (c) => c.EndUserID);
        return Array.isArray(all) ? paged(r, all, '/api/v3/contacts') : all;
      },
    },
    {
      method: 'POST',
      pattern: '/api/v3/contacts',
      handler: (r) => {
        const input = withoutNulls(bind(r.body, CONTACT_CREATE_FIELDS));
        const errors: Record<string, string[]> = {};
        const email = str(input.Email);
        if (!email) errors.Email = ['The Email field is required.'];
        // [INFERRED] format check, as an [EmailAddress] attribute would do.
        else if (!EMAIL.test(email)) errors.Email = ['The Email field is not a valid e-mail address.'];
        let owner: AteraWireCustomer | undefined;
        if (input.CustomerID !== undefined) owner = customers.get(Number(input.CustomerID));
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
        contactValues.set(id, new Map());
        return { status: 201, json: { ActionID: String(id) } };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/contacts/:id',
      handler: (r) => {
        const id = idParam(r, 'id');
        const contact = id === undefined ? undefined : contacts.get(id);
        // Declares only 200 and 500.
        return contact ? { status: 200, json: contact } : MISSING_500;
      },
    },
    { method: 'PUT', pattern: '/api/v3/contacts/:id', handler: updateContact },
    { method: 'POST', pattern: '/api/v3/contacts/:id', handler: updateContact },
    {
      method: 'DELETE',
      pattern: '/api/v3/contacts/:id',
      handler: (r) => {
        const id = idParam(r, 'id');
        // DELETE /contacts/{id} declares 400, 404, 204 and 500.
        if (id === undefined || !contacts.delete(id)) return problem(404, 'Not Found');
        contactValues.delete(id);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/customvalues/customfields',
      handler: () => ({ status: 200, json: definitions }),
    },
    { method: 'GET', pattern: '/api/v3/customvalues/customerfields/:id', handler: getValues('Customer') },
    {
      method: 'GET',
      pattern: '/api/v3/customvalues/customerfield/:id/:field',
      handler: getValues('Customer'),
    },
    {
      method: 'PUT',
      pattern: '/api/v3/customvalues/customerfield/:id/:field',
      handler: setValue('Customer'),
    },
    {
      method: 'POST',
      pattern: '/api/v3/customvalues/customerfield/:id/:field',
      handler: setValue('Customer'),
    },
    { method: 'GET', pattern: '/api/v3/customvalues/contactfields/:id', handler: getValues('Contact') },
    { method: 'GET', pattern: '/api/v3/customvalues/contactfield/:id/:field', handler: getValues('Contact') },
    { method: 'PUT', pattern: '/api/v3/customvalues/contactfield/:id/:field', handler: setValue('Contact') },
    { method: 'POST', pattern: '/api/v3/customvalues/contactfield/:id/:field', handler: setValue('Contact') },
    {
      method: 'GET',
      pattern: '/api/v3/tickets',
      handler: (r) => {
        // customerId and ticketStatus filters (TicketDtoPagedResult); the status compare ignores case [INFERRED].
        const customerId = r.queryParam('customerId');
        const status = r.queryParam('ticketStatus')?.toLowerCase();
        const all = [...tickets.values()]
          .filter((t) => customerId === undefined || String(t.CustomerID) === customerId)
          .filter((t) => status === undefined || (t.TicketStatus ?? '').toLowerCase() === status)
          .sort((a, b) => b.TicketID - a.TicketID);
        return paged(r, all, '/api/v3/tickets');
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/agents/customer/:id',
      handler: (r) => {
        const id = idParam(r, 'id');
        const all = [...agents.values()]
          .filter((a) => a.CustomerID === id)
          .sort((a, b) => a.AgentID - b.AgentID);
        return paged(r, all, `/api/v3/agents/customer/${r.params.id}`);
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/contracts/customer/:id',
      handler: (r) => {
        const id = idParam(r, 'id');
        const all = [...contracts.values()]
          .filter((c) => c.CustomerID === id)
          .sort((a, b) => a.ContractID - b.ContractID);
        return paged(r, all, `/api/v3/contracts/customer/${r.params.id}`);
      },
    },
    {
      method: 'GET',
      pattern: '/api/v3/account',
      handler: () => ({
        status: 200,
        // AccountInfoResponse (additionalProperties: false).
        json: {
          AccountID: 'fake-account',
          Country: 'United States',
          CompanyName: 'Fake MSP Ltd',
          CreatedOn: '2020-01-01T00:00:00',
          State: null,
          TimeZoneName: timeZoneName,
          City: null,
          Address: null,
          PostalCode: null,
          Phone: null,
          IsITDepartment: false,
          Plan: 'Pro',
        },
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
    contactValues: (id) => Object.fromEntries(contactValues.get(id) ?? []),
    customFields: () => definitions,
    addCustomer: seedCustomer,
    renameCustomer: (id, name) => {
      const customer = customers.get(id);
      if (!customer) return;
      renameCustomer(customer, name);
      touchCustomer(customer);
    },
    removeCustomer: (id) => {
      deleteCustomer(id);
    },
    addTickets,
    tickets: () => [...tickets.values()],
    addAgents,
    addContracts,
    now: stamp,
    close: server.close,
  };
}

/** The fake Atera behind the vendor-neutral FakeVendor controls (test/fakes/fake-vendor.ts). */
export async function startFakeAteraVendor(options: FakeVendorOptions = {}): Promise<FakeVendor> {
  const fake = await startFakeAtera({
    seed: { customers: options.seed?.customers, customFields: options.seed?.customFields },
    generate: options.generate,
    latencyMs: options.latencyMs,
    rateLimit: options.rateLimit,
  });
  return fakeVendorOf(fake);
}

/** A running fake Atera behind the vendor-neutral FakeVendor controls. */
export function fakeVendorOf(fake: FakeAtera): FakeVendor {
  const numeric = (id: string) => (/^\d+$/.test(id) ? Number(id) : -1);
  return {
    name: 'atera',
    url: fake.url,
    env: { VENDOR: 'atera', ATERA_API_KEY: fake.apiKey, ATERA_BASE_URL: fake.url },
    secrets: [fake.apiKey],
    requests: fake.requests,
    clearRequests: fake.clearRequests,
    inject: fake.inject,
    // POST /api/v3/contacts declares 400 with no body (atera-openapi.yaml).
    refuseNextContact: () =>
      fake.inject({ method: 'POST', path: '/api/v3/contacts', status: 400, body: '', times: 1 }),
    clearFaults: fake.clearFaults,
    setLatency: fake.setLatency,
    setRateLimit: fake.setRateLimit,
    // Atera's default (Creation) order: newest first. A delete is final, so every customer held is active.
    customerList: () =>
      fake
        .customers()
        .reverse()
        .map((c) => ({ id: String(c.CustomerID), name: c.CustomerName ?? '', active: true })),
    customerIdByName: (name) => {
      const found = fake.customers().find((c) => c.CustomerName === name);
      return found ? String(found.CustomerID) : undefined;
    },
    contactEmailsOf: (customerId) =>
      fake
        .contacts()
        .filter((c) => String(c.CustomerID) === customerId && !c.Archived)
        .map((c) => (c.Email ?? '').toLowerCase()),
    customValuesOf: (customerId) => fake.customValues(numeric(customerId)),
    renameCustomer: (id, name) => fake.renameCustomer(numeric(id), name),
    removeCustomer: (id) => fake.removeCustomer(numeric(id)),
    addCustomer: (seed) => String(fake.addCustomer(seed)),
    addOpenTickets: (customerId, count) => fake.addTickets(numeric(customerId), count),
    addDevices: (customerId, count) => fake.addAgents(numeric(customerId), count),
    // The customer page as Atera's web app serves it: `/new/customer/{CustomerID}`, as public integrations link it
    // [CODE]; the API itself returns no links.
    customerPageUrl: (id) => `${fake.url}/new/customer/${id}`,
    close: fake.close,
  };
}
