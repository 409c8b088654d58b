// Registers the Events API listeners (the Home tab, link unfurls, forgetting a workspace that removes the app), the
// audit channel and the weekly duplicates report.
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { registerAppHomeOpened } from './app-home-opened.js';
import { registerAppUninstalled } from './app-uninstalled.js';
import { registerAuditChannel } from './audit-channel.js';
import { registerDuplicatesReport } from './duplicates-report.js';
import { registerLinkShared } from './link-shared.js';
import { registerTokensRevoked } from './tokens-revoked.js';

export function register(app: App, deps: Services): void {
  registerAppHomeOpened(app, deps);
  registerAppUninstalled(app, deps);
  registerTokensRevoked(app, deps);
  registerAuditChannel(app, deps);
  registerLinkShared(app, deps);
  registerDuplicatesReport(app, deps);
}
