// Builds the VendorClient for a connection: the one place that knows which vendors exist.
import type { VendorConnection } from '../config.js';
import { createAteraClient } from './atera/client.js';
import { createAutotaskClient } from './autotask/client.js';
import { createSandboxClient } from './sandbox/client.js';
import { createSuperOpsClient } from './superops/client.js';
import { createSyncroClient } from './syncro/client.js';
import type { VendorClient, VendorHooks } from './types.js';

export interface VendorClientSettings {
  /** Per-request time limit (connect, headers and body each). */
  timeoutMs?: number | undefined;
}

export function createVendorClient(
  connection: VendorConnection,
  hooks: VendorHooks,
  settings: VendorClientSettings = {},
): VendorClient {
  const timeouts = settings.timeoutMs
    ? {
        connectMs: Math.min(settings.timeoutMs, 5000),
        headersMs: settings.timeoutMs,
        bodyMs: settings.timeoutMs,
      }
    : undefined;
  const common = { hooks, ...(timeouts ? { timeouts } : {}) };
  switch (connection.vendor) {
    case 'atera':
      return createAteraClient({ apiKey: connection.apiKey, baseUrl: connection.baseUrl, ...common });
    case 'syncro':
      return createSyncroClient({ apiKey: connection.apiKey, baseUrl: connection.baseUrl, ...common });
    case 'autotask':
      return createAutotaskClient({
        username: connection.username,
        secret: connection.secret,
        integrationCode: connection.integrationCode,
        baseUrl: connection.baseUrl,
        ...(connection.zoneUrl ? { zoneUrl: connection.zoneUrl } : {}),
        ...common,
      });
    case 'superops':
      return createSuperOpsClient({
        apiToken: connection.apiToken,
        subdomain: connection.subdomain,
        apiUrl: connection.apiUrl,
        ...common,
      });
    case 'sandbox':
      return createSandboxClient({ hooks });
  }
}
