// The message shape every builder returns: blocks plus the plain-text fallback Slack requires.
import type { KnownBlock } from '@slack/types';

export interface Message {
  text: string;
  blocks?: KnownBlock[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
}

/** A short message with one section, for notices and errors. */
export function notice(text: string, fallback = text): Message {
  return {
    response_type: 'ephemeral',
    text: fallback,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}
