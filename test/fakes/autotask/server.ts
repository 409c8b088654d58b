// A fake Autotask PSA REST API v1.0 over real HTTP, built from the published swagger and help pages (not the client).
//
// Sources (see also /work/shared/reference/vendor-apis.md section 4 and its errata):
// - swagger per entity, api-evangelist/kaseya openapi/kaseya-{companies,companycontactschild,contacts}-api-openapi.yml:
//   paths, the three auth headers, {items,pageDetails} / {item} / {itemId} / {queryCount} envelopes, QueryModel,
//   CompanyModel (isActive boolean, lastTrackedModifiedDateTime), ContactModel (isActive int32, lastModifiedDate),
//   FieldInformationModel (isRequired, isPickList, picklistValues), no DELETE on Companies;
// - help pages (autotask.net/help/developerhelp/...): "Making basic query calls" (operators, and/or groups, one
//   UDF per query), "Advanced query features" (MaxRecords 1..500, nextPageUrl), Companies entity ("Can Delete:
//   false"), Contacts entity (delete refused while referenced, child URL for writes), "API thread limiting"
//   (3 threads per object endpoint; ZoneInformation not subject to it), getZoneInfo (no authentication);
// - public clients for what the pages leave open: the 429 text "API thread threshold of 3 threads has been
//   exceeded" and the nextPageUrl form `.../query/next?paging={...}&search={...}` (several integrations), the
//   next page answering GET with 405 after a POSTed query (apigrate/autotask-restapi, later versions).
// Message texts marked [INFERRED] are not published; the client must not depend on their exact wording.

import type { FakeVendor, FakeVendorOptions } from '../fake-vendor.js';
import {
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

type WireValue = string | number | boolean | null | WireUdf[];
interface WireUdf {
  name: string;
  value: string | null;
}
/** A wire record as the fake keeps it: the model's fields by their swagger names. */
export type WireRecord = Record<string, WireValue> & { id: number };

export interface FakeAutotaskSeed {
  customers?: FakeCustomerSeed[];
  /** Company UDF definitions; default: the generator's custom fields. */
  customFields?: FakeCustomFieldSeed[];
  /** Contact UDF definitions; default none. */
  contactFields?: FakeCustomFieldSeed[];
}

export interface StartFakeAutotaskOptions {
  username?: string;
  secret?: string;
  integrationCode?: string;
  seed?: FakeAutotaskSeed;
  generate?: { customers: number; contactsPerCustomer?: number | [number, number]; seed?: number };
  latencyMs?: number;
  rateLimit?: RateLimit;
  /**
   * How a `query/next` link may be followed: `post` (re-POST the original body; GET answers 405, as live
   * clients report), `get` (GET with the search in the link; POST answers 405), or `both`. Default `post`.
   */
  nextPage?: 'post' | 'get' | 'both';
  /** How long each request holds its thread, so concurrent requests overlap (default 0). */
  processingMs?: number;
  /** Threads per object endpoint (default 3, integrations made after 2023.1). */
  threadLimit?: number;
  /** The web app's base answered as `webUrl` (default: the fake's own URL). */
  webUrl?: string;
  /**
   * The ticket status picklist's "Complete" value (default 5, what independent scripts exclude as "5 - COMPLETED";
   * no help page gives it; changeable to prove the client reads the picklist).
   */
  completeStatus?: number;
  /** More active technicians (resources "Tech 1".."Tech N"), for an MSP with a long staff list. */
  extraResources?: number;
  /** Extra company fields that this database requires (their picklists as given). */
  requiredCompanyFields?: Array<{ name: string; picklist: Array<{ value: number; label: string }> }>;
}

export interface FakeAutotask {
  url: string;
  username: string;
  secret: string;
  integrationCode: string;
  zoneName: string;
  /** The current REST base path, e.g. `/ATServicesRest/V1.0`. */
  restPath(): string;
  webUrl: string;
  requests(method?: string, pathPrefix?: string): RecordedRequest[];
  clearRequests(): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setRateLimit(limit: RateLimit | null): void;
  setProcessing(ms: number): void;
  /** The database moves to another zone: discovery answers a new base; the old one answers 404. */
  moveZone(): void;
  companies(): WireRecord[];
  contacts(): WireRecord[];
  company(id: number): WireRecord | undefined;
  contact(id: number): WireRecord | undefined;
  resources(): WireRecord[];
  tickets(): WireRecord[];
  /** A company's UDF values as stored (picklist UDFs keep the picklist value). */
  udfValues(companyId: number): Record<string, string | null>;
  contactUdfValues(contactId: number): Record<string, string | null>;
  /** UDF values with picklist values shown as their labels. */
  udfLabels(companyId: number): Record<string, string | null>;
  addTicket(companyId: number, options?: { contactId?: number; complete?: boolean; title?: string }): number;
  addConfigurationItem(companyId: number, options?: { active?: boolean; title?: string }): number;
  addContract(companyId: number, name?: string): number;
  addCompany(seed: FakeCustomerSeed): number;
  setCompany(id: number, changes: Record<string, WireValue>): void;
  /** The web app's "open account" page for a company. */
  accountUrl(id: number): string;
  close(): Promise<void>;
}

const MAX_RECORDS = 500;
const MAX_OR = 500;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const THREAD_TEXT = (limit: number) =>
  `The Autotask API thread threshold of ${limit} threads has been exceeded. Please reduce the number of simultaneous requests to this endpoint.`;

const COMPANY_TYPES = [
  { value: 1, label: 'Customer' },
  { value: 2, label: 'Lead' },
  { value: 3, label: 'Prospect' },
  { value: 4, label: 'Dead' },
  { value: 6, label: 'Cancellation' },
  { value: 7, label: 'Vendor' },
  { value: 8, label: 'Partner' },
];

/** CompanyModel fields the fake keeps (swagger names), with their field information. */
interface FieldSpec {
  name: string;
  dataType: 'string' | 'integer' | 'long' | 'boolean' | 'datetime' | 'double';
  length?: number;
  isRequired?: boolean;
  isReadOnly?: boolean;
  picklist?: Array<{ value: number; label: string; isDefault?: boolean }>;
  reference?: string;
}

const COMPANY_FIELDS: FieldSpec[] = [
  { name: 'id', dataType: 'long', isRequired: true, isReadOnly: true },
  { name: 'companyName', dataType: 'string', length: 100, isRequired: true },
  { name: 'companyNumber', dataType: 'string', length: 50 },
  // Company types: the labels are Autotask's usual ones, the values this fake's own and "Customer" the picklist
  // default [INFERRED]; picklists are per database, so the client must read them from entityInformation/fields.
  {
    name: 'companyType',
    dataType: 'integer',
    isRequired: true,
    picklist: COMPANY_TYPES.map((t) => ({ ...t, isDefault: t.value === 1 })),
  },
  { name: 'ownerResourceID', dataType: 'integer', isRequired: true, reference: 'Resource' },
  { name: 'phone', dataType: 'string', length: 25 },
  { name: 'fax', dataType: 'string', length: 25 },
  { name: 'address1', dataType: 'string', length: 150 },
  { name: 'address2', dataType: 'string', length: 150 },
  { name: 'city', dataType: 'string', length: 50 },
  { name: 'state', dataType: 'string', length: 25 },
  { name: 'postalCode', dataType: 'string', length: 20 },
  { name: 'countryID', dataType: 'integer', reference: 'Country' },
  { name: 'webAddress', dataType: 'string', length: 255 },
  { name: 'isActive', dataType: 'boolean', isRequired: true },
  { name: 'classification', dataType: 'integer', picklist: [{ value: 1, label: 'Gold' }] },
  { name: 'parentCompanyID', dataType: 'integer', reference: 'Company' },
  { name: 'createDate', dataType: 'datetime', isReadOnly: true },
  { name: 'lastActivityDate', dataType: 'datetime', isReadOnly: true },
  { name: 'lastTrackedModifiedDateTime', dataType: 'datetime', isReadOnly: true },
];

const CONTACT_FIELDS: FieldSpec[] = [
  { name: 'id', dataType: 'long', isRequired: true, isReadOnly: true },
  { name: 'companyID', dataType: 'integer', isRequired: true, reference: 'Company' },
  { name: 'firstName', dataType: 'string', length: 50, isRequired: true },
  { name: 'lastName', dataType: 'string', length: 50, isRequired: true },
  { name: 'middleInitial', dataType: 'string', length: 2 },
  { name: 'emailAddress', dataType: 'string', length: 254 },
  { name: 'emailAddress2', dataType: 'string', length: 254 },
  { name: 'emailAddress3', dataType: 'string', length: 254 },
  { name: 'phone', dataType: 'string', length: 25 },
  { name: 'alternatePhone', dataType: 'string', length: 32 },
  { name: 'mobilePhone', dataType: 'string', length: 25 },
  { name: 'faxNumber', dataType: 'string', length: 25 },
  { name: 'extension', dataType: 'string', length: 10 },
  { name: 'title', dataType: 'string', length: 50 },
  // int32 in the swagger (1 active, 0 inactive).
  { name: 'isActive', dataType: 'integer', isRequired: true },
  { name: 'primaryContact', dataType: 'boolean' },
  { name: 'addressLine', dataType: 'string', length: 128 },
  { name: 'addressLine1', dataType: 'string', length: 128 },
  { name: 'city', dataType: 'string', length: 32 },
  { name: 'state', dataType: 'string', length: 40 },
  { name: 'zipCode', dataType: 'string', length: 16 },
  { name: 'countryID', dataType: 'integer', reference: 'Country' },
  { name: 'note', dataType: 'string', length: 500 },
  { name: 'createDate', dataType: 'datetime', isReadOnly: true },
  { name: 'lastActivityDate', dataType: 'datetime', isReadOnly: true },
  { name: 'lastModifiedDate', dataType: 'datetime', isReadOnly: true },
];

const RESOURCE_FIELDS: FieldSpec[] = [
  { name: 'id', dataType: 'long', isReadOnly: true },
  { name: 'firstName', dataType: 'string' },
  { name: 'lastName', dataType: 'string' },
  { name: 'email', dataType: 'string' },
  { name: 'userName', dataType: 'string' },
  { name: 'isActive', dataType: 'boolean' },
];
const TICKET_FIELDS = (complete: number): FieldSpec[] => [
  { name: 'id', dataType: 'long', isReadOnly: true },
  { name: 'ticketNumber', dataType: 'string', isReadOnly: true },
  { name: 'title', dataType: 'string', isRequired: true },
  {
    name: 'status',
    dataType: 'integer',
    isRequired: true,
    // [INFERRED] values but Complete's: statuses are per database (read from Tickets/entityInformation/fields).
    picklist: [
      { value: 1, label: 'New', isDefault: true },
      { value: 8, label: 'In Progress' },
      { value: 7, label: 'Waiting Customer' },
      { value: complete, label: 'Complete' },
    ],
  },
  { name: 'companyID', dataType: 'integer', isRequired: true, reference: 'Company' },
  { name: 'contactID', dataType: 'integer', reference: 'Contact' },
  { name: 'createDate', dataType: 'datetime', isReadOnly: true },
];
const CI_FIELDS: FieldSpec[] = [
  { name: 'id', dataType: 'long', isReadOnly: true },
  { name: 'companyID', dataType: 'integer', isRequired: true, reference: 'Company' },
  { name: 'referenceTitle', dataType: 'string' },
  { name: 'serialNumber', dataType: 'string' },
  { name: 'isActive', dataType: 'boolean', isRequired: true },
];
const CONTRACT_FIELDS: FieldSpec[] = [
  { name: 'id', dataType: 'long', isReadOnly: true },
  { name: 'companyID', dataType: 'integer', isRequired: true, reference: 'Company' },
  { name: 'contractName', dataType: 'string', isRequired: true },
  { name: 'status', dataType: 'integer', isRequired: true },
];

const UDF_TYPES: Record<FakeCustomFieldSeed['type'], string> = {
  text: 'string',
  number: 'double',
  date: 'datetime',
  boolean: 'boolean',
  options: 'string',
};

interface UdfSpec {
  name: string;
  type: FakeCustomFieldSeed['type'];
  required: boolean;
  picklist: Array<{ value: string; label: string }>;
}

function udfSpecs(seeds: readonly FakeCustomFieldSeed[], firstValue: number): UdfSpec[] {
  let next = firstValue;
  return seeds.map((s) => ({
    name: s.name,
    type: s.type,
    required: s.required === true,
    picklist: (s.options ?? []).map((label) => ({ value: String(next++), label })),
  }));
}

/** The swagger's `Field` for userDefinedFields: `type`, `isPickList`, `picklistValues`. */
function udfInformation(spec: UdfSpec) {
  return {
    name: spec.name,
    label: spec.name,
    type: UDF_TYPES[spec.type],
    length: 1024,
    description: null,
    isRequired: spec.required,
    isReadOnly: false,
    isQueryable: true,
    isReference: false,
    referenceEntityType: null,
    isPickList: spec.type === 'options',
    picklistValues:
      spec.type === 'options'
        ? spec.picklist.map((p, i) => ({
            value: p.value,
            label: p.label,
            isDefaultValue: false,
            sortOrder: i,
            parentValue: '',
            isActive: true,
            isSystem: false,
          }))
        : null,
    picklistParentValueField: null,
    defaultValue: null,
    isSupportedWebhookField: false,
  };
}

function fieldInformation(spec: FieldSpec) {
  return {
    name: spec.name,
    dataType: spec.dataType,
    length: spec.length ?? 0,
    isRequired: spec.isRequired === true,
    isReadOnly: spec.isReadOnly === true,
    isQueryable: true,
    isReference: spec.reference !== undefined,
    referenceEntityType: spec.reference ?? '',
    isPickList: spec.picklist !== undefined,
    picklistValues: spec.picklist
      ? spec.picklist.map((p, i) => ({
          value: String(p.value),
          label: p.label,
          isDefaultValue: p.isDefault === true,
          sortOrder: i,
          parentValue: '',
          isActive: true,
          isSystem: true,
        }))
      : null,
    picklistParentValueField: '',
    isSupportedWebhookField: false,
  };
}

const errors = (status: number, ...messages: string[]): FakeResponse => ({
  status,
  json: { errors: messages },
});
/** ASP.NET Web API's answer to a verb the route does not take. */
const methodNotAllowed = (method: string): FakeResponse => ({
  status: 405,
  json: { Message: `The requested resource does not support http method '${method}'.` },
});

class QueryError extends Error {}

/** Timestamps move on every write, strictly (two writes in one millisecond still order). */
function clock() {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last).toISOString();
  };
}

interface EntityStore {
  /** How Autotask spells it in URLs and links. */
  name: string;
  fields: FieldSpec[];
  records: Map<number, WireRecord>;
  udfs?: UdfSpec[];
}

export async function startFakeAutotask(options: StartFakeAutotaskOptions = {}): Promise<FakeAutotask> {
  const username = options.username ?? 'api-user@fake-msp.example';
  const secret = options.secret ?? 'fake-autotask-secret-0123456789';
  const integrationCode = options.integrationCode ?? 'FAKEINTEGRATIONCODE0123456789';
  const zoneName = 'Fake Zone (America West)';
  const nextPageMode = options.nextPage ?? 'post';
  const threadLimit = options.threadLimit ?? 3;
  const completeStatus = options.completeStatus ?? 5;
  let processingMs = options.processingMs ?? 0;
  let zonePrefix = '';
  let serverUrl = '';
  const now = clock();

  const companyFieldSpecs: FieldSpec[] = [
    ...COMPANY_FIELDS,
    ...(options.requiredCompanyFields ?? []).map((f) => ({
      name: f.name,
      dataType: 'integer' as const,
      isRequired: true,
      picklist: f.picklist,
    })),
  ];
  // Seeds name their target; contact fields default to the generator's when none are given.
  const fieldSeeds = options.seed?.customFields ?? GENERATED_CUSTOM_FIELDS;
  const contactSeeds = [
    ...fieldSeeds.filter((f) => f.target === 'contact'),
    ...(options.seed?.contactFields ?? []),
  ];
  const companyUdfs = udfSpecs(
    fieldSeeds.filter((f) => f.target !== 'contact'),
    29_682_800,
  );
  const contactUdfs = udfSpecs(
    contactSeeds.length > 0 || options.seed?.contactFields ? contactSeeds : GENERATED_CONTACT_CUSTOM_FIELDS,
    29_683_800,
  );

  const stores: Record<string, EntityStore> = {
    companies: { name: 'Companies', fields: companyFieldSpecs, records: new Map(), udfs: companyUdfs },
    contacts: { name: 'Contacts', fields: CONTACT_FIELDS, records: new Map(), udfs: contactUdfs },
    resources: { name: 'Resources', fields: RESOURCE_FIELDS, records: new Map() },
    tickets: { name: 'Tickets', fields: TICKET_FIELDS(completeStatus), records: new Map() },
    configurationitems: { name: 'ConfigurationItems', fields: CI_FIELDS, records: new Map() },
    contracts: { name: 'Contracts', fields: CONTRACT_FIELDS, records: new Map() },
  };
  const store = (key: string): EntityStore => {
    const s = stores[key];
    if (!s) throw new Error(`no store ${key}`);
    return s;
  };
  const companies = store('companies');
  const contacts = store('contacts');
  const resources = store('resources');
  const tickets = store('tickets');
  const cis = store('configurationitems');
  const contracts = store('contracts');
  const nextId = { company: 1000, contact: 30_000, ticket: 7000, ci: 9000, contract: 5000 };

  // Resources: the API-only user (API users are resources), three technicians, one who left.
  const addResource = (
    id: number,
    firstName: string,
    lastName: string,
    email: string,
    active = true,
    user = email,
  ) => resources.records.set(id, { id, firstName, lastName, email, userName: user, isActive: active });
  addResource(4, 'API', 'User', username);
  addResource(29_682_885, 'Alex', 'Tech', 'alex.tech@fake-msp.example');
  addResource(29_682_886, 'Sam', 'Support', 'sam.support@fake-msp.example');
  addResource(29_682_887, 'Robin', 'Admin', 'robin.admin@fake-msp.example');
  addResource(29_682_888, 'Former', 'Tech', 'former.tech@fake-msp.example', false);
  for (let n = 1; n <= (options.extraResources ?? 0); n++)
    addResource(29_690_000 + n, 'Tech', String(n), `tech${n}@fake-msp.example`);

  const udfWire = (specs: UdfSpec[], values: Record<string, string | null> = {}): WireUdf[] =>
    specs.map((s) => ({ name: s.name, value: values[s.name] ?? null }));

  /**
   * A seed's value as the fake stores it: picklists keep the value (Field.picklistValues), booleans "True"/"False"
   * [INFERRED spelling: the swagger types every UDF value as a string and says no more].
   */
  const storedUdf = (spec: UdfSpec, value: string | number | boolean): string => {
    if (spec.type === 'options')
      return spec.picklist.find((p) => p.label === String(value))?.value ?? String(value);
    if (spec.type === 'boolean') return value === true || value === 'true' ? 'True' : 'False';
    return String(value);
  };

  const seedCompany = (seed: FakeCustomerSeed, id = nextId.company++): number => {
    const stamp = now();
    const values: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(seed.customFields ?? {})) {
      const spec = companyUdfs.find((s) => s.name === name);
      if (spec) values[name] = storedUdf(spec, value);
    }
    companies.records.set(id, {
      id,
      companyName: seed.name,
      companyNumber: null,
      companyType: 1,
      ownerResourceID: 29_682_885,
      phone: seed.phone ?? null,
      fax: null,
      address1: seed.address ?? null,
      address2: null,
      city: seed.city ?? null,
      state: seed.state ?? null,
      postalCode: seed.zip ?? null,
      countryID: seed.country ? 237 : null,
      webAddress: seed.domain ? `https://www.${seed.domain}` : null,
      isActive: true,
      classification: null,
      parentCompanyID: null,
      createDate: stamp,
      lastActivityDate: stamp,
      lastTrackedModifiedDateTime: stamp,
      userDefinedFields: udfWire(companyUdfs, values),
    });
    for (const c of seed.contacts ?? []) {
      const contactId = nextId.contact++;
      const contactValues: Record<string, string | null> = {};
      for (const [name, value] of Object.entries(c.customFields ?? {})) {
        const spec = contactUdfs.find((u) => u.name === name);
        if (spec) contactValues[name] = storedUdf(spec, value);
      }
      contacts.records.set(contactId, {
        id: contactId,
        companyID: id,
        firstName: c.firstName,
        lastName: c.lastName,
        middleInitial: null,
        emailAddress: c.email,
        emailAddress2: null,
        emailAddress3: null,
        phone: c.phone ?? null,
        alternatePhone: null,
        mobilePhone: c.mobile ?? null,
        faxNumber: null,
        extension: null,
        title: c.title ?? null,
        isActive: c.archived ? 0 : 1,
        primaryContact: c.isPrimary === true,
        addressLine: c.address ?? null,
        addressLine1: null,
        city: c.city ?? null,
        state: c.state ?? null,
        zipCode: c.zip ?? null,
        countryID: null,
        note: c.notes ?? null,
        createDate: stamp,
        lastActivityDate: stamp,
        lastModifiedDate: stamp,
        userDefinedFields: udfWire(contactUdfs, contactValues),
      });
    }
    return id;
  };

  // Company 0 is the MSP's own ("assigned it the organization ID 0", help page _InternalAccount.htm).
  seedCompany({ name: 'Fake MSP Ltd', phone: '(555) 000-0000', city: 'Springfield' }, 0);
  for (const seed of options.seed?.customers ?? []) seedCompany(seed);
  if (options.generate) for (const seed of generateCustomers(options.generate)) seedCompany(seed);

  // ---- field access, case-insensitive as Autotask binds names

  const fieldOf = (entity: EntityStore, name: string): FieldSpec | undefined =>
    entity.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());

  /** Body keys bound case-insensitively to the model's names; unknown keys are ignored, as model binding does. */
  const bind = (entity: EntityStore, body: unknown): Map<string, unknown> => {
    const out = new Map<string, unknown>();
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return out;
    for (const [key, value] of Object.entries(body)) {
      if (key.toLowerCase() === 'userdefinedfields') out.set('userDefinedFields', value);
      else {
        const field = fieldOf(entity, key);
        if (field) out.set(field.name, value);
      }
    }
    return out;
  };

  // ---- queries

  const OPS = new Set([
    'eq',
    'noteq',
    'gt',
    'gte',
    'lt',
    'lte',
    'beginswith',
    'endswith',
    'contains',
    'exist',
    'notexist',
    'in',
    'notin',
  ]);

  interface Compiled {
    test: (record: WireRecord) => boolean;
  }

  const keyOf = (obj: Record<string, unknown>, name: string): unknown => {
    const hit = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
    return hit === undefined ? undefined : obj[hit];
  };

  const compare = (a: unknown, b: unknown, dataType: string): number => {
    if (a === null || a === undefined) return Number.NaN;
    if (dataType === 'datetime') return Date.parse(String(a)) - Date.parse(String(b));
    if (typeof a === 'number' || dataType === 'integer' || dataType === 'long' || dataType === 'double') {
      const bn = typeof b === 'boolean' ? Number(b) : Number(b);
      return Number(a) - bn;
    }
    if (typeof a === 'boolean') return Number(a) - Number(b === true || b === 'true' || b === 1);
    // SQL Server's default collation: strings compare ignoring case.
    return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
  };

  const compile = (
    entity: EntityStore,
    raw: unknown,
    udfCount: { n: number },
    orCount: { n: number },
  ): Compiled => {
    if (typeof raw !== 'object' || raw === null) throw new QueryError('Each filter must be an object.');
    const f = raw as Record<string, unknown>;
    const op = String(keyOf(f, 'op') ?? '').toLowerCase();
    if (op === 'and' || op === 'or') {
      const items = keyOf(f, 'items');
      if (!Array.isArray(items) || items.length === 0) throw new QueryError(`A '${op}' group needs items.`);
      if (op === 'or') orCount.n += items.length;
      const parts = items.map((i) => compile(entity, i, udfCount, orCount));
      return op === 'and'
        ? { test: (r) => parts.every((p) => p.test(r)) }
        : { test: (r) => parts.some((p) => p.test(r)) };
    }
    if (!OPS.has(op)) throw new QueryError(`'${String(keyOf(f, 'op'))}' is not a valid filter operator.`); // [INFERRED]
    const fieldName = String(keyOf(f, 'field') ?? '');
    const udf = keyOf(f, 'udf') === true;
    const value = keyOf(f, 'value');
    let read: (r: WireRecord) => unknown;
    let dataType: string;
    if (udf) {
      udfCount.n++;
      // "Only one UDF can be used in a query" (Making basic query calls: UDF comparison operator).
      if (udfCount.n > 1) throw new QueryError('A query may filter on only one user-defined field.');
      const spec = entity.udfs?.find((s) => s.name.toLowerCase() === fieldName.toLowerCase());
      if (!spec) throw new QueryError(`'${fieldName}' is not a user-defined field of ${entity.name}.`);
      dataType = spec.type === 'number' ? 'double' : spec.type === 'date' ? 'datetime' : 'string';
      read = (r) =>
        (r.userDefinedFields as WireUdf[] | undefined)?.find((u) => u.name === spec.name)?.value ?? null;
    } else {
      const field = fieldOf(entity, fieldName);
      if (!field) throw new QueryError(`'${fieldName}' is not a field of ${entity.name}.`); // [INFERRED]
      dataType = field.dataType;
      read = (r) => r[field.name] ?? null;
    }
    const asList = (): unknown[] => {
      if (!Array.isArray(value)) throw new QueryError(`'${op}' needs a list of values.`);
      return value;
    };
    const text = (v: unknown) => String(v ?? '').toLowerCase();
    switch (op) {
      case 'exist':
        return { test: (r) => read(r) !== null && read(r) !== '' };
      case 'notexist':
        return { test: (r) => read(r) === null || read(r) === '' };
      case 'in': {
        const list = asList();
        return { test: (r) => list.some((v) => compare(read(r), v, dataType) === 0) };
      }
      case 'notin': {
        const list = asList();
        return { test: (r) => !list.some((v) => compare(read(r), v, dataType) === 0) };
      }
      case 'contains':
        return { test: (r) => read(r) !== null && text(read(r)).includes(text(value)) };
      case 'beginswith':
        return { test: (r) => read(r) !== null && text(read(r)).startsWith(text(value)) };
      case 'endswith':
        return { test: (r) => read(r) !== null && text(read(r)).endsWith(text(value)) };
      default: {
        if (value === undefined) throw new QueryError(`'${op}' needs a value.`);
        const check: Record<string, (c: number) => boolean> = {
          eq: (c) => c === 0,
          noteq: (c) => c !== 0,
          gt: (c) => c > 0,
          gte: (c) => c >= 0,
          lt: (c) => c < 0,
          lte: (c) => c <= 0,
        };
        const passes = check[op] ?? (() => false);
        return {
          test: (r) => {
            const c = compare(read(r), value, dataType);
            if (Number.isNaN(c)) return op === 'noteq' && read(r) === null;
            return passes(c);
          },
        };
      }
    }
  };

  interface ParsedQuery {
    body: Record<string, unknown>;
    test: (r: WireRecord) => boolean;
    maxRecords: number;
    includeFields: string[];
  }

  /** QueryModel: `filter` (required, at least one), `maxRecords` 1..500, `includeFields`; keys in any case. */
  const parseQuery = (entity: EntityStore, raw: unknown): ParsedQuery => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new QueryError('A query body is required.');
    const body = raw as Record<string, unknown>;
    const filter = keyOf(body, 'filter');
    if (!Array.isArray(filter) || filter.length === 0)
      throw new QueryError('A query needs at least one filter.'); // [INFERRED]
    const max = keyOf(body, 'maxRecords');
    let maxRecords = MAX_RECORDS;
    if (max !== undefined && max !== null) {
      if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_RECORDS) {
        // The documented message (Advanced query features; apigrate/autotask-restapi).
        throw new QueryError('maxCountOfRecordsToReturn must be between 1 and 500');
      }
      maxRecords = max;
    }
    const include = keyOf(body, 'includeFields');
    const includeFields = Array.isArray(include) ? include.map(String) : [];
    const udfCount = { n: 0 };
    const orCount = { n: 0 };
    const parts = filter.map((f) => compile(entity, f, udfCount, orCount));
    if (orCount.n > MAX_OR) throw new QueryError(`A query may have at most ${MAX_OR} OR conditions.`);
    return { body, maxRecords, includeFields, test: (r) => parts.every((p) => p.test(r)) };
  };

  const project = (entity: EntityStore, record: WireRecord, include: string[]): Record<string, unknown> => {
    if (include.length === 0) return structuredClone(record);
    const out: Record<string, unknown> = { id: record.id };
    for (const name of include) {
      if (name.toLowerCase() === 'userdefinedfields')
        out.userDefinedFields = structuredClone(record.userDefinedFields);
      const field = fieldOf(entity, name);
      if (field) out[field.name] = record[field.name] ?? null;
    }
    return out;
  };

  const restBase = () => `${zonePrefix}/ATServicesRest/V1.0`;

  /** Results in id order; the cursor of the next page is the first id not yet returned. */
  const runQuery = (entity: EntityStore, parsed: ParsedQuery, fromId: number | null): FakeResponse => {
    const matching = [...entity.records.values()]
      .filter((r) => (fromId === null || r.id >= fromId) && parsed.test(r))
      .sort((a, b) => a.id - b.id);
    const page = matching.slice(0, parsed.maxRecords);
    const rest = matching[parsed.maxRecords];
    let nextPageUrl: string | null = null;
    if (rest) {
      const paging = { pageSize: parsed.maxRecords, previousIds: [page[0]?.id ?? -1], nextIds: [rest.id] };
      nextPageUrl = `${serverUrl}${restBase()}/${entity.name}/query/next?paging=${encodeURIComponent(
        JSON.stringify(paging),
      )}&search=${encodeURIComponent(JSON.stringify(parsed.body))}`;
    }
    return {
      status: 200,
      json: {
        items: page.map((r) => project(entity, r, parsed.includeFields)),
        pageDetails: { count: page.length, requestCount: parsed.maxRecords, prevPageUrl: null, nextPageUrl },
      },
    };
  };

  const guarded = (fn: () => FakeResponse): FakeResponse => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof QueryError) return errors(500, error.message);
      throw error;
    }
  };

  const searchParam = (r: FakeRequest): unknown => {
    const raw = r.queryParam('search');
    if (raw === undefined) throw new QueryError('The search parameter is required.');
    try {
      return JSON.parse(raw);
    } catch {
      throw new QueryError('The search parameter is not valid JSON.');
    }
  };

  const queryNext = (entity: EntityStore, r: FakeRequest): FakeResponse => {
    if (r.method === 'GET' && nextPageMode === 'post') return methodNotAllowed('GET');
    if (r.method === 'POST' && nextPageMode === 'get') return methodNotAllowed('POST');
    return guarded(() => {
      let paging: { nextIds?: unknown };
      try {
        paging = JSON.parse(r.queryParam('paging') ?? '');
      } catch {
        throw new QueryError('The paging parameter is not valid.');
      }
      const fromId = Array.isArray(paging.nextIds) ? Number(paging.nextIds[0]) : Number.NaN;
      if (!Number.isFinite(fromId)) throw new QueryError('The paging parameter is not valid.');
      const parsed = parseQuery(entity, r.method === 'GET' ? searchParam(r) : r.body);
      return runQuery(entity, parsed, fromId);
    });
  };

  // ---- writes

  const udfsOf = (record: WireRecord): WireUdf[] => (record.userDefinedFields as WireUdf[] | undefined) ?? [];

  /** Applies a `userDefinedFields` write; the message for the first bad one, else undefined. */
  const writeUdfs = (entity: EntityStore, record: WireRecord, raw: unknown): string | undefined => {
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) return 'userDefinedFields must be a list of {name, value}.';
    const current = udfsOf(record).map((u) => ({ ...u }));
    for (const item of raw) {
      const name = String((item as { name?: unknown }).name ?? '');
      const spec = entity.udfs?.find((s) => s.name === name);
      if (!spec) return `User-defined field '${name}' does not exist.`; // [INFERRED]
      const rawValue = (item as { value?: unknown }).value;
      const value = rawValue === null || rawValue === undefined || rawValue === '' ? null : String(rawValue);
      if (value !== null) {
        if (spec.type === 'number' && !Number.isFinite(Number(value)))
          return `'${value}' is not a number for ${name}.`;
        if (spec.type === 'date' && Number.isNaN(Date.parse(value)))
          return `'${value}' is not a date for ${name}.`;
        if (spec.type === 'boolean' && !/^(true|false|1|0)$/i.test(value))
          return `'${value}' is not a boolean for ${name}.`;
        if (spec.type === 'options' && !spec.picklist.some((p) => p.value === value)) {
          return `'${value}' is not a valid picklist value for ${name}.`;
        }
      }
      const slot = current.find((u) => u.name === spec.name);
      if (slot) slot.value = value;
      else current.push({ name: spec.name, value });
    }
    record.userDefinedFields = current;
    return undefined;
  };

  const isActiveResource = (id: unknown) => {
    const r = typeof id === 'number' ? resources.records.get(id) : undefined;
    return r !== undefined && r.isActive === true;
  };

  /** Field checks Autotask makes on a company write; messages name the field [INFERRED wording]. */
  const checkCompany = (fields: Map<string, unknown>, creating: boolean): string[] => {
    const problems: string[] = [];
    if (creating) {
      for (const spec of companyFieldSpecs) {
        if (
          spec.isRequired &&
          !spec.isReadOnly &&
          (fields.get(spec.name) === undefined || fields.get(spec.name) === null)
        ) {
          problems.push(`The field ${spec.name} is required.`);
        }
      }
    }
    const name = fields.get('companyName');
    if (fields.has('companyName') && (typeof name !== 'string' || name.trim() === '')) {
      if (!problems.includes('The field companyName is required.'))
        problems.push('The field companyName is required.');
    } else if (typeof name === 'string' && name.length > 100) {
      problems.push('companyName exceeds the maximum length of 100 characters.');
    }
    if (fields.has('isActive') && typeof fields.get('isActive') !== 'boolean') {
      problems.push('isActive must be true or false.');
    }
    for (const spec of companyFieldSpecs) {
      const value = fields.get(spec.name);
      if (value === undefined || value === null) continue;
      if (spec.picklist && !spec.picklist.some((p) => p.value === value)) {
        problems.push(`${String(value)} is not a valid value for ${spec.name}.`);
      }
      if (spec.dataType === 'string' && typeof value !== 'string')
        problems.push(`${spec.name} must be a string.`);
      if (
        spec.dataType === 'string' &&
        spec.length &&
        typeof value === 'string' &&
        value.length > spec.length
      ) {
        problems.push(`${spec.name} exceeds the maximum length of ${spec.length} characters.`);
      }
    }
    if (
      fields.has('ownerResourceID') &&
      fields.get('ownerResourceID') !== null &&
      !isActiveResource(fields.get('ownerResourceID'))
    ) {
      problems.push(`ownerResourceID ${String(fields.get('ownerResourceID'))} is not an active resource.`);
    }
    for (const spec of companyFieldSpecs.filter((s) => s.isReadOnly && s.name !== 'id')) {
      if (fields.has(spec.name)) problems.push(`${spec.name} is read-only.`);
    }
    return problems;
  };

  const checkContact = (fields: Map<string, unknown>, creating: boolean): string[] => {
    const problems: string[] = [];
    for (const name of ['firstName', 'lastName']) {
      const value = fields.get(name);
      if ((creating || fields.has(name)) && (typeof value !== 'string' || value.trim() === '')) {
        problems.push(`The field ${name} is required.`);
      }
    }
    if (fields.has('isActive') && fields.get('isActive') !== 0 && fields.get('isActive') !== 1) {
      // ContactModel.isActive is int32.
      problems.push('isActive must be the integer 1 (active) or 0 (inactive).');
    }
    for (const name of ['emailAddress', 'emailAddress2', 'emailAddress3']) {
      const value = fields.get(name);
      if (typeof value === 'string' && value !== '' && !EMAIL.test(value)) {
        problems.push(`The ${name} '${value}' is not a valid email address.`);
      }
    }
    if (fields.has('primaryContact') && typeof fields.get('primaryContact') !== 'boolean') {
      problems.push('primaryContact must be true or false.');
    }
    for (const spec of CONTACT_FIELDS) {
      const value = fields.get(spec.name);
      if (
        spec.dataType === 'string' &&
        spec.length &&
        typeof value === 'string' &&
        value.length > spec.length
      ) {
        problems.push(`${spec.name} exceeds the maximum length of ${spec.length} characters.`);
      }
    }
    return problems;
  };

  /**
   * A write moves lastActivityDate ("the most recent date and time that the entity was modified", REST API best
   * practices). That it moves lastTrackedModifiedDateTime too is [INFERRED]: no page says which changes it tracks.
   */
  const touchCompany = (record: WireRecord) => {
    const stamp = now();
    record.lastActivityDate = stamp;
    record.lastTrackedModifiedDateTime = stamp;
  };

  const createCompany = (r: FakeRequest): FakeResponse => {
    const fields = bind(companies, r.body);
    fields.delete('id');
    const problems = checkCompany(fields, true);
    const id = nextId.company++;
    const record: WireRecord = { id, userDefinedFields: udfWire(companyUdfs) };
    for (const spec of companyFieldSpecs) if (spec.name !== 'id') record[spec.name] = null;
    const udfProblem = writeUdfs(companies, record, fields.get('userDefinedFields'));
    if (udfProblem) problems.push(udfProblem);
    if (problems.length > 0) {
      nextId.company--;
      return errors(500, ...problems);
    }
    for (const [key, value] of fields) if (key !== 'userDefinedFields') record[key] = value as WireValue;
    const stamp = now();
    record.createDate = stamp;
    record.lastActivityDate = stamp;
    record.lastTrackedModifiedDateTime = stamp;
    companies.records.set(id, record);
    return { status: 200, json: { itemId: id } };
  };

  /** PATCH (and PUT) `/Companies` with the id in the body. */
  const updateCompany = (r: FakeRequest): FakeResponse => {
    const fields = bind(companies, r.body);
    const id = fields.get('id');
    const record = typeof id === 'number' ? companies.records.get(id) : undefined;
    if (!record) return errors(500, `Company ${String(id)} does not exist.`); // [INFERRED]
    fields.delete('id');
    const problems = checkCompany(fields, false);
    const draft = structuredClone(record);
    const udfProblem = writeUdfs(companies, draft, fields.get('userDefinedFields'));
    if (udfProblem) problems.push(udfProblem);
    if (problems.length > 0) return errors(500, ...problems);
    for (const [key, value] of fields) if (key !== 'userDefinedFields') draft[key] = value as WireValue;
    companies.records.set(record.id, draft);
    touchCompany(draft);
    return { status: 200, json: { itemId: record.id } };
  };

  const parentOf = (raw: string | undefined): WireRecord | undefined =>
    /^\d+$/.test(raw ?? '') ? companies.records.get(Number(raw)) : undefined;

  const createContact = (r: FakeRequest, parent: WireRecord): FakeResponse => {
    const fields = bind(contacts, r.body);
    fields.delete('id');
    const companyId = fields.get('companyID');
    if (companyId !== undefined && companyId !== null && companyId !== parent.id) {
      return errors(500, `companyID ${String(companyId)} does not match the parent company ${parent.id}.`);
    }
    fields.set('companyID', parent.id);
    if (!fields.has('isActive')) fields.set('isActive', 1);
    const problems = checkContact(fields, true);
    const id = nextId.contact++;
    const record: WireRecord = { id, userDefinedFields: udfWire(contactUdfs) };
    for (const spec of CONTACT_FIELDS) if (spec.name !== 'id') record[spec.name] = null;
    record.primaryContact = false;
    const udfProblem = writeUdfs(contacts, record, fields.get('userDefinedFields'));
    if (udfProblem) problems.push(udfProblem);
    if (problems.length > 0) {
      nextId.contact--;
      return errors(500, ...problems);
    }
    for (const [key, value] of fields) if (key !== 'userDefinedFields') record[key] = value as WireValue;
    const stamp = now();
    record.createDate = stamp;
    record.lastActivityDate = stamp;
    record.lastModifiedDate = stamp;
    contacts.records.set(id, record);
    return { status: 200, json: { itemId: id } };
  };

  const updateContact = (r: FakeRequest, parent: WireRecord): FakeResponse => {
    const fields = bind(contacts, r.body);
    const id = fields.get('id');
    const record = typeof id === 'number' ? contacts.records.get(id) : undefined;
    if (!record || record.companyID !== parent.id) {
      return errors(500, `Contact ${String(id)} does not exist for company ${parent.id}.`); // [INFERRED]
    }
    fields.delete('id');
    if (fields.has('companyID') && fields.get('companyID') !== parent.id) {
      return errors(500, 'companyID cannot be changed through this parent.');
    }
    const problems = checkContact(fields, false);
    const draft = structuredClone(record);
    const udfProblem = writeUdfs(contacts, draft, fields.get('userDefinedFields'));
    if (udfProblem) problems.push(udfProblem);
    if (problems.length > 0) return errors(500, ...problems);
    for (const [key, value] of fields) if (key !== 'userDefinedFields') draft[key] = value as WireValue;
    draft.lastModifiedDate = now();
    contacts.records.set(record.id, draft);
    return { status: 200, json: { itemId: record.id } };
  };

  /** "Contacts cannot be deleted if referenced by tickets, ... or if it is the primary contact" (Contacts entity). */
  const deleteContact = (parent: WireRecord, rawId: string | undefined): FakeResponse => {
    const id = /^\d+$/.test(rawId ?? '') ? Number(rawId) : Number.NaN;
    const record = contacts.records.get(id);
    if (!record || record.companyID !== parent.id)
      return errors(500, `Contact ${rawId ?? ''} does not exist.`); // [INFERRED]
    const referencing = [...tickets.records.values()].filter((t) => t.contactID === id).length;
    const reasons: string[] = [];
    if (referencing > 0) reasons.push(`it is referenced by ${referencing} ticket(s)`);
    if (record.primaryContact === true) reasons.push("it is the company's primary contact");
    // [INFERRED] wording; the help page lists the references that block a delete.
    if (reasons.length > 0) return errors(500, `The contact cannot be deleted: ${reasons.join(' and ')}.`);
    contacts.records.delete(id);
    return { status: 200, json: { itemId: id } };
  };

  // ---- routing (case-insensitive, as Autotask's paths are)

  const inFlight = new Map<string, number>();

  const entityInformation = (entity: EntityStore, what: string | undefined): FakeResponse => {
    if (what === undefined) {
      return {
        status: 200,
        json: {
          info: {
            name: entity.name.replace(/s$/, ''),
            canCreate: entity === companies || entity === contacts,
            canDelete: entity === contacts,
            canQuery: true,
            canUpdate: entity === companies || entity === contacts,
            hasUserDefinedFields: entity.udfs !== undefined,
            supportsWebhookCallouts: entity === companies || entity === contacts,
          },
        },
      };
    }
    if (what === 'fields') return { status: 200, json: { fields: entity.fields.map(fieldInformation) } };
    if (what === 'userdefinedfields')
      return { status: 200, json: { fields: (entity.udfs ?? []).map(udfInformation) } };
    return notFound();
  };

  const notFound = (): FakeResponse => ({
    status: 404,
    json: { Message: 'No HTTP resource was found that matches the request URI.' },
  });

  const route = (r: FakeRequest, segments: string[]): FakeResponse => {
    const [head, second, third, fourth] = segments;
    const entity = head ? stores[head] : undefined;
    if (!entity) return notFound();
    const m = r.method;

    if (second === 'query') {
      if (third === undefined) {
        if (m === 'POST') return guarded(() => runQuery(entity, parseQuery(entity, r.body), null));
        if (m === 'GET') return guarded(() => runQuery(entity, parseQuery(entity, searchParam(r)), null));
        return methodNotAllowed(m);
      }
      if (third === 'count' && fourth === undefined) {
        if (m !== 'POST' && m !== 'GET') return methodNotAllowed(m);
        return guarded(() => {
          const parsed = parseQuery(entity, m === 'GET' ? searchParam(r) : r.body);
          const n = [...entity.records.values()].filter(parsed.test).length;
          return { status: 200, json: { queryCount: n } };
        });
      }
      if (third === 'next' && fourth === undefined) {
        if (m !== 'POST' && m !== 'GET') return methodNotAllowed(m);
        return queryNext(entity, r);
      }
      return notFound();
    }
    if (second === 'entityinformation') {
      if (m !== 'GET') return methodNotAllowed(m);
      return entityInformation(entity, third);
    }

    // Companies/{parentId}/Contacts[/{id}]: the only place contacts are written.
    if (entity === companies && second && /^\d+$/.test(second) && third === 'contacts') {
      const parent = parentOf(second);
      if (!parent) return errors(500, `Company ${second} does not exist.`); // [INFERRED]
      if (fourth === undefined) {
        if (m === 'POST') return createContact(r, parent);
        if (m === 'PATCH' || m === 'PUT') return updateContact(r, parent);
        if (m === 'GET') {
          const children = [...contacts.records.values()].filter((c) => c.companyID === parent.id);
          return {
            status: 200,
            json: {
              items: children,
              pageDetails: {
                count: children.length,
                requestCount: MAX_RECORDS,
                prevPageUrl: null,
                nextPageUrl: null,
              },
            },
          };
        }
        return methodNotAllowed(m);
      }
      if (segments.length === 4) {
        if (m === 'DELETE') return deleteContact(parent, fourth);
        if (m === 'GET') {
          const child = contacts.records.get(Number(fourth));
          return { status: 200, json: { item: child && child.companyID === parent.id ? child : null } };
        }
        return methodNotAllowed(m);
      }
      return notFound();
    }

    if (second === undefined) {
      if (entity === companies) {
        if (m === 'POST') return createCompany(r);
        // PUT replaces, PATCH updates the given fields; the fake treats both as updates of the given fields.
        if (m === 'PATCH' || m === 'PUT') return updateCompany(r);
      }
      // Top-level /Contacts, and the read-only entities, take no writes.
      return methodNotAllowed(m);
    }
    if (/^\d+$/.test(second) && third === undefined) {
      if (m === 'GET') {
        const record = entity.records.get(Number(second));
        // A missing id answers 200 with item null.
        return { status: 200, json: { item: record ? structuredClone(record) : null } };
      }
      // No DELETE on Companies (Can Delete: false) nor on top-level Contacts; PATCH takes the id in the body.
      return methodNotAllowed(m);
    }
    return notFound();
  };

  const handle = async (r: FakeRequest): Promise<FakeResponse> => {
    const lower = r.path.toLowerCase().replace(/\/+$/, '');
    if (lower === '/atservicesrest/v1.0/zoneinformation') {
      if (r.method !== 'GET') return methodNotAllowed(r.method);
      const user = r.queryParam('user') ?? '';
      if (user.toLowerCase() !== username.toLowerCase()) {
        return errors(500, 'Zone information could not be determined for this user.'); // [INFERRED]
      }
      return {
        status: 200,
        json: { zoneName, url: `${serverUrl}${zonePrefix}/ATServicesRest/`, webUrl, ci: 12_345 },
      };
    }
    const base = restBase().toLowerCase();
    if (!lower.startsWith(`${base}/`)) return notFound();
    const segments = lower.slice(base.length + 1).split('/');
    const endpoint = segments[0] ?? '';
    // "Thread limits apply to the combination of each unique API tracking identifier plus object endpoint".
    const active = inFlight.get(endpoint) ?? 0;
    if (active >= threadLimit) return errors(429, THREAD_TEXT(threadLimit));
    inFlight.set(endpoint, active + 1);
    try {
      if (processingMs > 0) await new Promise((resolve) => setTimeout(resolve, processingMs));
      // A write may be made as another resource (swagger: the optional ImpersonationResourceId header); that
      // resource must exist and be active ("REST API security and authentication"; wording [INFERRED]).
      const impersonated = header(r, 'ImpersonationResourceId');
      if (impersonated !== undefined && r.method !== 'GET' && !/\/query(\/|$)/i.test(lower)) {
        const id = /^\d{1,18}$/.test(impersonated) ? Number(impersonated) : Number.NaN;
        if (!isActiveResource(id))
          return errors(
            500,
            `Impersonation failed: ${impersonated} is not an active resource that may be impersonated.`,
          );
      }
      return route(r, segments);
    } finally {
      inFlight.set(endpoint, (inFlight.get(endpoint) ?? 1) - 1);
    }
  };

  const header = (r: FakeRequest, name: string): string | undefined => {
    const value = r.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };

  // Routes of every depth and verb hand the request to `handle`, which matches paths ignoring case.
  const catchAll: Route[] = [];
  for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) {
    for (let depth = 1; depth <= 8; depth++) {
      const pattern = Array.from({ length: depth }, (_, i) => `/:s${i}`).join('');
      catchAll.push({ method, pattern, handler: handle });
    }
  }
  const server = await startVendorServer({
    routes: catchAll,
    latencyMs: options.latencyMs,
    rateLimit: options.rateLimit,
    authorize: (r) => {
      // Zone discovery "does not require authentication or a tracking identifier" (getZoneInfo).
      if (r.path.toLowerCase().replace(/\/+$/, '') === '/atservicesrest/v1.0/zoneinformation')
        return undefined;
      const ok =
        header(r, 'ApiIntegrationCode') === integrationCode &&
        (header(r, 'UserName') ?? '').toLowerCase() === username.toLowerCase() &&
        header(r, 'Secret') === secret;
      return ok ? undefined : { status: 401 };
    },
    notFound: () => notFound(),
  });
  serverUrl = server.url;
  const webUrl = options.webUrl ?? `${server.url}/`;

  const accountUrl = (id: number) =>
    `${webUrl.replace(/\/+$/, '')}/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenAccount&AccountID=${id}`;

  const labels = (record: WireRecord | undefined, specs: UdfSpec[]) => {
    const out: Record<string, string | null> = {};
    for (const u of record ? udfsOf(record) : []) {
      const spec = specs.find((s) => s.name === u.name);
      out[u.name] =
        spec?.type === 'options'
          ? (spec.picklist.find((p) => p.value === u.value)?.label ?? u.value)
          : u.value;
    }
    return out;
  };

  return {
    url: server.url,
    username,
    secret,
    integrationCode,
    zoneName,
    webUrl,
    restPath: restBase,
    requests: server.requests,
    clearRequests: server.clearRequests,
    inject: server.inject,
    clearFaults: server.clearFaults,
    setLatency: server.setLatency,
    setRateLimit: server.setRateLimit,
    setProcessing(ms) {
      processingMs = ms;
    },
    moveZone() {
      zonePrefix = `/moved${zonePrefix.length + 1}`;
    },
    companies: () => [...companies.records.values()].sort((a, b) => a.id - b.id),
    contacts: () => [...contacts.records.values()].sort((a, b) => a.id - b.id),
    company: (id) => companies.records.get(id),
    contact: (id) => contacts.records.get(id),
    resources: () => [...resources.records.values()],
    tickets: () => [...tickets.records.values()],
    udfValues: (id) =>
      Object.fromEntries(udfsOf(companies.records.get(id) ?? { id: -1 }).map((u) => [u.name, u.value])),
    contactUdfValues: (id) =>
      Object.fromEntries(udfsOf(contacts.records.get(id) ?? { id: -1 }).map((u) => [u.name, u.value])),
    udfLabels: (id) => labels(companies.records.get(id), companyUdfs),
    addTicket(companyId, o = {}) {
      const id = nextId.ticket++;
      tickets.records.set(id, {
        id,
        ticketNumber: `T20261201.${String(id).padStart(4, '0')}`,
        title: o.title ?? `Printer offline ${id}`,
        status: o.complete ? completeStatus : 1,
        companyID: companyId,
        contactID: o.contactId ?? null,
        createDate: now(),
      });
      return id;
    },
    addConfigurationItem(companyId, o = {}) {
      const id = nextId.ci++;
      cis.records.set(id, {
        id,
        companyID: companyId,
        referenceTitle: o.title ?? `WS-${id}`,
        serialNumber: `SN${id}`,
        isActive: o.active ?? true,
      });
      return id;
    },
    addContract(companyId, name) {
      const id = nextId.contract++;
      contracts.records.set(id, {
        id,
        companyID: companyId,
        contractName: name ?? `Managed Services ${id}`,
        status: 1,
      });
      return id;
    },
    addCompany: (seed) => seedCompany(seed),
    setCompany(id, changes) {
      const record = companies.records.get(id);
      if (!record) throw new Error(`no company ${id}`);
      Object.assign(record, changes);
      touchCompany(record);
    },
    accountUrl,
    close: server.close,
  };
}

/** The fake Autotask in the vendor-neutral terms of test/fakes/fake-vendor.ts (env, faults, neutral records). */
export async function startFakeAutotaskVendor(options: FakeVendorOptions = {}): Promise<FakeVendor> {
  const fake = await startFakeAutotask({
    seed: { customers: options.seed?.customers, customFields: options.seed?.customFields },
    generate: options.generate,
    latencyMs: options.latencyMs,
    rateLimit: options.rateLimit,
  });
  return fakeVendorOf(fake);
}

/** The neutral controls over a running fake Autotask (the contract suite uses both views of one server). */
export function fakeVendorOf(fake: FakeAutotask): FakeVendor {
  const companyId = (id: string) => Number(id);
  return {
    name: 'autotask',
    url: fake.url,
    env: {
      VENDOR: 'autotask',
      AUTOTASK_USERNAME: fake.username,
      AUTOTASK_SECRET: fake.secret,
      AUTOTASK_INTEGRATION_CODE: fake.integrationCode,
      AUTOTASK_BASE_URL: fake.url,
    },
    secrets: [fake.secret, fake.integrationCode],
    requests: fake.requests,
    clearRequests: fake.clearRequests,
    inject: fake.inject,
    // Autotask answers a validation problem with HTTP 500 and `{errors: [...]}` (see `errors` above).
    refuseNextContact: () =>
      fake.inject({
        method: 'POST',
        path: /\/Companies\/\d+\/Contacts$/i,
        status: 500,
        body: JSON.stringify({ errors: ['emailAddress: The value is not a valid email address.'] }),
        times: 1,
      }),
    clearFaults: fake.clearFaults,
    setLatency: fake.setLatency,
    setRateLimit: fake.setRateLimit,
    // Deactivated companies stay in Autotask; they are listed as not active.
    customerList: () =>
      fake
        .companies()
        .map((c) => ({ id: String(c.id), name: String(c.companyName ?? ''), active: c.isActive !== false })),
    customerIdByName: (name) => {
      const hit = fake.companies().find((c) => c.companyName === name);
      return hit ? String(hit.id) : undefined;
    },
    contactEmailsOf: (customerId) =>
      fake
        .contacts()
        .filter((c) => c.companyID === companyId(customerId) && c.isActive !== 0)
        .map((c) => String(c.emailAddress ?? '').toLowerCase())
        .filter(Boolean),
    // Picklist UDFs as their labels (what a technician sees in Autotask).
    customValuesOf: (customerId) => fake.udfLabels(companyId(customerId)),
    renameCustomer: (id, name) => fake.setCompany(companyId(id), { companyName: name }),
    // A company cannot be deleted in Autotask's web app either: it is deactivated.
    removeCustomer: (id) => fake.setCompany(companyId(id), { isActive: false }),
    addCustomer: (seed) => String(fake.addCompany(seed)),
    addOpenTickets(customerId, count) {
      for (let i = 0; i < count; i++) fake.addTicket(companyId(customerId));
    },
    addDevices(customerId, count) {
      for (let i = 0; i < count; i++) fake.addConfigurationItem(companyId(customerId));
    },
    customerPageUrl: (id) => fake.accountUrl(companyId(id)),
    close: fake.close,
  };
}
