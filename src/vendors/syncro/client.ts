// The Syncro API v1 client behind VendorClient: requests through http.ts, names through mapping.ts.
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
  fetchAllPages,
  type HttpTimeouts,
  type ParsedErrorBody,
  type QueryValue,
  type RetryOptions,
} from '../http.js';
import {
  allPages,
  type CallOptions,
  type Page,
  type VendorCapabilities,
  type VendorClient,
  type VendorHooks,
} from '../types.js';
import {
  contactFromWire,
  contactToWire,
  customerFromWire,
  customerToWire,
  domainFieldOfKey,
  domainFieldOfMessage,
  fullMessage,
  joinName,
  propertyToWire,
  type SyncroRecordKind,
  wireId,
} from './mapping.js';
import {
  SyncroContactBodySchema,
  SyncroContactListSchema,
  SyncroCustomerEnvelopeSchema,
  SyncroCustomerListSchema,
  SyncroErrorBodySchema,
  SyncroMeSchema,
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
   * Customer custom field names, when an admin configured them. Syncro documents no endpoint for
   * definitions, so without this list they are inferred from the properties of the first page.
   */
  customFieldNames?: readonly string[];
}

export type SyncroClient = VendorClient & { close(): Promise<void> };

const VENDOR = 'Syncro';
/** We ask for 100 a page; the client never relies on it and follows meta.total_pages. */
const PER_PAGE = 100;
/** A short query on a big account could match thousands; a pick list needs the first few hundred. */
const SEARCH_MAX_PAGES = 5;

export const SYNCRO_CAPABILITIES: VendorCapabilities = {
  label: VENDOR,
  serverSideSearch: true,
  contactsByCustomer: true,
  editableContactEmail: true,
  contactEmailRequired: false,
  customFields: true,
  // Properties are untyped strings as far as the API tells us.
  customFieldTypes: ['text'],
  pageSize: PER_PAGE,
  // "180 requests per minute per IP address" (Syncro's API description).
  defaultRateLimitPerMinute: 180,
  // No domain, country, fax, website or business number fields (domains are derived from the email, read-only).
  customerFields: [
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

/** Without meta, keep paging until a page comes back empty (as n8n does). */
function pagesFrom(meta: { total_pages: number } | null | undefined, page: number, count: number): number {
  if (meta) return meta.total_pages;
  return count > 0 ? page + 1 : page;
}

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

  const customerPage = async (
    page: number,
    query: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<Page<Customer>> => {
    const body = await http.request({
      method: 'GET',
      path: '/customers',
      query: { ...query, page, per_page: PER_PAGE },
      schema: SyncroCustomerListSchema,
      signal,
    });
    return {
      items: body.customers.map((c) => customerFromWire(c, webBase)),
      page,
      totalPages: pagesFrom(body.meta, page, body.customers.length),
      ...(typeof body.meta?.total_entries === 'number' ? { totalItems: body.meta.total_entries } : {}),
    };
  };

  const contactPage = async (
    page: number,
    query: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<Page<Contact>> => {
    const body = await http.request({
      method: 'GET',
      path: '/contacts',
      query: { ...query, page, per_page: PER_PAGE },
      schema: SyncroContactListSchema,
      signal,
      parseError: contactErrors,
    });
    return {
      items: body.contacts.map((c) => contactFromWire(c, webBase)),
      page,
      totalPages: pagesFrom(body.meta, page, body.contacts.length),
      ...(typeof body.meta?.total_entries === 'number' ? { totalItems: body.meta.total_entries } : {}),
    };
  };

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

  const remove = async (path: string, signal?: AbortSignal) => {
    try {
      await http.delete({ path, signal });
    } catch (error) {
      if (isVendorError(error, 'not_found')) return;
      throw error;
    }
  };

  const client: SyncroClient = {
    vendor: 'syncro',
    capabilities: SYNCRO_CAPABILITIES,

    async searchCustomers(query, o?: CallOptions) {
      const q = query.trim();
      if (q === '') return [];
      return fetchAllPages((page) => customerPage(page, { query: q }, o?.signal), {
        maxPages: SEARCH_MAX_PAGES,
      });
    },

    async getCustomer(id, o) {
      return customerFromWire(await readCustomerWire(id, o?.signal), webBase);
    },

    async createCustomer(input: CustomerCreate, o?: CallOptions) {
      // Create answers 200 with the full record, wrapped.
      const body = await http.request({
        method: 'POST',
        path: '/customers',
        body: customerToWire(input),
        schema: SyncroCustomerEnvelopeSchema,
        signal: o?.signal,
      });
      return customerFromWire(body.customer, webBase);
    },

    async updateCustomer(id: string, patch: CustomerPatch, o?: CallOptions) {
      const wire = customerToWire(patch);
      if (Object.keys(wire).length === 0) return client.getCustomer(id, o);
      const body = await http.request({
        method: 'PUT',
        path: `/customers/${requireId('customer', id)}`,
        body: wire,
        schema: SyncroCustomerEnvelopeSchema,
        signal: o?.signal,
      });
      return customerFromWire(body.customer, webBase);
    },

    async deleteCustomer(id, o) {
      const n = wireId(id);
      if (n !== undefined) await remove(`/customers/${n}`, o?.signal);
    },

    listCustomerPage: (page, o) => customerPage(page, {}, o?.signal),
    listAllCustomers: (o) => allPages((page) => customerPage(page, {}, o?.signal)),

    // The spec has no contact search (only customer_id); page the contacts and match here.
    async searchContacts(query, o) {
      const needle = query.trim().toLowerCase();
      if (needle === '') return [];
      const digits = needle.replace(/\D/g, '');
      const phoneLike = /^[+()\d\s.-]+$/.test(needle) && digits.length >= 4;
      const all = await fetchAllPages((page) => contactPage(page, {}, o?.signal));
      return all.filter((c) =>
        phoneLike
          ? [c.phone, c.mobile].some((p) => (p ?? '').replace(/\D/g, '').includes(digits))
          : [c.fullName, c.email].some((h) => h?.toLowerCase().includes(needle)),
      );
    },

    async listContacts(customerId, o) {
      const n = requireId('customer', customerId);
      return fetchAllPages((page) => contactPage(page, { customer_id: n }, o?.signal));
    },

    listContactPage: (page, o) => contactPage(page, {}, o?.signal),

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
        const titled = await putContact(
          created.id,
          { name: created.name ?? name, title: input.title },
          o?.signal,
        );
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
      // PUT requires `name`, and one name field may change without the other: start from the record.
      const current = contactFromWire(await readContactWire(id, o?.signal), webBase);
      const firstName = patch.firstName !== undefined ? patch.firstName : current.firstName;
      const lastName = patch.lastName !== undefined ? patch.lastName : current.lastName;
      const body: Record<string, unknown> = { ...contactToWire(patch), name: joinName(firstName, lastName) };
      if (patch.title !== undefined) body.title = patch.title ?? '';
      const updated = await putContact(n, body, o?.signal);
      return contactFromWire(updated, webBase);
    },

    async deleteContact(id, o) {
      const n = wireId(id);
      if (n !== undefined) await remove(`/contacts/${n}`, o?.signal);
    },

    async listCustomFieldDefinitions(o) {
      const toDefinition = (name: string): CustomFieldDefinition => ({
        name,
        type: 'text',
        options: [],
        target: 'customer',
      });
      if (options.customFieldNames) return options.customFieldNames.map(toDefinition);
      // No definitions endpoint: the property keys seen on the first page of customers stand in for them.
      const first = await customerPage(1, {}, o?.signal);
      const names = new Set<string>();
      for (const c of first.items) for (const key of Object.keys(c.customFields)) names.add(key);
      return [...names].sort().map(toDefinition);
    },

    async getCustomFieldValues(customerId, o) {
      return (await client.getCustomer(customerId, o)).customFields;
    },

    async setCustomField(customerId, name, value, o) {
      const n = requireId('customer', customerId);
      // Whether PUT merges or replaces `properties` is undocumented: send them all, with the one changed.
      const current = await readCustomerWire(customerId, o?.signal);
      const properties = { ...(current.properties ?? {}), [name]: propertyToWire(value) };
      await http.request({
        method: 'PUT',
        path: `/customers/${n}`,
        body: { properties },
        schema: SyncroCustomerEnvelopeSchema,
        signal: o?.signal,
      });
    },

    // GET /me is listed (and live-tested) but its body is undocumented; when it is missing or odd, a
    // one-customer list proves the key works just as well.
    async testConnection(o) {
      const fallbackName = options.subdomain ?? new URL(webBase).hostname;
      try {
        const me = await http.request({
          method: 'GET',
          path: '/me',
          schema: SyncroMeSchema,
          signal: o?.signal,
        });
        return { accountName: me.business_name ?? options.subdomain ?? me.subdomain ?? fallbackName };
      } catch (error) {
        if (!isVendorError(error, 'not_found') && !isVendorError(error, 'bad_response')) throw error;
      }
      await http.request({
        method: 'GET',
        path: '/customers',
        query: { per_page: 1 },
        schema: SyncroCustomerListSchema,
        signal: o?.signal,
      });
      return { accountName: fallbackName };
    },

    close: () => http.close(),
  };
  return client;
}
