// The one place every Slack listener is registered.
import type { App } from '@slack/bolt';
import type { Services } from '../src/services.js';
import { registerAddContactAction } from './actions/add-contact.js';
import { registerDeleteActions } from './actions/delete.js';
import { registerEditActions } from './actions/edit.js';
import { registerOnboardingActions } from './actions/onboarding.js';
import { registerShareAction } from './actions/share.js';
import { registerViewCustomerAction } from './actions/view-customer.js';
import { registerContactCommand } from './commands/contact.js';
import { registerCustomerCommand } from './commands/customer.js';
import { registerEventHandlers } from './events/index.js';
import { registerHomeHandlers } from './home/index.js';
import { registerRequestContext } from './middleware/request-context.js';
import { registerCustomerPicker } from './options/customer-picker.js';
import { registerContactAddView } from './views/contact-add.js';
import { registerEditViews } from './views/edits.js';
import { registerOnboardingViews } from './views/onboarding.js';

export function registerHandlers(app: App, deps: Services): void {
  registerRequestContext(app, deps);
  // Slash commands
  registerCustomerCommand(app, deps);
  registerContactCommand(app, deps);
  // Buttons
  registerViewCustomerAction(app, deps);
  registerAddContactAction(app, deps);
  registerEditActions(app, deps);
  registerShareAction(app, deps);
  registerDeleteActions(app, deps);
  registerOnboardingActions(app, deps);
  // Typeahead
  registerCustomerPicker(app, deps);
  // Modal submissions
  registerContactAddView(app, deps);
  registerEditViews(app, deps);
  registerOnboardingViews(app, deps);
  // Events (Home tab, uninstall) and the Home tab's buttons and modals
  registerEventHandlers(app, deps);
  registerHomeHandlers(app, deps);
}
