// Registers the Workflow Builder steps.
import type { App } from '@slack/bolt';
import type { Services } from '../../src/services.js';
import { registerWorkflowSteps } from './steps.js';

export function register(app: App, deps: Services): void {
  registerWorkflowSteps(app, deps);
}
