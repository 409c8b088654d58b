// Reads the onboarding modal into an onboarding input (company, primary contact, custom fields, the vendor's
// create choices), or field errors keyed by block id.
import { ONBOARDING_CONTACT, ONBOARDING_PREFIX } from '../../blocks/onboarding.js';
import type { OnboardingInput } from '../../src/operations/onboarding.js';
import { readChoices, readCustomFields } from './custom-fields.js';
import { parseCustomerForm } from './customer-form.js';
import { type FormResult, isEmail, readState, type StateValues, str } from './state.js';

export function parseOnboardingForm(
  values: StateValues | undefined,
  rules: { contactEmailRequired: boolean; contactLastNameRequired?: boolean; vendorLabel: string },
): FormResult<OnboardingInput> {
  const company = parseCustomerForm(values, ONBOARDING_PREFIX.company);
  const errors: Record<string, string> = company.ok ? {} : { ...company.errors };
  const s = readState(values);

  const first = str(s, ONBOARDING_CONTACT.firstName);
  const last = str(s, ONBOARDING_CONTACT.lastName);
  const email = str(s, ONBOARDING_CONTACT.email);
  const phone = str(s, ONBOARDING_CONTACT.phone);
  const title = str(s, ONBOARDING_CONTACT.title);
  const wantsContact = [first, last, email, phone, title].some(Boolean);
  if (wantsContact) {
    if (!first && !last)
      errors[ONBOARDING_CONTACT.firstName] = 'Enter the contact’s name, or leave the contact empty.';
    else if (!first && rules.contactLastNameRequired)
      // A vendor that wants both names (Autotask) wants the first one too.
      errors[ONBOARDING_CONTACT.firstName] = `${rules.vendorLabel} needs a first name for every contact.`;
    if (!last && rules.contactLastNameRequired)
      errors[ONBOARDING_CONTACT.lastName] = `${rules.vendorLabel} needs a last name for every contact.`;
    if (!email && rules.contactEmailRequired)
      errors[ONBOARDING_CONTACT.email] = `${rules.vendorLabel} needs an email for every contact.`;
  }
  if (email && !isEmail(email))
    errors[ONBOARDING_CONTACT.email] = 'That does not look like an email address.';

  const custom = readCustomFields(s);
  Object.assign(errors, custom.errors);
  const choices = readChoices(s);

  if (!company.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      customer: { ...company.value, ...(Object.keys(choices).length > 0 ? { choices } : {}) },
      ...(wantsContact
        ? { contact: { firstName: first, lastName: last, email: email?.toLowerCase() ?? null, phone, title } }
        : {}),
      customFields: custom.values,
    },
  };
}
