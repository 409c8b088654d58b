// The one interface every vendor (Atera, Syncro, the sandbox) implements, and what the UI may ask of it.
import type {
  Contact,
  ContactCreate,
  ContactPatch,
  Customer,
  CustomerCreate,
  CustomerField,
  CustomerPatch,
  CustomFieldDefinition,
  CustomFieldType,
  CustomFieldValue,
} from '../domain/index.js';

export const VENDOR_NAMES = ['atera', 'syncro', 'sandbox'] as const;
export type VendorName = (typeof VENDOR_NAMES)[number];

/** What a vendor can do; the UI reads these instead of checking vendor names. */
export interface VendorCapabilities {
  /** Human name for messages and buttons ("Open in Atera"). */
  label: string;
  /** The vendor can search customers by name itself (Syncro `?query=`); Atera cannot. */
  serverSideSearch: boolean;
  /** The vendor can list one customer's contacts itself (Syncro `?customer_id=`); Atera cannot. */
  contactsByCustomer: boolean;
  /** A contact's email can be changed after creation (false on Atera). */
  editableContactEmail: boolean;
  /** A contact cannot be created without an email (true on Atera). */
  contactEmailRequired: boolean;
  /** Custom fields on customers are supported, and of which types. */
  customFields: boolean;
  customFieldTypes: readonly CustomFieldType[];
  /** The largest page the vendor serves (Atera 50). */
  pageSize: number;
  /** Requests per minute to start from; adapted at run time to 429s. */
  defaultRateLimitPerMinute: number;
  /**
   * The optional customer fields this vendor stores (Atera has a business number, Syncro a referred-by);
   * forms offer only these. Absent means all of them.
   */
  customerFields?: readonly CustomerField[];
  /** What else a customer delete takes with it at this vendor, for the confirmation (Atera: agents and tickets). */
  customerDeleteWarning?: string;
}

/** Every call takes an AbortSignal so a job can be cancelled (shutdown, a user who gave up). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface Page<T> {
  items: T[];
  /** 1-based page number. */
  page: number;
  totalPages: number;
  /** When the vendor tells it; lets the index size itself. */
  totalItems?: number;
}

export interface ConnectionInfo {
  /** The account or company name the key belongs to, for the Home tab. */
  accountName: string;
}

export interface VendorClient {
  readonly vendor: VendorName;
  readonly capabilities: VendorCapabilities;

  /** Server-side search where the vendor has one; Atera pages everything (the index avoids calling this). */
  searchCustomers(query: string, options?: CallOptions): Promise<Customer[]>;
  getCustomer(id: string, options?: CallOptions): Promise<Customer>;
  createCustomer(input: CustomerCreate, options?: CallOptions): Promise<Customer>;
  /** Sends only the fields in `patch`; returns the record as the vendor now holds it. */
  updateCustomer(id: string, patch: CustomerPatch, options?: CallOptions): Promise<Customer>;
  /** Resolves when the customer is gone, including when it was already gone (404). */
  deleteCustomer(id: string, options?: CallOptions): Promise<void>;
  /** One page of all customers, for building the index with pages fetched in parallel. */
  listCustomerPage(page: number, options?: CallOptions): Promise<Page<Customer>>;
  /** Every customer, page by page. */
  listAllCustomers(options?: CallOptions): AsyncIterable<Customer[]>;

  /** Contacts by name, email or phone. */
  searchContacts(query: string, options?: CallOptions): Promise<Contact[]>;
  listContacts(customerId: string, options?: CallOptions): Promise<Contact[]>;
  /** One page of all contacts (Atera has no per-customer filter, so the index pages these). */
  listContactPage(page: number, options?: CallOptions): Promise<Page<Contact>>;
  getContact(id: string, options?: CallOptions): Promise<Contact>;
  createContact(input: ContactCreate, options?: CallOptions): Promise<Contact>;
  updateContact(id: string, patch: ContactPatch, options?: CallOptions): Promise<Contact>;
  deleteContact(id: string, options?: CallOptions): Promise<void>;

  /** The account's custom field definitions for customers. */
  listCustomFieldDefinitions(options?: CallOptions): Promise<CustomFieldDefinition[]>;
  getCustomFieldValues(customerId: string, options?: CallOptions): Promise<Record<string, CustomFieldValue>>;
  /** Sets one custom field on a customer; `null` clears it. */
  setCustomField(
    customerId: string,
    name: string,
    value: CustomFieldValue,
    options?: CallOptions,
  ): Promise<void>;

  /** Proves the key works; answers with the account name. */
  testConnection(options?: CallOptions): Promise<ConnectionInfo>;

  /** Releases connections (HTTP pools) when the workspace disconnects or reconnects. */
  close?(): Promise<void>;
}

/** Turns a page fetcher into an async iterator over every page, stopping at `totalPages` or an empty page. */
export async function* allPages<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
): AsyncGenerator<T[], void, undefined> {
  for (let page = 1; ; page++) {
    const result = await fetchPage(page);
    if (result.items.length > 0) yield result.items;
    if (result.items.length === 0 || page >= result.totalPages) return;
  }
}

/**
 * How a workspace's rate limiter reaches into a vendor client: every HTTP attempt (retries and pages
 * included) runs through `schedule`, and a 429/503 with a wait reports it so the whole workspace backs off.
 */
export interface VendorHooks {
  schedule?: <T>(attempt: () => Promise<T>) => Promise<T>;
  onRateLimited?: (retryAfterMs: number) => void;
}
