// Turns the company fields of a customer form into domain changes, or field errors keyed by block id.
import { CUSTOMER_BLOCKS, CUSTOMER_FIELDS } from '../../blocks/customer-form.js';
import type { Customer, CustomerCreate, CustomerField, CustomerPatch } from '../../src/domain/index.js';
import { type FormResult, isEmail, list, readState, type StateValues, str } from './state.js';

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Fields read as typed: lists and the email get their own parsing. */
const isPlainText = (f: CustomerField): f is Exclude<CustomerField, 'domains' | 'links' | 'email'> =>
  f !== 'domains' && f !== 'links' && f !== 'email';

/** Reads the company fields (block ids optionally prefixed, as in the onboarding modal). */
export function parseCustomerForm(values: StateValues | undefined, prefix = ''): FormResult<CustomerCreate> {
  const s = readState(values);
  const has = (f: string) => `${prefix}${f}` in s;
  const get = (f: string) => str(s, `${prefix}${f}`);
  const errors: Record<string, string> = {};
  const name = get(CUSTOMER_BLOCKS.name);
  if (!name) errors[`${prefix}${CUSTOMER_BLOCKS.name}`] = 'Enter the company name.';
  const domains = list(get(CUSTOMER_BLOCKS.domains)).map((d) =>
    d
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/.*$/, ''),
  );
  const badDomain = domains.find((d) => !DOMAIN.test(d));
  if (badDomain)
    errors[`${prefix}${CUSTOMER_BLOCKS.domains}`] = `“${badDomain}” is not a domain like acme.com.`;
  const email = get(CUSTOMER_BLOCKS.email);
  if (email && !isEmail(email))
    errors[`${prefix}${CUSTOMER_BLOCKS.email}`] = 'That does not look like an email address.';
  if (!name || Object.keys(errors).length > 0) return { ok: false, errors };

  const value: CustomerCreate = { name };
  for (const f of CUSTOMER_FIELDS.filter(isPlainText)) if (has(f)) value[f] = get(f);
  if (has('email')) value.email = email?.toLowerCase() ?? null;
  if (has('domains')) value.domains = domains;
  if (has('links')) value.links = list(get(CUSTOMER_BLOCKS.links));
  return { ok: true, value };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Only the fields the form changed. */
export function customerChanges(before: Customer, after: CustomerCreate): CustomerPatch {
  const patch: CustomerPatch = {};
  for (const [key, value] of Object.entries(after) as [keyof CustomerCreate, unknown][]) {
    if (!same(before[key], value)) Object.assign(patch, { [key]: value });
  }
  return patch;
}
