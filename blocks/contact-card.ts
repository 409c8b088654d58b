// The contact card: one person with their customer, and the actions on them.
import type { Button, KnownBlock, MrkdwnElement } from '@slack/types';
import type { Contact } from '../src/domain/index.js';
import { ACTIONS } from './actions.js';
import { cardValue } from './card-value.js';
import { contactLine } from './contact-line.js';
import { customValueBlocks } from './custom-fields.js';
import { askToDeleteButton } from './delete-confirmation.js';
import type { Message } from './message.js';
import { mrkdwn, plain, safeText, slackDate, userMention } from './mrkdwn.js';

export interface ContactCardOptions {
  vendorLabel: string;
  /** The fingerprint of the connection the contact was read from: every button carries it with the id. */
  connection: string;
  sharedBy?: string;
  note?: string;
}

function field(label: string, value: string | null | undefined): MrkdwnElement | undefined {
  return value?.trim() ? mrkdwn(`*${label}*\n${safeText(value, 1900)}`) : undefined;
}

export function contactCard(contact: Contact, options: ContactCardOptions): Message {
  const blocks: KnownBlock[] = [];
  if (options.note) blocks.push({ type: 'context', elements: [mrkdwn(options.note)] });
  blocks.push({ type: 'header', text: plain(`${contact.fullName}${contact.isPrimary ? ' ★' : ''}`, 150) });
  const marks = [
    contact.archived ? ':file_cabinet: Archived: not a live contact' : undefined,
    contact.ignored
      ? `:mute: Ignored: ${safeText(options.vendorLabel, 40)} opens no tickets from this contact’s emails`
      : undefined,
  ].filter(Boolean);
  if (marks.length > 0) blocks.push({ type: 'context', elements: [mrkdwn(marks.join(' · '))] });
  const fields = [
    field('Customer', contact.customerName),
    field('Title', contact.title),
    field('Email', contact.email),
    field('Phone', contact.phone),
    field('Mobile', contact.mobile),
    contact.isPrimary ? mrkdwn('*Primary contact*\nYes') : undefined,
    field(
      'Address',
      [contact.address, [contact.city, contact.state, contact.zip].filter(Boolean).join(' ')]
        .filter(Boolean)
        .join(', '),
    ),
  ].filter((f): f is MrkdwnElement => f !== undefined);
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.slice(0, 10) });
  blocks.push(...customValueBlocks(contact.customFields));
  if (contact.notes?.trim())
    blocks.push({ type: 'section', text: mrkdwn(`*Notes*\n${safeText(contact.notes, 700)}`) });
  const meta = [
    `Created ${slackDate(contact.createdAt)}`,
    `${safeText(options.vendorLabel, 40)} #${safeText(contact.id, 40)}`,
    options.sharedBy ? `shared by ${userMention(options.sharedBy)}` : undefined,
  ].filter(Boolean);
  blocks.push({ type: 'context', elements: [mrkdwn(meta.join(' · '))] });

  const open: Button | undefined = contact.url
    ? {
        type: 'button',
        action_id: ACTIONS.openInVendor,
        text: plain(`Open in ${options.vendorLabel}`),
        url: contact.url,
      }
    : undefined;
  const { connection } = options;
  const value = cardValue({ type: 'contact', id: contact.id, connection });
  const elements: Button[] = options.sharedBy
    ? []
    : [
        {
          type: 'button',
          action_id: ACTIONS.customerView,
          text: plain('View customer'),
          value: cardValue({ type: 'customer', id: contact.customerId, connection }),
        },
        { type: 'button', action_id: ACTIONS.contactEdit, text: plain('Edit'), value },
        askToDeleteButton(ACTIONS.contactDelete, value, 'contact', contact.fullName),
        { type: 'button', action_id: ACTIONS.share, text: plain('Share in channel'), value },
      ];
  if (open) elements.push(open);
  if (elements.length > 0) blocks.push({ type: 'actions', elements });
  return {
    response_type: options.sharedBy ? 'in_channel' : 'ephemeral',
    text: safeText(
      `${contact.fullName}${contact.customerName ? ` (${contact.customerName})` : ''}: contact card`,
      300,
    ),
    blocks,
  };
}

/** Several contacts match: list them with a View customer button each (carrying the connection they came from). */
export function contactList(
  query: string,
  contacts: readonly Contact[],
  total: number,
  connection: string,
): Message {
  const shown = contacts.slice(0, 10);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*${total} contacts match* “${safeText(query, 200)}”`) },
    ...shown.map(
      (c): KnownBlock => ({
        type: 'section',
        text: mrkdwn(`${contactLine(c)}${c.customerName ? `\n${safeText(c.customerName, 150)}` : ''}`),
        accessory: {
          type: 'button',
          action_id: ACTIONS.customerView,
          text: plain('View customer'),
          value: cardValue({ type: 'customer', id: c.customerId, connection }),
        },
      }),
    ),
  ];
  if (total > shown.length)
    blocks.push({ type: 'context', elements: [mrkdwn(`${total - shown.length} more: refine your search.`)] });
  return { response_type: 'ephemeral', text: safeText(`${total} contacts match "${query}"`, 300), blocks };
}
