// Turns the contact modal's state into the fields of a contact create or edit, or field errors by block id.
import { CONTACT_BLOCKS } from '../../blocks/contact-modal.js';
import type { CustomFieldValue } from '../../src/domain/index.js';
import type { ContactFields } from '../../src/operations/edits.js';
import { readChoices, readCustomFields } from './custom-fields.js';
import { type FormResult, isEmail, readState, type StateValues, str } from './state.js';

export interface ContactFormRules {
  emailRequired: boolean;
  /** The vendor refuses a contact without a last name (Autotask). */
  lastNameRequired?: boolean;
  /** False when editing on a vendor that cannot change a contact's email: the form has no email input. */
  emailEditable: boolean;
  vendorLabel: string;
  /** The form is an edit: an emptied custom field clears the value. */
  editing?: boolean;
}

export interface ContactFormValue {
  customerId: string | null;
  fields: ContactFields;
  customFields: Record<string, CustomFieldValue>;
  choices: Record<string, string>;
}

const checked = (v: unknown) => Array.isArray(v) && v.length > 0;

export function parseContactForm(
  values: StateValues | undefined,
  rules: ContactFormRules,
): FormResult<ContactFormValue> {
  const s = readState(values);
  const errors: Record<string, string> = {};
  const firstName = str(s, CONTACT_BLOCKS.firstName);
  const lastName = str(s, CONTACT_BLOCKS.lastName);
  const email = str(s, CONTACT_BLOCKS.email);
  if (!firstName) errors[CONTACT_BLOCKS.firstName] = 'Enter a first name.';
  if (!lastName && rules.lastNameRequired)
    errors[CONTACT_BLOCKS.lastName] = `${rules.vendorLabel} needs a last name for every contact.`;
  if (rules.emailEditable) {
    if (!email && rules.emailRequired)
      errors[CONTACT_BLOCKS.email] = `${rules.vendorLabel} needs an email for every contact.`;
    if (email && !isEmail(email)) errors[CONTACT_BLOCKS.email] = 'That does not look like an email address.';
  }
  const customerId = CONTACT_BLOCKS.customer in s ? str(s, CONTACT_BLOCKS.customer) : null;
  if (CONTACT_BLOCKS.customer in s && !customerId) errors[CONTACT_BLOCKS.customer] = 'Choose a customer.';
  const custom = readCustomFields(s, { clearEmpty: rules.editing ?? false });
  Object.assign(errors, custom.errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const fields: ContactFields = {
    firstName,
    lastName,
    ...(rules.emailEditable ? { email: email?.toLowerCase() ?? null } : {}),
    isPrimary: checked(s[CONTACT_BLOCKS.primary]),
  };
  // Inputs the vendor's form offers only where it stores them (phones and titles, addresses, Atera's ignore mode).
  for (const key of ['phone', 'mobile', 'title', 'address', 'city', 'state', 'zip'] as const)
    if (CONTACT_BLOCKS[key] in s) fields[key] = str(s, CONTACT_BLOCKS[key]);
  if (CONTACT_BLOCKS.ignored in s) fields.ignored = checked(s[CONTACT_BLOCKS.ignored]);
  return { ok: true, value: { customerId, fields, customFields: custom.values, choices: readChoices(s) } };
}
