// Reads the onboarding modal into an onboarding input, or field errors keyed by block id.
import { fieldBlockId, ONBOARDING_CONTACT, ONBOARDING_PREFIX } from '../../blocks/onboarding.js';
import {
  type CustomFieldType,
  CustomFieldTypeSchema,
  type CustomFieldValue,
} from '../../src/domain/index.js';
import type { OnboardingInput } from '../../src/operations/onboarding.js';
import { parseCustomerForm } from './customer-form.js';
import { type FormResult, isEmail, readState, type StateValues, str } from './state.js';

function customFieldValue(type: CustomFieldType, raw: string): CustomFieldValue | { error: string } {
  switch (type) {
    case 'number': {
      const n = Number(raw.replace(/,/g, ''));
      return Number.isFinite(n) ? n : { error: 'Enter a number, like 1200 or 12.5.' };
    }
    case 'boolean':
      return raw === 'Yes';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : { error: 'Pick a date.' };
    default:
      return raw;
  }
}

export function parseOnboardingForm(
  values: StateValues | undefined,
  rules: { contactEmailRequired: boolean; vendorLabel: string },
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
    if (!email && rules.contactEmailRequired)
      errors[ONBOARDING_CONTACT.email] = `${rules.vendorLabel} needs an email for every contact.`;
  }
  if (email && !isEmail(email))
    errors[ONBOARDING_CONTACT.email] = 'That does not look like an email address.';

  const customFields: Record<string, CustomFieldValue> = {};
  for (const [blockId, value] of Object.entries(s)) {
    if (!blockId.startsWith(ONBOARDING_PREFIX.field) || typeof value !== 'string') continue;
    const rest = blockId.slice(ONBOARDING_PREFIX.field.length);
    const colon = rest.indexOf(':');
    const type = CustomFieldTypeSchema.safeParse(rest.slice(0, colon));
    if (colon < 0 || !type.success) continue;
    const name = rest.slice(colon + 1);
    const parsed = customFieldValue(type.data, value);
    if (typeof parsed === 'object' && parsed !== null)
      errors[fieldBlockId({ name, type: type.data })] = parsed.error;
    else customFields[name] = parsed;
  }

  if (!company.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      customer: company.value,
      ...(wantsContact
        ? { contact: { firstName: first, lastName: last, email: email?.toLowerCase() ?? null, phone, title } }
        : {}),
      customFields,
    },
  };
}
