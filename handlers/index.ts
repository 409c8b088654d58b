// The one place every Slack listener is registered.
import type { App } from '@slack/bolt';
import type { Services } from '../src/services.js';
import { registerContactCommand } from './commands/contact.js';
import { registerCustomerCommand } from './commands/customer.js';
import { registerRequestContext } from './middleware/request-context.js';

export function registerHandlers(app: App, deps: Services): void {
  registerRequestContext(app, deps);
  registerCustomerCommand(app, deps);
  registerContactCommand(app, deps);
}
