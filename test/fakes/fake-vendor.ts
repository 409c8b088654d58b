// What every fake vendor server offers a vendor-neutral test: its environment, its faults, and its records in
// neutral terms, so one end-to-end story runs against Atera, Syncro, Autotask and SuperOps alike.
import type { FakeCustomerSeed, FakeCustomFieldSeed } from './generate.js';
import type { Fault, RateLimit, RecordedRequest } from './vendor-server.js';

export const FAKE_VENDORS = ['atera', 'syncro', 'autotask', 'superops'] as const;
export type FakeVendorName = (typeof FAKE_VENDORS)[number];

export interface FakeVendorOptions {
  /** Named customers (with contacts and custom values) and the account's custom field definitions. */
  seed?: { customers?: FakeCustomerSeed[]; customFields?: FakeCustomFieldSeed[] };
  /** Generated customers after the named ones. */
  generate?: { customers: number; contactsPerCustomer?: number | [number, number]; seed?: number };
  latencyMs?: number;
  rateLimit?: RateLimit;
}

/** A customer as the fake holds it, in neutral terms. */
export interface FakeCustomerView {
  id: string;
  name: string;
  /** False when deactivated (Autotask) or in the trash (SuperOps). */
  active: boolean;
}

export interface FakeVendor {
  name: FakeVendorName;
  /** Base URL of the fake server. */
  url: string;
  /** The variables that point the bot at this fake (VENDOR=<name> and its credentials). */
  env: Record<string, string>;
  /** Every credential value, to prove none reaches a log line, a Slack message or an error text. */
  secrets: string[];
  requests(method?: string, pathPrefix?: string): RecordedRequest[];
  clearRequests(): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setRateLimit(limit: RateLimit | null): void;

  /** Live customers, in the vendor's own order. */
  customerList(): FakeCustomerView[];
  customerIdByName(name: string): string | undefined;
  /** A customer's live contacts' emails, lower-cased. */
  contactEmailsOf(customerId: string): string[];
  /** A customer's custom values as stored, by field name (strings as the vendor keeps them). */
  customValuesOf(customerId: string): Record<string, unknown>;

  /** As the vendor's own web app would: the record changes and its modified time moves on. */
  renameCustomer(id: string, name: string): void;
  /** As the vendor's own web app would: the customer (and what the vendor removes with it) is gone. */
  removeCustomer(id: string): void;
  /** Adds a customer as the vendor's web app would; returns its id. */
  addCustomer(seed: FakeCustomerSeed): string;

  /** The vendor refuses the next contact create as it refuses an invalid one (its own error shape). */
  refuseNextContact(): void;

  /** Related records the delete impact reads. */
  addOpenTickets(customerId: string, count: number): void;
  addDevices(customerId: string, count: number): void;

  /** A customer page in the vendor's web app, as a technician would copy it from the address bar. */
  customerPageUrl(id: string): string;

  close(): Promise<void>;
}

/** Starts the fake server of `name` (each fake's module is loaded only when asked for). */
export async function startFakeVendor(
  name: FakeVendorName,
  options: FakeVendorOptions = {},
): Promise<FakeVendor> {
  switch (name) {
    case 'atera':
      return (await import('./atera/server.js')).startFakeAteraVendor(options);
    case 'syncro':
      return (await import('./syncro/server.js')).startFakeSyncroVendor(options);
    case 'autotask':
      return (await import('./autotask/server.js')).startFakeAutotaskVendor(options);
    case 'superops':
      return (await import('./superops/server.js')).startFakeSuperOpsVendor(options);
  }
}
