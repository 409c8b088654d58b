// Onboarding views: the modal (company, primary contact, custom fields), possible duplicates, and the progress message.
import type { KnownBlock, ModalView } from '@slack/types';
import type { CreateChoice, Customer, CustomerField, CustomFieldDefinition } from '../src/domain/index.js';
import { ACTIONS, CALLBACKS } from './actions.js';
import { cardValue } from './card-value.js';
import { choiceInput, customFieldBlocks } from './custom-fields.js';
import { addressOf } from './customer-card.js';
import { customerInputs } from './customer-form.js';
import { emailInput, textInput } from './form.js';
import type { Message } from './message.js';
import { mrkdwn, plain, safeText, truncate } from './mrkdwn.js';

/** Company inputs carry this prefix, contact inputs `contact_` (custom fields and choices: custom-fields.ts). */
export const ONBOARDING_PREFIX = { company: 'company_', contact: 'contact_' } as const;
export const ONBOARDING_CONTACT = {
  firstName: 'contact_first_name',
  lastName: 'contact_last_name',
  email: 'contact_email',
  phone: 'contact_phone',
  title: 'contact_title',
} as const;

export interface OnboardingModalOptions {
  name?: string;
  supported: readonly CustomerField[] | undefined;
  contactEmailRequired: boolean;
  /** The vendor refuses a contact without a last name (Autotask). */
  contactLastNameRequired?: boolean;
  /** The optional contact fields the vendor stores (SuperOps: a phone only); absent: all. */
  contactFields?: readonly ('phone' | 'mobile' | 'title' | 'notes')[] | undefined;
  /** undefined while loading (the modal opens before the vendor is asked). */
  customFields: readonly CustomFieldDefinition[] | undefined;
  privateMetadata: string;
  /** Why custom fields could not be loaded. Already escaped. */
  customFieldsNote?: string;
  /** The vendor's required create choices (Autotask type and owner, SuperOps HQ site); undefined while loading. */
  choices?: readonly CreateChoice[] | undefined;
  /** Choices remembered from this workspace's last onboarding, by key. */
  remembered?: Record<string, string>;
  /** The Slack user's time zone, the default of a time zone choice. */
  userTz?: string | undefined;
  /** The vendor has residential customers. */
  personCustomers?: boolean;
}

export function onboardingModal(o: OnboardingModalOptions): ModalView {
  // A field the vendor does not store would be dropped without a word: it is not offered.
  const offers = (f: 'phone' | 'title') => !o.contactFields || o.contactFields.includes(f);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn('*Company*') },
    ...customerInputs(
      o.supported,
      { name: o.name ?? '' },
      { prefix: ONBOARDING_PREFIX.company, personCustomers: o.personCustomers ?? false },
    ),
    ...(o.choices ?? []).map((c) => choiceInput(c, { userTz: o.userTz, remembered: o.remembered?.[c.key] })),
    { type: 'divider' },
    { type: 'section', text: mrkdwn('*Primary contact* (optional)') },
    textInput(ONBOARDING_CONTACT.firstName, 'First name', { maxLength: 100 }),
    textInput(ONBOARDING_CONTACT.lastName, 'Last name', {
      maxLength: 100,
      ...(o.contactLastNameRequired ? { hint: 'Required when you add a contact.' } : {}),
    }),
    emailInput(
      ONBOARDING_CONTACT.email,
      'Email',
      o.contactEmailRequired ? { hint: 'Required when you add a contact.' } : {},
    ),
    ...(offers('phone') ? [textInput(ONBOARDING_CONTACT.phone, 'Phone', { maxLength: 40 })] : []),
    ...(offers('title')
      ? [textInput(ONBOARDING_CONTACT.title, 'Title', { maxLength: 100, placeholder: 'e.g. Office Manager' })]
      : []),
    { type: 'divider' },
    { type: 'section', text: mrkdwn('*Custom fields*') },
    // Leave room under Slack's 100-block cap for the fixed inputs above.
    ...customFieldBlocks(
      o.customFields,
      {},
      {
        ...(o.customFieldsNote ? { note: o.customFieldsNote } : {}),
        none: 'This account has no custom fields for customers.',
        max: 50,
      },
    ),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACKS.onboarding,
    title: plain('New customer', 24),
    submit: plain('Create', 24),
    close: plain('Cancel', 24),
    private_metadata: o.privateMetadata,
    blocks,
  };
}

/** Pushed over the form when the customer may already exist: nothing is created until "Create anyway". */
export function duplicatesView(
  name: string,
  duplicates: readonly { customer: Customer; reason: string }[],
  privateMetadata: string,
  /** The fingerprint of the connection the duplicates were read from, carried by "Open existing". */
  connection: string,
  /** The check could not finish in time: say so rather than pretend there are no duplicates. */
  unchecked = false,
): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(
        unchecked
          ? `I could not check whether *${safeText(name, 150)}* already exists: the customer list is still loading. Nothing has been created yet; go *Back* and submit again in a moment, or create it anyway.`
          : `*${safeText(name, 150)}* may already exist. Nothing has been created yet.`,
      ),
    },
  ];
  for (const d of duplicates.slice(0, 10)) {
    const where = addressOf(d.customer);
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*${safeText(d.customer.name, 150)}*: ${safeText(d.reason, 200)}${where ? `\n${safeText(where, 200)}` : ''}`,
      ),
      accessory: {
        type: 'button',
        action_id: ACTIONS.onboardingOpenExisting,
        text: plain('Open existing'),
        value: cardValue({ type: 'customer', id: d.customer.id, connection }),
      },
    });
  }
  blocks.push({
    type: 'context',
    elements: [mrkdwn('*Create anyway* makes a new customer; *Back* returns to the form.')],
  });
  return {
    type: 'modal',
    callback_id: CALLBACKS.onboardingDuplicates,
    title: plain('Possible duplicate', 24),
    submit: plain('Create anyway', 24),
    close: plain('Back', 24),
    private_metadata: privateMetadata,
    blocks,
  };
}

export interface ProgressStep {
  step: string;
  label: string;
  status: 'todo' | 'done' | 'failed';
  reason?: string | undefined;
}

const ICON = { todo: ':white_square:', done: ':white_check_mark:', failed: ':x:' } as const;

/** One message, updated as steps finish; after a failure it offers Retry for the steps that remain. */
export function onboardingProgress(
  name: string,
  steps: readonly ProgressStep[],
  o: { key: string; running: boolean; customerUrl?: string | null | undefined; vendorLabel: string },
): Message {
  const lines = steps
    .slice(0, 40)
    .map(
      (s) => `${ICON[s.status]} ${safeText(s.label, 150)}${s.reason ? `: ${safeText(s.reason, 300)}` : ''}`,
    );
  const failed = steps.filter((s) => s.status === 'failed').length;
  const headline = o.running
    ? `:hourglass_flowing_sand: Onboarding *${safeText(name, 150)}*…`
    : failed > 0
      ? `:warning: Onboarding *${safeText(name, 150)}* is incomplete: ${failed} step${failed === 1 ? '' : 's'} failed.`
      : `:white_check_mark: Onboarded *${safeText(name, 150)}*.`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(headline) },
    { type: 'section', text: mrkdwn(truncate(lines.join('\n'), 2900)) },
  ];
  const elements = [];
  if (!o.running && failed > 0) {
    elements.push({
      type: 'button' as const,
      action_id: ACTIONS.onboardingRetry,
      text: plain('Retry remaining steps'),
      value: o.key,
      style: 'primary' as const,
    });
  }
  if (o.customerUrl)
    elements.push({
      type: 'button' as const,
      action_id: ACTIONS.openInVendor,
      text: plain(`Open in ${o.vendorLabel}`),
      url: o.customerUrl,
    });
  if (elements.length > 0) blocks.push({ type: 'actions', elements });
  const done = steps.filter((s) => s.status === 'done').length;
  return {
    response_type: 'ephemeral',
    text: safeText(
      `Onboarding ${name}: ${done} of ${steps.length} steps done${failed ? `, ${failed} failed` : ''}.`,
      300,
    ),
    blocks,
  };
}
