// Registers the modal submission listeners.
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { registerAddContactView } from './add-contact.js';
import { registerEditViews } from './edit-record.js';
import { registerOnboardingViews } from './onboarding.js';

export function register(app: App, deps: Services): void {
  registerAddContactView(app, deps);
  registerEditViews(app, deps);
  registerOnboardingViews(app, deps);
}
