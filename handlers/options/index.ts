// Registers the options (typeahead) listeners.
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { registerCustomerPicker } from './customer-picker.js';

export function register(app: App, deps: Services): void {
  registerCustomerPicker(app, deps);
}
