// SCAFFOLD (replaced by the SuperOps client): the options the factory in vendors/index.ts passes.
import type { HttpTimeouts, RetryOptions } from '../http.js';
import type { VendorClient, VendorHooks } from '../types.js';

export interface SuperOpsClientOptions {
  apiToken: string;
  /** Sent as the CustomerSubDomain header. */
  subdomain: string;
  /** https://api.superops.ai/msp, https://euapi.superops.ai/msp, or a test server. */
  apiUrl: string;
  hooks?: VendorHooks;
  timeouts?: Partial<HttpTimeouts>;
  retry?: Partial<RetryOptions>;
}

export function createSuperOpsClient(
  _options: SuperOpsClientOptions,
): VendorClient & { close(): Promise<void> } {
  throw new Error('the SuperOps client is not built yet');
}
