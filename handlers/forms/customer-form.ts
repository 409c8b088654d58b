// Turns the company (or person) fields of a customer form into a domain create/patch, or field errors by block id.
import { CUSTOMER_BLOCKS, CUSTOMER_FIELDS, PERSON_BLOCKS } from '../../blocks/customer-form.js';
import type { CustomerCreate, CustomerField } from '../../src/domain/index.js';
import { type FormResult, isEmail, list, readState, type StateValues, str } from './state.js';

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Fields read as typed: lists, the email and the person's name parts get their own parsing. */
const isPlainText = (
  f: CustomerField,
): f is Exclude<CustomerField, 'domains' | 'links' | 'email' | 'kind' | 'firstName' | 'lastName'> =>
  !['domains', 'links', 'email', 'kind', 'firstName', 'lastName'].includes(f);

/**
 * Reads the customer fields (block ids optionally prefixed, as in the onboarding modal). A form for a person
 * (a residential customer) carries first and last name instead of a company name, and the name is made of them.
 */
export function parseCustomerForm(values: StateValues | undefined, prefix = ''): FormResult<CustomerCreate> {
  const s = readState(values);
  const has = (f: string) => `${prefix}${f}` in s;
  const get = (f: string) => str(s, `${prefix}${f}`);
  const errors: Record<string, string> = {};
  const kindChoice = get(PERSON_BLOCKS.kind);
  const person = kindChoice === 'person' || (!has(CUSTOMER_BLOCKS.name) && has(PERSON_BLOCKS.firstName));
  const firstName = get(PERSON_BLOCKS.firstName);
  const lastName = get(PERSON_BLOCKS.lastName);
  const company = get(CUSTOMER_BLOCKS.name);
  const name = person ? [firstName, lastName].filter(Boolean).join(' ') || null : company;
  if (!name) {
    if (person) errors[`${prefix}${PERSON_BLOCKS.firstName}`] = 'Enter the person’s name.';
    else errors[`${prefix}${CUSTOMER_BLOCKS.name}`] = 'Enter the company name.';
  }
  const typed = list(get(CUSTOMER_BLOCKS.domains)).map((d) =>
    d
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/.*$/, ''),
  );
  const domains = [...new Set(typed)];
  const badDomain = domains.find((d) => !DOMAIN.test(d));
  if (badDomain)
    errors[`${prefix}${CUSTOMER_BLOCKS.domains}`] =
      `“${badDomain.slice(0, 100)}” is not a domain like acme.com.`;
  const email = get(CUSTOMER_BLOCKS.email);
  if (email && !isEmail(email))
    errors[`${prefix}${CUSTOMER_BLOCKS.email}`] = 'That does not look like an email address.';
  if (!name || Object.keys(errors).length > 0) return { ok: false, errors };

  const value: CustomerCreate = { name };
  if (has(PERSON_BLOCKS.kind) || person) {
    value.kind = person ? 'person' : 'business';
    if (person) {
      value.firstName = firstName;
      value.lastName = lastName;
    }
  }
  for (const f of CUSTOMER_FIELDS.filter(isPlainText)) if (has(f)) value[f] = get(f);
  if (has('email')) value.email = email?.toLowerCase() ?? null;
  if (has('domains')) value.domains = domains;
  if (has('links')) value.links = list(get(CUSTOMER_BLOCKS.links));
  return { ok: true, value };
}
