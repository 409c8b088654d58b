// A fake SuperOps MSP GraphQL API over real HTTP, built from SuperOps' reference (not from the client's code):
// every document is parsed and validated against the reference's schema (schema.ts) and executed by graphql.
//
// What it plays, with its source:
// - one endpoint, POST /msp; `Authorization: Bearer <token>` and `CustomerSubDomain` (support 6632215);
//   a wrong token answers 401, a wrong or missing subdomain 400 with an empty body (support 6632228, live
//   notes in RPMC-Marco/rpmc-superops-mcp);
// - application errors at HTTP 200 as `errors[].extensions.clientError[{code, param}]` with `data: {}`,
//   `param.attributes` naming the fields (support 6632228);
// - rate_limit_exceeded at HTTP 200 past a configurable rate (`rateLimit`, `setRateLimit`, `rateLimitNext`);
// - ListInfo paging from page 1, pageSize at most 100, `hasMore: null` on the last page; conditions with the
//   documented operators, `equals`/`in` failing with HTTP 500 and a non-uppercase joinOperator read as OR
//   (vendor-apis.md errata);
// - createClientV2 requiring an HQ site with an IANA zone, unique names and email domains; client users
//   requiring a role and an email unique across client users and technicians; soft delete to a trash with
//   restore; tickets, assets and contracts per client; custom fields keyed by columnName.
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  type FieldNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
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
  startVendorServer,
} from '../vendor-server.js';
import { type Filterable, type ListInfoArgs, listPage, UnsupportedFilter } from './conditions.js';
import { type SchemaVariant, superOpsSchema } from './schema.js';

// ---- State, in SuperOps' own terms.

export interface ClientRecord {
  accountId: string;
  name: string;
  stage: string;
  status: string;
  emailDomains: string[];
  accountManager: { userId: string; name: string } | null;
  primaryContactId: string | null;
  hqSiteId: string;
  /** Values by columnName: strings, or string arrays for checkbox and multi-select. */
  customFields: Record<string, string | string[] | null>;
  /** In the trash since (restorable for 30 days); null when live. */
  trashedAt: string | null;
}

export interface SiteRecord {
  id: string;
  clientId: string;
  name: string;
  timezoneCode: string;
  working24x7: boolean;
  line1: string | null;
  line2: string | null;
  line3: string | null;
  city: string | null;
  postalCode: string | null;
  countryCode: string | null;
  stateCode: string | null;
  contactNumber: string | null;
  hq: boolean;
}

export interface ClientUserRecord {
  userId: string;
  firstName: string;
  lastName: string | null;
  email: string;
  contactNumber: string | null;
  roleId: string;
  clientId: string;
  siteId: string;
  customFields: Record<string, string | string[] | null>;
  /** Soft-deleted since; null when live. */
  deletedAt: string | null;
}

export interface CustomFieldRecord {
  id: string;
  columnName: string;
  label: string;
  description: string | null;
  fieldType: string;
  showToClient: boolean;
  isMandatory: boolean;
  options: string[] | null;
}

export interface TicketRecord {
  ticketId: string;
  displayId: string;
  subject: string;
  status: string;
  clientId: string;
  createdTime: string;
  updatedTime: string;
}

export interface AssetRecord {
  assetId: string;
  name: string;
  hostName: string;
  status: string;
  clientId: string;
}

export interface ContractRecord {
  contractId: string;
  clientId: string;
  name: string;
  contractType: 'SERVICE' | 'USAGE' | 'ONE_TIME' | 'TIME_AND_MATERIAL';
  contractStatus: 'DRAFT' | 'ACTIVE' | 'INACTIVE';
  startDate: string;
}

export interface RoleRecord {
  roleId: string;
  name: string;
  description: string;
}

// ---- Options and controls.

export interface StartFakeSuperOpsOptions {
  apiToken?: string;
  subdomain?: string;
  seed?: { customers?: FakeCustomerSeed[]; customFields?: FakeCustomFieldSeed[] };
  generate?: { customers: number; contactsPerCustomer?: number | [number, number]; seed?: number };
  latencyMs?: number;
  /** SuperOps' own limit: past this many requests a minute, rate_limit_exceeded at HTTP 200. Off by default. */
  rateLimit?: RateLimit;
  /** 'documented' serves only what the published reference has (no CustomField.options...). */
  schema?: SchemaVariant;
  /** Leave listInfo.totalCount out of every list (only hasMore tells). */
  omitTotalCount?: boolean;
}

/** One GraphQL request as the fake understood it. */
export interface GraphQLCall {
  operationName: string | undefined;
  kind: 'query' | 'mutation' | undefined;
  /** Root fields selected (getClientList, createClientV2...). */
  fields: string[];
  variables: Record<string, unknown>;
  query: string;
  request: RecordedRequest;
}

/** A vendor-server fault aimed at GraphQL operations (they all share one path). */
export interface OperationFault extends Omit<Fault, 'path' | 'method'> {
  /** An operation name or a root field name (exact), or a RegExp tested against both. */
  operation: string | RegExp;
  /** Only calls whose variables pass. */
  when?: (variables: Record<string, unknown>) => boolean;
}

export interface FakeSuperOps {
  /** The server's origin. */
  url: string;
  /** Where the API lives, for SUPEROPS_API_URL: `${url}/msp`. */
  apiUrl: string;
  apiToken: string;
  subdomain: string;
  requests(method?: string, pathPrefix?: string): RecordedRequest[];
  clearRequests(): void;
  /** Faults on the HTTP path (every operation shares POST /msp). */
  inject(fault: Fault): void;
  /** Faults on one operation. */
  injectOperation(fault: OperationFault): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** SuperOps' rate limit (rate_limit_exceeded at HTTP 200); null turns it off. */
  setRateLimit(limit: RateLimit | null): void;
  /** The next `count` GraphQL requests meet rate_limit_exceeded. */
  rateLimitNext(count: number): void;
  /** GraphQL requests received, optionally those of one operation or root field. */
  calls(operation?: string | RegExp): GraphQLCall[];
  /** Makes a root field answer `forbidden` (the token's user lacks the permission). */
  forbid(field: string): void;
  allow(field: string): void;
  clients(options?: { includeTrashed?: boolean }): ClientRecord[];
  client(id: string): ClientRecord | undefined;
  clientByName(name: string): ClientRecord | undefined;
  sites(clientId: string): SiteRecord[];
  hqSite(clientId: string): SiteRecord | undefined;
  /** Live client users, of one client or all. */
  users(clientId?: string): ClientUserRecord[];
  user(id: string): ClientUserRecord | undefined;
  roles(): RoleRecord[];
  customFields(): CustomFieldRecord[];
  /** A client's custom values by label (as stored: strings and string arrays). */
  customValuesByLabel(clientId: string): Record<string, unknown>;
  setCustomValue(clientId: string, label: string, value: string | string[] | null): void;
  tickets(clientId?: string): TicketRecord[];
  assets(clientId?: string): AssetRecord[];
  addTickets(clientId: string, count: number, status?: string): void;
  addAssets(clientId: string, count: number): void;
  addContract(clientId: string, contract?: Partial<Omit<ContractRecord, 'contractId' | 'clientId'>>): void;
  /** Adds a client (with its HQ site and users) as the web app would; returns its accountId. */
  addClient(seed: FakeCustomerSeed): string;
  renameClient(id: string, name: string): void;
  /** Moves a client to the trash, as the web app's delete does. */
  trash(id: string): void;
  /** How many times hardDeleteClients was called (the bot must never). */
  hardDeleteCalls(): number;
  close(): Promise<void>;
}

// ---- Helpers.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DEFAULT_SITE_ZONE = 'America/Chicago';

/** Ids look like SuperOps' (large numbers as strings, e.g. "7928838372746166276"). */
function idSequence(start: bigint): () => string {
  let next = start;
  return () => {
    const id = String(next);
    next += 1n;
    return id;
  };
}

function stamp(): string {
  // SuperOps timestamps carry no offset ("2022-06-28T05:25:10"), UTC per the API guide.
  return new Date().toISOString().slice(0, 19);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
/** Seeds name countries ("United States"); sites store ISO codes. */
function countryCode(country: string | null | undefined): string | null {
  if (!country) return null;
  if (/^[A-Za-z]{2}$/.test(country)) return country.toUpperCase();
  const wanted = country.trim().toLowerCase();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (REGION_NAMES.of(code)?.toLowerCase() === wanted) return code;
    }
  }
  return null;
}

/** An application error, as SuperOps reports it inside an HTTP 200 answer. */
function clientError(code: string, attributes?: string[]): GraphQLError {
  return new GraphQLError(code, {
    extensions: { clientError: [{ code, param: attributes ? { attributes } : {} }] },
  });
}

const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : v === null || v === undefined ? null : String(v);
const blank = (v: unknown): boolean => v === null || v === undefined || String(v).trim() === '';

type Input = Record<string, unknown>;
const obj = (v: unknown): Input =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Input) : {};

const SUFFIX: Record<string, string> = {
  TEXT: 'text',
  PARAGRAPH: 'para',
  NUMERIC: 'num',
  DECIMAL: 'dec',
  DATE: 'date',
  DATETIME: 'dt',
  RADIO: 'radio',
  CHECKBOX: 'cbox',
  SELECT: 'select',
  MULTI_SELECT: 'mselect',
  PASSWORD: 'pwd',
};
const SEED_TYPES: Record<FakeCustomFieldSeed['type'], string> = {
  text: 'TEXT',
  number: 'NUMERIC',
  date: 'DATE',
  // SuperOps has no boolean field: a Yes/No radio is what an MSP would make.
  boolean: 'RADIO',
  options: 'SELECT',
};
const LIST_TYPES = new Set(['CHECKBOX', 'MULTI_SELECT']);

// ---- The fake.

export async function startFakeSuperOps(options: StartFakeSuperOpsOptions = {}): Promise<FakeSuperOps> {
  const apiToken = options.apiToken ?? 'superops-test-token-0123456789abcdef';
  const subdomain = (options.subdomain ?? 'fakemsp').toLowerCase();
  const schema = superOpsSchema(options.schema ?? 'introspected');
  const omitTotalCount = options.omitTotalCount ?? false;

  const clients = new Map<string, ClientRecord>();
  const sites = new Map<string, SiteRecord>();
  const users = new Map<string, ClientUserRecord>();
  const tickets = new Map<string, TicketRecord>();
  const assets = new Map<string, AssetRecord>();
  const contracts = new Map<string, ContractRecord>();
  const nextClientId = idSequence(7928838372746100001n);
  const nextSiteId = idSequence(7928838372746200001n);
  const nextUserId = idSequence(5928838372746100001n);
  const nextTicketId = idSequence(7928838372746300001n);
  const nextAssetId = idSequence(9001114136934200001n);
  const nextContractId = idSequence(4100000000000000001n);
  let ticketNumber = 0;
  let hardDeletes = 0;
  const forbidden = new Set<string>();

  // Requester roles as the reference's examples name them; "Client Admin" first, so the default is by name.
  const roles: RoleRecord[] = [
    { roleId: '3', name: 'Client Admin', description: 'Client Administrator' },
    { roleId: '4', name: 'Requester', description: 'Raises and follows tickets' },
  ];
  const defaultRoleId = '4';
  const technicianEmails = new Set(['jason.wheeler@fakemsp.example', 'clovis.sonsimps@fakemsp.example']);

  // Custom field definitions: the seed's (default: the generator's) plus, by default, a multi-select and a
  // password field, so list values and secret fields exist.
  // Client-user field definitions have no query in the reference: contact-target seeds are left out.
  const fieldSeeds = (options.seed?.customFields ?? [...GENERATED_CUSTOM_FIELDS]).filter(
    (f) => (f.target ?? 'customer') === 'customer',
  );
  const definitions: CustomFieldRecord[] = fieldSeeds.map((f, i) => {
    const fieldType = SEED_TYPES[f.type];
    return {
      id: String(i + 1),
      columnName: `udf${i + 1}${SUFFIX[fieldType] ?? 'text'}`,
      label: f.name,
      description: null,
      fieldType,
      showToClient: false,
      isMandatory: false,
      options: f.type === 'boolean' ? ['Yes', 'No'] : f.type === 'options' ? [...(f.options ?? [])] : null,
    };
  });
  if (!options.seed?.customFields) {
    const n = definitions.length;
    definitions.push(
      {
        id: String(n + 1),
        columnName: `udf${n + 1}mselect`,
        label: 'Services',
        description: 'Services under contract',
        fieldType: 'MULTI_SELECT',
        showToClient: false,
        isMandatory: false,
        options: ['Backup', 'Email', 'Firewall', 'Helpdesk'],
      },
      {
        id: String(n + 2),
        columnName: `udf${n + 2}pwd`,
        label: 'Admin Password',
        description: null,
        fieldType: 'PASSWORD',
        showToClient: false,
        isMandatory: false,
        options: null,
      },
    );
  }
  const definitionByLabel = (label: string) =>
    definitions.find((d) => d.label.toLowerCase() === label.toLowerCase());

  const live = (c: ClientRecord | undefined): ClientRecord | undefined => (c && !c.trashedAt ? c : undefined);
  const liveClients = () => [...clients.values()].filter((c) => !c.trashedAt);
  const liveUser = (u: ClientUserRecord | undefined) =>
    u && !u.deletedAt && live(clients.get(u.clientId)) ? u : undefined;
  const liveUsers = () => [...users.values()].filter((u) => liveUser(u));
  const userName = (u: ClientUserRecord) => [u.firstName, u.lastName].filter(Boolean).join(' ');

  // ---- Seeding, as the web app would create the records.

  function seedValue(definition: CustomFieldRecord, value: string | number | boolean): string | string[] {
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    if (LIST_TYPES.has(definition.fieldType)) return [String(value)];
    return String(value);
  }

  function addUser(seed: FakeContactSeed, client: ClientRecord): ClientUserRecord {
    const user: ClientUserRecord = {
      userId: nextUserId(),
      firstName: seed.firstName,
      lastName: seed.lastName || null,
      email: seed.email,
      contactNumber: seed.phone ?? null,
      roleId: defaultRoleId,
      clientId: client.accountId,
      siteId: client.hqSiteId,
      customFields: {},
      deletedAt: null,
    };
    users.set(user.userId, user);
    if (seed.isPrimary && !client.primaryContactId) client.primaryContactId = user.userId;
    return user;
  }

  function addClient(seed: FakeCustomerSeed): string {
    const accountId = nextClientId();
    const siteId = nextSiteId();
    const customFields: ClientRecord['customFields'] = {};
    for (const [label, value] of Object.entries(seed.customFields ?? {})) {
      const definition = definitionByLabel(label);
      if (definition) customFields[definition.columnName] = seedValue(definition, value);
    }
    const client: ClientRecord = {
      accountId,
      name: seed.name,
      stage: 'Active',
      status: 'Paid',
      emailDomains: (seed.domain ?? '')
        .split(/[;,\s]+/)
        .map((d) => d.trim().toLowerCase())
        .filter(Boolean),
      accountManager: null,
      primaryContactId: null,
      hqSiteId: siteId,
      customFields,
      trashedAt: null,
    };
    clients.set(accountId, client);
    sites.set(siteId, {
      id: siteId,
      clientId: accountId,
      name: 'Headquarters',
      timezoneCode: DEFAULT_SITE_ZONE,
      working24x7: false,
      line1: seed.address ?? null,
      line2: null,
      line3: null,
      city: seed.city ?? null,
      postalCode: seed.zip ?? null,
      countryCode: countryCode(seed.country),
      stateCode: seed.state ?? null,
      contactNumber: seed.phone ?? null,
      hq: true,
    });
    for (const contact of seed.contacts ?? []) addUser(contact, client);
    return accountId;
  }

  for (const seed of options.seed?.customers ?? []) addClient(seed);
  if (options.generate) for (const seed of generateCustomers(options.generate)) addClient(seed);

  // ---- Wire views: the objects GraphQL resolves fields from, and what filters may test.

  const siteRef = (s: SiteRecord | undefined) => (s ? { id: s.id, name: s.name } : null);
  const clientRef = (c: ClientRecord | undefined) => (c ? { accountId: c.accountId, name: c.name } : null);

  function valuesOut(values: ClientRecord['customFields'], args: { fields?: string[] | null }) {
    const out: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(values)) {
      if (!args.fields || args.fields.includes(column)) out[column] = value;
    }
    return out;
  }

  function clientOut(c: ClientRecord) {
    const primary = c.primaryContactId ? users.get(c.primaryContactId) : undefined;
    return {
      accountId: c.accountId,
      name: c.name,
      stage: c.stage,
      status: c.status,
      emailDomains: c.emailDomains,
      accountManager: c.accountManager,
      primaryContact:
        primary && !primary.deletedAt ? { userId: primary.userId, name: userName(primary) } : null,
      secondaryContact: null,
      hqSite: siteRef(sites.get(c.hqSiteId)),
      technicianGroups: [],
      customFields: (args: { fields?: string[] | null }) => valuesOut(c.customFields, args),
    };
  }
  const clientView = (c: ClientRecord): Filterable => {
    const primary = c.primaryContactId ? users.get(c.primaryContactId) : undefined;
    return {
      name: c.name,
      stage: c.stage,
      status: c.status,
      emailDomains: c.emailDomains,
      'accountManager.name': c.accountManager?.name ?? null,
      'primaryContact.name': primary ? userName(primary) : null,
      'primaryContact.email': primary?.email ?? null,
    };
  };

  function siteOut(s: SiteRecord) {
    return {
      ...s,
      client: clientRef(clients.get(s.clientId)),
      businessHour: [],
      holidayList: null,
      installerInfo: [],
    };
  }

  function userOut(u: ClientUserRecord) {
    const role = roles.find((r) => r.roleId === u.roleId);
    return {
      userId: u.userId,
      firstName: u.firstName,
      lastName: u.lastName,
      name: userName(u),
      email: u.email,
      contactNumber: u.contactNumber,
      reportingManager: null,
      site: siteRef(sites.get(u.siteId)),
      role: role ? { roleId: role.roleId, name: role.name } : null,
      client: clientRef(clients.get(u.clientId)),
      customFields: (args: { fields?: string[] | null }) => valuesOut(u.customFields, args),
    };
  }
  const userView = (u: ClientUserRecord): Filterable => ({
    name: userName(u),
    firstName: u.firstName,
    lastName: u.lastName,
    email: u.email,
    'client.name': clients.get(u.clientId)?.name ?? null,
    'site.name': sites.get(u.siteId)?.name ?? null,
    'role.name': roles.find((r) => r.roleId === u.roleId)?.name ?? null,
  });

  function ticketOut(t: TicketRecord) {
    const client = clients.get(t.clientId);
    return {
      ...t,
      ticketType: 'INCIDENT',
      requestType: 'Incident',
      source: 'FORM',
      client: clientRef(client),
      site: siteRef(client ? sites.get(client.hqSiteId) : undefined),
      requester: null,
      technician: null,
      techGroup: null,
      priority: 'Medium',
      customFields: () => ({}),
    };
  }
  // Ticket JSON fields: "The name field can be used in the filter condition" (not accountId).
  const ticketView = (t: TicketRecord): Filterable => ({
    displayId: t.displayId,
    subject: t.subject,
    status: t.status,
    priority: 'Medium',
    createdTime: t.createdTime,
    updatedTime: t.updatedTime,
    'client.name': clients.get(t.clientId)?.name ?? null,
    'site.name': 'Headquarters',
    'requester.name': null,
    'requester.email': null,
    'technician.name': null,
    'technician.email': null,
    'techGroup.name': null,
  });

  function assetOut(a: AssetRecord) {
    const client = clients.get(a.clientId);
    return {
      ...a,
      assetClass: { classId: '1', name: 'Windows Machine' },
      client: clientRef(client),
      site: siteRef(client ? sites.get(client.hqSiteId) : undefined),
      requester: {},
      serialNumber: null,
      platform: 'Microsoft Windows 11 Pro',
      lastCommunicatedTime: stamp(),
      customFields: () => ({}),
    };
  }
  const assetView = (a: AssetRecord): Filterable => ({
    assetId: a.assetId,
    name: a.name,
    hostName: a.hostName,
    status: a.status,
    'client.name': clients.get(a.clientId)?.name ?? null,
    'site.name': 'Headquarters',
  });

  function contractOut(c: ContractRecord) {
    return {
      contractId: c.contractId,
      client: clientRef(clients.get(c.clientId)),
      contract: { contractId: c.contractId, name: c.name, description: null, contractType: c.contractType },
      startDate: c.startDate,
      endDate: null,
      contractStatus: c.contractStatus,
    };
  }
  const contractView = (c: ContractRecord): Filterable => ({
    contractStatus: c.contractStatus,
    startDate: c.startDate,
  });

  const paged = <T, O>(all: T[], view: (t: T) => Filterable, args: unknown, out: (t: T) => O) => {
    const page = listPage(all, view, obj(args) as ListInfoArgs, { omitTotalCount });
    return { items: page.items.map(out), listInfo: page.listInfo };
  };

  // ---- Validation shared by creates and updates.

  function checkClientName(name: unknown, except?: string): string {
    if (blank(name)) throw clientError('mandatory_validation_failed', ['name']);
    const text = String(name).trim();
    const taken = liveClients().some(
      (c) => c.accountId !== except && c.name.toLowerCase() === text.toLowerCase(),
    );
    if (taken) throw clientError('unique_validation_failed', ['name']);
    return text;
  }

  function checkDomains(domains: unknown, except?: string): string[] {
    const list = (Array.isArray(domains) ? domains : [])
      .map((d) => String(d).trim().toLowerCase())
      .filter(Boolean);
    for (const domain of list) {
      const taken = liveClients().some((c) => c.accountId !== except && c.emailDomains.includes(domain));
      if (taken) throw clientError('unique_validation_failed', ['emailDomains']);
    }
    return list;
  }

  function checkSite(input: Input, prefix: string, creating: boolean): void {
    if (creating && blank(input.name)) throw clientError('mandatory_validation_failed', [`${prefix}name`]);
    if (creating && blank(input.timezoneCode)) {
      throw clientError('mandatory_validation_failed', [`${prefix}timezoneCode`]);
    }
    if (!blank(input.timezoneCode) && !isTimeZone(String(input.timezoneCode))) {
      throw clientError('value_pattern_validation_failed', [`${prefix}timezoneCode`]);
    }
    if (!blank(input.countryCode) && !/^[A-Z]{2}$/.test(String(input.countryCode))) {
      throw clientError('value_pattern_validation_failed', [`${prefix}countryCode`]);
    }
  }

  function checkCustomValues(values: unknown): ClientRecord['customFields'] {
    const out: ClientRecord['customFields'] = {};
    for (const [column, value] of Object.entries(obj(values))) {
      const definition = definitions.find((d) => d.columnName === column);
      if (!definition) throw clientError('referred_value_does_not_exist', ['customFields']);
      if (value === null) {
        out[column] = null;
        continue;
      }
      // "The value for checkbox, multi-select should be an array of string", the others a string.
      if (LIST_TYPES.has(definition.fieldType)) {
        if (!Array.isArray(value)) throw clientError('type_validation_failed', [`customFields.${column}`]);
        const options = definition.options ?? [];
        if (value.some((v) => !options.includes(String(v)))) {
          throw clientError('referred_value_does_not_exist', [`customFields.${column}`]);
        }
        out[column] = value.map(String);
      } else {
        if (typeof value !== 'string')
          throw clientError('type_validation_failed', [`customFields.${column}`]);
        if (definition.options && value !== '' && !definition.options.includes(value)) {
          throw clientError('referred_value_does_not_exist', [`customFields.${column}`]);
        }
        if (definition.fieldType === 'NUMERIC' && value !== '' && !/^-?\d{1,10}$/.test(value)) {
          throw clientError('type_validation_failed', [`customFields.${column}`]);
        }
        out[column] = value;
      }
    }
    return out;
  }

  function applyCustomValues(target: ClientRecord['customFields'], values: ClientRecord['customFields']) {
    for (const [column, value] of Object.entries(values)) {
      if (value === null || value === '' || (Array.isArray(value) && value.length === 0))
        delete target[column];
      else target[column] = value;
    }
  }

  function checkEmail(email: unknown, except?: string): string {
    if (blank(email)) throw clientError('mandatory_validation_failed', ['email']);
    const text = String(email).trim();
    if (!EMAIL.test(text)) throw clientError('value_pattern_validation_failed', ['email']);
    const lower = text.toLowerCase();
    // "unique across the technicians and client users" (CreateClientUserInput.email).
    const taken =
      technicianEmails.has(lower) ||
      [...users.values()].some((u) => !u.deletedAt && u.userId !== except && u.email.toLowerCase() === lower);
    if (taken) throw clientError('unique_validation_failed', ['email']);
    return text;
  }

  const SITE_KEYS = [
    'name',
    'timezoneCode',
    'working24x7',
    'line1',
    'line2',
    'line3',
    'city',
    'postalCode',
    'countryCode',
    'stateCode',
    'contactNumber',
  ] as const;

  // ---- Resolvers (graphql's default resolver calls root functions with the field's arguments).

  const guard = (field: string) => {
    if (forbidden.has(field)) throw clientError('forbidden');
  };

  const requireClient = (id: unknown): ClientRecord => {
    const client = live(clients.get(String(id ?? '')));
    if (!client) throw clientError('entity_does_not_exist');
    return client;
  };

  const rootValue = {
    getClientList: ({ input }: { input: unknown }) => {
      guard('getClientList');
      const page = paged(liveClients(), clientView, input, clientOut);
      return { clients: page.items, listInfo: page.listInfo };
    },
    getClient: ({ input }: { input: Input }) => {
      guard('getClient');
      return clientOut(requireClient(input.accountId));
    },
    getClientSite: ({ input }: { input: Input }) => {
      guard('getClientSite');
      const site = sites.get(String(input.id));
      if (!site || !live(clients.get(site.clientId))) throw clientError('entity_does_not_exist');
      return siteOut(site);
    },
    getClientSiteList: ({ input }: { input: Input }) => {
      guard('getClientSiteList');
      const clientId = str(input.clientId);
      if (clientId) requireClient(clientId);
      const all = [...sites.values()].filter(
        (s) => live(clients.get(s.clientId)) && (!clientId || s.clientId === clientId),
      );
      const page = paged(all, (s) => ({ name: s.name }), input.listInfo, siteOut);
      return { sites: page.items, listInfo: page.listInfo };
    },
    getClientCustomFieldList: () => {
      guard('getClientCustomFieldList');
      return definitions;
    },
    getClientUser: ({ input }: { input: Input }) => {
      guard('getClientUser');
      const user = liveUser(users.get(String(input.userId)));
      if (!user) throw clientError('entity_does_not_exist');
      return userOut(user);
    },
    getClientUserList: ({ input }: { input: Input }) => {
      guard('getClientUserList');
      const clientId = str(input.clientId);
      if (clientId) requireClient(clientId);
      const all = liveUsers().filter((u) => !clientId || u.clientId === clientId);
      const page = paged(all, userView, input.listInfo, userOut);
      return { userList: page.items, listInfo: page.listInfo };
    },
    getRequesterRoleList: () => {
      guard('getRequesterRoleList');
      return roles.map((r) => ({
        ...r,
        roleType: { roleTypeId: '2', name: 'Requester' },
        roleFeatureList: [],
      }));
    },
    getTicketList: ({ input }: { input: unknown }) => {
      guard('getTicketList');
      const all = [...tickets.values()].filter((t) => live(clients.get(t.clientId)));
      const page = paged(all, ticketView, input, ticketOut);
      return { tickets: page.items, listInfo: page.listInfo };
    },
    getAssetList: ({ input }: { input: unknown }) => {
      guard('getAssetList');
      const all = [...assets.values()].filter((a) => live(clients.get(a.clientId)));
      const page = paged(all, assetView, input, assetOut);
      return { assets: page.items, listInfo: page.listInfo };
    },
    getClientContractList: ({ input }: { input: unknown }) => {
      guard('getClientContractList');
      const all = [...contracts.values()].filter((c) => live(clients.get(c.clientId)));
      const page = paged(all, contractView, input, contractOut);
      return { clientContracts: page.items, listInfo: page.listInfo };
    },

    createClientV2: ({ input }: { input: Input }) => {
      guard('createClientV2');
      const name = checkClientName(input.name);
      const emailDomains = checkDomains(input.emailDomains);
      // `hqSite: CreateClientSiteInput!` is enforced by the schema; its own mandatory fields here.
      const hqSite = obj(input.hqSite);
      checkSite(hqSite, 'hqSite.', true);
      const customFields = checkCustomValues(input.customFields);
      const accountId = nextClientId();
      const siteId = nextSiteId();
      const client: ClientRecord = {
        accountId,
        name,
        stage: str(input.stage) ?? 'Active',
        status: str(input.status) ?? 'Paid',
        emailDomains,
        accountManager: null,
        primaryContactId: null,
        hqSiteId: siteId,
        customFields: {},
        trashedAt: null,
      };
      applyCustomValues(client.customFields, customFields);
      clients.set(accountId, client);
      sites.set(siteId, {
        id: siteId,
        clientId: accountId,
        name: String(hqSite.name).trim(),
        timezoneCode: String(hqSite.timezoneCode),
        working24x7: hqSite.working24x7 === true,
        line1: str(hqSite.line1),
        line2: str(hqSite.line2),
        line3: str(hqSite.line3),
        city: str(hqSite.city),
        postalCode: str(hqSite.postalCode),
        countryCode: str(hqSite.countryCode),
        stateCode: str(hqSite.stateCode),
        contactNumber: str(hqSite.contactNumber),
        hq: true,
      });
      return clientOut(client);
    },
    updateClient: ({ input }: { input: Input }) => {
      guard('updateClient');
      const client = requireClient(input.accountId);
      // Validate everything before changing anything.
      const name = 'name' in input ? checkClientName(input.name, client.accountId) : undefined;
      const domains =
        'emailDomains' in input ? checkDomains(input.emailDomains, client.accountId) : undefined;
      const customFields = 'customFields' in input ? checkCustomValues(input.customFields) : undefined;
      let primary: string | undefined;
      if (input.primaryContact) {
        const user = liveUser(users.get(String(obj(input.primaryContact).userId)));
        if (!user || user.clientId !== client.accountId) {
          throw clientError('referred_value_does_not_exist', ['primaryContact']);
        }
        primary = user.userId;
      }
      if (input.hqSite) {
        const site = sites.get(String(obj(input.hqSite).id));
        if (!site || site.clientId !== client.accountId)
          throw clientError('referred_value_does_not_exist', ['hqSite']);
        for (const s of sites.values()) if (s.clientId === client.accountId) s.hq = s.id === site.id;
        client.hqSiteId = site.id;
      }
      if (name !== undefined) client.name = name;
      if (domains !== undefined) client.emailDomains = domains;
      if (customFields) applyCustomValues(client.customFields, customFields);
      if (primary) client.primaryContactId = primary;
      if ('stage' in input && !blank(input.stage)) client.stage = String(input.stage);
      if ('status' in input) client.status = str(input.status) ?? client.status;
      return clientOut(client);
    },
    updateClientSite: ({ input }: { input: Input }) => {
      guard('updateClientSite');
      const site = sites.get(String(input.id));
      if (!site || !live(clients.get(site.clientId))) throw clientError('entity_does_not_exist');
      checkSite(input, '', false);
      if ('name' in input && blank(input.name)) throw clientError('mandatory_validation_failed', ['name']);
      if ('timezoneCode' in input && blank(input.timezoneCode)) {
        throw clientError('mandatory_validation_failed', ['timezoneCode']);
      }
      for (const key of SITE_KEYS) {
        if (!(key in input)) continue;
        const value = input[key];
        if (key === 'working24x7') site.working24x7 = value === true;
        else if (key === 'name' || key === 'timezoneCode') site[key] = String(value);
        else site[key] = blank(value) ? null : String(value);
      }
      return siteOut(site);
    },
    softDeleteClients: ({ input }: { input: Input[] }) => {
      guard('softDeleteClients');
      const targets = input.map((ref, index) => {
        const client = live(clients.get(String(ref.accountId)));
        if (!client) {
          throw new GraphQLError('entity_does_not_exist', {
            extensions: { clientError: [{ code: 'entity_does_not_exist', param: { index } }] },
          });
        }
        return client;
      });
      for (const client of targets) client.trashedAt = stamp();
      return true;
    },
    restoreClients: ({ input }: { input: Input[] }) => {
      guard('restoreClients');
      const targets = input.map((ref) => {
        const client = clients.get(String(ref.accountId));
        if (!client?.trashedAt) throw clientError('entity_does_not_exist');
        checkClientName(client.name, client.accountId);
        return client;
      });
      for (const client of targets) client.trashedAt = null;
      return true;
    },
    hardDeleteClients: ({ input }: { input: Input[] }) => {
      guard('hardDeleteClients');
      hardDeletes++;
      for (const ref of input) {
        const client = clients.get(String(ref.accountId));
        if (!client?.trashedAt) throw clientError('entity_does_not_exist');
        clients.delete(client.accountId);
      }
      return true;
    },
    createClientUser: ({ input }: { input: Input }) => {
      guard('createClientUser');
      if (blank(input.firstName)) throw clientError('mandatory_validation_failed', ['firstName']);
      const email = checkEmail(input.email);
      const roleId = String(obj(input.role).roleId ?? '');
      if (!roles.some((r) => r.roleId === roleId))
        throw clientError('referred_value_does_not_exist', ['role']);
      // The client comes with an association (reference) or, in the live schema, as `client`/`site`.
      const association = obj(Array.isArray(input.addAssociations) ? input.addAssociations[0] : undefined);
      const clientId = str(obj(association.client ?? input.client).accountId);
      if (!clientId) throw clientError('mandatory_validation_failed', ['client']);
      const client = live(clients.get(clientId));
      if (!client) throw clientError('referred_value_does_not_exist', ['client']);
      const siteId = str(obj(association.site ?? input.site).id) ?? client.hqSiteId;
      const site = sites.get(siteId);
      if (!site || site.clientId !== client.accountId)
        throw clientError('referred_value_does_not_exist', ['site']);
      const customFields = checkCustomValues(input.customFields);
      const user: ClientUserRecord = {
        userId: nextUserId(),
        firstName: String(input.firstName).trim(),
        lastName: blank(input.lastName) ? null : String(input.lastName),
        email,
        contactNumber: blank(input.contactNumber) ? null : String(input.contactNumber),
        roleId,
        clientId: client.accountId,
        siteId: site.id,
        customFields: {},
        deletedAt: null,
      };
      applyCustomValues(user.customFields, customFields);
      users.set(user.userId, user);
      return userOut(user);
    },
    updateClientUser: ({ input }: { input: Input }) => {
      guard('updateClientUser');
      const user = liveUser(users.get(String(input.userId)));
      if (!user) throw clientError('entity_does_not_exist');
      if ('firstName' in input && blank(input.firstName))
        throw clientError('mandatory_validation_failed', ['firstName']);
      const email = 'email' in input ? checkEmail(input.email, user.userId) : undefined;
      let roleId: string | undefined;
      if (input.role) {
        roleId = String(obj(input.role).roleId);
        if (!roles.some((r) => r.roleId === roleId))
          throw clientError('referred_value_does_not_exist', ['role']);
      }
      const customFields = 'customFields' in input ? checkCustomValues(input.customFields) : undefined;
      if ('firstName' in input) user.firstName = String(input.firstName).trim();
      if ('lastName' in input) user.lastName = blank(input.lastName) ? null : String(input.lastName);
      if ('contactNumber' in input)
        user.contactNumber = blank(input.contactNumber) ? null : String(input.contactNumber);
      if (email !== undefined) user.email = email;
      if (roleId) user.roleId = roleId;
      if (customFields) applyCustomValues(user.customFields, customFields);
      return userOut(user);
    },
    deleteClientUser: ({ input }: { input: Input }) => {
      guard('deleteClientUser');
      const user = liveUser(users.get(String(input.userId)));
      if (!user) throw clientError('entity_does_not_exist');
      // "soft deleted by default"; `forget: true` anonymises the person.
      user.deletedAt = stamp();
      if (input.forget === true) {
        user.firstName = 'Anonymous';
        user.lastName = null;
        user.email = `forgotten-${user.userId}@anonymised.invalid`;
        user.contactNumber = null;
      }
      return user.userId;
    },
  };

  // ---- HTTP.

  const calls: GraphQLCall[] = [];
  let operationFaults: Array<OperationFault & { remaining: number }> = [];
  let rateLimit: RateLimit | null = options.rateLimit ?? null;
  let windowStart = Date.now();
  let windowCount = 0;
  let forcedRateLimits = 0;
  const hanging = new Set<(response: FakeResponse) => void>();

  const graphqlAnswer = (body: unknown, status = 200): FakeResponse => ({ status, json: body });

  const errorsOnly = (errors: readonly GraphQLError[], classification: string): FakeResponse =>
    graphqlAnswer({
      errors: errors.map((e) => ({
        message: e.message,
        ...(e.locations ? { locations: e.locations } : {}),
        extensions: { classification },
      })),
    });

  const rateLimited = (): boolean => {
    if (forcedRateLimits > 0) {
      forcedRateLimits--;
      return true;
    }
    if (!rateLimit) return false;
    const now = Date.now();
    if (now - windowStart >= 60_000) {
      windowStart = now;
      windowCount = 0;
    }
    windowCount++;
    return windowCount > rateLimit.perMinute;
  };

  function takeOperationFault(call: GraphQLCall) {
    const names = [call.operationName ?? '', ...call.fields];
    const fault = operationFaults.find(
      (f) =>
        f.remaining > 0 &&
        names.some((n) => (f.operation instanceof RegExp ? f.operation.test(n) : f.operation === n)) &&
        (!f.when || f.when(call.variables)),
    );
    if (fault) fault.remaining--;
    return fault;
  }

  function run(document: DocumentNode, operationName: string | undefined, variables: Input): FakeResponse {
    const errors = validate(schema, document);
    if (errors.length > 0) return errorsOnly(errors, 'ValidationError');
    let result: ExecutionResult;
    try {
      result = execute({
        schema,
        document,
        rootValue,
        variableValues: variables,
        operationName,
      }) as ExecutionResult;
    } catch (error) {
      return graphqlAnswer({
        errors: [{ message: String(error), extensions: { classification: 'ExecutionAborted' } }],
      });
    }
    const resultErrors = result.errors ?? [];
    // Filters SuperOps does not serve blow up server-side (equals/in: HTTP 500 live).
    if (resultErrors.some((e) => e.originalError instanceof UnsupportedFilter)) {
      return { status: 500, json: { errors: [{ message: 'Internal Server Error' }] } };
    }
    const clientErrors = resultErrors.filter((e) => e.extensions?.clientError);
    if (clientErrors.length > 0) {
      // As the reference shows it: the application errors and an empty data object.
      return graphqlAnswer({
        errors: clientErrors.map((e) => ({
          message: e.message,
          path: e.path,
          extensions: { clientError: e.extensions.clientError },
        })),
        data: {},
      });
    }
    if (resultErrors.length > 0) {
      // Variables that do not fit their types (a missing input field...) are validation errors too.
      return errorsOnly(resultErrors, result.data ? 'DataFetchingException' : 'ValidationError');
    }
    return graphqlAnswer({ data: result.data });
  }

  async function handleGraphQL(request: FakeRequest): Promise<FakeResponse> {
    const body = obj(request.body);
    if (typeof body.query !== 'string') {
      return { status: 400, json: { errors: [{ message: 'A GraphQL request needs a query string.' }] } };
    }
    const variables = obj(body.variables);
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    let document: DocumentNode | undefined;
    let syntaxError: GraphQLError | undefined;
    try {
      document = parse(body.query);
    } catch (error) {
      syntaxError = error instanceof GraphQLError ? error : new GraphQLError(String(error));
    }
    const operation = document?.definitions.find(
      (d): d is OperationDefinitionNode =>
        d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
    );
    const call: GraphQLCall = {
      operationName: operationName ?? operation?.name?.value,
      kind: operation?.operation === 'subscription' ? undefined : operation?.operation,
      fields: (operation?.selectionSet.selections ?? [])
        .filter((s): s is FieldNode => s.kind === Kind.FIELD)
        .map((s) => s.name.value),
      variables,
      query: body.query,
      request,
    };
    calls.push(call);

    if (rateLimited()) {
      return graphqlAnswer({
        errors: [
          {
            message: 'API limit reached',
            extensions: { clientError: [{ code: 'rate_limit_exceeded', param: {} }] },
          },
        ],
        data: {},
      });
    }

    const fault = takeOperationFault(call);
    if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    const answer = (): FakeResponse => {
      if (syntaxError || !document)
        return errorsOnly([syntaxError ?? new GraphQLError('no document')], 'InvalidSyntax');
      return run(document, operationName, variables);
    };
    const faulting = fault && (fault.status !== undefined || fault.hang || fault.malformedJson);
    if (!fault || !faulting) return answer();
    if (fault.processFirst) answer();
    if (fault.hang) return new Promise<FakeResponse>((resolve) => hanging.add(resolve));
    if (fault.malformedJson) {
      return {
        status: 200,
        raw: '{"data": {"getClientList": {"clients": [{"accountId": "1", "na',
        headers: {
          'content-type': 'application/json',
        },
      };
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    return {
      status: fault.status ?? 500,
      raw: fault.body ?? JSON.stringify({ errors: [{ message: `injected ${fault.status}` }] }),
      headers,
    };
  }

  const server = await startVendorServer({
    latencyMs: options.latencyMs,
    routes: [{ method: 'POST', pattern: '/msp', handler: handleGraphQL }],
    authorize: (request) => {
      if (request.path !== '/msp') return undefined;
      // An unknown account is refused at the gateway, before the token is looked at: 400, empty body.
      const sub = request.headers.customersubdomain;
      if (typeof sub !== 'string' || sub.trim().toLowerCase() !== subdomain) return { status: 400, raw: '' };
      if (request.headers.authorization !== `Bearer ${apiToken}`) return { status: 401, raw: '' };
      return undefined;
    },
    notFound: () => ({ status: 404, raw: '' }),
  });

  const filterCalls = (operation?: string | RegExp) =>
    calls.filter(
      (c) =>
        !operation ||
        [c.operationName ?? '', ...c.fields].some((n) =>
          operation instanceof RegExp ? operation.test(n) : operation === n,
        ),
    );

  const fake: FakeSuperOps = {
    url: server.url,
    apiUrl: `${server.url}/msp`,
    apiToken,
    subdomain,
    requests: (method, pathPrefix) => server.requests(method, pathPrefix),
    clearRequests: () => {
      server.clearRequests();
      calls.length = 0;
    },
    inject: (fault) => server.inject(fault),
    injectOperation: (fault) => {
      operationFaults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults: () => {
      server.clearFaults();
      operationFaults = [];
    },
    setLatency: (ms) => server.setLatency(ms),
    setRateLimit: (limit) => {
      rateLimit = limit;
      windowStart = Date.now();
      windowCount = 0;
    },
    rateLimitNext: (count) => {
      forcedRateLimits = count;
    },
    calls: filterCalls,
    forbid: (field) => forbidden.add(field),
    allow: (field) => forbidden.delete(field),
    clients: (o = {}) => [...clients.values()].filter((c) => o.includeTrashed || !c.trashedAt),
    client: (id) => clients.get(id),
    clientByName: (name) => liveClients().find((c) => c.name === name),
    sites: (clientId) => [...sites.values()].filter((s) => s.clientId === clientId),
    hqSite: (clientId) => {
      const client = clients.get(clientId);
      return client ? sites.get(client.hqSiteId) : undefined;
    },
    users: (clientId) => liveUsers().filter((u) => !clientId || u.clientId === clientId),
    user: (id) => users.get(id),
    roles: () => roles.map((r) => ({ ...r })),
    customFields: () => definitions.map((d) => ({ ...d })),
    customValuesByLabel: (clientId) => {
      const client = clients.get(clientId);
      const out: Record<string, unknown> = {};
      for (const [column, value] of Object.entries(client?.customFields ?? {})) {
        const definition = definitions.find((d) => d.columnName === column);
        if (definition) out[definition.label] = value;
      }
      return out;
    },
    setCustomValue: (clientId, label, value) => {
      const client = clients.get(clientId);
      const definition = definitionByLabel(label);
      if (!client || !definition) throw new Error(`no client ${clientId} or field ${label}`);
      applyCustomValues(client.customFields, { [definition.columnName]: value });
    },
    tickets: (clientId) => [...tickets.values()].filter((t) => !clientId || t.clientId === clientId),
    assets: (clientId) => [...assets.values()].filter((a) => !clientId || a.clientId === clientId),
    addTickets: (clientId, count, status = 'New') => {
      for (let i = 0; i < count; i++) {
        ticketNumber++;
        const ticketId = nextTicketId();
        tickets.set(ticketId, {
          ticketId,
          displayId: `010126-${String(ticketNumber).padStart(4, '0')}`,
          subject: `Printer offline (${ticketNumber})`,
          status,
          clientId,
          createdTime: stamp(),
          updatedTime: stamp(),
        });
      }
    },
    addAssets: (clientId, count) => {
      for (let i = 0; i < count; i++) {
        const assetId = nextAssetId();
        const n = assets.size + 1;
        assets.set(assetId, {
          assetId,
          name: `DESKTOP-${String(n).padStart(4, '0')}`,
          hostName: `desktop-${n}`,
          status: 'ONLINE',
          clientId,
        });
      }
    },
    addContract: (clientId, contract = {}) => {
      const contractId = nextContractId();
      contracts.set(contractId, {
        contractId,
        clientId,
        name: contract.name ?? 'Managed Services',
        contractType: contract.contractType ?? 'SERVICE',
        contractStatus: contract.contractStatus ?? 'ACTIVE',
        startDate: contract.startDate ?? '2026-01-01',
      });
    },
    addClient,
    renameClient: (id, name) => {
      const client = clients.get(id);
      if (client) client.name = name;
    },
    trash: (id) => {
      const client = clients.get(id);
      if (client && !client.trashedAt) client.trashedAt = stamp();
    },
    hardDeleteCalls: () => hardDeletes,
    async close() {
      for (const resolve of hanging) resolve({ status: 503, raw: '' });
      hanging.clear();
      await server.close();
    },
  };
  return fake;
}

/**
 * The vendor-neutral face of a fake (test/fakes/fake-vendor.ts). Notes on SuperOps' terms:
 * - every request is POST /msp, so `inject` faults match that path (use the rich fake for per-operation ones);
 * - `setRateLimit` and `rateLimit` are SuperOps' own: rate_limit_exceeded at HTTP 200, not a 429;
 * - `removeCustomer` trashes the client as the web app's delete does, and `customerList()` keeps trashed
 *   clients with `active: false` (they are restorable for 30 days);
 * - `customValuesOf` is by field label, values as SuperOps stores them (strings, arrays for multi-select);
 * - a seed's contact `archived`, `title`, `mobile` and addresses have no place in SuperOps and are dropped.
 */
export function fakeVendorOf(fake: FakeSuperOps): FakeVendor {
  return {
    name: 'superops',
    url: fake.url,
    env: {
      VENDOR: 'superops',
      SUPEROPS_API_TOKEN: fake.apiToken,
      SUPEROPS_SUBDOMAIN: fake.subdomain,
      SUPEROPS_API_URL: fake.apiUrl,
    },
    secrets: [fake.apiToken],
    requests: fake.requests,
    clearRequests: fake.clearRequests,
    inject: fake.inject,
    // An application error at HTTP 200: `errors[].extensions.clientError[{code, param}]` with `data: {}`.
    refuseNextContact: () =>
      fake.injectOperation({
        operation: 'createClientUser',
        status: 200,
        body: JSON.stringify({
          data: {},
          errors: [
            {
              message: 'Validation failed',
              extensions: {
                clientError: [{ code: 'value_pattern_validation_failed', param: { attributes: ['email'] } }],
              },
            },
          ],
        }),
        times: 1,
      }),
    clearFaults: fake.clearFaults,
    setLatency: fake.setLatency,
    setRateLimit: fake.setRateLimit,
    customerList: () =>
      fake
        .clients({ includeTrashed: true })
        .map((c) => ({ id: c.accountId, name: c.name, active: !c.trashedAt })),
    customerIdByName: (name) => fake.clientByName(name)?.accountId,
    contactEmailsOf: (id) => fake.users(id).map((u) => u.email.toLowerCase()),
    customValuesOf: (id) => fake.customValuesByLabel(id),
    // SuperOps clients carry no modified time: a rename is all there is to it.
    renameCustomer: (id, name) => fake.renameClient(id, name),
    removeCustomer: (id) => fake.trash(id),
    addCustomer: (seed) => fake.addClient(seed),
    addOpenTickets: (id, count) => fake.addTickets(id, count, 'New'),
    addDevices: (id, count) => fake.addAssets(id, count),
    // The app's hash route for a client page (same form the client builds; see its mapping.ts).
    customerPageUrl: (id) => `https://${fake.subdomain}.superops.ai/#/clients/${id}/details`,
    close: () => fake.close(),
  };
}

export async function startFakeSuperOpsVendor(options: FakeVendorOptions = {}): Promise<FakeVendor> {
  const fake = await startFakeSuperOps({
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.generate ? { generate: options.generate } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  return fakeVendorOf(fake);
}
