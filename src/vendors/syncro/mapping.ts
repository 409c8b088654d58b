// Syncro wire <-> domain: the only file that knows both `business_name` and `name`.
import type {
  Contact,
  ContactPatch,
  Customer,
  CustomerCreate,
  CustomerPatch,
  CustomFieldValue,
} from '../../domain/index.js';
import { displayName, splitName } from '../../domain/index.js';
import type { SyncroContact, SyncroContactInput, SyncroCustomer, SyncroCustomerInput } from './schemas.js';

// Best guesses at Syncro's web-app routes (the API returns no links); used for "Open in Syncro".
export function customerUrl(webBase: string, id: string): string {
  return `${webBase}/customers/${id}`;
}
export function contactUrl(webBase: string, id: string): string {
  return `${webBase}/contacts/${id}`;
}

const nonEmpty = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value;

// Syncro has no domain field. We read the customer email's domain as its domain (so "acme.com" finds
// Acme), except for mailbox providers, which say nothing about the company. Domains are never written.
const MAILBOX_PROVIDERS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
]);
function domainsFromEmail(email: string | null): string[] {
  const domain = email?.split('@')[1]?.trim().toLowerCase();
  return domain && !MAILBOX_PROVIDERS.has(domain) ? [domain] : [];
}

/** Property values as the bot sees them; an empty string is a cleared field. */
export function propertyValue(value: unknown): CustomFieldValue {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === null || value === undefined) return null;
  return JSON.stringify(value);
}

export function customFieldsFromProperties(
  properties: Record<string, unknown> | null | undefined,
): Record<string, CustomFieldValue> {
  const out: Record<string, CustomFieldValue> = {};
  for (const [key, value] of Object.entries(properties ?? {})) out[key] = propertyValue(value);
  return out;
}

/** Syncro property values are strings; clearing writes an empty string. */
export function propertyToWire(value: CustomFieldValue): string {
  return value === null ? '' : String(value);
}

/** Residential customers have no business name: fall back as Syncro's own display does. */
export function customerDisplayName(wire: SyncroCustomer): string {
  return (
    nonEmpty(wire.business_name) ??
    nonEmpty(wire.business_then_name) ??
    nonEmpty(wire.fullname) ??
    nonEmpty([wire.firstname, wire.lastname].filter(Boolean).join(' ')) ??
    `(unnamed customer ${wire.id})`
  );
}

export function customerFromWire(wire: SyncroCustomer, webBase: string): Customer {
  const id = String(wire.id);
  const email = nonEmpty(wire.email);
  return {
    id,
    name: customerDisplayName(wire),
    domains: domainsFromEmail(email),
    // Syncro has no business number, country, fax or links on a customer.
    businessNumber: null,
    address: nonEmpty(wire.address),
    address2: nonEmpty(wire.address_2),
    city: nonEmpty(wire.city),
    state: nonEmpty(wire.state),
    zip: nonEmpty(wire.zip),
    country: null,
    phone: nonEmpty(wire.phone),
    fax: null,
    mobile: nonEmpty(wire.mobile),
    email,
    links: [],
    notes: nonEmpty(wire.notes),
    referredBy: nonEmpty(wire.referred_by),
    customFields: customFieldsFromProperties(wire.properties),
    createdAt: wire.created_at ?? null,
    modifiedAt: wire.updated_at ?? null,
    url: customerUrl(webBase, id),
  };
}

/** Only present keys are sent; fields Syncro has no place for (domains, country, fax, ...) are dropped. */
export function customerToWire(patch: CustomerPatch | CustomerCreate): SyncroCustomerInput {
  const wire: SyncroCustomerInput = {};
  if (patch.name !== undefined) wire.business_name = patch.name;
  if (patch.email !== undefined) wire.email = patch.email;
  if (patch.phone !== undefined) wire.phone = patch.phone;
  if (patch.mobile !== undefined) wire.mobile = patch.mobile;
  if (patch.address !== undefined) wire.address = patch.address;
  if (patch.address2 !== undefined) wire.address_2 = patch.address2;
  if (patch.city !== undefined) wire.city = patch.city;
  if (patch.state !== undefined) wire.state = patch.state;
  if (patch.zip !== undefined) wire.zip = patch.zip;
  if (patch.notes !== undefined) wire.notes = patch.notes;
  if (patch.referredBy !== undefined) wire.referred_by = patch.referredBy;
  return wire;
}

/** Syncro stores a contact's title in properties.title (accepted as `title` on PUT only). */
export function contactTitle(wire: SyncroContact): string | null {
  const fromProperties = wire.properties?.title;
  if (typeof fromProperties === 'string' && fromProperties.trim() !== '') return fromProperties;
  return nonEmpty(wire.title);
}

export function contactFromWire(wire: SyncroContact, webBase: string): Contact {
  const id = String(wire.id);
  const { firstName, lastName } = splitName(wire.name);
  const email = nonEmpty(wire.email);
  return {
    id,
    customerId: wire.customer_id === null || wire.customer_id === undefined ? '' : String(wire.customer_id),
    // Syncro contacts do not carry their customer's name.
    customerName: null,
    firstName,
    lastName,
    fullName: nonEmpty(wire.name)?.trim() ?? displayName({ firstName, lastName, email }),
    email,
    phone: nonEmpty(wire.phone),
    mobile: nonEmpty(wire.mobile),
    title: contactTitle(wire),
    // Syncro has no primary-contact flag on contacts.
    isPrimary: false,
    notes: nonEmpty(wire.notes),
    createdAt: wire.created_at ?? null,
    url: contactUrl(webBase, id),
  };
}

/** Syncro keeps one `name`; the bot's first/last are joined into it. */
export function joinName(firstName: string | null | undefined, lastName: string | null | undefined): string {
  return [firstName, lastName]
    .map((p) => p?.trim())
    .filter(Boolean)
    .join(' ');
}

export function wireId(id: string): number | undefined {
  return /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}

/** Body of a contact write, without `name` (the client computes it from the current record). */
export function contactToWire(patch: ContactPatch): SyncroContactInput {
  const wire: SyncroContactInput = {};
  if (patch.customerId !== undefined) {
    const n = wireId(patch.customerId);
    if (n !== undefined) wire.customer_id = n;
  }
  if (patch.email !== undefined) wire.email = patch.email;
  if (patch.phone !== undefined) wire.phone = patch.phone;
  if (patch.mobile !== undefined) wire.mobile = patch.mobile;
  if (patch.notes !== undefined) wire.notes = patch.notes;
  return wire;
}

const CUSTOMER_FIELDS: Record<string, string> = {
  business_name: 'name',
  'business name': 'name',
  firstname: 'name',
  lastname: 'name',
  email: 'email',
  phone: 'phone',
  mobile: 'mobile',
  address: 'address',
  address_2: 'address2',
  'address 2': 'address2',
  city: 'city',
  state: 'state',
  zip: 'zip',
  notes: 'notes',
  referred_by: 'referredBy',
  'referred by': 'referredBy',
};
const CONTACT_FIELDS: Record<string, string> = {
  name: 'firstName',
  email: 'email',
  phone: 'phone',
  mobile: 'mobile',
  title: 'title',
  notes: 'notes',
  customer_id: 'customerId',
  customer: 'customerId',
};

export type SyncroRecordKind = 'customer' | 'contact';

/** "email" or "business_name" (an `errors` object key) to the domain field. */
export function domainFieldOfKey(kind: SyncroRecordKind, key: string): string | undefined {
  const table = kind === 'customer' ? CUSTOMER_FIELDS : CONTACT_FIELDS;
  return table[key.toLowerCase()];
}

/** "Email is not an email" (a Rails full message) to the domain field it starts with, longest match first. */
export function domainFieldOfMessage(kind: SyncroRecordKind, message: string): string | undefined {
  const table = kind === 'customer' ? CUSTOMER_FIELDS : CONTACT_FIELDS;
  const lower = message.toLowerCase().replace(/_/g, ' ');
  const keys = Object.keys(table)
    .map((k) => k.replace(/_/g, ' '))
    .sort((a, b) => b.length - a.length);
  const hit = keys.find((k) => lower === k || lower.startsWith(`${k} `));
  return hit === undefined ? undefined : (table[hit.replace(/ /g, '_')] ?? table[hit]);
}

/** "business_name" + "can't be blank" -> "Business name can't be blank". */
export function fullMessage(key: string, message: string): string {
  const human = key.replace(/_/g, ' ');
  return `${human.charAt(0).toUpperCase()}${human.slice(1)} ${message}`;
}
