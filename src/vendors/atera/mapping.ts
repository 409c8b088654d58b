// Atera wire <-> domain: the only file that knows both `CustomerName` and `name`.
import type {
  Contact,
  ContactCreate,
  ContactPatch,
  Customer,
  CustomerCreate,
  CustomerPatch,
  CustomFieldDefinition,
  CustomFieldType,
  CustomFieldValue,
} from '../../domain/index.js';
import { displayName } from '../../domain/index.js';
import type { RelatedRecord } from '../types.js';
import type {
  AteraAgent,
  AteraContact,
  AteraContactInput,
  AteraContract,
  AteraCustomer,
  AteraCustomerInput,
  AteraCustomField,
  AteraCustomValue,
  AteraTicket,
} from './schemas.js';

// Atera's web-app routes (the API returns no links; Atera publishes none): used for "Open in Atera" and, read back
// by `customerIdFromUrl`, for pasted links. Customer and ticket pages follow independent public integrations that
// link `https://app.atera.com/new/customer/{CustomerID}` and `.../new/ticket/{TicketID}` [CODE]; the contact route
// is [INFERRED] by analogy. Agents carry their own page (AgentDto.AppViewUrl).
export function customerUrl(webBase: string, id: string): string {
  return `${webBase}/new/customer/${id}`;
}
export function contactUrl(webBase: string, id: string): string {
  return `${webBase}/new/contact/${id}`;
}
export function ticketUrl(webBase: string, id: string): string {
  return `${webBase}/new/ticket/${id}`;
}

/**
 * The customer id in one of this account's customer pages (`customerUrl`, with any sub-page, query or hash a
 * technician copies along). Atera serves every account from one host, so the host is all that can be checked.
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
  const prefix = base.pathname.replace(/\/+$/, '');
  const match = /^\/new\/customer\/(\d{1,18})(?:\/|$)/.exec(parsed.pathname.slice(prefix.length));
  return parsed.pathname.startsWith(prefix) ? match?.[1] : undefined;
}

/** Atera keeps domains as one "a.com;b.com" string (PSAtera: semicolon-delimited). */
export function splitList(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(/[;,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
function joinList(values: readonly string[] | null): string {
  return (values ?? []).join(';');
}

/**
 * UpdateCustomerRequest/UpdateContactRequest fields are all nullable, so `null` reads as "unchanged" (PSAtera
 * sends only the fields given): a string field is cleared with "".
 */
const clearable = (value: string | null): string => value ?? '';

const nonEmpty = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value;

export function customerFromWire(wire: AteraCustomer, webBase: string): Customer {
  const id = String(wire.CustomerID);
  return {
    id,
    name: nonEmpty(wire.CustomerName) ?? `(unnamed customer ${id})`,
    // Atera customers are companies; there are no residential customers or retired ones (a delete is final).
    kind: 'business',
    firstName: null,
    lastName: null,
    active: true,
    domains: splitList(wire.Domain),
    businessNumber: nonEmpty(wire.BusinessNumber),
    address: nonEmpty(wire.Address),
    // Atera has one address line, no mobile, email or referral on a customer.
    address2: null,
    city: nonEmpty(wire.City),
    state: nonEmpty(wire.State),
    zip: nonEmpty(wire.ZipCodeStr),
    country: nonEmpty(wire.Country),
    phone: nonEmpty(wire.Phone),
    fax: nonEmpty(wire.Fax),
    mobile: null,
    email: null,
    // `Links` is a free-text string on the wire; we treat it like Domain (semicolon-separated).
    links: splitList(wire.Links),
    notes: nonEmpty(wire.Notes),
    referredBy: null,
    customFields: {},
    createdAt: wire.CreatedOn ?? null,
    modifiedAt: wire.LastModified ?? null,
    url: customerUrl(webBase, id),
  };
}

/**
 * Only the keys present in `patch` are sent (Atera updates are partial); `null` is sent as "" to clear. Fields
 * Atera has no place for (address2, mobile, email, referredBy, a person's name) are dropped.
 */
export function customerToWire(patch: CustomerPatch | CustomerCreate): AteraCustomerInput {
  const wire: AteraCustomerInput = {};
  if (patch.name !== undefined) wire.CustomerName = patch.name;
  if (patch.domains !== undefined) wire.Domain = joinList(patch.domains);
  if (patch.businessNumber !== undefined) wire.BusinessNumber = clearable(patch.businessNumber);
  if (patch.address !== undefined) wire.Address = clearable(patch.address);
  if (patch.city !== undefined) wire.City = clearable(patch.city);
  if (patch.state !== undefined) wire.State = clearable(patch.state);
  if (patch.zip !== undefined) wire.ZipCodeStr = clearable(patch.zip);
  if (patch.country !== undefined) wire.Country = clearable(patch.country);
  if (patch.phone !== undefined) wire.Phone = clearable(patch.phone);
  if (patch.fax !== undefined) wire.Fax = clearable(patch.fax);
  if (patch.notes !== undefined) wire.Notes = clearable(patch.notes);
  if (patch.links !== undefined) wire.Links = joinList(patch.links);
  return wire;
}

/** A create sends only what has a value: an empty field is simply not given. */
export function customerCreateToWire(input: CustomerCreate): AteraCustomerInput {
  const wire = customerToWire(input);
  for (const [key, value] of Object.entries(wire)) {
    if (value === '') delete wire[key as keyof AteraCustomerInput];
  }
  return wire;
}

export function contactFromWire(wire: AteraContact, webBase: string): Contact {
  const id = String(wire.EndUserID);
  const firstName = nonEmpty(wire.Firstname);
  const lastName = nonEmpty(wire.Lastname);
  const email = nonEmpty(wire.Email);
  return {
    id,
    customerId: wire.CustomerID === null || wire.CustomerID === undefined ? '' : String(wire.CustomerID),
    customerName: nonEmpty(wire.CustomerName),
    firstName,
    lastName,
    fullName: displayName({ firstName, lastName, email }),
    email,
    phone: nonEmpty(wire.Phone),
    mobile: nonEmpty(wire.MobilePhone),
    title: nonEmpty(wire.JobTitle),
    isPrimary: wire.IsContactPerson ?? false,
    // Atera contacts have no notes field, and no postal address.
    notes: null,
    address: null,
    city: null,
    state: null,
    zip: null,
    archived: wire.Archived ?? false,
    ignored: wire.InIgnoreMode ?? false,
    // Contact custom values live behind /customvalues/contactfields/{id}, not on the record.
    customFields: {},
    createdAt: wire.CreatedOn ?? null,
    modifiedAt: wire.LastModified ?? null,
    url: contactUrl(webBase, id),
  };
}

/** Customer ids are int64 on the wire; a non-numeric id cannot exist in Atera. */
export function wireId(id: string): number | undefined {
  return /^\d{1,18}$/.test(id) ? Number(id) : undefined;
}

export function contactCreateToWire(input: ContactCreate): AteraContactInput {
  const wire = contactPatchToWire(input);
  // A create sends only what has a value.
  for (const [key, value] of Object.entries(wire)) {
    if (value === '') delete wire[key as keyof AteraContactInput];
  }
  const customerId = wireId(input.customerId);
  if (customerId !== undefined) wire.CustomerID = customerId;
  if (input.email) wire.Email = input.email;
  return wire;
}

/**
 * UpdateContactRequest's editable fields per the operation text: Firstname, Lastname, JobTitle,
 * IsContactPerson, InIgnoreMode, Phone (MobilePhone is in the schema too). No Email: the client refuses an email
 * change before calling this. `null` is sent as "" to clear.
 */
export function contactPatchToWire(patch: ContactPatch): AteraContactInput {
  const wire: AteraContactInput = {};
  if (patch.customerId !== undefined) {
    const customerId = wireId(patch.customerId);
    if (customerId !== undefined) wire.CustomerID = customerId;
  }
  if (patch.firstName !== undefined) wire.Firstname = clearable(patch.firstName);
  if (patch.lastName !== undefined) wire.Lastname = clearable(patch.lastName);
  if (patch.title !== undefined) wire.JobTitle = clearable(patch.title);
  if (patch.phone !== undefined) wire.Phone = clearable(patch.phone);
  if (patch.mobile !== undefined) wire.MobilePhone = clearable(patch.mobile);
  if (patch.isPrimary !== undefined) wire.IsContactPerson = patch.isPrimary;
  if (patch.ignored !== undefined) wire.InIgnoreMode = patch.ignored;
  return wire;
}

const FIELD_TYPES: Record<string, CustomFieldType> = {
  text: 'text',
  numeric: 'number',
  date: 'date',
  boolean: 'boolean',
  options: 'options',
  optionswithdependencies: 'options',
};

const TARGETS: Record<string, CustomFieldDefinition['target']> = { customer: 'customer', contact: 'contact' };

/** Customer- and contact-target definitions; other targets (tickets, devices, ...) are not ours. */
export function fieldDefinitionFromWire(wire: AteraCustomField): CustomFieldDefinition | undefined {
  const target = TARGETS[(wire.Target ?? '').toLowerCase()];
  if (!target || wire.Name.trim() === '') return undefined;
  const type = FIELD_TYPES[(wire.DataType ?? 'text').toLowerCase()] ?? 'text';
  const options =
    type === 'options'
      ? (wire.PossibleValues ?? []).map((v) => v.Text ?? v.Value ?? '').filter((v) => v !== '')
      : [];
  // Atera's API says nothing of required custom fields.
  return { name: wire.Name, type, options, target, required: false, source: 'definitions' };
}

/** "2021-03-15T00:00:00" -> "2021-03-15": Atera's Date fields hold days. */
function dayOf(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T00:00:00(?:\.0+)?(?:Z|[+-]00:?00)?)?$/.exec(value.trim());
  return match?.[1] ?? value;
}

/**
 * The value as stored, chosen by the field's DataType: `ValueAsBool` and `ValueAsDecimal` are not nullable in
 * the spec, so a Text, Date or Options value arrives with `false` and `0` beside its real value. `ValueAsString`
 * holds the value as written (SetCustomValueRequest is one string); an empty one means the field was cleared.
 * Without a known type, the string form is the only safe reading.
 */
export function customValueFromWire(
  wire: AteraCustomValue,
  type: CustomFieldType | undefined,
): CustomFieldValue {
  const written = wire.ValueAsString;
  if (written === '') return null;
  switch (type) {
    case 'boolean':
      if (typeof written === 'string' && /^(true|false)$/i.test(written.trim())) {
        return written.trim().toLowerCase() === 'true';
      }
      return wire.ValueAsBool ?? null;
    case 'number': {
      const parsed = typeof written === 'string' ? Number(written) : Number.NaN;
      if (Number.isFinite(parsed)) return parsed;
      return wire.ValueAsDecimal ?? null;
    }
    case 'date': {
      const date = nonEmpty(wire.ValueAsDateTime) ?? nonEmpty(written);
      return date === null ? null : dayOf(date);
    }
    default:
      return nonEmpty(written);
  }
}

/** Atera writes every custom value as one string; clearing is an empty string. */
export function customValueToWire(value: CustomFieldValue): string {
  if (value === null) return '';
  // Atera has no multi-select type; a list (never offered for Atera) is written as its comma-joined text.
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** True when `zone` is a time zone name this runtime knows (IANA, e.g. "Europe/Berlin"). */
export function knownTimeZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * `FromLastModifiedDate` as the spec wants it: "yyyy-MM-ddTHH:mm:ss", in the account's time zone, with no offset.
 * Without a zone this runtime knows, the instant is written in UTC (the caller then keeps a wide overlap).
 */
export function ateraLocalTime(instant: Date, timeZone: string | undefined): string {
  if (timeZone === undefined) return instant.toISOString().slice(0, 19);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}`;
}

/** A related record for a delete's impact: a ticket, an agent (device) or a contract. */
export function ticketFromWire(wire: AteraTicket, webBase: string): RelatedRecord {
  const id = String(wire.TicketID);
  const number = nonEmpty(wire.TicketNumber);
  return {
    id,
    title: nonEmpty(wire.TicketTitle) ?? `Ticket #${number ?? id}`,
    url: ticketUrl(webBase, id),
  };
}
export function agentFromWire(wire: AteraAgent): RelatedRecord {
  const id = String(wire.AgentID);
  return {
    id,
    title:
      nonEmpty(wire.AgentName) ?? nonEmpty(wire.MachineName) ?? nonEmpty(wire.SystemName) ?? `Agent ${id}`,
    // AgentDto.AppViewUrl is the agent's page in Atera's web app.
    url: nonEmpty(wire.AppViewUrl),
  };
}
export function contractFromWire(wire: AteraContract): RelatedRecord {
  const id = String(wire.ContractID);
  return { id, title: nonEmpty(wire.ContractName) ?? `Contract ${id}`, url: null };
}

const ERROR_FIELDS: Record<string, string> = {
  customername: 'name',
  domain: 'domains',
  businessnumber: 'businessNumber',
  address: 'address',
  city: 'city',
  state: 'state',
  zipcodestr: 'zip',
  country: 'country',
  fax: 'fax',
  notes: 'notes',
  links: 'links',
  customerid: 'customerId',
  email: 'email',
  firstname: 'firstName',
  lastname: 'lastName',
  jobtitle: 'title',
  mobilephone: 'mobile',
  iscontactperson: 'isPrimary',
  inignoremode: 'ignored',
};

/**
 * The domain field an ASP.NET model-state key refers to: "CustomerName", "$.Email" and
 * "request.Firstname" all name their last segment. `phone` is shared by customers and contacts.
 */
export function domainFieldOf(wireKey: string): string | undefined {
  const last =
    wireKey
      .split('.')
      .at(-1)
      ?.replace(/\[\d+\]$/, '') ?? '';
  const key = last.toLowerCase();
  if (key === 'phone') return 'phone';
  return ERROR_FIELDS[key];
}
