// The Atera API v3 client behind VendorClient: requests through http.ts, names through mapping.ts.
import type { z } from 'zod';
import {
  type Contact,
  type ContactCreate,
  type ContactPatch,
  type Customer,
  type CustomerCreate,
  type CustomerPatch,
  type CustomFieldDefinition,
  type CustomFieldValue,
  isVendorError,
  VendorError,
} from '../../domain/index.js';
import {
  createHttpClient,
  type ErrorBodyParser,
  fetchAllPages,
  type HttpTimeouts,
  type ParsedErrorBody,
  type QueryValue,
  type RetryOptions,
  readEach,
} from '../http.js';
import type {
  CallOptions,
  Page,
  RelatedCount,
  RelatedRecord,
  VendorCapabilities,
  VendorClient,
  VendorHooks,
} from '../types.js';
import {
  agentFromWire,
  ateraLocalTime,
  contactCreateToWire,
  contactFromWire,
  contactPatchToWire,
  contractFromWire,
  customerCreateToWire,
  customerFromWire,
  customerIdFromUrl,
  customerToWire,
  customValueFromWire,
  customValueToWire,
  domainFieldOf,
  fieldDefinitionFromWire,
  knownTimeZone,
  ticketFromWire,
  wireId,
} from './mapping.js';
import {
  AteraAccountSchema,
  AteraAgentSchema,
  AteraContactSchema,
  AteraContractSchema,
  AteraCustomerSchema,
  AteraCustomFieldSchema,
  AteraCustomValueSchema,
  AteraPageSchema,
  AteraProblemSchema,
  AteraResultSchema,
  AteraTicketSchema,
  AteraUnknownListSchema,
} from './schemas.js';

export interface AteraClientOptions {
  apiKey: string;
  /** Default https://app.atera.com (the API lives under /api/v3). */
  baseUrl?: string;
  hooks?: VendorHooks;
  timeouts?: Partial<HttpTimeouts>;
  retry?: Partial<RetryOptions>;
}

/** A VendorClient that also releases its connections. */
export type AteraClient = VendorClient & { close(): Promise<void> };

const VENDOR = 'Atera';
const PAGE_SIZE = 50;
/** Related records shown beside a count (the delete impact, the archive). */
const SAMPLE_SIZE = 10;
/** Custom field definitions change rarely; re-read them at most this often to type values. */
const DEFINITIONS_TTL_MS = 5 * 60_000;
/** Slack for clock differences when the account's zone is known. */
const SKEW_MS = 10 * 60_000;
/**
 * When the account's zone is not one this runtime knows, `since` is written in UTC minus this overlap: UTC
 * offsets run from -12:00 to +14:00, so 26 hours covers any zone (and DST), at the cost of re-reading a day.
 */
const UNKNOWN_ZONE_OVERLAP_MS = 26 * 3_600_000;
/**
 * Open tickets are those in Atera's "Open" and "Pending" statuses: PSAtera's Get-AteraTickets
 * (PSAtera/endpoints/Tickets.ps1) defaults to exactly these two when no status is asked for. The spec's
 * `ticketStatus` is a free string ("Filter by ticket status") and lists no values; tickets in an account's custom
 * statuses (PSAtera's -CustomStatuses) are not counted.
 */
const OPEN_TICKET_STATUSES = ['Open', 'Pending'] as const;

export const ATERA_CAPABILITIES: VendorCapabilities = {
  label: VENDOR,
  serverSideSearch: false,
  contactsByCustomer: false,
  editableContactEmail: false,
  contactEmailRequired: true,
  customFields: true,
  // /customvalues/contactfields/{id} and /customvalues/contactfield/{id}/{name} (spec).
  contactCustomFields: true,
  pageSize: PAGE_SIZE,
  // Atera publishes no limit (700/min circulates unverified); start conservatively and adapt to 429s.
  defaultRateLimitPerMinute: 300,
  // Nothing says Atera's budget is shared beyond the key.
  rateLimitScope: 'connection',
  // CustomerDto has no second address line, mobile, email or referred-by.
  customerFields: [
    'domains',
    'phone',
    'address',
    'city',
    'state',
    'zip',
    'country',
    'links',
    'businessNumber',
    'fax',
    'notes',
  ],
  // Every offered field is a string, cleared with "" (null would mean "unchanged").
  unclearableCustomerFields: [],
  contactAddress: false,
  personCustomers: false,
  customerRemoval: 'delete',
  contactDeactivation: false,
  // The spec says only "Deletes a specified customer"; the cascade is the claim of the Atera guide we started
  // from, not of Atera's API reference. Said as such, so nobody reads it as Atera's promise.
  customerDeleteWarning:
    'Atera’s API reference says only that the customer is deleted; the Atera guide this bot was built from says its contacts, agents (devices) and tickets are deleted with it. Treat it as permanent.',
  impersonation: false,
  // FromLastModifiedDate + SortBy=LastModified on /customers and /contacts.
  changedSince: { customers: true, contacts: true },
};

/** New-format Atera tokens are JWTs (three base64url parts); legacy keys go in X-API-KEY. */
export function ateraAuthHeaders(apiKey: string): Record<string, string> {
  const jwt = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(apiKey);
  return jwt ? { authorization: `Bearer ${apiKey}` } : { 'x-api-key': apiKey };
}

/** Error text that says the record is missing, whatever the status (Atera may answer a missing id with 500). */
const MISSING_TEXT = /not\s*found|does\s*not\s*exist|no\s+such|doesn't\s+exist/i;

/** 400/404 bodies are ProblemDetails; 401 bodies are empty; anything else keeps the status's kind. */
export const parseAteraError: ErrorBodyParser = (status, bodyText) => {
  if (bodyText.trim() === '') {
    return status === 401 ? { message: 'Atera rejected the API key.' } : {};
  }
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    // A 500 with plain text that names a missing record is a missing record, not an outage.
    return status >= 500 && MISSING_TEXT.test(bodyText)
      ? { kind: 'not_found', message: 'Atera has no such record.' }
      : {};
  }
  const problem = AteraProblemSchema.safeParse(json);
  if (!problem.success) return {};
  const result: ParsedErrorBody = {};
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [key, value] of Object.entries(problem.data.errors ?? {})) {
    const text = Array.isArray(value) ? value.join(' ') : value;
    const field = domainFieldOf(key);
    if (field) fields[field] = fields[field] ? `${fields[field]} ${text}` : text;
    else unplaced.push(text);
  }
  const headline = problem.data.detail ?? problem.data.title ?? undefined;
  const parts = [headline, ...Object.values(fields), ...unplaced].filter((p): p is string => Boolean(p));
  if (parts.length > 0) result.message = parts.join(' ');
  if (Object.keys(fields).length > 0) result.fields = fields;
  if (status >= 500 && MISSING_TEXT.test(result.message ?? '')) result.kind = 'not_found';
  return result;
};

/** A marker kind for "HTTP 500 on a read by id": not retried, then decided by a follow-up check. */
const AMBIGUOUS = 'bad_response';

/**
 * GET /customers/{id} and /contacts/{id} declare only 200 and 500, so a missing record may come back 500. Such a
 * 500 is not retried three times: it is marked (kind bad_response, status 500) and decided by `decideMissing`.
 */
const parseReadByIdError: ErrorBodyParser = (status, bodyText) => {
  const parsed = parseAteraError(status, bodyText);
  if (status === 500 && parsed.kind === undefined) return { ...parsed, kind: AMBIGUOUS };
  return parsed;
};

function notFound(what: string, id: string): VendorError {
  return new VendorError('not_found', `Atera has no ${what} ${id}.`, { vendor: VENDOR, status: 404 });
}

/** Ids the bot holds are strings; a non-numeric one cannot exist in Atera, so it is simply not found. */
function requireId(what: string, id: string): number {
  const n = wireId(id);
  if (n === undefined) throw notFound(what, id);
  return n;
}

function matches(haystack: Array<string | null | undefined>, needle: string): boolean {
  return haystack.some((h) => h?.toLowerCase().includes(needle));
}

const digitsOf = (value: string | null | undefined) => (value ?? '').replace(/\D/g, '');

/**
 * The forms to send to Atera's Phone filter, which matches numbers that "contain the input string": the number
 * as typed, its bare digits, and its last four digits (the one group every common format keeps together), so a
 * number stored as "(555) 010-2030" is found from "555.010.2030". The local match below keeps only real hits.
 */
export function phoneSearchForms(query: string): string[] {
  const typed = query.trim();
  const digits = digitsOf(typed);
  return [...new Set([typed, digits, digits.slice(-4)])].filter((f) => f.length >= 4);
}

function phoneMatches(contact: Contact, queryDigits: string): boolean {
  return [contact.phone, contact.mobile].some((p) => {
    const stored = digitsOf(p);
    if (stored.length < 4) return false;
    // "+1 555 010 2030" typed against "555-010-2030" stored, and the reverse.
    return stored.includes(queryDigits) || (stored.length >= 7 && queryDigits.endsWith(stored));
  });
}

export function createAteraClient(options: AteraClientOptions): AteraClient {
  const webBase = (options.baseUrl ?? 'https://app.atera.com').replace(/\/+$/, '');
  const http = createHttpClient({
    vendor: VENDOR,
    baseUrl: `${webBase}/api/v3`,
    headers: ateraAuthHeaders(options.apiKey),
    secrets: [options.apiKey],
    hooks: options.hooks,
    timeouts: options.timeouts,
    retry: options.retry,
    parseError: parseAteraError,
  });

  /** One page of any *DtoPagedResult, its records read one by one. */
  const page = async <T>(
    path: string,
    query: Record<string, QueryValue>,
    schema: z.ZodType<T>,
    signal: AbortSignal | undefined,
  ) => {
    const body = await http.request({ method: 'GET', path, query, schema: AteraPageSchema, signal });
    return {
      items: readEach(schema, body.items),
      page: body.page ?? Number(query.page ?? 1),
      totalPages: body.totalPages ?? 1,
      totalItems: typeof body.totalItemCount === 'number' ? body.totalItemCount : undefined,
    };
  };

  const toPage = <W, T>(
    body: { items: W[]; page: number; totalPages: number; totalItems: number | undefined },
    map: (w: W) => T,
  ): Page<T> => ({
    items: body.items.map(map),
    page: body.page,
    totalPages: body.totalPages,
    ...(body.totalItems !== undefined ? { totalItems: body.totalItems } : {}),
  });

  const customerPage = async (
    n: number,
    extra: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<Page<Customer>> =>
    toPage(
      await page('/customers', { page: n, itemsInPage: PAGE_SIZE, ...extra }, AteraCustomerSchema, signal),
      (c) => customerFromWire(c, webBase),
    );

  const contactPage = async (
    n: number,
    filter: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<Page<Contact>> =>
    toPage(
      await page('/contacts', { page: n, itemsInPage: PAGE_SIZE, ...filter }, AteraContactSchema, signal),
      (c) => contactFromWire(c, webBase),
    );

  const allCustomers = (signal?: AbortSignal, extra: Record<string, QueryValue> = {}) =>
    fetchAllPages((n) => customerPage(n, extra, signal));
  const allContacts = (filter: Record<string, QueryValue>, signal?: AbortSignal) =>
    fetchAllPages((n) => contactPage(n, filter, signal));

  const account = (signal?: AbortSignal) =>
    http.request({ method: 'GET', path: '/account', schema: AteraAccountSchema, signal });

  /**
   * A 500 on a read by id: Atera up (its account answers) and the same read failing again means the record is
   * gone; Atera down means unavailable. Three requests at most, instead of four retries and "Atera is down".
   */
  const decideMissing = async <T>(
    error: VendorError,
    what: string,
    id: string,
    again: () => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> => {
    try {
      await account(signal);
    } catch (checkError) {
      if (isVendorError(checkError)) {
        throw new VendorError('unavailable', `Atera answered HTTP 500 and its account check failed too.`, {
          vendor: VENDOR,
          status: error.status,
          cause: checkError,
        });
      }
      throw checkError;
    }
    try {
      return await again();
    } catch (second) {
      if (isVendorError(second, AMBIGUOUS) && second.status === 500) throw notFound(what, id);
      throw second;
    }
  };

  /** GET by id with the 500 rule above. */
  const readById = async <T>(
    what: string,
    id: string,
    path: string,
    schema: z.ZodType<T>,
    signal: AbortSignal | undefined,
  ): Promise<T> => {
    const once = () => http.request({ method: 'GET', path, schema, signal, parseError: parseReadByIdError });
    try {
      return await once();
    } catch (error) {
      if (isVendorError(error, AMBIGUOUS) && error.status === 500) {
        return decideMissing(error, what, id, once, signal);
      }
      throw error;
    }
  };

  const readCustomerRecord = async (id: string, signal?: AbortSignal) =>
    customerFromWire(
      await readById('customer', id, `/customers/${requireId('customer', id)}`, AteraCustomerSchema, signal),
      webBase,
    );

  const readContact = async (id: string, signal?: AbortSignal): Promise<Contact> =>
    contactFromWire(
      await readById('contact', id, `/contacts/${requireId('contact', id)}`, AteraContactSchema, signal),
      webBase,
    );

  // --- custom fields: definitions type the values (cached briefly, one request in flight).
  let definitionsCache: { at: number; value: Promise<CustomFieldDefinition[]> } | undefined;
  const readDefinitions = async (signal?: AbortSignal): Promise<CustomFieldDefinition[]> => {
    const body = await http.request({
      method: 'GET',
      path: '/customvalues/customfields',
      schema: AteraUnknownListSchema,
      signal,
    });
    return readEach(AteraCustomFieldSchema, body)
      .map(fieldDefinitionFromWire)
      .filter((d): d is CustomFieldDefinition => d !== undefined);
  };
  const definitions = (signal?: AbortSignal): Promise<CustomFieldDefinition[]> => {
    const now = Date.now();
    if (!definitionsCache || now - definitionsCache.at > DEFINITIONS_TTL_MS) {
      const value = readDefinitions(signal);
      definitionsCache = { at: now, value };
      value.catch(() => {
        if (definitionsCache?.value === value) definitionsCache = undefined;
      });
    }
    return definitionsCache.value;
  };

  /**
   * Values of `/customvalues/{target}fields/{id}`, typed by definition. The spec declares 400 without a body for
   * these: a 400 (or a key without the right) leaves the card without custom values instead of failing it.
   */
  const customValues = async (
    target: 'customer' | 'contact',
    id: number,
    signal?: AbortSignal,
  ): Promise<Record<string, CustomFieldValue>> => {
    let body: unknown[] | null | undefined;
    try {
      body = await http.request({
        method: 'GET',
        path: `/customvalues/${target}fields/${id}`,
        schema: AteraUnknownListSchema,
        signal,
      });
    } catch (error) {
      if (
        (isVendorError(error, 'validation') && error.status === 400) ||
        isVendorError(error, 'forbidden') ||
        isVendorError(error, 'not_found')
      ) {
        return {};
      }
      throw error;
    }
    const values = readEach(AteraCustomValueSchema, body);
    if (values.length === 0) return {};
    const types = new Map<string, CustomFieldDefinition['type']>();
    try {
      for (const d of await definitions(signal)) if (d.target === target) types.set(d.name, d.type);
    } catch (error) {
      // Untyped values still read (as written); only an abort stops here.
      if (!isVendorError(error)) throw error;
    }
    const result: Record<string, CustomFieldValue> = {};
    for (const value of values)
      result[value.FieldName] = customValueFromWire(value, types.get(value.FieldName));
    return result;
  };

  /** The record plus its custom values; a key without custom-field rights still gets the record. */
  const readCustomer = async (id: string, signal?: AbortSignal): Promise<Customer> => {
    const n = requireId('customer', id);
    const [customer, values] = await Promise.all([
      readCustomerRecord(id, signal),
      customValues('customer', n, signal),
    ]);
    return { ...customer, customFields: values };
  };

  const setValue = async (
    target: 'customer' | 'contact',
    id: number,
    name: string,
    value: CustomFieldValue,
    signal?: AbortSignal,
  ) => {
    const written = customValueToWire(value);
    try {
      await http.request({
        method: 'PUT',
        path: `/customvalues/${target}field/${id}/${encodeURIComponent(name)}`,
        body: { Value: written },
        schema: AteraResultSchema,
        signal,
      });
    } catch (error) {
      // customvalues/* declare a 400 without a body: say what was refused, since Atera will not.
      const bare = error instanceof VendorError && error.message.startsWith(`${VENDOR} answered HTTP 400`);
      if (isVendorError(error, 'validation') && error.status === 400 && bare) {
        const what = `Atera did not accept “${written}” for ${name} (not a value this field takes, or no such field).`;
        throw new VendorError('validation', what, {
          vendor: VENDOR,
          status: 400,
          fields: { [name]: what },
        });
      }
      throw error;
    }
  };

  /**
   * DELETE /customers/{id} declares 204 and 500 only, so an id already gone may answer 500: such a 500 is not
   * retried, and the delete counts as done when the record can no longer be read.
   */
  const deleteById = async (what: 'customer' | 'contact', id: string, signal?: AbortSignal) => {
    const n = wireId(id);
    if (n === undefined) return;
    const path = what === 'customer' ? `/customers/${n}` : `/contacts/${n}`;
    try {
      await http.delete({ path, signal, parseError: parseReadByIdError });
    } catch (error) {
      if (isVendorError(error, 'not_found')) return;
      if (!(isVendorError(error, AMBIGUOUS) && error.status === 500)) throw error;
      try {
        await (what === 'customer' ? readCustomerRecord(id, signal) : readContact(id, signal));
      } catch (check) {
        if (isVendorError(check, 'not_found')) return;
        throw check;
      }
      throw new VendorError('unavailable', `Atera answered HTTP 500 and the ${what} is still there.`, {
        vendor: VENDOR,
        status: 500,
      });
    }
  };

  /** How many records a paged list holds, and the first few: `totalItemCount` of a small first page. */
  const related = async <W>(
    path: string,
    query: Record<string, QueryValue>,
    schema: z.ZodType<W>,
    map: (w: W) => RelatedRecord,
    signal?: AbortSignal,
  ): Promise<RelatedCount> => {
    const first = await page(path, { ...query, page: 1, itemsInPage: SAMPLE_SIZE }, schema, signal);
    const sample = first.items.map(map);
    if (first.totalItems !== undefined) return { total: first.totalItems, sample };
    // Without a total, count by paging (at the largest page size).
    const all = await fetchAllPages(async (n) => {
      const p = await page(path, { ...query, page: n, itemsInPage: PAGE_SIZE }, schema, signal);
      return { items: p.items, page: p.page, totalPages: p.totalPages };
    });
    return { total: all.length, sample };
  };

  /** The account's time zone (AccountInfoResponse.TimeZoneName), read once; undefined when unknown here. */
  let zone: Promise<string | undefined> | undefined;
  const accountZone = (signal?: AbortSignal): Promise<string | undefined> => {
    zone ??= account(signal).then(
      (a) => (knownTimeZone(a.TimeZoneName) ? a.TimeZoneName : undefined),
      () => undefined,
    );
    return zone;
  };

  /** FromLastModifiedDate for `since`: "modified on or after", in the account's zone, never later than `since`. */
  const fromLastModified = async (since: Date, signal?: AbortSignal): Promise<Record<string, QueryValue>> => {
    const tz = await accountZone(signal);
    const start = new Date(since.getTime() - (tz === undefined ? UNKNOWN_ZONE_OVERLAP_MS : SKEW_MS));
    return { FromLastModifiedDate: ateraLocalTime(start, tz), SortBy: 'LastModified' };
  };

  /**
   * Create answers only {ActionID}. The fake (and, reportedly, Atera) puts the new id there; when it is
   * not a usable id we look the record up instead of guessing.
   */
  const newId = (result: z.infer<typeof AteraResultSchema>): string | undefined => {
    const raw = result.ActionID === null || result.ActionID === undefined ? '' : String(result.ActionID);
    return wireId(raw) === undefined ? undefined : raw;
  };

  const findCreatedCustomer = async (name: string, signal?: AbortSignal): Promise<Customer> => {
    const all = await allCustomers(signal);
    const candidates = all.filter((c) => c.name === name);
    const newest = candidates.sort((a, b) => Number(b.id) - Number(a.id))[0];
    if (!newest) {
      throw new VendorError('bad_response', 'Atera accepted the customer but it could not be read back.', {
        vendor: VENDOR,
      });
    }
    return readCustomer(newest.id, signal);
  };

  const findCreatedContact = async (email: string, signal?: AbortSignal): Promise<Contact> => {
    const found = await allContacts({ Email: email }, signal);
    const newest = found
      .filter((c) => c.email?.toLowerCase() === email.toLowerCase())
      .sort((a, b) => Number(b.id) - Number(a.id))[0];
    if (!newest) {
      throw new VendorError('bad_response', 'Atera accepted the contact but it could not be read back.', {
        vendor: VENDOR,
      });
    }
    return newest;
  };

  /** Contacts by phone: every stored form, deduplicated, then only real hits. */
  const searchByPhone = async (query: string, signal?: AbortSignal): Promise<Contact[]> => {
    const found = new Map<string, Contact>();
    for (const form of phoneSearchForms(query)) {
      for (const c of await allContacts({ Phone: form }, signal)) found.set(c.id, c);
    }
    const digits = digitsOf(query);
    return [...found.values()].filter((c) => phoneMatches(c, digits));
  };

  const client: AteraClient = {
    vendor: 'atera',
    capabilities: ATERA_CAPABILITIES,

    // No server-side name search in Atera: page everything and match here (the index normally answers).
    async searchCustomers(query, o?: CallOptions) {
      const needle = query.trim().toLowerCase();
      if (needle === '') return [];
      const digits = digitsOf(needle);
      const all = await allCustomers(o?.signal);
      return all.filter(
        (c) =>
          matches([c.name, c.city, ...c.domains], needle) ||
          (digits.length >= 4 && digitsOf(c.phone).includes(digits)),
      );
    },

    getCustomer: (id, o) => readCustomer(id, o?.signal),

    async createCustomer(input: CustomerCreate, o?: CallOptions) {
      const result = await http.request({
        method: 'POST',
        path: '/customers',
        body: customerCreateToWire(input),
        schema: AteraResultSchema,
        signal: o?.signal,
      });
      const id = newId(result);
      if (id === undefined) return findCreatedCustomer(input.name, o?.signal);
      return readCustomer(id, o?.signal);
    },

    async updateCustomer(id: string, patch: CustomerPatch, o?: CallOptions) {
      const wire = customerToWire(patch);
      if (Object.keys(wire).length > 0) {
        await http.request({
          method: 'PUT',
          path: `/customers/${requireId('customer', id)}`,
          body: wire,
          schema: AteraResultSchema,
          signal: o?.signal,
        });
      }
      // Update answers only {ActionID}: the record as Atera now holds it has to be read.
      return readCustomer(id, o?.signal);
    },

    deleteCustomer: (id, o) => deleteById('customer', id, o?.signal),

    listCustomerPage: (n, o) => customerPage(n, {}, o?.signal),

    async listCustomersChangedSince(since, o) {
      return allCustomers(o?.signal, await fromLastModified(since, o?.signal));
    },

    async countCustomers(o) {
      const first = await page('/customers', { page: 1, itemsInPage: 1 }, AteraCustomerSchema, o?.signal);
      if (first.totalItems !== undefined) return first.totalItems;
      return (await allCustomers(o?.signal)).length;
    },

    // Archived contacts are included, marked (the caller shows them only on request).
    async searchContacts(query, o) {
      const q = query.trim();
      if (q === '') return [];
      // Atera filters contacts by Email/Phone "contains" server-side; names need the full scan.
      if (q.includes('@')) return allContacts({ Email: q }, o?.signal);
      if (/^[+()\d\s.-]+$/.test(q) && digitsOf(q).length >= 4) return searchByPhone(q, o?.signal);
      const needle = q.toLowerCase();
      const all = await allContacts({}, o?.signal);
      return all.filter((c) => matches([c.fullName, c.firstName, c.lastName, c.email], needle));
    },

    // No per-customer filter in Atera: page every contact and keep this customer's (archived ones marked).
    async listContacts(customerId, o) {
      const all = await allContacts({}, o?.signal);
      return all.filter((c) => c.customerId === customerId);
    },

    listContactPage: (n, o) => contactPage(n, {}, o?.signal),

    async listContactsChangedSince(since, o) {
      return allContacts(await fromLastModified(since, o?.signal), o?.signal);
    },

    getContact: (id, o) => readContact(id, o?.signal),

    async createContact(input: ContactCreate, o?: CallOptions) {
      const result = await http.request({
        method: 'POST',
        path: '/contacts',
        body: contactCreateToWire(input),
        schema: AteraResultSchema,
        signal: o?.signal,
      });
      const id = newId(result);
      if (id !== undefined) return readContact(id, o?.signal);
      if (!input.email) {
        throw new VendorError('bad_response', 'Atera accepted the contact but it could not be read back.', {
          vendor: VENDOR,
        });
      }
      return findCreatedContact(input.email, o?.signal);
    },

    async updateContact(id: string, patch: ContactPatch, o?: CallOptions) {
      // UpdateContactRequest has no Email, and Archived is not among its editable fields: refuse a change
      // clearly instead of silently dropping it.
      if (patch.email !== undefined || patch.archived !== undefined) {
        const current = await readContact(id, o?.signal);
        const same = (patch.email ?? '').trim().toLowerCase() === (current.email ?? '').trim().toLowerCase();
        if (patch.email !== undefined && !same) {
          throw new VendorError('validation', "Atera does not allow a contact's email to be changed.", {
            vendor: VENDOR,
            fields: {
              email: 'Atera does not allow changing a contact’s email. Create a new contact instead.',
            },
          });
        }
        if (patch.archived !== undefined && patch.archived !== current.archived) {
          throw new VendorError('validation', "Atera's API does not archive or restore contacts.", {
            vendor: VENDOR,
            fields: { archived: 'Archive or restore the contact in Atera itself.' },
          });
        }
      }
      const wire = contactPatchToWire(patch);
      if (Object.keys(wire).length > 0) {
        try {
          await http.request({
            method: 'PUT',
            path: `/contacts/${requireId('contact', id)}`,
            body: wire,
            schema: AteraResultSchema,
            signal: o?.signal,
          });
        } catch (error) {
          // PUT /contacts/{id} declares no 404: a 500 for a contact that is gone is reported as gone.
          if (isVendorError(error, 'unavailable') && error.status === 500) await readContact(id, o?.signal);
          throw error;
        }
      }
      return readContact(id, o?.signal);
    },

    async deleteContact(id, o) {
      // DELETE /contacts/{id} declares 404 for a missing contact.
      const n = wireId(id);
      if (n === undefined) return;
      try {
        await http.delete({ path: `/contacts/${n}`, signal: o?.signal });
      } catch (error) {
        if (isVendorError(error, 'not_found')) return;
        throw error;
      }
    },

    listCustomFieldDefinitions: (o) => readDefinitions(o?.signal),

    getCustomFieldValues: (customerId, o) =>
      customValues('customer', requireId('customer', customerId), o?.signal),

    setCustomField: (customerId, name, value, o) =>
      setValue('customer', requireId('customer', customerId), name, value, o?.signal),

    getContactCustomFieldValues: (contactId, o) =>
      customValues('contact', requireId('contact', contactId), o?.signal),

    setContactCustomField: (contactId, name, value, o) =>
      setValue('contact', requireId('contact', contactId), name, value, o?.signal),

    async openTickets(customerId, o) {
      const id = requireId('customer', customerId);
      const counts = await Promise.all(
        OPEN_TICKET_STATUSES.map((status) =>
          related(
            '/tickets',
            { customerId: id, ticketStatus: status },
            AteraTicketSchema,
            (t) => ticketFromWire(t, webBase),
            o?.signal,
          ),
        ),
      );
      return {
        total: counts.reduce((sum, c) => sum + c.total, 0),
        sample: counts.flatMap((c) => c.sample).slice(0, SAMPLE_SIZE),
      };
    },

    // GET /agents/customer/{customerId} (AgentDtoPagedResult): agents are Atera's devices with its agent installed.
    devices: (customerId, o) =>
      related(
        `/agents/customer/${requireId('customer', customerId)}`,
        {},
        AteraAgentSchema,
        agentFromWire,
        o?.signal,
      ),

    // GET /contracts/customer/{customerId} takes only page/itemsInPage: every contract is counted, active or not
    // (ContractDto.Active is not a filter; the spec is silent on what a customer delete does to them).
    contracts: (customerId, o) =>
      related(
        `/contracts/customer/${requireId('customer', customerId)}`,
        {},
        AteraContractSchema,
        contractFromWire,
        o?.signal,
      ),

    async webLinks() {
      return { base: webBase, customerIdFrom: (url: string) => customerIdFromUrl(webBase, url) };
    },

    async testConnection(o) {
      const info = await account(o?.signal);
      // Atera has no endpoint that says what a key may do.
      return { accountName: info.CompanyName ?? 'Atera account' };
    },

    close: () => http.close(),
  };
  return client;
}
