// The Add contact and Edit contact modals.
import type { KnownBlock, ModalView } from '@slack/types';
import type { Contact, CustomFieldDefinition, CustomFieldValue } from '../src/domain/index.js';
import { ACTIONS, CALLBACKS } from './actions.js';
import { type ChoiceInput, choiceInput, customFieldBlocks } from './custom-fields.js';
import { checkboxInput, emailInput, externalSelectInput, textInput } from './form.js';
import { mrkdwn, plain, safeText } from './mrkdwn.js';

/** Block ids of the contact form; view_submission errors are keyed by these. */
export const CONTACT_BLOCKS = {
  customer: 'customer',
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  mobile: 'mobile',
  title: 'title',
  primary: 'primary',
  address: 'address',
  city: 'city',
  state: 'state',
  zip: 'zip',
  ignored: 'ignored',
} as const;

export interface ContactModalOptions {
  vendorLabel: string;
  emailRequired: boolean;
  /** The vendor refuses a contact without a last name (Autotask). */
  lastNameRequired?: boolean;
  emailEditable: boolean;
  /** The vendor keeps a postal address per contact. */
  address?: boolean;
  /** The optional fields the vendor stores (absent: all). */
  fields?: readonly ('phone' | 'mobile' | 'title' | 'notes')[] | undefined;
  /** The vendor has an ignore mode for contacts (Atera). */
  ignoreMode?: boolean;
  /** The vendor's contact custom fields; undefined while loading, [] for none. */
  customFields?: readonly CustomFieldDefinition[] | undefined;
  customFieldsNote?: string;
  /** Vendor-specific choices for a new contact (SuperOps' requester role). */
  choices?: readonly ChoiceInput[];
  /** Add: pre-selected customer, when the command named one clear match. Edit: the contact's customer. */
  customer?: { id: string; name: string };
  /** Present when editing. */
  contact?: Contact;
  /** What the form shows, when it comes back after the vendor refused a submission (or a shortcut pre-filled it). */
  values?: Partial<ContactFormFields>;
  /** Custom values the form shows (an edit, or a returned form). */
  customValues?: Record<string, CustomFieldValue>;
  /** A line above the form (where a shortcut's pre-fill came from). Already escaped. */
  note?: string;
  /** Why the last submission failed, shown above the form. Already escaped. */
  error?: string;
  /** Opaque state for the submission (channel, response_url, ids). */
  privateMetadata: string;
}

export interface ContactFormFields {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  title: string | null;
  isPrimary: boolean;
  address?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  ignored?: boolean;
}

export function contactModal(o: ContactModalOptions): ModalView {
  const c = o.contact;
  const v: Partial<ContactFormFields> = o.values ?? c ?? {};
  const blocks: KnownBlock[] = [];
  if (o.error) blocks.push({ type: 'section', text: mrkdwn(`:warning: ${o.error}`) });
  if (o.note) blocks.push({ type: 'context', elements: [mrkdwn(o.note)] });
  if (c) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`Contact at *${safeText(c.customerName ?? o.customer?.name ?? 'their customer', 200)}*`),
    });
  } else {
    blocks.push(
      externalSelectInput(CONTACT_BLOCKS.customer, 'Customer', ACTIONS.customerPicker, {
        ...(o.customer ? { initial: o.customer } : {}),
        placeholder: 'Type a customer name',
      }),
    );
  }
  blocks.push(
    textInput(CONTACT_BLOCKS.firstName, 'First name', {
      optional: false,
      initial: v.firstName,
      maxLength: 100,
    }),
    textInput(CONTACT_BLOCKS.lastName, 'Last name', {
      optional: !o.lastNameRequired,
      initial: v.lastName,
      maxLength: 100,
      ...(o.lastNameRequired ? { hint: `${o.vendorLabel} needs a last name for every contact.` } : {}),
    }),
  );
  if (!c || o.emailEditable) {
    blocks.push(
      emailInput(CONTACT_BLOCKS.email, 'Email', {
        optional: !o.emailRequired,
        initial: v.email,
        ...(o.emailRequired ? { hint: `${o.vendorLabel} needs an email for every contact.` } : {}),
      }),
    );
  } else {
    // Shown as context, not as an input that would silently do nothing.
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `*Email* ${safeText(c.email ?? 'none', 200)}  (${o.vendorLabel} does not allow changing a contact's email)`,
        ),
      ],
    });
  }
  const offers = (f: 'phone' | 'mobile' | 'title') => !o.fields || o.fields.includes(f);
  if (offers('phone'))
    blocks.push(textInput(CONTACT_BLOCKS.phone, 'Phone', { initial: v.phone, maxLength: 40 }));
  if (offers('mobile'))
    blocks.push(textInput(CONTACT_BLOCKS.mobile, 'Mobile', { initial: v.mobile, maxLength: 40 }));
  if (offers('title'))
    blocks.push(
      textInput(CONTACT_BLOCKS.title, 'Title', {
        initial: v.title,
        maxLength: 100,
        placeholder: 'e.g. IT Manager',
      }),
    );
  blocks.push(
    checkboxInput(
      CONTACT_BLOCKS.primary,
      'Primary contact',
      'This is the customer’s primary contact',
      v.isPrimary ?? false,
    ),
  );
  if (o.address) {
    blocks.push(
      textInput(CONTACT_BLOCKS.address, 'Address', { initial: v.address, maxLength: 200 }),
      textInput(CONTACT_BLOCKS.city, 'City', { initial: v.city, maxLength: 100 }),
      textInput(CONTACT_BLOCKS.state, 'State / region', { initial: v.state, maxLength: 100 }),
      textInput(CONTACT_BLOCKS.zip, 'ZIP / postal code', { initial: v.zip, maxLength: 20 }),
    );
  }
  if (o.ignoreMode) {
    blocks.push(
      checkboxInput(
        CONTACT_BLOCKS.ignored,
        'Ignore mode',
        `${o.vendorLabel} ignores this contact’s emails (no tickets from them)`,
        v.ignored ?? false,
      ),
    );
  }
  if (!c) for (const choice of o.choices ?? []) blocks.push(choiceInput(choice));
  if (o.customFields === undefined || o.customFields.length > 0 || o.customFieldsNote) {
    blocks.push(
      { type: 'divider' },
      ...customFieldBlocks(o.customFields, o.customValues ?? c?.customFields, {
        ...(o.customFieldsNote ? { note: o.customFieldsNote } : {}),
        none: 'This account has no custom fields for contacts.',
        max: 30,
      }),
    );
  }
  return {
    type: 'modal',
    callback_id: c ? CALLBACKS.contactEdit : CALLBACKS.contactAdd,
    title: plain(c ? 'Edit contact' : 'Add contact', 24),
    submit: plain(c ? 'Save' : 'Add contact', 24),
    close: plain('Cancel', 24),
    private_metadata: o.privateMetadata,
    blocks,
  };
}
