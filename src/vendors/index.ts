// Builds the VendorClient for a connection: the one place that knows which vendors exist.
import type { VendorConnection } from '../config.js';
import { createAteraClient } from './atera/client.js';
import { createSandboxClient } from './sandbox/client.js';
import { createSyncroClient } from './syncro/client.js';
import type { VendorClient, VendorHooks } from './types.js';

export interface VendorClientSettings {
  /** Per-request time limit (connect, headers and body each). */
  timeoutMs?: number;
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
  switch (connection.vendor) {
    case 'atera':
      return createAteraClient({
        apiKey: connection.apiKey,
        baseUrl: connection.baseUrl,
        hooks,
        ...(timeouts ? { timeouts } : {}),
      });
    case 'syncro':
      return createSyncroClient({
        apiKey: connection.apiKey,
        baseUrl: connection.baseUrl,
        hooks,
        ...(timeouts ? { timeouts } : {}),
      });
    case 'sandbox':
      return createSandboxClient({ hooks });
  }
}
