// A failure as the user sees it: what happened and what to do, never a stack trace or a secret.
import { explainError } from '../src/domain/index.js';
import type { Message } from './message.js';
import { mrkdwn, safeText } from './mrkdwn.js';

export function errorMessage(error: unknown, doing: string): Message {
  const { what, action } = explainError(error);
  const text = safeText(`Could not ${doing}. ${what} ${action}`, 2000);
  return {
    response_type: 'ephemeral',
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`:warning: *Could not ${doing}.* ${safeText(what, 1500)}`) },
      { type: 'context', elements: [mrkdwn(safeText(action, 1000))] },
    ],
  };
}
