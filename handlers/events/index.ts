// Registers the Events API listeners: the Home tab, and forgetting a workspace that removes the app.
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { registerAppHomeOpened } from './app-home-opened.js';
import { registerAppUninstalled } from './app-uninstalled.js';
import { registerTokensRevoked } from './tokens-revoked.js';

export function registerEventHandlers(app: App, deps: Services): void {
  registerAppHomeOpened(app, deps);
  registerAppUninstalled(app, deps);
  registerTokensRevoked(app, deps);
}
