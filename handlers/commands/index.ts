// Registers the slash commands.
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { registerContactCommand } from './contact.js';
import { registerCustomerCommand } from './customer.js';

export function register(app: App, deps: Services): void {
  registerCustomerCommand(app, deps);
  registerContactCommand(app, deps);
}
