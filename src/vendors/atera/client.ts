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
  contactCreateToWire,
  contactFromWire,
  contactPatchToWire,
  customerFromWire,
  customerToWire,
  customValueFromWire,
  customValueToWire,
  domainFieldOf,
  fieldDefinitionFromWire,
  wireId,
} from './mapping.js';
import {
  AteraAccountSchema,
  AteraContactPageSchema,
  AteraContactSchema,
  AteraCustomerPageSchema,
  AteraCustomerSchema,
  AteraCustomFieldListSchema,
  AteraCustomValueListSchema,
  AteraProblemSchema,
  AteraResultSchema,
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

export const ATERA_CAPABILITIES: VendorCapabilities = {
  label: VENDOR,
  serverSideSearch: false,
  contactsByCustomer: false,
  editableContactEmail: false,
  contactEmailRequired: true,
  customFields: true,
  customFieldTypes: ['text', 'number', 'date', 'boolean', 'options'],
  pageSize: PAGE_SIZE,
  // Atera publishes no limit (700/min circulates unverified); start conservatively and adapt to 429s.
  defaultRateLimitPerMinute: 300,
  // CustomerDto has no second address line, mobile, email or referred-by.
  customerDeleteWarning:
    'Atera also deletes the customer’s contacts, agents (devices) and tickets. This cannot be undone.',
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
};

/** New-format Atera tokens are JWTs (three base64url parts); legacy keys go in X-API-KEY. */
export function ateraAuthHeaders(apiKey: string): Record<string, string> {
  const jwt = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(apiKey);
  return jwt ? { authorization: `Bearer ${apiKey}` } : { 'x-api-key': apiKey };
}

/** 400/404 bodies are ProblemDetails; 401 bodies are empty; anything else keeps the status's kind. */
export const parseAteraError: ErrorBodyParser = (status, bodyText) => {
  if (bodyText.trim() === '') {
    return status === 401 ? { message: 'Atera rejected the API key.' } : {};
  }
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return {};
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
  return result;
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

  const readCustomerRecord = async (id: string, signal?: AbortSignal) => {
    const wire = await http.request({
      method: 'GET',
      path: `/customers/${requireId('customer', id)}`,
      schema: AteraCustomerSchema,
      signal,
    });
    return customerFromWire(wire, webBase);
  };

  const customFieldValues = async (customerId: string, signal?: AbortSignal) => {
    const values = await http.request({
      method: 'GET',
      path: `/customvalues/customerfields/${requireId('customer', customerId)}`,
      schema: AteraCustomValueListSchema,
      signal,
    });
    const result: Record<string, CustomFieldValue> = {};
    for (const value of values) result[value.FieldName] = customValueFromWire(value);
    return result;
  };

  /** The record plus its custom values; a key without custom-field rights still gets the record. */
  const readCustomer = async (id: string, signal?: AbortSignal): Promise<Customer> => {
    const [customer, values] = await Promise.all([
      readCustomerRecord(id, signal),
      customFieldValues(id, signal).catch((error: unknown) => {
        if (isVendorError(error, 'forbidden') || isVendorError(error, 'not_found')) return {};
        throw error;
      }),
    ]);
    return { ...customer, customFields: values };
  };

  const readContact = async (id: string, signal?: AbortSignal): Promise<Contact> => {
    const wire = await http.request({
      method: 'GET',
      path: `/contacts/${requireId('contact', id)}`,
      schema: AteraContactSchema,
      signal,
    });
    return contactFromWire(wire, webBase);
  };

  const customerPage = async (page: number, signal?: AbortSignal): Promise<Page<Customer>> => {
    const body = await http.request({
      method: 'GET',
      path: '/customers',
      query: { page, itemsInPage: PAGE_SIZE },
      schema: AteraCustomerPageSchema,
      signal,
    });
    return {
      items: body.items.map((c) => customerFromWire(c, webBase)),
      page: body.page,
      totalPages: body.totalPages,
      ...(typeof body.totalItemCount === 'number' ? { totalItems: body.totalItemCount } : {}),
    };
  };

  const contactPage = async (
    page: number,
    filter: { Email?: string; Phone?: string },
    signal?: AbortSignal,
  ): Promise<Page<Contact>> => {
    const body = await http.request({
      method: 'GET',
      path: '/contacts',
      query: { page, itemsInPage: PAGE_SIZE, ...filter },
      schema: AteraContactPageSchema,
      signal,
    });
    return {
      items: body.items.map((c) => contactFromWire(c, webBase)),
      page: body.page,
      totalPages: body.totalPages,
      ...(typeof body.totalItemCount === 'number' ? { totalItems: body.totalItemCount } : {}),
    };
  };

  const allCustomers = (signal?: AbortSignal) => fetchAllPages((page) => customerPage(page, signal));
  const allContacts = (filter: { Email?: string; Phone?: string }, signal?: AbortSignal) =>
    fetchAllPages((page) => contactPage(page, filter, signal));

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

  const client: AteraClient = {
    vendor: 'atera',
    capabilities: ATERA_CAPABILITIES,

    // No server-side name search in Atera: page everything and match here (the index normally answers).
    async searchCustomers(query, o?: CallOptions) {
      const needle = query.trim().toLowerCase();
      if (needle === '') return [];
      const digits = needle.replace(/\D/g, '');
      const all = await allCustomers(o?.signal);
      return all.filter(
        (c) =>
          matches([c.name, c.city, ...c.domains], needle) ||
          (digits.length >= 4 && (c.phone ?? '').replace(/\D/g, '').includes(digits)),
      );
    },

    getCustomer: (id, o) => readCustomer(id, o?.signal),

    async createCustomer(input: CustomerCreate, o?: CallOptions) {
      const result = await http.request({
        method: 'POST',
        path: '/customers',
        body: customerToWire(input),
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

    async deleteCustomer(id, o) {
      const n = wireId(id);
      if (n === undefined) return;
      try {
        await http.delete({ path: `/customers/${n}`, signal: o?.signal });
      } catch (error) {
        if (isVendorError(error, 'not_found')) return;
        throw error;
      }
    },

    listCustomerPage: (page, o) => customerPage(page, o?.signal),
    listAllCustomers: (o) => allPages((page) => customerPage(page, o?.signal)),

    async searchContacts(query, o) {
      const q = query.trim();
      if (q === '') return [];
      // Atera filters contacts by Email/Phone "contains" server-side; names need the full scan.
      if (q.includes('@')) return allContacts({ Email: q }, o?.signal);
      if (/^[+()\d\s.-]+$/.test(q) && q.replace(/\D/g, '').length >= 4) {
        return allContacts({ Phone: q }, o?.signal);
      }
      const needle = q.toLowerCase();
      const all = await allContacts({}, o?.signal);
      return all.filter((c) => matches([c.fullName, c.firstName, c.lastName, c.email], needle));
    },

    // No per-customer filter in Atera: page every contact and keep this customer's.
    async listContacts(customerId, o) {
      const all = await allContacts({}, o?.signal);
      return all.filter((c) => c.customerId === customerId);
    },

    listContactPage: (page, o) => contactPage(page, {}, o?.signal),

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
      // UpdateContactRequest has no Email: refuse a change clearly instead of silently dropping it.
      if (patch.email !== undefined) {
        const current = await readContact(id, o?.signal);
        const same = (patch.email ?? '').trim().toLowerCase() === (current.email ?? '').trim().toLowerCase();
        if (!same) {
          throw new VendorError('validation', "Atera does not allow a contact's email to be changed.", {
            vendor: VENDOR,
            fields: {
              email: 'Atera does not allow changing a contact’s email. Create a new contact instead.',
            },
          });
        }
      }
      const wire = contactPatchToWire(patch);
      if (Object.keys(wire).length > 0) {
        await http.request({
          method: 'PUT',
          path: `/contacts/${requireId('contact', id)}`,
          body: wire,
          schema: AteraResultSchema,
          signal: o?.signal,
        });
      }
      return readContact(id, o?.signal);
    },

    async deleteContact(id, o) {
      const n = wireId(id);
      if (n === undefined) return;
      try {
        await http.delete({ path: `/contacts/${n}`, signal: o?.signal });
      } catch (error) {
        if (isVendorError(error, 'not_found')) return;
        throw error;
      }
    },

    async listCustomFieldDefinitions(o) {
      const all = await http.request({
        method: 'GET',
        path: '/customvalues/customfields',
        schema: AteraCustomFieldListSchema,
        signal: o?.signal,
      });
      return all.map(fieldDefinitionFromWire).filter((d): d is CustomFieldDefinition => d !== undefined);
    },

    getCustomFieldValues: (customerId, o) => customFieldValues(customerId, o?.signal),

    async setCustomField(customerId, name, value, o) {
      await http.request({
        method: 'PUT',
        path: `/customvalues/customerfield/${requireId('customer', customerId)}/${encodeURIComponent(name)}`,
        body: { Value: customValueToWire(value) },
        schema: AteraResultSchema,
        signal: o?.signal,
      });
    },

    async testConnection(o) {
      const account = await http.request({
        method: 'GET',
        path: '/account',
        schema: AteraAccountSchema,
        signal: o?.signal,
      });
      return { accountName: account.CompanyName ?? 'Atera account' };
    },

    close: () => http.close(),
  };
  return client;
}
