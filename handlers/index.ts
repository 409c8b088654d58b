// The one place every Slack listener is registered: each folder holds one kind of listener and registers its own.
import type { App } from '@slack/bolt';
import type { Services } from '../src/services.js';
import { register as registerActions } from './actions/index.js';
import { register as registerCommands } from './commands/index.js';
import { register as registerEvents } from './events/index.js';
import { register as registerFunctions } from './functions/index.js';
import { register as registerHome } from './home/index.js';
import { register as registerOptions } from './options/index.js';
import { register as registerShortcuts } from './shortcuts/index.js';
import { registerRequestContext } from './support/request-context.js';
import { register as registerViews } from './views/index.js';

export function registerHandlers(app: App, deps: Services): void {
  registerRequestContext(app, deps);
  registerCommands(app, deps);
  registerActions(app, deps);
  registerOptions(app, deps);
  registerViews(app, deps);
  registerShortcuts(app, deps);
  registerFunctions(app, deps);
  registerEvents(app, deps);
  registerHome(app, deps);
}
