// The Autotask PSA REST v1.0 client behind VendorClient: zone discovery, queries and paging, child-URL contacts.
import type { z } from 'zod';
import {
  type Contact,
  type ContactCreate,
  type ContactPatch,
  type Customer,
  type CustomerCreate,
  type CustomerPatch,
  type CustomFieldDefinition,
  isVendorError,
  VendorError,
} from '../../domain/index.js';
import {
  createHttpClient,
  type ErrorBodyParser,
  type HttpClient,
  type HttpRequest,
  type HttpTimeouts,
  MAX_PAGES,
  type ParsedErrorBody,
  type QueryValue,
  type RetryOptions,
} from '../http.js';
import type {
  CallOptions,
  CreateChoice,
  Page,
  RelatedCount,
  VendorCapabilities,
  VendorClient,
  VendorHooks,
  WebLinks,
} from '../types.js';
import {
  accountIdFromUrl,
  CHOICE_OWNER,
  CHOICE_TYPE,
  COMPANY_FIELDS_FROM_FORM,
  choiceKeyOf,
  configurationItemUrl,
  contactFromWire,
  contactToWire,
  contractUrl,
  customerFromWire,
  customerToWire,
  domainFieldsOfMessage,
  fieldLabelOf,
  type MappingContext,
  normaliseWebBase,
  ticketUrl,
  type UdfDefinition,
  udfDefinitionFromWire,
  udfValuesFromWire,
  udfValueToWire,
  webBaseFromZoneUrl,
  wireId,
} from './mapping.js';
import {
  CompanySchema,
  ConfigurationItemSchema,
  ContactSchema,
  ContractSchema,
  ErrorBodySchema,
  type FieldInformation,
  FieldInformationResultSchema,
  type Filter,
  itemResultSchema,
  OperationResultSchema,
  type QueryBody,
  QueryCountSchema,
  queryResultSchema,
  type Resource,
  ResourceSchema,
  TicketSchema,
  UdfInformationResultSchema,
  ZoneInformationSchema,
} from './schemas.js';

export interface AutotaskClientOptions {
  username: string;
  secret: string;
  integrationCode: string;
  /** Where zone discovery is asked: https://webservices.autotask.net (or a test server). */
  baseUrl: string;
  /** The zone's REST base (ending in /ATServicesRest/), skipping discovery. */
  zoneUrl?: string;
  hooks?: VendorHooks;
  timeouts?: Partial<HttpTimeouts>;
  retry?: Partial<RetryOptions>;
  /** Records per query page, 1..500 (Autotask's MaxRecords bound); default 500. */
  pageSize?: number;
}

/** A VendorClient with every optional method Autotask backs, that also releases its connections. */
export type AutotaskClient = VendorClient &
  Required<
    Pick<
      VendorClient,
      | 'restoreCustomer'
      | 'listCustomersChangedSince'
      | 'listContactsChangedSince'
      | 'countCustomers'
      | 'getContactCustomFieldValues'
      | 'setContactCustomField'
      | 'customerCreateChoices'
      | 'contracts'
      | 'resolveActor'
    >
  > & { close(): Promise<void> };

const VENDOR = 'Autotask';
/** "maxCountOfRecordsToReturn must be between 1 and 500" (Advanced query features; apigrate/autotask-restapi). */
export const MAX_RECORDS = 500;
/** Field, picklist, UDF and resource lists change rarely: read once per ten minutes per client. */
const METADATA_TTL_MS = 10 * 60_000;
const RELATED_SAMPLE = 5;
/** A page past the count (records added mid-listing) is drained into the last page, at most this many more. */
const DRAIN_PAGES = 20;
/**
 * Ticket status "Complete" as value 5: what independent Autotask scripts exclude as "5 - COMPLETED" [CODE] (the
 * help pages give no value; picklists are per database). Used only when the status picklist cannot be read.
 */
const COMPLETE_STATUS_FALLBACK = '5';

/**
 * What Autotask stores on a company besides its name: one web address (offered as the domain), a company
 * number, two address lines, city, state, postal code, phone and fax. Country is a `countryID` into a
 * reference table, email/mobile/notes/referral do not exist on a company (swagger CompanyModel).
 */
const CUSTOMER_FIELDS = [
  'domains',
  'phone',
  'fax',
  'address',
  'address2',
  'city',
  'state',
  'zip',
  'businessNumber',
] as const;

export function autotaskCapabilities(pageSize: number): VendorCapabilities {
  return {
    label: VENDOR,
    serverSideSearch: true,
    contactsByCustomer: true,
    editableContactEmail: true,
    // ContactModel requires names and a company, not an email (Contacts entity page).
    contactEmailRequired: false,
    // Both names: `lastName` is `isRequired` in Contacts' entityInformation/fields, as `firstName` is.
    contactLastNameRequired: true,
    customFields: true,
    contactCustomFields: true,
    pageSize,
    // The database has 10,000 requests per rolling hour for EVERY integration the MSP runs, and Autotask adds
    // latency once half of it is used ("REST API supportability, query thresholds, and latency"). 80/min is
    // 4,800/hour: under that 50% mark even if we ran flat out, leaving the rest to the MSP's RMM and others.
    defaultRateLimitPerMinute: 80,
    // "Integrations developed following the Autotask 2023.1 release have a thread limit of three per object
    // endpoint and tracking identifier" (API thread limiting); 3 in flight overall can never exceed it.
    maxConcurrentRequests: 3,
    rateLimitScope: 'connection',
    customerFields: CUSTOMER_FIELDS,
    contactAddress: true,
    personCustomers: false,
    customerRemoval: 'deactivate',
    contactDeactivation: true,
    customerDeleteWarning:
      'Autotask does not delete companies (its Companies entity says "Can Delete: false"): the company is deactivated, keeps its contacts, tickets and history, and can be reactivated.',
    impersonation: true,
    changedSince: { customers: true, contacts: true },
  };
}

export const AUTOTASK_CAPABILITIES: VendorCapabilities = autotaskCapabilities(MAX_RECORDS);

// ---- errors

function errorMessages(bodyText: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return bodyText.trim() && bodyText.length < 300 && !bodyText.includes('<') ? [bodyText.trim()] : [];
  }
  const parsed = ErrorBodySchema.safeParse(json);
  if (!parsed.success) return [];
  const out = (parsed.data.errors ?? []).filter((m) => m.trim() !== '');
  const headline = parsed.data.Message ?? parsed.data.message;
  if (out.length === 0 && headline) out.push(headline);
  return out;
}

/** Wording of refusals that are about the input, when no field is named ("Value exceeds...", "... is required"). */
const VALIDATION_WORDS =
  /\b(required|invalid|not valid|must be|must not|cannot|can not|not allowed|exceed|too long|does not exist|already exists|duplicate)\b/i;

/**
 * `{"errors": ["..."]}`, "often with HTTP 500 for validation problems": a message naming a field (or worded as
 * a refusal of the input) is `validation`, keyed by domain field; 429 keeps the thread-limit text; anything
 * else keeps the status's kind with Autotask's words.
 */
export function parseAutotaskError(
  status: number,
  bodyText: string,
  choiceKeys?: ReadonlyMap<string, string>,
): ParsedErrorBody {
  const messages = errorMessages(bodyText);
  if (status === 401) {
    return {
      message: "Autotask rejected the API user's credentials (user name, secret or integration code).",
    };
  }
  if (messages.length === 0) return {};
  const message = messages.join(' ');
  if (status === 429 || status === 401 || status === 403 || status === 404 || status === 405)
    return { message };
  const fields: Record<string, string> = {};
  for (const text of messages) {
    for (const field of domainFieldsOfMessage(text, choiceKeys)) {
      fields[field] = fields[field] ? `${fields[field]} ${text}` : text;
    }
  }
  if (Object.keys(fields).length > 0) return { message, fields, kind: 'validation' };
  if (VALIDATION_WORDS.test(message)) return { message, kind: 'validation' };
  return { message };
}

/** A refused contact delete is Autotask saying what still references the contact: a `conflict`. */
const parseDeleteContactError: ErrorBodyParser = (status, bodyText) => {
  const parsed = parseAutotaskError(status, bodyText);
  if ([401, 403, 404, 405, 429].includes(status) || !parsed.message) return parsed;
  return { message: parsed.message, kind: 'conflict' };
};

/** Zone discovery: a user Autotask does not know is a credentials problem, not an outage. */
const parseZoneError: ErrorBodyParser = (status, bodyText) => {
  const message = errorMessages(bodyText).join(' ');
  if ((status >= 400 && status < 500 && status !== 429) || /\b(user|zone)\b/i.test(message)) {
    return {
      kind: 'auth',
      message: `Autotask could not find the zone of this API user${message ? `: ${message}` : '.'}`,
    };
  }
  return message ? { message } : {};
};

function notFound(what: string, id: string): VendorError {
  return new VendorError('not_found', `Autotask has no ${what} ${id}.`, { vendor: VENDOR, status: 404 });
}

function requireId(what: string, id: string): number {
  const n = wireId(id);
  if (n === undefined) throw notFound(what, id);
  return n;
}

function badResponse(message: string): VendorError {
  return new VendorError('bad_response', message, { vendor: VENDOR });
}

/**
 * Phones are stored as typed and `contains` compares text, so a number is looked for in the forms it is
 * commonly kept in: as typed, bare digits, and its last seven digits as "010-2030" / "010.2030".
 */
function phoneForms(typed: string): string[] {
  const digits = typed.replace(/\D/g, '');
  if (digits.length < 4) return [];
  const forms = new Set([typed, digits]);
  if (digits.length >= 7) {
    const tail = digits.slice(-7);
    forms.add(`${tail.slice(0, 3)}-${tail.slice(3)}`);
    forms.add(`${tail.slice(0, 3)}.${tail.slice(3)}`);
  }
  return [...forms];
}

// ---- small caches

/** One value per key, loaded once per TTL, shared by concurrent callers; a failed load is not kept. */
function cached<T>(load: (signal?: AbortSignal) => Promise<T>, ttlMs = METADATA_TTL_MS) {
  let entry: { at: number; value: Promise<T> } | undefined;
  return (signal?: AbortSignal): Promise<T> => {
    if (entry && Date.now() - entry.at < ttlMs) return entry.value;
    const value = load(signal);
    const mine = { at: Date.now(), value };
    entry = mine;
    value.catch(() => {
      if (entry === mine) entry = undefined;
    });
    return value;
  };
}

// ---- paging

interface Step<T> {
  items: T[];
  next: string | null;
}

/**
 * One walk through a listing. Autotask pages are a chain (each page names the next), so page N waits for page
 * N-1's `nextPageUrl`; the index asking for every page at once therefore costs one request at a time, well
 * inside the thread limit. `totalPages` comes from `query/count`.
 */
interface Listing<T> {
  steps: Map<number, Promise<Step<T>>>;
  totals: Promise<{ totalPages: number; totalItems: number }>;
}

/**
 * Whether a zone (or web) URL from zone discovery may be trusted with the credentials: `https` on autotask.net
 * or a host under it (where every Autotask zone lives: webservicesN.autotask.net, wwN.autotask.net), or the very
 * origin discovery was asked of, when the operator pointed AUTOTASK_BASE_URL at a host of their own (a proxy, a
 * test server). No user info, nothing else: a discovery answer is vendor data, not configuration.
 */
export function isTrustedZoneUrl(url: string, discoveryBase: string): boolean {
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(url);
    base = new URL(discoveryBase);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  if (parsed.protocol === 'https:' && (host === 'autotask.net' || host.endsWith('.autotask.net')))
    return true;
  return parsed.origin === base.origin;
}

interface Zone {
  /** `{url}V1.0`, without the trailing slash (http.ts joins paths to it). */
  restBase: string;
  webBase: string;
  name: string | null;
  http: HttpClient;
}

export function createAutotaskClient(options: AutotaskClientOptions): AutotaskClient {
  const pageSize = Math.min(MAX_RECORDS, Math.max(1, Math.floor(options.pageSize ?? MAX_RECORDS)));
  const secrets = [options.secret, options.integrationCode];
  const common = {
    vendor: VENDOR,
    secrets,
    hooks: options.hooks,
    timeouts: options.timeouts,
    retry: options.retry,
  };
  // "Zone discovery does not require authentication" (getZoneInfo); it is asked of the base host only.
  const discovery = createHttpClient({ ...common, baseUrl: options.baseUrl, parseError: parseZoneError });
  const zoneClients = new Map<string, HttpClient>();
  const pinned = options.zoneUrl !== undefined;
  /** Lower-cased wire name -> choice key, for the error parser (filled once the company fields are read). */
  const choiceKeyMap = new Map<string, string>();

  const zoneFrom = (url: string, webUrl: string | null | undefined, name: string | null): Zone => {
    const restBase = `${url.replace(/\/+$/, '')}/V1.0`;
    const key = restBase.toLowerCase();
    let http = zoneClients.get(key);
    if (!http) {
      http = createHttpClient({
        ...common,
        baseUrl: restBase,
        // Every call carries the three credentials (swagger: required headers on every operation).
        headers: {
          ApiIntegrationCode: options.integrationCode,
          UserName: options.username,
          Secret: options.secret,
        },
        parseError: (status, body) => parseAutotaskError(status, body, choiceKeyMap),
      });
      zoneClients.set(key, http);
    }
    return { restBase, webBase: normaliseWebBase(webUrl || webBaseFromZoneUrl(url)), name, http };
  };

  const discover = async (signal?: AbortSignal): Promise<Zone> => {
    // A zone the operator pinned (AUTOTASK_ZONE_URL) is theirs to choose.
    if (options.zoneUrl) return zoneFrom(options.zoneUrl, null, null);
    const info = await discovery.request({
      method: 'GET',
      // Paths are case-insensitive at Autotask; this is the spelling of the help pages.
      path: '/atservicesrest/v1.0/zoneInformation',
      query: { user: options.username },
      schema: ZoneInformationSchema,
      signal,
    });
    // The three credentials go to whatever zone this answer names: a hostile or broken answer must not get them.
    if (!isTrustedZoneUrl(info.url, options.baseUrl)) {
      throw badResponse(
        'Autotask zone discovery named a zone that is not an Autotask address (https, under autotask.net), so the credentials were not sent there. If your zone really is elsewhere, set AUTOTASK_ZONE_URL.',
      );
    }
    // The web address only makes links; one off Autotask is dropped for the one the zone's name implies.
    const webUrl = info.webUrl && isTrustedZoneUrl(info.webUrl, options.baseUrl) ? info.webUrl : null;
    return zoneFrom(info.url, webUrl, info.zoneName ?? null);
  };

  let zonePromise: Promise<Zone> | undefined;
  const currentZone = (signal?: AbortSignal): Promise<Zone> => {
    if (!zonePromise) {
      const fresh = discover(signal);
      zonePromise = fresh;
      fresh.catch(() => {
        if (zonePromise === fresh) zonePromise = undefined;
      });
    }
    return zonePromise;
  };
  /** Asks again unless someone already did since `stale` was handed out. */
  const rediscover = async (stale: Zone, signal?: AbortSignal): Promise<Zone> => {
    const now = zonePromise ? await zonePromise.catch(() => undefined) : undefined;
    if (now && now !== stale) return now;
    zonePromise = undefined;
    return currentZone(signal);
  };

  /**
   * Runs a call on the cached zone; a 401/404 from the zone host may mean the database moved, so the zone is
   * asked once more and the call repeated only if it now lives elsewhere.
   */
  const onZone = async <T>(signal: AbortSignal | undefined, run: (zone: Zone) => Promise<T>): Promise<T> => {
    const zone = await currentZone(signal);
    try {
      return await run(zone);
    } catch (error) {
      if (pinned || !isVendorError(error) || (error.status !== 401 && error.status !== 404)) throw error;
      const fresh = await rediscover(zone, signal);
      if (fresh.restBase.toLowerCase() === zone.restBase.toLowerCase()) throw error;
      return run(fresh);
    }
  };

  const call = <S extends z.ZodType>(request: HttpRequest<S>): Promise<z.output<S>> =>
    onZone(request.signal, (zone) => zone.http.request(request));

  /** `ImpersonationResourceId` on writes when the caller resolved a technician (resolveActor). */
  const writeHeaders = (o?: CallOptions): Record<string, string> | undefined =>
    o?.actAs && /^\d{1,18}$/.test(o.actAs) ? { ImpersonationResourceId: o.actAs } : undefined;

  // ---- queries

  /** Read-only POSTs: marked idempotent so they retry like GETs. */
  const query = <S extends z.ZodType>(entity: string, body: QueryBody, item: S, signal?: AbortSignal) =>
    call({
      method: 'POST',
      path: `/${entity}/query`,
      body,
      schema: queryResultSchema(item),
      idempotent: true,
      signal,
    });

  const count = async (entity: string, filter: Filter[], signal?: AbortSignal): Promise<number> => {
    const result = await call({
      method: 'POST',
      path: `/${entity}/query/count`,
      body: { filter },
      schema: QueryCountSchema,
      idempotent: true,
      signal,
    });
    return result.queryCount;
  };

  /**
   * `nextPageUrl` is absolute; it is followed only inside this zone's REST base (credentials never go
   * anywhere else) and turned into a path and query for http.ts.
   */
  const relativeToZone = (zone: Zone, next: string): { path: string; query: Record<string, QueryValue> } => {
    let url: URL;
    let base: URL;
    try {
      url = new URL(next, `${zone.restBase}/`);
      base = new URL(`${zone.restBase}/`);
    } catch {
      throw badResponse('Autotask sent a next-page link that is not a URL.');
    }
    const basePath = base.pathname.replace(/\/+$/, '');
    if (
      url.origin.toLowerCase() !== base.origin.toLowerCase() ||
      !url.pathname.toLowerCase().startsWith(`${basePath.toLowerCase()}/`)
    ) {
      throw badResponse('Autotask sent a next-page link outside its own API; it was not followed.');
    }
    return {
      path: url.pathname.slice(basePath.length),
      query: Object.fromEntries(url.searchParams),
    };
  };

  /**
   * The help pages give `nextPageUrl` as a complete URL carrying the search (`.../query/next?paging=...&search=...`),
   * so it is first followed with GET; live reports (apigrate/autotask-restapi's later versions and others) say
   * the POSTed query's next page answers GET with 405 and wants the original body re-POSTed. On a 405 this
   * client re-POSTs, and keeps doing so.
   */
  let followByPost = false;
  const follow = <S extends z.ZodType>(next: string, body: QueryBody, item: S, signal?: AbortSignal) =>
    onZone(signal, async (zone) => {
      const { path, query: params } = relativeToZone(zone, next);
      const schema = queryResultSchema(item);
      if (!followByPost) {
        try {
          return await zone.http.request({ method: 'GET', path, query: params, schema, signal });
        } catch (error) {
          if (!isVendorError(error) || error.status !== 405) throw error;
          followByPost = true;
        }
      }
      return zone.http.request({
        method: 'POST',
        path,
        query: params,
        body,
        schema,
        idempotent: true,
        signal,
      });
    });

  /** Every record a query matches, following the chain (bounded by MAX_PAGES). */
  const queryAll = async <S extends z.ZodType>(
    entity: string,
    body: QueryBody,
    item: S,
    signal?: AbortSignal,
  ): Promise<z.output<S>[]> => {
    let page = await query(entity, body, item, signal);
    const out = [...page.items];
    for (let n = 1; page.pageDetails?.nextPageUrl && n < MAX_PAGES; n++) {
      page = await follow(page.pageDetails.nextPageUrl, body, item, signal);
      out.push(...page.items);
    }
    return out;
  };

  const everything: Filter[] = [{ op: 'gte', field: 'id', value: 0 }];

  function listingOf<S extends z.ZodType>(entity: string, item: S) {
    const body: QueryBody = { filter: everything, maxRecords: pageSize };
    let current: Listing<z.output<S>> | undefined;

    const start = (signal?: AbortSignal): Listing<z.output<S>> => {
      const first = query(entity, body, item, signal).then((r) => ({
        items: r.items,
        next: r.pageDetails?.nextPageUrl ?? null,
      }));
      const totals = count(entity, everything, signal).then((n) => ({
        totalItems: n,
        totalPages: Math.max(1, Math.ceil(n / pageSize)),
      }));
      const listing: Listing<z.output<S>> = { steps: new Map([[1, first]]), totals };
      // A failed start is forgotten, so the next ask starts over instead of repeating the failure.
      Promise.all([first, totals]).catch(() => {
        if (current === listing) current = undefined;
      });
      return listing;
    };

    const step = (
      listing: Listing<z.output<S>>,
      n: number,
      signal?: AbortSignal,
    ): Promise<Step<z.output<S>>> => {
      const known = listing.steps.get(n);
      if (known) return known;
      const made = step(listing, n - 1, signal).then(async (previous) =>
        previous.next
          ? follow(previous.next, body, item, signal).then((r) => ({
              items: r.items,
              next: r.pageDetails?.nextPageUrl ?? null,
            }))
          : { items: [], next: null },
      );
      listing.steps.set(n, made);
      made.catch(() => {
        if (listing.steps.get(n) === made) listing.steps.delete(n);
      });
      return made;
    };

    return async (page: number, signal?: AbortSignal): Promise<Page<z.output<S>>> => {
      if (page === 1 || !current) current = start(signal);
      const listing = current;
      const totals = await listing.totals;
      if (page > totals.totalPages) return { items: [], page, ...totals };
      const got = await step(listing, page, signal);
      const items = [...got.items];
      if (page === totals.totalPages) {
        // Records added since the count would otherwise wait for the next build: the last page takes them.
        let next = got.next;
        for (let n = 0; next && n < DRAIN_PAGES; n++) {
          const more = await follow(next, body, item, signal);
          items.push(...more.items);
          next = more.pageDetails?.nextPageUrl ?? null;
        }
        // The walk is done: let it go rather than hold every record until the next build.
        if (current === listing) current = undefined;
      }
      return { items, page, ...totals };
    };
  }

  const companyPages = listingOf('Companies', CompanySchema);
  const contactPages = listingOf('Contacts', ContactSchema);

  // ---- metadata

  const udfDefinitions = (entity: 'Companies' | 'Contacts', target: CustomFieldDefinition['target']) =>
    cached(async (signal) => {
      const result = await call({
        method: 'GET',
        path: `/${entity}/entityInformation/userDefinedFields`,
        schema: UdfInformationResultSchema,
        signal,
      });
      return new Map(result.fields.map((f) => [f.name, udfDefinitionFromWire(f, target)] as const));
    });
  const companyUdfs = udfDefinitions('Companies', 'customer');
  const contactUdfs = udfDefinitions('Contacts', 'contact');

  /** Values still read as strings when the definitions are refused (a security level without them). */
  const udfsOrNone = async (
    load: (s?: AbortSignal) => Promise<Map<string, UdfDefinition>>,
    signal?: AbortSignal,
  ) => {
    try {
      return await load(signal);
    } catch (error) {
      if (isVendorError(error, 'forbidden')) return new Map<string, UdfDefinition>();
      throw error;
    }
  };

  const fieldInformation = (entity: string) =>
    cached(async (signal) => {
      const result = await call({
        method: 'GET',
        path: `/${entity}/entityInformation/fields`,
        schema: FieldInformationResultSchema,
        signal,
      });
      return result.fields;
    });
  const companyFields = fieldInformation('Companies');
  const ticketFields = fieldInformation('Tickets');

  const activeResources = cached((signal) =>
    queryAll(
      'Resources',
      {
        filter: [{ op: 'eq', field: 'isActive', value: true }],
        includeFields: ['id', 'firstName', 'lastName', 'email', 'userName', 'isActive'],
        maxRecords: MAX_RECORDS,
      },
      ResourceSchema,
      signal,
    ),
  );

  /** The zone's web base and the entity's UDF definitions, which every record of that entity is mapped with. */
  const mappingContext =
    (udfDefinitionsOf: typeof companyUdfs) =>
    async (signal?: AbortSignal): Promise<MappingContext> => {
      const [zone, udfs] = await Promise.all([currentZone(signal), udfsOrNone(udfDefinitionsOf, signal)]);
      return { webBase: zone.webBase, udfs };
    };
  const customerContext = mappingContext(companyUdfs);
  const contactContext = mappingContext(contactUdfs);

  // ---- records

  /** One record by id (GET /{entity}/{id}); a missing id answers 200 with `item: null`. */
  const readItem = async <T>(
    entity: 'Companies' | 'Contacts',
    what: 'customer' | 'contact',
    schema: z.ZodType<{ item: T | null }>,
    id: string,
    signal?: AbortSignal,
  ): Promise<T> => {
    const result = await call({ method: 'GET', path: `/${entity}/${requireId(what, id)}`, schema, signal });
    if (!result.item) throw notFound(what, id);
    return result.item;
  };

  const readCompany = (id: string, signal?: AbortSignal) =>
    readItem('Companies', 'customer', itemResultSchema(CompanySchema), id, signal);
  const readCustomer = async (id: string, signal?: AbortSignal): Promise<Customer> => {
    const [wire, ctx] = await Promise.all([readCompany(id, signal), customerContext(signal)]);
    return customerFromWire(wire, ctx);
  };

  const readContactWire = (id: string, signal?: AbortSignal) =>
    readItem('Contacts', 'contact', itemResultSchema(ContactSchema), id, signal);
  const readContact = async (id: string, signal?: AbortSignal): Promise<Contact> => {
    const [wire, ctx] = await Promise.all([readContactWire(id, signal), contactContext(signal)]);
    return contactFromWire(wire, ctx);
  };

  const newId = (result: z.infer<typeof OperationResultSchema>, what: string): string => {
    const raw = result.itemId === null || result.itemId === undefined ? '' : String(result.itemId);
    if (wireId(raw) === undefined) throw badResponse(`Autotask accepted the ${what} but did not say its id.`);
    return raw;
  };

  /** A create (POST) or an update (PATCH): answered with the record's id; impersonating when the caller says. */
  const write = (method: 'POST' | 'PATCH', path: string, body: Record<string, unknown>, o?: CallOptions) =>
    call({ method, path, body, schema: OperationResultSchema, headers: writeHeaders(o), signal: o?.signal });

  // PATCH /Companies with the id in the body; /Companies/{id} answers 405.
  const patchCompany = (body: Record<string, unknown>, o?: CallOptions) =>
    write('PATCH', '/Companies', body, o);

  /** The child URL is the only way to write a contact (top-level /Contacts only queries). */
  const contactsOf = (companyId: number) => `/Companies/${companyId}/Contacts`;
  const patchContact = (companyId: number, body: Record<string, unknown>, o?: CallOptions) =>
    write('PATCH', contactsOf(companyId), body, o);

  const companyIdOf = (wire: { companyID?: number | null }, id: string): number => {
    if (wire.companyID === null || wire.companyID === undefined) {
      throw badResponse(`Autotask sent contact ${id} without its company.`);
    }
    return wire.companyID;
  };

  const contactQuery = async (filter: Filter[], signal?: AbortSignal): Promise<Contact[]> => {
    const [items, ctx] = await Promise.all([
      queryAll('Contacts', { filter, maxRecords: MAX_RECORDS }, ContactSchema, signal),
      contactContext(signal),
    ]);
    return items.map((c) => contactFromWire(c, ctx));
  };

  // ---- create choices

  interface ChoiceField {
    choice: CreateChoice;
    wire: string;
    numeric: boolean;
  }

  const resourceName = (r: Resource) =>
    [r.firstName, r.lastName].filter((p) => p?.trim()).join(' ') ||
    r.email ||
    r.userName ||
    `Resource ${r.id}`;

  const choiceFields = async (o?: CallOptions): Promise<ChoiceField[]> => {
    const fields = await companyFields(o?.signal);
    const required = fields.filter(
      (f) =>
        f.isRequired === true && f.isReadOnly !== true && !COMPANY_FIELDS_FROM_FORM.has(f.name.toLowerCase()),
    );
    const out: ChoiceField[] = [];
    for (const field of required) {
      const key = choiceKeyOf(field.name);
      choiceKeyMap.set(field.name.toLowerCase(), key);
      out.push(await choiceFor(field, key, o));
    }
    return out;
  };

  const isResourceReference = (field: FieldInformation) =>
    field.isReference === true &&
    (field.referenceEntityType ?? '').toLowerCase().replace(/s$/, '') === 'resource';

  const choiceFor = async (field: FieldInformation, key: string, o?: CallOptions): Promise<ChoiceField> => {
    const numeric = /^(integer|int|long|short|byte)$/i.test(field.dataType ?? '');
    const label =
      key === CHOICE_TYPE
        ? 'Company type'
        : key === CHOICE_OWNER
          ? 'Account owner'
          : // FieldInformationModel carries no label (swagger; the generated C# SDK's model agrees).
            fieldLabelOf(field.name);
    if (isResourceReference(field)) {
      const resources = await activeResources(o?.signal);
      const apiUser = options.username.toLowerCase();
      const own = resources.find(
        (r) => r.userName?.toLowerCase() === apiUser || r.email?.toLowerCase() === apiUser,
      );
      // The technician creating the company owns it; else the API user itself, as the Autotask UI would.
      const preferred =
        o?.actAs && resources.some((r) => String(r.id) === o.actAs) ? o.actAs : own ? String(own.id) : null;
      return {
        wire: field.name,
        numeric: true,
        choice: {
          key,
          label,
          kind: 'select',
          required: true,
          options: resources.map((r) => ({ value: String(r.id), label: resourceName(r) })),
          defaultValue: preferred,
          hint: 'An active Autotask resource (from Resources).',
        },
      };
    }
    if (field.isPickList) {
      const values = (field.picklistValues ?? [])
        .filter((p) => p.isActive !== false)
        .sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
      // The picklist's own default (PickListValue.isDefaultValue); failing that, for the company type, the value
      // labelled "Customer" [INFERRED: labels are per database; the bot creates client companies].
      const fallback =
        key === CHOICE_TYPE
          ? values.find((p) => (p.label ?? '').trim().toLowerCase() === 'customer')
          : undefined;
      const chosen = values.find((p) => p.isDefaultValue === true) ?? fallback;
      return {
        wire: field.name,
        numeric,
        choice: {
          key,
          label,
          kind: 'select',
          required: true,
          options: values.map((p) => ({ value: p.value, label: p.label ?? p.value })),
          defaultValue: chosen?.value ?? null,
          hint: 'Required by this Autotask database (entityInformation/fields).',
        },
      };
    }
    return {
      wire: field.name,
      numeric,
      choice: {
        key,
        label,
        kind: /^boolean$/i.test(field.dataType ?? '') ? 'boolean' : 'text',
        required: true,
        options: [],
        defaultValue: null,
        hint: 'Required by this Autotask database (entityInformation/fields).',
      },
    };
  };

  // ---- related records

  const related = async <S extends z.ZodType>(
    entity: string,
    filter: Filter[],
    item: S,
    includeFields: string[],
    toRecord: (wire: z.output<S>, webBase: string) => { id: string; title: string; url: string | null },
    signal?: AbortSignal,
  ): Promise<RelatedCount> => {
    const [total, sample, zone] = await Promise.all([
      count(entity, filter, signal),
      query(entity, { filter, includeFields, maxRecords: RELATED_SAMPLE }, item, signal),
      currentZone(signal),
    ]);
    return { total, sample: sample.items.map((w) => toRecord(w, zone.webBase)) };
  };

  /** The value of "Complete" in the ticket status picklist (read, not assumed; 5 when it cannot be read). */
  const completeStatus = async (signal?: AbortSignal): Promise<string> => {
    try {
      const status = (await ticketFields(signal)).find((f) => f.name.toLowerCase() === 'status');
      const complete = status?.picklistValues?.find(
        (p) => (p.label ?? '').trim().toLowerCase() === 'complete',
      );
      return complete?.value ?? COMPLETE_STATUS_FALLBACK;
    } catch (error) {
      if (isVendorError(error, 'forbidden')) return COMPLETE_STATUS_FALLBACK;
      throw error;
    }
  };

  const numericValue = (value: string): string | number =>
    /^-?\d{1,15}$/.test(value) ? Number(value) : value;

  /**
   * Created or changed at or after `since` (UTC: "The REST API stores and returns all time data in Coordinated
   * Universal Time", Tickets entity page), a second early for rounding: any of `fields`, or `createDate`.
   */
  const changedFilter = (fields: readonly string[], since: Date): Filter[] => {
    const at = new Date(since.getTime() - 1000).toISOString();
    return [
      {
        op: 'or',
        items: [...fields, 'createDate'].map((field): Filter => ({ op: 'gte', field, value: at })),
      },
    ];
  };
  /**
   * "REST API best practices" names the fields for "records that have changed since the last query": LastActivityDate
   * on Company ("the most recent date and time that the entity was modified ... and ... any activity related to
   * the entity"), LastModifiedDate (and LastActivityDate) on Contact. CompanyModel's lastTrackedModifiedDateTime is
   * in the swagger, but no page says which changes move it (the Companies example shows it two years older than
   * lastActivityDate), so companies are asked for by both: more records at worst, never fewer.
   */
  const COMPANY_CHANGED = ['lastTrackedModifiedDateTime', 'lastActivityDate'] as const;
  const CONTACT_CHANGED = ['lastModifiedDate'] as const;

  const client: AutotaskClient = {
    vendor: 'autotask',
    capabilities: autotaskCapabilities(pageSize),

    async searchCustomers(queryText, o) {
      const q = queryText.trim();
      if (q === '') return [];
      const items: Filter[] = [{ op: 'contains', field: 'companyName', value: q }];
      if (/^[+()\d\s.-]+$/.test(q)) {
        for (const value of phoneForms(q)) items.push({ op: 'contains', field: 'phone', value });
      }
      if (/^[^\s@]+\.[a-z]{2,}$/i.test(q)) items.push({ op: 'contains', field: 'webAddress', value: q });
      const [page, ctx] = await Promise.all([
        query(
          'Companies',
          { filter: [{ op: 'or', items }], maxRecords: MAX_RECORDS },
          CompanySchema,
          o?.signal,
        ),
        customerContext(o?.signal),
      ]);
      return page.items.map((c) => customerFromWire(c, ctx));
    },

    getCustomer: (id, o) => readCustomer(id, o?.signal),

    async createCustomer(input: CustomerCreate, o?: CallOptions) {
      const fields = await choiceFields(o);
      const body: Record<string, unknown> = { ...customerToWire(input), isActive: true };
      const missing: Record<string, string> = {};
      for (const { choice, wire, numeric } of fields) {
        const picked = input.choices?.[choice.key]?.trim() || choice.defaultValue;
        if (!picked) {
          missing[choice.key] = `Autotask requires ${choice.label.toLowerCase()} for a new company.`;
          continue;
        }
        body[wire] = numeric ? numericValue(picked) : picked;
      }
      if (Object.keys(missing).length > 0) {
        throw new VendorError('validation', Object.values(missing).join(' '), {
          vendor: VENDOR,
          fields: missing,
        });
      }
      const result = await write('POST', '/Companies', body, o);
      return readCustomer(newId(result, 'company'), o?.signal);
    },

    async updateCustomer(id: string, patch: CustomerPatch, o?: CallOptions) {
      const n = requireId('customer', id);
      const wire = customerToWire(patch);
      // The type and owner picked on create may be changed too, under the same keys.
      const type = patch.choices?.[CHOICE_TYPE];
      const owner = patch.choices?.[CHOICE_OWNER];
      if (type) wire.companyType = numericValue(type);
      if (owner) wire.ownerResourceID = numericValue(owner);
      if (Object.keys(wire).length > 0) await patchCompany({ id: n, ...wire }, o);
      return readCustomer(id, o?.signal);
    },

    // Companies cannot be deleted (Companies entity: "Can Delete: false"; no DELETE in the swagger): deactivate.
    async deleteCustomer(id, o) {
      const n = wireId(id);
      if (n === undefined) return;
      try {
        await patchCompany({ id: n, isActive: false }, o);
      } catch (error) {
        if (!isVendorError(error) || ['auth', 'rate_limited', 'timeout'].includes(error.kind)) throw error;
        // An id Autotask does not have is already gone.
        const exists = await readCompany(id, o?.signal).then(
          () => true,
          (e: unknown) => (isVendorError(e, 'not_found') ? false : Promise.reject(e)),
        );
        if (exists) throw error;
      }
    },

    async restoreCustomer(id, o) {
      await patchCompany({ id: requireId('customer', id), isActive: true }, o);
      return readCustomer(id, o?.signal);
    },

    async listCustomerPage(page, o) {
      const [result, ctx] = await Promise.all([companyPages(page, o?.signal), customerContext(o?.signal)]);
      return { ...result, items: result.items.map((c) => customerFromWire(c, ctx)) };
    },

    async listCustomersChangedSince(since, o) {
      const [items, ctx] = await Promise.all([
        queryAll(
          'Companies',
          { filter: changedFilter(COMPANY_CHANGED, since), maxRecords: MAX_RECORDS },
          CompanySchema,
          o?.signal,
        ),
        customerContext(o?.signal),
      ]);
      return items.map((c) => customerFromWire(c, ctx));
    },

    countCustomers: (o) => count('Companies', everything, o?.signal),

    async searchContacts(queryText, o) {
      const q = queryText.trim();
      if (q === '') return [];
      let filter: Filter[];
      if (q.includes('@')) {
        filter = [
          {
            op: 'or',
            items: ['emailAddress', 'emailAddress2', 'emailAddress3'].map((field) => ({
              op: 'contains',
              field,
              value: q,
            })),
          },
        ];
      } else if (/^[+()\d\s.-]+$/.test(q) && q.replace(/\D/g, '').length >= 4) {
        filter = [
          {
            op: 'or',
            items: ['phone', 'mobilePhone', 'alternatePhone'].flatMap((field) =>
              phoneForms(q).map((value): Filter => ({ op: 'contains', field, value })),
            ),
          },
        ];
      } else {
        const words = q.split(/\s+/).filter(Boolean);
        const items: Filter[] = [
          { op: 'contains', field: 'firstName', value: q },
          { op: 'contains', field: 'lastName', value: q },
        ];
        const first = words[0];
        const last = words.at(-1);
        if (words.length > 1 && first && last) {
          items.push({
            op: 'and',
            items: [
              { op: 'beginsWith', field: 'firstName', value: words.slice(0, -1).join(' ') },
              { op: 'contains', field: 'lastName', value: last },
            ],
          });
        }
        filter = [{ op: 'or', items }];
      }
      const [page, ctx] = await Promise.all([
        query('Contacts', { filter, maxRecords: MAX_RECORDS }, ContactSchema, o?.signal),
        contactContext(o?.signal),
      ]);
      return page.items.map((c) => contactFromWire(c, ctx));
    },

    // Every contact of the company, inactive ones marked archived (the interface's contract: a card keeps the
    // live ones, the archive before a delete keeps them all).
    listContacts: (customerId, o) =>
      contactQuery([{ op: 'eq', field: 'companyID', value: requireId('customer', customerId) }], o?.signal),

    async listContactPage(page, o) {
      const [result, ctx] = await Promise.all([contactPages(page, o?.signal), contactContext(o?.signal)]);
      return { ...result, items: result.items.map((c) => contactFromWire(c, ctx)) };
    },

    listContactsChangedSince: (since, o) => contactQuery(changedFilter(CONTACT_CHANGED, since), o?.signal),

    getContact: (id, o) => readContact(id, o?.signal),

    async createContact(input: ContactCreate, o?: CallOptions) {
      const companyId = requireId('customer', input.customerId);
      const body: Record<string, unknown> = { companyID: companyId, isActive: 1, ...contactToWire(input) };
      const result = await write('POST', contactsOf(companyId), body, o);
      return readContact(newId(result, 'contact'), o?.signal);
    },

    async updateContact(id: string, patch: ContactPatch, o?: CallOptions) {
      const current = await readContactWire(id, o?.signal);
      const companyId = companyIdOf(current, id);
      if (patch.customerId !== undefined && patch.customerId !== String(companyId)) {
        throw new VendorError(
          'validation',
          'Autotask keeps a contact with its company; it cannot be moved here.',
          {
            vendor: VENDOR,
            fields: { customerId: 'Autotask does not move contacts between companies from here.' },
          },
        );
      }
      const wire = contactToWire(patch);
      if (Object.keys(wire).length > 0) await patchContact(companyId, { id: current.id, ...wire }, o);
      return readContact(id, o?.signal);
    },

    async deleteContact(id, o) {
      if (wireId(id) === undefined) return;
      const current = await readContactWire(id, o?.signal).catch((error: unknown) => {
        if (isVendorError(error, 'not_found')) return undefined;
        throw error;
      });
      if (!current) return;
      const companyId = companyIdOf(current, id);
      await onZone(o?.signal, (zone) =>
        zone.http.delete({
          path: `${contactsOf(companyId)}/${current.id}`,
          signal: o?.signal,
          // The swagger lists ImpersonationResourceId on the child DELETE too.
          headers: writeHeaders(o),
          parseError: parseDeleteContactError,
        }),
      );
    },

    async listCustomFieldDefinitions(o) {
      const [companies, contacts] = await Promise.all([companyUdfs(o?.signal), contactUdfs(o?.signal)]);
      return [...companies.values(), ...contacts.values()].map((d) => d.definition);
    },

    async getCustomFieldValues(customerId, o) {
      const [wire, udfs] = await Promise.all([
        readCompany(customerId, o?.signal),
        udfsOrNone(companyUdfs, o?.signal),
      ]);
      return udfValuesFromWire(wire.userDefinedFields, udfs);
    },

    async setCustomField(customerId, name, value, o) {
      const udfs = await companyUdfs(o?.signal);
      await patchCompany(
        {
          id: requireId('customer', customerId),
          userDefinedFields: [{ name, value: udfValueToWire(udfs.get(name), value) }],
        },
        o,
      );
    },

    async getContactCustomFieldValues(contactId, o) {
      return (await readContact(contactId, o?.signal)).customFields;
    },

    async setContactCustomField(contactId, name, value, o) {
      const [current, udfs] = await Promise.all([
        readContactWire(contactId, o?.signal),
        contactUdfs(o?.signal),
      ]);
      await patchContact(
        companyIdOf(current, contactId),
        { id: current.id, userDefinedFields: [{ name, value: udfValueToWire(udfs.get(name), value) }] },
        o,
      );
    },

    async customerCreateChoices(o) {
      return (await choiceFields(o)).map((f) => f.choice);
    },

    // Open = any status but Complete (its value read from Tickets/entityInformation/fields). Statuses are per
    // database; a database's own statuses all count as open [INFERRED: no page lists other closing statuses].
    async openTickets(customerId, o) {
      const n = requireId('customer', customerId);
      const complete = await completeStatus(o?.signal);
      return related(
        'Tickets',
        [
          { op: 'eq', field: 'companyID', value: n },
          { op: 'noteq', field: 'status', value: numericValue(complete) },
        ],
        TicketSchema,
        ['id', 'ticketNumber', 'title', 'status', 'companyID'],
        (t, web) => ({
          id: String(t.id),
          title: [t.ticketNumber, t.title].filter(Boolean).join(' ') || `Ticket ${t.id}`,
          url: ticketUrl(web, t.id),
        }),
        o?.signal,
      );
    },

    // Devices are ConfigurationItems (swagger ConfigurationItemModel: companyID, isActive boolean); inactive ones
    // are not counted [INFERRED: an inactive configuration item is a retired device].
    devices: (customerId, o) =>
      related(
        'ConfigurationItems',
        [
          { op: 'eq', field: 'companyID', value: requireId('customer', customerId) },
          { op: 'eq', field: 'isActive', value: true },
        ],
        ConfigurationItemSchema,
        ['id', 'referenceTitle', 'serialNumber', 'companyID', 'isActive'],
        (ci, web) => ({
          id: String(ci.id),
          title: ci.referenceTitle || ci.serialNumber || `Configuration item ${ci.id}`,
          url: configurationItemUrl(web, ci.id),
        }),
        o?.signal,
      ),

    // Every contract of the company, whatever its `status`: a deactivated company keeps them all (companies
    // "Can Delete: false").
    contracts: (customerId, o) =>
      related(
        'Contracts',
        [{ op: 'eq', field: 'companyID', value: requireId('customer', customerId) }],
        ContractSchema,
        ['id', 'contractName', 'companyID', 'status'],
        (c, web) => ({
          id: String(c.id),
          title: c.contractName || `Contract ${c.id}`,
          url: contractUrl(web, c.id),
        }),
        o?.signal,
      ),

    async webLinks(o): Promise<WebLinks> {
      const zone = await currentZone(o?.signal);
      return { base: zone.webBase, customerIdFrom: (url) => accountIdFromUrl(zone.webBase, url) };
    },

    async resolveActor(email, o) {
      const address = email.trim();
      if (!address.includes('@')) return undefined;
      const page = await query(
        'Resources',
        {
          filter: [
            { op: 'eq', field: 'email', value: address },
            { op: 'eq', field: 'isActive', value: true },
          ],
          includeFields: ['id', 'firstName', 'lastName', 'email', 'userName', 'isActive'],
          maxRecords: 5,
        },
        ResourceSchema,
        o?.signal,
      );
      const match = page.items.find(
        (r) => r.email?.toLowerCase() === address.toLowerCase() && r.isActive !== false,
      );
      return match ? { id: String(match.id), name: resourceName(match) } : undefined;
    },

    /**
     * Zone discovery asked afresh, then one small query: company 0 names the account ("we created your local
     * organization record for you and assigned it the organization ID 0", help page _InternalAccount.htm).
     */
    async testConnection(o) {
      const zone = await discover(o?.signal);
      zonePromise = Promise.resolve(zone);
      const page = await onZone(o?.signal, (z) =>
        z.http.request({
          method: 'POST',
          path: '/Companies/query',
          body: {
            filter: [{ op: 'eq', field: 'id', value: 0 }],
            includeFields: ['id', 'companyName'],
            maxRecords: 1,
          },
          schema: queryResultSchema(CompanySchema.pick({ id: true, companyName: true })),
          idempotent: true,
          signal: o?.signal,
        }),
      );
      const own = page.items[0]?.companyName?.trim();
      return {
        accountName: own || zone.name || 'Autotask',
        user: options.username,
        ...(zone.name ? { region: zone.name } : {}),
      };
    },

    async close() {
      await Promise.all([discovery.close(), ...[...zoneClients.values()].map((c) => c.close())]);
    },
  };
  return client;
}
