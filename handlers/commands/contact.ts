// /contact: help, lookups and adding a contact.
import type { App } from '@slack/bolt';
import { helpMessage } from '../../blocks/help.js';
import type { Services } from '../../src/services.js';
import { parseCommand } from './parse.js';

export function registerContactCommand(app: App, deps: Services): void {
  app.command('/contact', async ({ command, ack }) => {
    const request = parseCommand('contact', command.text);
    deps.logger.debug(
      { command: command.command, teamId: command.team_id, kind: request.kind },
      'command received',
    );
    if (request.kind === 'help') return ack(helpMessage('contact', request.note));
    return ack(helpMessage('contact'));
  });
}
