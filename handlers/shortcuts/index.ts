// Registers the shortcuts: two in a message's "..." menu, one global.
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { registerAddAsContact } from './add-as-contact.js';
import { registerFindCustomer } from './find-customer.js';
import { registerNewCustomer } from './new-customer.js';

export function register(app: App, deps: Services): void {
  registerFindCustomer(app, deps);
  registerAddAsContact(app, deps);
  registerNewCustomer(app, deps);
}
