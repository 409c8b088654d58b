// SCAFFOLD (replaced by the Autotask client): the options the factory in vendors/index.ts passes.
import type { HttpTimeouts, RetryOptions } from '../http.js';
import type { VendorClient, VendorHooks } from '../types.js';

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
}

export function createAutotaskClient(
  _options: AutotaskClientOptions,
): VendorClient & { close(): Promise<void> } {
  throw new Error('the Autotask client is not built yet');
}
