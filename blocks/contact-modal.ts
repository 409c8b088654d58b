// The Add contact and Edit contact modals.
import type { KnownBlock, ModalView } from '@slack/types';
import type { Contact, CreateChoice, CustomFieldDefinition, CustomFieldValue } from '../src/domain/index.js';
import { ACTIONS, CALLBACKS } from './actions.js';
import { choiceBlockId, choiceInput, customFieldBlocks, fieldBlockId } from './custom-fields.js';
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
  choices?: readonly CreateChoice[];
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
  /**
   * The vendor's reasons by field (a contact field such as `email`, a choice key, a custom field's name), each
   * shown under its input where the user is looking. Not yet escaped.
   */
  fieldErrors?: Record<string, string>;
  /** The choices as picked, when the form comes back (else each choice's default). */
  choiceValues?: Record<string, string>;
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
  if (!c)
    for (const choice of o.choices ?? [])
      blocks.push(choiceInput(choice, { remembered: o.choiceValues?.[choice.key] }));
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
    blocks: withFieldErrors(blocks, o),
  };
}

/** Where each contact field's input is, for the vendor's reasons (keyed by domain field name). */
const FIELD_BLOCKS: Record<string, string> = {
  customerId: CONTACT_BLOCKS.customer,
  firstName: CONTACT_BLOCKS.firstName,
  lastName: CONTACT_BLOCKS.lastName,
  email: CONTACT_BLOCKS.email,
  phone: CONTACT_BLOCKS.phone,
  mobile: CONTACT_BLOCKS.mobile,
  title: CONTACT_BLOCKS.title,
  isPrimary: CONTACT_BLOCKS.primary,
  address: CONTACT_BLOCKS.address,
  city: CONTACT_BLOCKS.city,
  state: CONTACT_BLOCKS.state,
  zip: CONTACT_BLOCKS.zip,
  ignored: CONTACT_BLOCKS.ignored,
};

/** Each reason right under its input; one whose input the form lacks is said above the form instead. */
function withFieldErrors(blocks: KnownBlock[], o: ContactModalOptions): KnownBlock[] {
  const reasons = Object.entries(o.fieldErrors ?? {}).slice(0, 20);
  if (reasons.length === 0) return blocks;
  const idsOf = (field: string) => [
    FIELD_BLOCKS[field],
    choiceBlockId(field),
    ...(o.customFields ?? []).filter((d) => d.name === field).map((d) => fieldBlockId(d)),
  ];
  const under = new Map<string, string[]>();
  const elsewhere: string[] = [];
  for (const [field, reason] of reasons) {
    const id = idsOf(field).find((b) => b && blocks.some((x) => 'block_id' in x && x.block_id === b));
    if (id) under.set(id, [...(under.get(id) ?? []), reason]);
    else elsewhere.push(reason);
  }
  const out: KnownBlock[] = [];
  if (elsewhere.length > 0)
    out.push({ type: 'context', elements: [mrkdwn(`:warning: ${safeText(elsewhere.join(' '), 1500)}`)] });
  for (const block of blocks) {
    out.push(block);
    const said = 'block_id' in block && block.block_id ? under.get(block.block_id) : undefined;
    if (said)
      out.push({ type: 'context', elements: [mrkdwn(`:warning: ${safeText(said.join(' '), 1500)}`)] });
  }
  return out;
}
