// The one interface every vendor (Atera, Syncro, Autotask, SuperOps, the sandbox) implements, and what the UI may ask of it.
import type {
  Contact,
  ContactCreate,
  ContactPatch,
  CreateChoice,
  Customer,
  CustomerCreate,
  CustomerField,
  CustomerPatch,
  CustomFieldDefinition,
  CustomFieldValue,
} from '../domain/index.js';

export const VENDOR_NAMES = ['atera', 'syncro', 'autotask', 'superops', 'sandbox'] as const;
export type VendorName = (typeof VENDOR_NAMES)[number];

/** What removing a customer means at a vendor; every surface words itself from this ("Delete" or "Deactivate"). */
export type CustomerRemoval =
  /** Gone for good (Atera, Syncro, the sandbox). */
  | 'delete'
  /** Companies cannot be deleted; they are deactivated and can be reactivated (Autotask). */
  | 'deactivate'
  /** Soft delete into the vendor's trash, restorable for `restoreWindowDays` (SuperOps). */
  | 'trash';

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
  /** A contact cannot be created without an email (Atera, SuperOps). */
  contactEmailRequired: boolean;
  /** A contact cannot be created without a last name (Autotask's ContactModel requires it); absent: false. */
  contactLastNameRequired?: boolean;
  /** Custom fields on customers are supported. */
  customFields: boolean;
  /** Custom fields on contacts are supported (Atera contactfields, Syncro contact properties, Autotask UDFs). */
  contactCustomFields: boolean;
  /** The largest page the vendor serves (Atera 50). */
  pageSize: number;
  /** Requests per minute to start from; adapted at run time to 429s. */
  defaultRateLimitPerMinute: number;
  /** Most vendor requests in flight at once for one connection (Autotask: 3 threads per endpoint). */
  maxConcurrentRequests?: number;
  /**
   * Whose budget the rate limit is: this connection's own, or every connection of this vendor that leaves
   * from the same IP address (Syncro: "180 requests per minute per IP"), shared fairly between them.
   */
  rateLimitScope: 'connection' | 'ip';
  /**
   * The optional customer fields this vendor stores (Atera has a business number, Syncro a referred-by);
   * forms offer only these. Absent means all of them.
   */
  customerFields?: readonly CustomerField[];
  /** Customer fields that can be set but never emptied again through the API; the edit form says so. */
  unclearableCustomerFields?: readonly CustomerField[];
  /** Contact fields the vendor stores beyond name, email, phones and title (addresses on Syncro, Autotask). */
  contactAddress: boolean;
  /**
   * The optional contact fields this vendor stores besides names and email (SuperOps client users have a phone
   * only); forms offer only these. Absent means all of them.
   */
  contactFields?: readonly ('phone' | 'mobile' | 'title' | 'notes')[];
  /**
   * Customers in lists lack fields a card shows (SuperOps: the HQ site's address and phone): a card reads the
   * customer itself rather than serving the index's copy.
   */
  summaryLists?: boolean;
  /** Contacts can be put in ignore mode (Atera `InIgnoreMode`: their emails open no tickets); forms offer it. */
  contactIgnoreMode?: boolean;
  /** Residential customers (a person, no business name) exist at this vendor (Syncro). */
  personCustomers: boolean;
  /** What a customer delete does at this vendor. */
  customerRemoval: CustomerRemoval;
  /** How long a removed customer can be restored (`trash`: SuperOps 30); undefined: as long as it exists. */
  restoreWindowDays?: number;
  /** A contact can be deactivated instead of deleted (Autotask, when references block the delete). */
  contactDeactivation: boolean;
  /**
   * What else a customer delete takes with it at this vendor, with its source ("Atera's documentation says…"),
   * for the confirmation; the measured counts come from the impact reads.
   */
  customerDeleteWarning?: string;
  /** Writes can be attributed to the technician's own vendor user (Autotask `ImpersonationResourceId`). */
  impersonation: boolean;
  /** Which lists can be asked for only what changed since a time (incremental refresh); false: full refresh. */
  changedSince: { customers: boolean; contacts: boolean };
}

/** Every call takes an AbortSignal so a job can be cancelled (shutdown, a user who gave up). */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Write as this vendor user (from `resolveActor`), where `capabilities.impersonation` says the vendor can. */
  actAs?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** 1-based page number. */
  page: number;
  totalPages: number;
  /** When the vendor tells it; lets the index size itself. */
  totalItems?: number;
}

/** What one API key may do at the vendor, where the vendor says (Syncro `/me`); absent means "all it needs". */
export interface KeyPermissions {
  read: boolean;
  write: boolean;
  delete: boolean;
}

export interface ConnectionInfo {
  /** The account or company name the key belongs to, for the Home tab. */
  accountName: string;
  /** The vendor user the key acts as (Syncro `/me` user_email, the Autotask API user), when known. */
  user?: string;
  /** Where the account lives (Autotask zone name, SuperOps US/EU), when it matters. */
  region?: string;
  permissions?: KeyPermissions;
}

/** A record related to a customer (a ticket, a device, a contract), for the delete impact and the archive. */
export interface RelatedRecord {
  id: string;
  title: string;
  /** In the vendor's web app, when it has a page. */
  url: string | null;
}

/** How many there are, and the first few to show. */
export interface RelatedCount {
  total: number;
  sample: RelatedRecord[];
}

// CreateChoice lives in the domain: the forms in blocks/ render it, and blocks/ imports only src/domain.
export type { CreateChoice } from '../domain/index.js';

/** Where a vendor's web app shows a customer, and how to read a customer id back out of such a URL. */
export interface WebLinks {
  /** The base every "Open in <vendor>" link starts with (Autotask: the zone's webUrl). */
  base: string;
  /** The customer's id when `url` is one of this account's customer pages; undefined for anything else. */
  customerIdFrom(url: string): string | undefined;
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
  /**
   * Removes the customer the vendor's way (`capabilities.customerRemoval`): deletes, deactivates or trashes it.
   * Resolves when it is gone, including when it was already gone (404).
   */
  deleteCustomer(id: string, options?: CallOptions): Promise<void>;
  /** Undoes `deactivate` or `trash` (Autotask reactivates, SuperOps restores from the trash). */
  restoreCustomer?(id: string, options?: CallOptions): Promise<Customer>;
  /** One page of all customers, for building the index with pages fetched in parallel. */
  listCustomerPage(page: number, options?: CallOptions): Promise<Page<Customer>>;
  /**
   * Customers created or changed at or after `since` (the vendor may return more, never less: clients keep
   * their own safety overlap where the vendor's clock or time zone is vague). Where `changedSince.customers`.
   */
  listCustomersChangedSince?(since: Date, options?: CallOptions): Promise<Customer[]>;
  /** How many customers the vendor holds now, cheaply (one small request), so the reconcile pages only on a change. */
  countCustomers?(options?: CallOptions): Promise<number>;

  /** Contacts by name, email or phone (archived ones included, marked). */
  searchContacts(query: string, options?: CallOptions): Promise<Contact[]>;
  listContacts(customerId: string, options?: CallOptions): Promise<Contact[]>;
  /** One page of all contacts (Atera has no per-customer filter, so the index pages these). */
  listContactPage(page: number, options?: CallOptions): Promise<Page<Contact>>;
  /** Contacts created or changed at or after `since`; where `changedSince.contacts`. */
  listContactsChangedSince?(since: Date, options?: CallOptions): Promise<Contact[]>;
  getContact(id: string, options?: CallOptions): Promise<Contact>;
  createContact(input: ContactCreate, options?: CallOptions): Promise<Contact>;
  updateContact(id: string, patch: ContactPatch, options?: CallOptions): Promise<Contact>;
  /** A vendor refusal because the contact is still referenced is a `conflict` VendorError with its reason. */
  deleteContact(id: string, options?: CallOptions): Promise<void>;

  /** The account's custom field definitions, for customers and contacts. */
  listCustomFieldDefinitions(options?: CallOptions): Promise<CustomFieldDefinition[]>;
  getCustomFieldValues(customerId: string, options?: CallOptions): Promise<Record<string, CustomFieldValue>>;
  /** Sets one custom field on a customer; `null` clears it. */
  setCustomField(
    customerId: string,
    name: string,
    value: CustomFieldValue,
    options?: CallOptions,
  ): Promise<void>;
  /** A contact's custom values, where they are not inline on the contact (Atera); where `contactCustomFields`. */
  getContactCustomFieldValues?(
    contactId: string,
    options?: CallOptions,
  ): Promise<Record<string, CustomFieldValue>>;
  setContactCustomField?(
    contactId: string,
    name: string,
    value: CustomFieldValue,
    options?: CallOptions,
  ): Promise<void>;

  /** Vendor-specific required choices for a new customer (Autotask type and owner, SuperOps HQ site). */
  customerCreateChoices?(options?: CallOptions): Promise<CreateChoice[]>;
  /** Vendor-specific choices for a new contact (SuperOps requester role). */
  contactCreateChoices?(options?: CallOptions): Promise<CreateChoice[]>;

  /** The customer's open tickets: how many, and the first few. */
  openTickets(customerId: string, options?: CallOptions): Promise<RelatedCount>;
  /** The customer's devices (Atera agents, Syncro assets, Autotask configuration items, SuperOps assets). */
  devices(customerId: string, options?: CallOptions): Promise<RelatedCount>;
  /** The customer's contracts, where the vendor has them. */
  contracts?(customerId: string, options?: CallOptions): Promise<RelatedCount>;

  /** Where "Open in <vendor>" links point, and how a pasted customer URL is read (link unfurls). */
  webLinks(options?: CallOptions): Promise<WebLinks>;

  /** The vendor user a technician's email belongs to, for writes attributed to them (`actAs`). */
  resolveActor?(email: string, options?: CallOptions): Promise<{ id: string; name: string } | undefined>;

  /** Proves the key works; answers with the account name (and what the key may do, where the vendor says). */
  testConnection(options?: CallOptions): Promise<ConnectionInfo>;

  /** Releases connections (HTTP pools) when the workspace disconnects or reconnects. */
  close?(): Promise<void>;
}

/**
 * How a workspace's rate limiter reaches into a vendor client: every HTTP attempt (retries and pages
 * included) runs through `schedule`, and a 429/503 with a wait reports it so the whole workspace backs off.
 * `schedule` may time the attempt, so the limiter also adapts to a vendor that slows down (Autotask near
 * its hourly threshold).
 */
export interface VendorHooks {
  schedule?: <T>(attempt: () => Promise<T>) => Promise<T>;
  onRateLimited?: (retryAfterMs: number) => void;
}
