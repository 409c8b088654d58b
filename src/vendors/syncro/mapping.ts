// Syncro wire <-> domain: the only file that knows both `business_name` and `name`.
import type {
  Contact,
  ContactPatch,
  Customer,
  CustomerCreate,
  CustomerPatch,
  CustomFieldDefinition,
  CustomFieldType,
  CustomFieldValue,
} from '../../domain/index.js';
import { displayName, FREE_MAIL, splitName } from '../../domain/index.js';
import type { RelatedRecord } from '../types.js';
import type {
  SyncroAsset,
  SyncroContact,
  SyncroContactInput,
  SyncroCustomer,
  SyncroCustomerField,
  SyncroCustomerInput,
  SyncroTicket,
} from './schemas.js';

// Syncro's web-app routes (the API returns no links; Syncro publishes none): used for "Open in Syncro" and, read
// back by `customerIdFromUrl`, for pasted links. `/customers/{id}` (with sub-pages), `/tickets/{id}`,
// `/customer_assets` and `/contacts` are the paths user scripts running inside Syncro's web app match and build
// (texomans/Syncro-TamperMonkey "Syncro Tickets - Customer Quick Links.js") [CODE]; `/contacts/{id}` and
// `/customer_assets/{id}` for one record are [INFERRED] from those.
export function customerUrl(webBase: string, id: string): string {
  return `${webBase}/customers/${id}`;
}
export function contactUrl(webBase: string, id: string): string {
  return `${webBase}/contacts/${id}`;
}
export function ticketUrl(webBase: string, id: string): string {
  return `${webBase}/tickets/${id}`;
}
export function assetUrl(webBase: string, id: string): string {
  return `${webBase}/customer_assets/${id}`;
}

/**
 * The customer id in one of this account's customer pages (`customerUrl`, with any sub-page, query or hash).
 * The account is the subdomain, so another account's page (another host) is refused.
 */
export function customerIdFromUrl(webBase: string, url: string): string | undefined {
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(url.trim());
    base = new URL(webBase);
  } catch {
    return undefined;
  }
  if (parsed.origin !== base.origin) return undefined;
  return /^\/customers\/(\d{1,15})(?:\/|$)/.exec(parsed.pathname)?.[1];
}

const nonEmpty = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value;

// Syncro has no domain field. We read the customer email's domain as its domain (so "acme.com" finds
// Acme), except for mailbox providers, which say nothing about the company. Domains are never written.
function domainsFromEmail(email: string | null): string[] {
  const domain = email?.split('@')[1]?.trim().toLowerCase();
  return domain && !FREE_MAIL.has(domain) ? [domain] : [];
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

/** A customer with a business name is a business; without one, a residential customer (a person). */
export function customerKind(wire: SyncroCustomer): Customer['kind'] {
  return nonEmpty(wire.business_name) === null ? 'person' : 'business';
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
    kind: customerKind(wire),
    // A business's billing person, or the residential customer themself.
    firstName: nonEmpty(wire.firstname),
    lastName: nonEmpty(wire.lastname),
    // Disabled customers are kept by Syncro but retired (`include_disabled`).
    active: wire.disabled !== true,
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

/**
 * Only present keys are sent; fields Syncro has no place for (domains, country, fax, ...) are dropped. `asPerson`
 * writes the name as the person's (firstname/lastname) and never a business_name, so an edit of a residential
 * customer does not turn it into a business.
 */
export function customerToWire(patch: CustomerPatch | CustomerCreate, asPerson = false): SyncroCustomerInput {
  const wire: SyncroCustomerInput = {};
  if (asPerson) {
    if (patch.name !== undefined && patch.firstName === undefined && patch.lastName === undefined) {
      const { firstName, lastName } = splitName(patch.name);
      wire.firstname = firstName;
      wire.lastname = lastName;
    }
  } else if (patch.name !== undefined) wire.business_name = patch.name;
  if (patch.firstName !== undefined) wire.firstname = patch.firstName;
  if (patch.lastName !== undefined) wire.lastname = patch.lastName;
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

/** The property key where Syncro keeps a contact's title (accepted as `title` on PUT only). */
export const TITLE_PROPERTY = 'title';

/** Syncro stores a contact's title in properties.title (accepted as `title` on PUT only). */
export function contactTitle(wire: SyncroContact): string | null {
  const fromProperties = wire.properties?.[TITLE_PROPERTY];
  if (typeof fromProperties === 'string' && fromProperties.trim() !== '') return fromProperties;
  return nonEmpty(wire.title);
}

/** A contact's custom fields: its properties, less the title Syncro keeps among them. */
export function contactCustomFields(
  properties: Record<string, unknown> | null | undefined,
): Record<string, CustomFieldValue> {
  const out = customFieldsFromProperties(properties);
  delete out[TITLE_PROPERTY];
  return out;
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
    // One address line in the domain; Syncro's address2 is kept by Syncro and not shown.
    address: nonEmpty(wire.address1),
    city: nonEmpty(wire.city),
    state: nonEmpty(wire.state),
    zip: nonEmpty(wire.zip),
    // Syncro contacts are never archived or in an ignore mode.
    archived: false,
    ignored: false,
    customFields: contactCustomFields(wire.properties),
    createdAt: wire.created_at ?? null,
    modifiedAt: wire.updated_at ?? null,
    url: contactUrl(webBase, id),
  };
}

/** Syncro keeps one `name`; the bot's first/last are joined into it, each part as typed (ends trimmed). */
export function joinName(firstName: string | null | undefined, lastName: string | null | undefined): string {
  return [firstName, lastName]
    .map((p) => p?.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * The `name` a contact PUT should send, or undefined when the name did not change: only a first or last name
 * that differs from what the current name splits into changes it, so an edit form that re-sends the name
 * leaves "Mary  Ann Smith" (spacing and all) as it is.
 */
export function changedContactName(
  currentName: string | null | undefined,
  patch: Pick<ContactPatch, 'firstName' | 'lastName'>,
): string | undefined {
  if (patch.firstName === undefined && patch.lastName === undefined) return undefined;
  const current = splitName(currentName);
  const firstName = patch.firstName !== undefined ? patch.firstName : current.firstName;
  const lastName = patch.lastName !== undefined ? patch.lastName : current.lastName;
  const same = (a: string | null | undefined, b: string | null | undefined) =>
    (a?.trim() || null) === (b?.trim() || null);
  if (same(firstName, current.firstName) && same(lastName, current.lastName)) return undefined;
  return joinName(firstName, lastName);
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
  if (patch.address !== undefined) wire.address1 = patch.address;
  if (patch.city !== undefined) wire.city = patch.city;
  if (patch.state !== undefined) wire.state = patch.state;
  if (patch.zip !== undefined) wire.zip = patch.zip;
  return wire;
}

/**
 * `customer_fields[].field_type` to a domain type ([INFERRED]: the spec's example list is empty; these are the
 * kinds Syncro's customer-field editor offers). Unknown kinds are text.
 */
const FIELD_TYPES: Record<string, CustomFieldType> = {
  check_box: 'boolean',
  checkbox: 'boolean',
  boolean: 'boolean',
  date: 'date',
  date_field: 'date',
  dropdown: 'options',
  drop_down: 'options',
  select: 'options',
  number: 'number',
  integer: 'number',
};

/** A customer field definition from /settings; `required` from the field or from `required_fields`. */
export function fieldDefinitionFromSettings(
  wire: SyncroCustomerField,
  options: string[],
  requiredNames: ReadonlySet<string>,
): CustomFieldDefinition {
  const type = FIELD_TYPES[(wire.field_type ?? '').toLowerCase()] ?? 'text';
  return {
    name: wire.name,
    type,
    options: type === 'options' ? options : [],
    target: 'customer',
    required: wire.required === true || requiredNames.has(wire.name),
    source: 'definitions',
  };
}

/** A definition guessed from property keys seen on records (when /settings is refused). */
export function guessedDefinition(
  name: string,
  target: CustomFieldDefinition['target'],
): CustomFieldDefinition {
  return { name, type: 'text', options: [], target, required: false, source: 'guessed' };
}

export function ticketFromWire(wire: SyncroTicket, webBase: string): RelatedRecord {
  const id = String(wire.id);
  const number = wire.number === null || wire.number === undefined ? id : String(wire.number);
  return { id, title: nonEmpty(wire.subject) ?? `Ticket #${number}`, url: ticketUrl(webBase, id) };
}

export function assetFromWire(wire: SyncroAsset, webBase: string): RelatedRecord {
  const id = String(wire.id);
  return {
    id,
    title: nonEmpty(wire.name) ?? nonEmpty(wire.asset_serial) ?? `Asset ${id}`,
    url: assetUrl(webBase, id),
  };
}

/**
 * A contact hit of GET /search: `_id` and `_source.table` (the spec's example shows a customer's source as a
 * subset of its fields). Undefined when the source lacks what a contact needs; the client then reads it by id.
 */
export function contactFromSearchHit(
  id: string | number,
  source: Record<string, unknown> | null | undefined,
): SyncroContact | undefined {
  const numeric = Number(id);
  const customerId = source?.customer_id;
  if (!Number.isInteger(numeric) || typeof customerId !== 'number') return undefined;
  const field = (key: string) => {
    const v = source?.[key];
    return typeof v === 'string' ? v : null;
  };
  const properties = source?.properties;
  return {
    id: numeric,
    name: field('name'),
    address1: field('address1'),
    address2: field('address2'),
    city: field('city'),
    state: field('state'),
    zip: field('zip'),
    email: field('email'),
    phone: field('phone'),
    mobile: field('mobile'),
    customer_id: customerId,
    notes: field('notes'),
    created_at: field('created_at'),
    updated_at: field('updated_at'),
    properties:
      typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : null,
  };
}

const CUSTOMER_FIELDS: Record<string, string> = {
  business_name: 'name',
  'business name': 'name',
  firstname: 'firstName',
  lastname: 'lastName',
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
  address1: 'address',
  city: 'city',
  state: 'state',
  zip: 'zip',
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
