// Turns the contact modal's state into a domain create/patch, or into field errors keyed by block id.
import { CONTACT_BLOCKS, type ContactFormFields } from '../../blocks/contact-modal.js';
import type { Contact, ContactPatch } from '../../src/domain/index.js';
import { type FormResult, isEmail, readState, type StateValues, str } from './state.js';

export interface ContactFormRules {
  emailRequired: boolean;
  /** False when editing on a vendor that cannot change a contact's email: the form has no email input. */
  emailEditable: boolean;
  vendorLabel: string;
}

export interface ContactFormValue {
  customerId: string | null;
  fields: ContactFormFields;
}

export function parseContactForm(
  values: StateValues | undefined,
  rules: ContactFormRules,
): FormResult<ContactFormValue> {
  const s = readState(values);
  const errors: Record<string, string> = {};
  const firstName = str(s, CONTACT_BLOCKS.firstName);
  const email = str(s, CONTACT_BLOCKS.email);
  if (!firstName) errors[CONTACT_BLOCKS.firstName] = 'Enter a first name.';
  if (rules.emailEditable) {
    if (!email && rules.emailRequired)
      errors[CONTACT_BLOCKS.email] = `${rules.vendorLabel} needs an email for every contact.`;
    if (email && !isEmail(email)) errors[CONTACT_BLOCKS.email] = 'That does not look like an email address.';
  }
  const customerId = CONTACT_BLOCKS.customer in s ? str(s, CONTACT_BLOCKS.customer) : null;
  if (CONTACT_BLOCKS.customer in s && !customerId) errors[CONTACT_BLOCKS.customer] = 'Choose a customer.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const primary = s[CONTACT_BLOCKS.primary];
  return {
    ok: true,
    value: {
      customerId,
      fields: {
        firstName,
        lastName: str(s, CONTACT_BLOCKS.lastName),
        email: rules.emailEditable ? (email?.toLowerCase() ?? null) : null,
        phone: str(s, CONTACT_BLOCKS.phone),
        mobile: str(s, CONTACT_BLOCKS.mobile),
        title: str(s, CONTACT_BLOCKS.title),
        isPrimary: Array.isArray(primary) && primary.length > 0,
      },
    },
  };
}

/** Only what changed, so an edit never overwrites a field someone else changed meanwhile. */
export function contactChanges(
  before: Contact,
  fields: ContactFormValue['fields'],
  emailEditable: boolean,
): ContactPatch {
  const patch: ContactPatch = {};
  const keys = [
    'firstName',
    'lastName',
    'phone',
    'mobile',
    'title',
    ...(emailEditable ? (['email'] as const) : []),
  ] as const;
  for (const key of keys) {
    if ((before[key] ?? null) !== (fields[key] ?? null)) patch[key] = fields[key];
  }
  if (before.isPrimary !== fields.isPrimary) patch.isPrimary = fields.isPrimary;
  return patch;
}
