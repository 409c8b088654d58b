// /customer: help, lookups, onboarding and the audit trail.
import type { App } from '@slack/bolt';
import { helpMessage } from '../../blocks/help.js';
import type { Services } from '../../src/services.js';
import { parseCommand } from './parse.js';

export function registerCustomerCommand(app: App, deps: Services): void {
  app.command('/customer', async ({ command, ack }) => {
    const request = parseCommand('customer', command.text);
    deps.logger.debug(
      { command: command.command, teamId: command.team_id, kind: request.kind },
      'command received',
    );
    if (request.kind === 'help') return ack(helpMessage('customer', request.note));
    return ack(helpMessage('customer'));
  });
}
