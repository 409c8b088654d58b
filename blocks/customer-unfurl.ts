// A pasted customer link, unfurled for everyone in the channel: the public face of a card (name, domain, main
// phone, primary contact, how many contacts), custom fields only when an admin allows, and "View card".
import type { KnownBlock, MrkdwnElement } from '@slack/types';
import type { CustomFieldValue } from '../src/domain/index.js';
import { ACTIONS } from './actions.js';
import { cardValue } from './card-value.js';
import { customValueBlocks } from './custom-fields.js';
import { mrkdwn, plain, safeText } from './mrkdwn.js';

export interface UnfurlView {
  customer: {
    id: string;
    name: string;
    domains: readonly string[];
    phone: string | null;
    url: string | null;
  };
  primaryContact: { fullName: string; email: string | null } | null;
  contactCount: number;
  customFields: Record<string, CustomFieldValue> | null;
}

/** One entry of chat.unfurl's `unfurls` map (an attachment with blocks, and the words notifications show). */
export interface Unfurl {
  text: string;
  blocks: KnownBlock[];
}

/** `connection`: the fingerprint of the connection the customer was read from, carried by "View card". */
export function customerUnfurl(u: UnfurlView, vendorLabel: string, connection: string): Unfurl {
  const c = u.customer;
  const fields: MrkdwnElement[] = [
    c.domains[0] ? mrkdwn(`*Domain*\n${safeText(c.domains[0], 200)}`) : undefined,
    c.phone ? mrkdwn(`*Main phone*\n${safeText(c.phone, 60)}`) : undefined,
    u.primaryContact
      ? mrkdwn(
          `*Primary contact*\n${safeText(u.primaryContact.fullName, 100)}${u.primaryContact.email ? `\n${safeText(u.primaryContact.email, 150)}` : ''}`,
        )
      : undefined,
    mrkdwn(`*Contacts*\n${u.contactCount}`),
  ].filter((f): f is MrkdwnElement => f !== undefined);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(`:office: *${safeText(c.name, 150)}* · ${safeText(vendorLabel, 40)} customer`),
    },
    { type: 'section', fields },
  ];
  blocks.push(...customValueBlocks(u.customFields ?? {}, 500));
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.customerView,
        text: plain('View card'),
        value: cardValue({ type: 'customer', id: c.id, connection }),
      },
      ...(c.url && /^https?:\/\//.test(c.url)
        ? [
            {
              type: 'button' as const,
              action_id: ACTIONS.openInVendor,
              text: plain(`Open in ${vendorLabel}`),
              url: c.url,
            },
          ]
        : []),
    ],
  });
  return { text: safeText(`${c.name}: ${vendorLabel} customer`, 300), blocks };
}
