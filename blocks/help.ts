// Usage text for /customer and /contact: what each subcommand does, with examples.
import type { KnownBlock } from '@slack/types';
import type { Message } from './message.js';
import { mrkdwn } from './mrkdwn.js';

export type HelpTopic = 'customer' | 'contact';

const USAGE: Record<HelpTopic, { title: string; lines: [string, string][] }> = {
  customer: {
    title: 'Find, onboard and manage customers',
    lines: [
      ['/customer acme', 'look up a customer by name, domain, email or phone (typos are fine)'],
      ['/customer lookup acme.com', 'the same, spelled out (`find` works too)'],
      [
        '/customer new Acme Corporation',
        'onboard a customer: company, primary contact and custom fields in one step',
      ],
      ['/customer audit [name]', 'see who changed what, latest first'],
      ['/customer duplicates', 'likely duplicate customers and contacts, with the reason'],
      ['/customer help', 'this help'],
    ],
  },
  contact: {
    title: 'Find and add contacts',
    lines: [
      ['/contact jane', 'look up a contact by name, email or phone'],
      ['/contact lookup jane@acme.com', 'the same, spelled out'],
      ['/contact add [customer]', 'add a contact; name a customer to pre-select it'],
      ['/contact help', 'this help'],
    ],
  },
};

export function helpMessage(topic: HelpTopic, note?: string): Message {
  const usage = USAGE[topic];
  const blocks: KnownBlock[] = [];
  if (note) blocks.push({ type: 'section', text: mrkdwn(note) });
  blocks.push(
    { type: 'section', text: mrkdwn(`*${usage.title}*`) },
    { type: 'section', text: mrkdwn(usage.lines.map(([cmd, what]) => `\`${cmd}\`  ${what}`).join('\n')) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          'Answers are visible only to you until you press *Share in channel*. Paste a customer’s link from your PSA to unfurl it; the *…* menu of a message offers *Find customer* and *Add as contact*.',
        ),
      ],
    },
  );
  const text = [note, usage.title, ...usage.lines.map(([cmd, what]) => `${cmd}: ${what}`)]
    .filter(Boolean)
    .join('\n');
  return { response_type: 'ephemeral', text, blocks };
}
