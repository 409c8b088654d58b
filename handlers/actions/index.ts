// Registers the button listeners.
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { registerAddContactButton } from './add-contact-button.js';
import { registerDeleteDecision } from './delete-decision.js';
import { registerDeleteRequest } from './delete-request.js';
import { registerDuplicatesPage } from './duplicates-page.js';
import { registerEditButtons } from './edit-buttons.js';
import { registerExportButton } from './export-button.js';
import { registerOnboardingButtons } from './onboarding-buttons.js';
import { registerRecreateButton } from './recreate-button.js';
import { registerShareButton } from './share-button.js';
import { registerViewCustomer } from './view-customer.js';

export function register(app: App, deps: Services): void {
  registerViewCustomer(app, deps);
  registerAddContactButton(app, deps);
  registerEditButtons(app, deps);
  registerShareButton(app, deps);
  registerDeleteRequest(app, deps);
  registerDeleteDecision(app, deps);
  registerOnboardingButtons(app, deps);
  registerExportButton(app, deps);
  registerRecreateButton(app, deps);
  registerDuplicatesPage(app, deps);
}
