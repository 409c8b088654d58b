// The customer card: one customer, its custom fields and contacts, with the actions a technician needs.
import type { ActionsBlock, Button, KnownBlock, MrkdwnElement } from '@slack/types';
import type { Contact, Customer } from '../src/domain/index.js';
import { ACTIONS } from './actions.js';
import { cardValue } from './card-value.js';
import { contactLine } from './contact-line.js';
import { customValueBlocks } from './custom-fields.js';
import { askToDeleteButton, type Removal } from './delete-confirmation.js';
import type { Message } from './message.js';
import { mrkdwn, plain, safeText, slackDate, userMention } from './mrkdwn.js';

export interface CardOptions {
  /** Vendor label for "Open in Atera". */
  vendorLabel: string;
  /** The fingerprint of the connection the customer was read from: every button carries it with the id. */
  connection: string;
  /** A public copy: no edit buttons, and who shared it. */
  sharedBy?: string;
  /** How many contacts to list before "and N more". */
  maxContacts?: number;
  /** A line above the card ("Created by the onboarding"). */
  note?: string;
  /** What Delete does at this vendor (Autotask deactivates): the button says so. */
  removal?: Removal;
  /** The vendor key may delete (Syncro's /me): without it there is no Delete button, and the card says why. */
  keyMayDelete?: boolean;
  /** A line under the card on where it came from (a snapshot, the vendor's own search). Not yet escaped. */
  footnote?: string;
}

const NOTES_MAX = 700;

function field(label: string, value: string | null | undefined): MrkdwnElement | undefined {
  if (!value?.trim()) return undefined;
  return mrkdwn(`*${label}*\n${safeText(value, 1900)}`);
}

export function addressOf(
  c: Pick<Customer, 'address' | 'address2' | 'city' | 'state' | 'zip' | 'country'>,
): string {
  const cityLine = [c.city, [c.state, c.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [c.address, c.address2, cityLine, c.country].filter((p) => p?.trim()).join(', ');
}

export function customerCard(
  customer: Customer,
  contacts: readonly Contact[] | undefined,
  options: CardOptions,
): Message {
  const blocks: KnownBlock[] = [];
  if (options.note) blocks.push({ type: 'context', elements: [mrkdwn(options.note)] });
  blocks.push({ type: 'header', text: plain(customer.name, 150) });
  if (!customer.active)
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `:no_entry_sign: Inactive in ${safeText(options.vendorLabel, 40)} (deactivated or in the trash).`,
        ),
      ],
    });

  const fields = [
    customer.kind === 'person' ? mrkdwn('*Type*\nA person (residential)') : undefined,
    field(customer.domains.length > 1 ? 'Domains' : 'Domain', customer.domains.join(', ')),
    field('Phone', customer.phone),
    field('Email', customer.email),
    field('Address', addressOf(customer)),
    field('Website', customer.links.join(', ')),
    field('Business number', customer.businessNumber),
    field('Mobile', customer.mobile),
    field('Fax', customer.fax),
    field('Referred by', customer.referredBy),
  ].filter((f): f is MrkdwnElement => f !== undefined);
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.slice(0, 10) });

  blocks.push(...customValueBlocks(customer.customFields));

  if (customer.notes?.trim()) {
    blocks.push({ type: 'section', text: mrkdwn(`*Notes*\n${safeText(customer.notes.trim(), NOTES_MAX)}`) });
  }

  if (contacts !== undefined) blocks.push(contactsSection(contacts, options.maxContacts ?? 8));

  const meta = [
    `Created ${slackDate(customer.createdAt)}`,
    customer.modifiedAt ? `modified ${slackDate(customer.modifiedAt)}` : undefined,
    `${safeText(options.vendorLabel, 40)} #${safeText(customer.id, 40)}`,
    options.sharedBy ? `shared by ${userMention(options.sharedBy)}` : undefined,
    !options.sharedBy && options.keyMayDelete === false
      ? `the ${safeText(options.vendorLabel, 40)} API key may not delete customers`
      : undefined,
  ].filter(Boolean);
  blocks.push({ type: 'context', elements: [mrkdwn(meta.join(' · '))] });
  if (options.footnote)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`:information_source: ${safeText(options.footnote, 500)}`)],
    });

  const actions = cardActions(customer, options);
  if (actions) blocks.push(actions);

  return {
    response_type: options.sharedBy ? 'in_channel' : 'ephemeral',
    text: safeText(`${customer.name}: customer card${contacts ? `, ${contacts.length} contacts` : ''}`, 300),
    blocks,
  };
}

function contactsSection(contacts: readonly Contact[], max: number): KnownBlock {
  if (contacts.length === 0) return { type: 'section', text: mrkdwn('*Contacts*\nNone yet.') };
  const sorted = [...contacts].sort(
    (a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.fullName.localeCompare(b.fullName),
  );
  const shown = sorted.slice(0, max);
  let text = `*Contacts (${contacts.length})*`;
  for (const contact of shown) {
    const line = `\n${contactLine(contact)}`;
    if (text.length + line.length > 2800) break;
    text += line;
  }
  const listed = text.split('\n').length - 1;
  const more = contacts.length - listed;
  if (more > 0) text += `\n_and ${more} more_`;
  return { type: 'section', text: mrkdwn(text) };
}

function cardActions(customer: Customer, options: CardOptions): ActionsBlock | undefined {
  const open: Button | undefined = customer.url
    ? {
        type: 'button',
        action_id: ACTIONS.openInVendor,
        text: plain(`Open in ${options.vendorLabel}`, 75),
        url: customer.url,
      }
    : undefined;
  if (options.sharedBy) return open ? { type: 'actions', elements: [open] } : undefined;
  // One value for every button: the customer, and the connection its id belongs to.
  const value = cardValue({ type: 'customer', id: customer.id, connection: options.connection });
  const elements: Button[] = [
    { type: 'button', action_id: ACTIONS.customerAddContact, text: plain('Add contact'), value },
    { type: 'button', action_id: ACTIONS.customerEdit, text: plain('Edit'), value },
    ...(options.keyMayDelete === false || !customer.active
      ? []
      : [askToDeleteButton(ACTIONS.customerDelete, value, 'customer', customer.name, options.removal)]),
    { type: 'button', action_id: ACTIONS.share, text: plain('Share in channel'), value },
    { type: 'button', action_id: ACTIONS.customerExport, text: plain('Export'), value },
  ];
  if (open) elements.push(open);
  return { type: 'actions', elements };
}
