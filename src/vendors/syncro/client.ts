// The Syncro API v1 client behind VendorClient: requests through http.ts, names through mapping.ts.
import type { z } from 'zod';
import {
  type Contact,
  type ContactCreate,
  type ContactPatch,
  type CustomerCreate,
  type CustomerPatch,
  type CustomFieldDefinition,
  isVendorError,
  VendorError,
} from '../../domain/index.js';
import {
  createHttpClient,
  type ErrorBodyParser,
  fetchAllPages,
  type HttpTimeouts,
  MAX_PAGES,
  type ParsedErrorBody,
  type QueryValue,
  type RetryOptions,
  readEach,
} from '../http.js';
import type {
  CallOptions,
  ConnectionInfo,
  Page,
  RelatedCount,
  RelatedRecord,
  VendorCapabilities,
  VendorClient,
  VendorHooks,
} from '../types.js';
import {
  assetFromWire,
  changedContactName,
  contactFromSearchHit,
  contactFromWire,
  contactToWire,
  customerFromWire,
  customerIdFromUrl,
  customerKind,
  customerToWire,
  domainFieldOfKey,
  domainFieldOfMessage,
  fieldDefinitionFromSettings,
  fullMessage,
  guessedDefinition,
  joinName,
  propertyToWire,
  type SyncroRecordKind,
  TITLE_PROPERTY,
  ticketFromWire,
  wireId,
} from './mapping.js';
import {
  type SyncroAsset,
  SyncroAssetListSchema,
  SyncroAssetSchema,
  type SyncroContact,
  SyncroContactBodySchema,
  SyncroContactListSchema,
  SyncroContactSchema,
  type SyncroCustomer,
  SyncroCustomerEnvelopeSchema,
  SyncroCustomerFieldSchema,
  SyncroCustomerListSchema,
  SyncroCustomerSchema,
  SyncroErrorBodySchema,
  SyncroFieldAnswerSchema,
  SyncroMeSchema,
  type SyncroMeta,
  SyncroSearchHitSchema,
  SyncroSearchSchema,
  SyncroSettingsSchema,
  type SyncroTicket,
  SyncroTicketListSchema,
  SyncroTicketSchema,
} from './schemas.js';

export interface SyncroClientOptions {
  apiKey: string;
  /** The account's subdomain: https://{subdomain}.syncromsp.com. */
  subdomain?: string;
  /** Overrides the subdomain URL (tests, proxies); the API lives under /api/v1. */
  baseUrl?: string;
  hooks?: VendorHooks;
  timeouts?: Partial<HttpTimeouts>;
  retry?: Partial<RetryOptions>;
  /**
   * Customer custom field names, when an admin configured them; otherwise they come from GET /settings
   * (`customers.customer_fields`), or are guessed from records when /settings is refused.
   */
  customFieldNames?: readonly string[];
}

export type SyncroClient = VendorClient & { close(): Promise<void> };

const VENDOR = 'Syncro';
/**
 * "Returns provided page of results, each 'page' contains 25 results" (spec, /customers and /contacts). `per_page`
 * is documented only for ticket comments, so it is never sent: every loop follows `meta` or the pages themselves.
 */
const PAGE_SIZE = 25;
/** A customer search reads this many hits at most, whatever the page size (not 5 pages: 125 hits at 25). */
const SEARCH_MAX_RESULTS = 1_000;
/** Related records shown beside a count. */
const SAMPLE_SIZE = 10;
/** Contacts found by /search without what a contact needs are read by id, at most this many. */
const SEARCH_READS = 10;
/** Slack for the difference between our clock and Syncro's when asking what changed since a time. */
const SKEW_MS = 2 * 60_000;
/**
 * Open tickets: the spec's `status` examples include "Not Closed" beside New, In Progress, Resolved, ...;
 * it is the one filter that means "everything still open".
 */
const OPEN_STATUS = 'Not Closed';

export const SYNCRO_CAPABILITIES: VendorCapabilities = {
  label: VENDOR,
  serverSideSearch: true,
  contactsByCustomer: true,
  editableContactEmail: true,
  contactEmailRequired: false,
  customFields: true,
  // Contact `properties` (title aside) are the contact's custom fields, written by PUT.
  contactCustomFields: true,
  pageSize: PAGE_SIZE,
  // "Please note there is a rate limit of 180 requests per minute per IP address" (the spec's description).
  defaultRateLimitPerMinute: 180,
  // ... per IP address: every Syncro workspace this process serves shares the budget.
  rateLimitScope: 'ip',
  // No domain, country, fax, website or business number fields (domains are derived from the email, read-only).
  customerFields: [
    'firstName',
    'lastName',
    'email',
    'phone',
    'mobile',
    'address',
    'address2',
    'city',
    'state',
    'zip',
    'referredBy',
    'notes',
  ],
  unclearableCustomerFields: [],
  // Contacts have address1/city/state/zip (spec).
  contactAddress: true,
  // `business_name: null` with firstname/lastname: a residential customer (spec example "Walkin Customer").
  personCustomers: true,
  // A hard delete: 404 afterwards (live test, advenimus/syncromsp-mcp docs/api-testing-results.md test 10).
  customerRemoval: 'delete',
  contactDeactivation: false,
  impersonation: false,
  // Customers: sort=updated_at DESC, paged until older than `since`. Contacts: those of the customers changed
  // since, embedded in the same list. [INFERRED] that a contact write touches its customer's updated_at (Rails'
  // `touch`); the spec has no contact `updated_since` and no contact sort, so this is the only cheap way.
  changedSince: { customers: true, contacts: true },
};

/** Reads Syncro's error bodies: 422 in two shapes, 401 `{error}` (also for a missing permission), 404 `{message}`. */
export function syncroErrorParser(kind: SyncroRecordKind): ErrorBodyParser {
  return (status, bodyText) => {
    let json: unknown;
    try {
      json = JSON.parse(bodyText);
    } catch {
      return {};
    }
    const parsed = SyncroErrorBodySchema.safeParse(json);
    if (!parsed.success) return {};
    const body = parsed.data;
    const messages: string[] = [];
    const fields: Record<string, string> = {};
    const place = (message: string, field: string | undefined) => {
      messages.push(message);
      if (field) fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
    };
    const { errors } = body;
    if (typeof errors === 'string') place(errors, domainFieldOfMessage(kind, errors));
    else if (Array.isArray(errors)) for (const m of errors) place(m, domainFieldOfMessage(kind, m));
    else if (errors) {
      for (const [key, value] of Object.entries(errors)) {
        for (const m of Array.isArray(value) ? value : [value])
          place(fullMessage(key, m), domainFieldOfKey(kind, key));
      }
    }
    if (Array.isArray(body.message)) for (const m of body.message) place(m, domainFieldOfMessage(kind, m));
    else if (body.message) messages.push(body.message);
    if (body.error) messages.push(body.error);

    const result: ParsedErrorBody = {};
    if (messages.length > 0) result.message = messages.join(' ');
    if (Object.keys(fields).length > 0) result.fields = fields;
    // Syncro answers 401 for a valid key without the permission too.
    if (status === 401 && /permission/i.test(result.message ?? '')) result.kind = 'forbidden';
    return result;
  };
}

const customerErrors = syncroErrorParser('customer');
const contactErrors = syncroErrorParser('contact');

function notFound(what: string, id: string): VendorError {
  return new VendorError('not_found', `Syncro has no ${what} ${id}.`, { vendor: VENDOR, status: 404 });
}

function requireId(what: string, id: string): number {
  const n = wireId(id);
  if (n === undefined) throw notFound(what, id);
  return n;
}

/** A list page as read: records, the page number, and `meta` when the endpoint sends one. */
interface ListPage<T> {
  items: T[];
  page: number;
  meta: SyncroMeta | null | undefined;
}

/** Pages by meta.total_pages; without meta, one more page while pages come back non-empty (as n8n does). */
function totalPagesOf<T>(p: ListPage<T>): number {
  if (typeof p.meta?.total_pages === 'number') return p.meta.total_pages;
  return p.items.length > 0 ? p.page + 1 : p.page;
}

function toPage<T, U>(p: ListPage<T>, map: (t: T) => U): Page<U> {
  return {
    items: p.items.map(map),
    page: p.page,
    totalPages: totalPagesOf(p),
    ...(typeof p.meta?.total_entries === 'number' ? { totalItems: p.meta.total_entries } : {}),
  };
}

/**
 * How many records a list holds, at the cost of two pages at most when `meta` says how many pages there are
 * (every page but the last is as full as the first), and page by page when it does not (assets).
 */
async function countAll<T>(
  fetchPage: (n: number) => Promise<ListPage<T>>,
): Promise<{ total: number; first: T[] }> {
  const first = await fetchPage(1);
  if (typeof first.meta?.total_entries === 'number')
    return { total: first.meta.total_entries, first: first.items };
  if (first.items.length === 0) return { total: 0, first: [] };
  const pages = first.meta?.total_pages;
  if (typeof pages === 'number') {
    if (pages <= 1) return { total: first.items.length, first: first.items };
    const last = await fetchPage(pages);
    return { total: (pages - 1) * first.items.length + last.items.length, first: first.items };
  }
  let total = first.items.length;
  for (let n = 2; n <= MAX_PAGES; n++) {
    const next = await fetchPage(n);
    total += next.items.length;
    if (next.items.length < first.items.length || next.items.length === 0) break;
  }
  return { total, first: first.items };
}

const digitsOf = (value: string) => value.replace(/\D/g, '');
const phoneLike = (q: string) => /^[+()\d\s.-]+$/.test(q) && digitsOf(q).length >= 4;

export function createSyncroClient(options: SyncroClientOptions): SyncroClient {
  const host =
    options.baseUrl ?? (options.subdomain ? `https://${options.subdomain}.syncromsp.com` : undefined);
  if (!host) throw new Error('Syncro needs a subdomain or a base URL.');
  const webBase = host.replace(/\/+$/, '');
  const http = createHttpClient({
    vendor: VENDOR,
    baseUrl: `${webBase}/api/v1`,
    headers: { authorization: `Bearer ${options.apiKey}` },
    secrets: [options.apiKey],
    hooks: options.hooks,
    timeouts: options.timeouts,
    retry: options.retry,
    parseError: customerErrors,
  });

  const customerWirePage = async (
    page: number,
    query: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<ListPage<SyncroCustomer>> => {
    const body = await http.request({
      method: 'GET',
      path: '/customers',
      query: { ...query, page },
      schema: SyncroCustomerListSchema,
      signal,
    });
    return { items: readEach(SyncroCustomerSchema, body.customers), page, meta: body.meta };
  };

  const customerPage = async (page: number, query: Record<string, QueryValue>, signal?: AbortSignal) =>
    toPage(await customerWirePage(page, query, signal), (c) => customerFromWire(c, webBase));

  const contactWirePage = async (
    page: number,
    query: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<ListPage<SyncroContact>> => {
    const body = await http.request({
      method: 'GET',
      path: '/contacts',
      query: { ...query, page },
      schema: SyncroContactListSchema,
      signal,
      parseError: contactErrors,
    });
    return { items: readEach(SyncroContactSchema, body.contacts), page, meta: body.meta };
  };

  const contactPage = async (page: number, query: Record<string, QueryValue>, signal?: AbortSignal) =>
    toPage(await contactWirePage(page, query, signal), (c) => contactFromWire(c, webBase));

  const readCustomerWire = async (id: string, signal?: AbortSignal) => {
    const body = await http.request({
      method: 'GET',
      path: `/customers/${requireId('customer', id)}`,
      schema: SyncroCustomerEnvelopeSchema,
      signal,
    });
    return body.customer;
  };

  const readContactWire = (id: string, signal?: AbortSignal) =>
    http.request({
      method: 'GET',
      path: `/contacts/${requireId('contact', id)}`,
      schema: SyncroContactBodySchema,
      signal,
      parseError: contactErrors,
    });

  const putContact = async (id: number, body: Record<string, unknown>, signal?: AbortSignal) =>
    http.request({
      method: 'PUT',
      path: `/contacts/${id}`,
      body,
      schema: SyncroContactBodySchema,
      signal,
      parseError: contactErrors,
    });

  const putCustomer = async (id: number, body: Record<string, unknown>, signal?: AbortSignal) =>
    http.request({
      method: 'PUT',
      path: `/customers/${id}`,
      body,
      schema: SyncroCustomerEnvelopeSchema,
      signal,
    });

  const remove = async (path: string, signal?: AbortSignal) => {
    try {
      await http.delete({ path, signal });
    } catch (error) {
      if (isVendorError(error, 'not_found')) return;
      throw error;
    }
  };

  /** /contacts?customer_id=, every page. */
  const contactsByCustomerId = (customerId: number, signal?: AbortSignal) =>
    fetchAllPages((page) =>
      contactWirePage(page, { customer_id: customerId }, signal).then((p) => ({
        items: p.items,
        page: p.page,
        totalPages: totalPagesOf(p),
      })),
    );

  /**
   * A customer's contacts: embedded in GET /customers/{id} (spec example). The examples only ever show an empty
   * embed, so an empty (or missing) one is confirmed with /contacts?customer_id=.
   */
  const contactsOf = async (customerId: number, signal?: AbortSignal): Promise<SyncroContact[]> => {
    const customer = await readCustomerWire(String(customerId), signal);
    const contacts = readEach(SyncroContactSchema, customer.contacts);
    if (contacts.length > 0) return contacts;
    return contactsByCustomerId(customerId, signal);
  };

  /**
   * Customers changed at or after `since` (less a little clock slack): sort=updated_at DESC ("A customer field to
   * order by"), read until a page reaches older records. Disabled customers are included, so a retirement shows.
   */
  const changedCustomerWires = async (since: Date, signal?: AbortSignal): Promise<SyncroCustomer[]> => {
    const threshold = since.getTime() - SKEW_MS;
    const newer = (c: SyncroCustomer) => {
      const at = Date.parse(c.updated_at ?? '');
      return Number.isNaN(at) || at >= threshold;
    };
    const out: SyncroCustomer[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const p = await customerWirePage(page, { sort: 'updated_at DESC', include_disabled: true }, signal);
      out.push(...p.items.filter(newer));
      const oldest = p.items.at(-1);
      if (!oldest || !newer(oldest) || page >= totalPagesOf(p)) break;
    }
    return out;
  };

  /** GET /settings customers.customer_fields, or undefined when the key may not read settings. */
  const settingsDefinitions = async (signal?: AbortSignal): Promise<CustomFieldDefinition[] | undefined> => {
    let body: z.infer<typeof SyncroSettingsSchema>;
    try {
      body = await http.request({ method: 'GET', path: '/settings', schema: SyncroSettingsSchema, signal });
    } catch (error) {
      if (isVendorError(error, 'forbidden') || isVendorError(error, 'not_found')) return undefined;
      throw error;
    }
    const customers = body.customers;
    const fields = readEach(SyncroCustomerFieldSchema, customers?.customer_fields);
    const answers = readEach(SyncroFieldAnswerSchema, customers?.customer_field_answers);
    // `required_fields` is null in the example; read a list of names, or an object keyed by name, when given.
    const required = new Set<string>();
    const rf = customers?.required_fields;
    if (Array.isArray(rf)) for (const r of rf) if (typeof r === 'string') required.add(r);
    if (rf && typeof rf === 'object' && !Array.isArray(rf)) {
      for (const [key, value] of Object.entries(rf)) if (value === true) required.add(key);
    }
    return fields.map((f) => {
      const choices = answers
        .filter((a) => a.customer_field_id !== null && String(a.customer_field_id) === String(f.id))
        .map((a) => a.value ?? a.name ?? '')
        .filter((v) => v !== '');
      return fieldDefinitionFromSettings(f, choices, required);
    });
  };

  /** Customers in a pick list: every hit up to SEARCH_MAX_RESULTS, however many a page holds. */
  const searchCustomerPages = async (query: Record<string, QueryValue>, signal?: AbortSignal) => {
    const first = await customerPage(1, query, signal);
    const perPage = Math.max(1, first.items.length);
    return fetchAllPages(
      (page) => (page === 1 ? Promise.resolve(first) : customerPage(page, query, signal)),
      {
        maxPages: Math.ceil(SEARCH_MAX_RESULTS / perPage),
      },
    );
  };

  /** Contacts through GET /search (customers, contacts and assets): the contact hits, complete. */
  const searchContactHits = async (query: string, signal?: AbortSignal): Promise<SyncroContact[]> => {
    const body = await http.request({
      method: 'GET',
      path: '/search',
      query: { query },
      schema: SyncroSearchSchema,
      signal,
    });
    const out: SyncroContact[] = [];
    let reads = 0;
    for (const hit of readEach(SyncroSearchHitSchema, body.results)) {
      if (hit.table._type.toLowerCase() !== 'contact') continue;
      const fromSource = contactFromSearchHit(hit.table._id, hit.table._source?.table);
      if (fromSource) out.push(fromSource);
      else if (reads++ < SEARCH_READS) {
        try {
          out.push(await readContactWire(String(hit.table._id), signal));
        } catch (error) {
          if (!isVendorError(error, 'not_found')) throw error;
        }
      }
    }
    return out;
  };

  const related = async <T>(
    path: string,
    key: 'tickets' | 'assets',
    query: Record<string, QueryValue>,
    schema: z.ZodType<T>,
    map: (t: T) => RelatedRecord,
    signal?: AbortSignal,
  ): Promise<RelatedCount> => {
    const listSchema = key === 'tickets' ? SyncroTicketListSchema : SyncroAssetListSchema;
    const fetchPage = async (page: number): Promise<ListPage<T>> => {
      const body = await http.request({
        method: 'GET',
        path,
        query: { ...query, page },
        schema: listSchema,
        signal,
      });
      const records = 'tickets' in body ? body.tickets : 'assets' in body ? body.assets : [];
      return { items: readEach(schema, records), page, meta: body.meta };
    };
    const { total, first } = await countAll(fetchPage);
    return { total, sample: first.slice(0, SAMPLE_SIZE).map(map) };
  };

  const client: SyncroClient = {
    vendor: 'syncro',
    capabilities: SYNCRO_CAPABILITIES,

    async searchCustomers(query, o?: CallOptions) {
      const q = query.trim();
      if (q === '') return [];
      return searchCustomerPages({ query: q }, o?.signal);
    },

    async getCustomer(id, o) {
      return customerFromWire(await readCustomerWire(id, o?.signal), webBase);
    },

    async createCustomer(input: CustomerCreate, o?: CallOptions) {
      // Create answers 200 with the full record, wrapped. A person is created as Syncro's residential
      // customer: firstname/lastname and no business_name.
      const body = await http.request({
        method: 'POST',
        path: '/customers',
        body: customerToWire(input, input.kind === 'person'),
        schema: SyncroCustomerEnvelopeSchema,
        signal: o?.signal,
      });
      return customerFromWire(body.customer, webBase);
    },

    async updateCustomer(id: string, patch: CustomerPatch, o?: CallOptions) {
      const n = requireId('customer', id);
      // Whether the name is a business's or a person's is the record's own kind, unless the edit chooses one.
      let asPerson = patch.kind === 'person';
      if (patch.kind === undefined && patch.name !== undefined) {
        asPerson = customerKind(await readCustomerWire(id, o?.signal)) === 'person';
      }
      const wire: Record<string, unknown> = customerToWire(patch, asPerson);
      // Turning a business into a residential customer drops the business name (Syncro then names the person).
      if (patch.kind === 'person') wire.business_name = null;
      if (Object.keys(wire).length === 0) return client.getCustomer(id, o);
      return customerFromWire((await putCustomer(n, wire, o?.signal)).customer, webBase);
    },

    async deleteCustomer(id, o) {
      const n = wireId(id);
      if (n !== undefined) await remove(`/customers/${n}`, o?.signal);
    },

    listCustomerPage: (page, o) => customerPage(page, {}, o?.signal),

    async listCustomersChangedSince(since, o) {
      return (await changedCustomerWires(since, o?.signal)).map((c) => customerFromWire(c, webBase));
    },

    async countCustomers(o) {
      const first = await customerWirePage(1, {}, o?.signal);
      if (typeof first.meta?.total_entries === 'number') return first.meta.total_entries;
      return (await countAll((page) => customerWirePage(page, {}, o?.signal))).total;
    },

    // GET /search (customers, contacts, assets) answers a contact lookup in one request; phone numbers are
    // searched by their digits, since Syncro strips a number's formatting when it stores it.
    async searchContacts(query, o) {
      const q = query.trim();
      if (q === '') return [];
      const hits = await searchContactHits(phoneLike(q) ? digitsOf(q) : q, o?.signal);
      const seen = new Set<number>();
      return hits.filter((c) => !seen.has(c.id) && seen.add(c.id)).map((c) => contactFromWire(c, webBase));
    },

    async listContacts(customerId, o) {
      const contacts = await contactsOf(requireId('customer', customerId), o?.signal);
      return contacts.map((c) => contactFromWire(c, webBase)).filter((c) => !c.archived);
    },

    listContactPage: (page, o) => contactPage(page, {}, o?.signal),

    async listContactsChangedSince(since, o) {
      const out: Contact[] = [];
      for (const customer of await changedCustomerWires(since, o?.signal)) {
        // The list embeds each customer's contacts; an empty embed is confirmed (see contactsOf).
        const embeddedContacts = readEach(SyncroContactSchema, customer.contacts);
        const contacts =
          embeddedContacts.length > 0 ? embeddedContacts : await contactsByCustomerId(customer.id, o?.signal);
        for (const c of contacts) out.push(contactFromWire(c, webBase));
      }
      return out;
    },

    async getContact(id, o) {
      return contactFromWire(await readContactWire(id, o?.signal), webBase);
    },

    async createContact(input: ContactCreate, o?: CallOptions) {
      const name = joinName(input.firstName, input.lastName);
      const created = await http.request({
        method: 'POST',
        path: '/contacts',
        body: { ...contactToWire(input), customer_id: wireId(input.customerId) ?? input.customerId, name },
        schema: SyncroContactBodySchema,
        signal: o?.signal,
        parseError: contactErrors,
      });
      if (!input.title) return contactFromWire(created, webBase);
      // `title` is accepted on PUT only (stored in properties.title). The create already happened, so a
      // failure here must say so rather than look like the contact was never made.
      try {
        const titled = await putContact(created.id, { title: input.title }, o?.signal);
        return contactFromWire(titled, webBase);
      } catch (error) {
        if (isVendorError(error)) {
          throw new VendorError(
            error.kind,
            `The contact was created, but its title could not be saved: ${error.message}`,
            {
              vendor: VENDOR,
              status: error.status,
              fields: error.fields,
              retryAfterMs: error.retryAfterMs,
              cause: error,
            },
          );
        }
        throw error;
      }
    },

    async updateContact(id: string, patch: ContactPatch, o?: CallOptions) {
      const n = requireId('contact', id);
      const body: Record<string, unknown> = { ...contactToWire(patch) };
      // `name` goes only when a first or last name really changed, joined as typed; the current name decides.
      if (patch.firstName !== undefined || patch.lastName !== undefined) {
        const name = changedContactName((await readContactWire(id, o?.signal)).name, patch);
        if (name !== undefined) body.name = name;
      }
      if (patch.title !== undefined) body.title = patch.title ?? '';
      if (Object.keys(body).length === 0) return client.getContact(id, o);
      return contactFromWire(await putContact(n, body, o?.signal), webBase);
    },

    async deleteContact(id, o) {
      const n = wireId(id);
      if (n !== undefined) await remove(`/contacts/${n}`, o?.signal);
    },

    async listCustomFieldDefinitions(o) {
      const fromSettings = options.customFieldNames
        ? options.customFieldNames.map((name) => ({
            ...guessedDefinition(name, 'customer'),
            source: 'definitions' as const,
          }))
        : await settingsDefinitions(o?.signal);
      // Only when /settings is refused: the property keys seen on the first page stand in for definitions.
      let customer = fromSettings;
      if (!customer) {
        const names = new Set<string>();
        for (const c of (await customerWirePage(1, {}, o?.signal)).items) {
          for (const key of Object.keys(c.properties ?? {})) names.add(key);
        }
        customer = [...names].sort().map((name) => guessedDefinition(name, 'customer'));
      }
      // Syncro defines no contact fields: the keys seen on the first page of contacts are all there is.
      const contactNames = new Set<string>();
      for (const c of (await contactWirePage(1, {}, o?.signal)).items) {
        for (const key of Object.keys(c.properties ?? {})) if (key !== TITLE_PROPERTY) contactNames.add(key);
      }
      const contact = [...contactNames].sort().map((name) => guessedDefinition(name, 'contact'));
      return [...customer, ...contact];
    },

    async getCustomFieldValues(customerId, o) {
      return (await client.getCustomer(customerId, o)).customFields;
    },

    async setCustomField(customerId, name, value, o) {
      const n = requireId('customer', customerId);
      // Whether PUT merges or replaces `properties` is undocumented: send them all, with the one changed.
      const current = await readCustomerWire(customerId, o?.signal);
      const properties = { ...(current.properties ?? {}), [name]: propertyToWire(value) };
      await putCustomer(n, { properties }, o?.signal);
    },

    async getContactCustomFieldValues(contactId, o) {
      return (await client.getContact(contactId, o)).customFields;
    },

    async setContactCustomField(contactId, name, value, o) {
      const n = requireId('contact', contactId);
      // As for customers: all properties (the title among them), with the one changed.
      const current = await readContactWire(contactId, o?.signal);
      const properties = { ...(current.properties ?? {}), [name]: propertyToWire(value) };
      await putContact(n, { properties }, o?.signal);
    },

    // GET /tickets?customer_id=&status= (both documented filters of the spec's /tickets).
    openTickets: (customerId, o) =>
      related(
        '/tickets',
        'tickets',
        { customer_id: requireId('customer', customerId), status: OPEN_STATUS },
        SyncroTicketSchema,
        (t: SyncroTicket) => ticketFromWire(t, webBase),
        o?.signal,
      ),

    // GET /customer_assets?customer_id= ("Any assets attached to a Customer ID"); its example has no `meta`.
    devices: (customerId, o) =>
      related(
        '/customer_assets',
        'assets',
        { customer_id: requireId('customer', customerId) },
        SyncroAssetSchema,
        (a: SyncroAsset) => assetFromWire(a, webBase),
        o?.signal,
      ),

    async webLinks() {
      return { base: webBase, customerIdFrom: (url: string) => customerIdFromUrl(webBase, url) };
    },

    // GET /me (spec example: user_email, user_name, subdomain, permissions.customer.read/write/delete). When it is
    // missing or odd, a one-page customer list proves the key works just as well.
    async testConnection(o) {
      const fallbackName = options.subdomain ?? new URL(webBase).hostname;
      try {
        const me = await http.request({
          method: 'GET',
          path: '/me',
          schema: SyncroMeSchema,
          signal: o?.signal,
        });
        // The subdomain the admin connected (it is the URL every request goes to), else the one /me names.
        const info: ConnectionInfo = { accountName: options.subdomain ?? me.subdomain ?? fallbackName };
        const user = me.user_email ?? me.user_name;
        if (user) info.user = user;
        const customer = me.permissions?.customer;
        if (customer) {
          info.permissions = {
            read: customer.read === true,
            write: customer.write === true,
            delete: customer.delete === true,
          };
        }
        return info;
      } catch (error) {
        if (!isVendorError(error, 'not_found') && !isVendorError(error, 'bad_response')) throw error;
      }
      await http.request({
        method: 'GET',
        path: '/customers',
        query: { page: 1 },
        schema: SyncroCustomerListSchema,
        signal: o?.signal,
      });
      return { accountName: fallbackName };
    },

    close: () => http.close(),
  };
  return client;
}
