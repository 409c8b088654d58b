// Registers the Home tab's buttons and modal submissions.
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { registerConnectHandlers } from './connect.js';
import { registerRolesHandlers } from './roles.js';

export function registerHomeHandlers(app: App, deps: Services): void {
  registerConnectHandlers(app, deps);
  registerRolesHandlers(app, deps);
}
