// Registers the Home tab's buttons and modal submissions.
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { registerConnect } from './connect.js';
import { registerSettings } from './settings.js';

export function register(app: App, deps: Services): void {
  registerConnect(app, deps);
  registerSettings(app, deps);
}
