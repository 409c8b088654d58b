// Builds the VendorClient for a connection: the one place that knows which vendors exist.
import type { VendorConnection } from '../config.js';
import { createAteraClient } from './atera/client.js';
import { createSandboxClient } from './sandbox/client.js';
import { createSyncroClient } from './syncro/client.js';
import type { VendorClient, VendorHooks } from './types.js';

export function createVendorClient(connection: VendorConnection, hooks: VendorHooks): VendorClient {
  switch (connection.vendor) {
    case 'atera':
      return createAteraClient({ apiKey: connection.apiKey, baseUrl: connection.baseUrl, hooks });
    case 'syncro':
      return createSyncroClient({ apiKey: connection.apiKey, baseUrl: connection.baseUrl, hooks });
    case 'sandbox':
      return createSandboxClient({ hooks });
  }
}
