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
import type {
  AteraContact,
  AteraContactInput,
  AteraCustomer,
  AteraCustomerInput,
  AteraCustomField,
  AteraCustomValue,
} from './schemas.js';

// Best guess at Atera's web-app routes (the API does not return links); used for "Open in Atera".
export function customerUrl(webBase: string, id: string): string {
  return `${webBase}/new/customer/${id}`;
}
export function contactUrl(webBase: string, id: string): string {
  return `${webBase}/new/contact/${id}`;
}

/** Atera keeps domains as one "a.com;b.com" string (PSAtera: semicolon-delimited). */
export function splitList(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(/[;,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
function joinList(values: readonly string[] | undefined): string | undefined {
  return values === undefined ? undefined : values.join(';');
}

const nonEmpty = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value;

export function customerFromWire(wire: AteraCustomer, webBase: string): Customer {
  const id = String(wire.CustomerID);
  return {
    id,
    name: nonEmpty(wire.CustomerName) ?? `(unnamed customer ${id})`,
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
 * Only the keys present in `patch` are sent (Atera updates are partial). Fields Atera has no place for
 * (address2, mobile, email, referredBy) are dropped: there is nowhere to put them.
 */
export function customerToWire(patch: CustomerPatch | CustomerCreate): AteraCustomerInput {
  const wire: AteraCustomerInput = {};
  if (patch.name !== undefined) wire.CustomerName = patch.name;
  if (patch.domains !== undefined) wire.Domain = joinList(patch.domains) ?? null;
  if (patch.businessNumber !== undefined) wire.BusinessNumber = patch.businessNumber;
  if (patch.address !== undefined) wire.Address = patch.address;
  if (patch.city !== undefined) wire.City = patch.city;
  if (patch.state !== undefined) wire.State = patch.state;
  if (patch.zip !== undefined) wire.ZipCodeStr = patch.zip;
  if (patch.country !== undefined) wire.Country = patch.country;
  if (patch.phone !== undefined) wire.Phone = patch.phone;
  if (patch.fax !== undefined) wire.Fax = patch.fax;
  if (patch.notes !== undefined) wire.Notes = patch.notes;
  if (patch.links !== undefined) wire.Links = joinList(patch.links) ?? null;
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
    // Atera contacts have no notes field.
    notes: null,
    createdAt: wire.CreatedOn ?? null,
    url: contactUrl(webBase, id),
  };
}

/** Customer ids are int64 on the wire; a non-numeric id cannot exist in Atera. */
export function wireId(id: string): number | undefined {
  return /^\d{1,18}$/.test(id) ? Number(id) : undefined;
}

export function contactCreateToWire(input: ContactCreate): AteraContactInput {
  const wire = contactPatchToWire(input);
  const customerId = wireId(input.customerId);
  if (customerId !== undefined) wire.CustomerID = customerId;
  if (input.email !== undefined) wire.Email = input.email;
  return wire;
}

/** UpdateContactRequest has no Email: the client refuses an email change before calling this. */
export function contactPatchToWire(patch: ContactPatch): AteraContactInput {
  const wire: AteraContactInput = {};
  if (patch.customerId !== undefined) {
    const customerId = wireId(patch.customerId);
    if (customerId !== undefined) wire.CustomerID = customerId;
  }
  if (patch.firstName !== undefined) wire.Firstname = patch.firstName;
  if (patch.lastName !== undefined) wire.Lastname = patch.lastName;
  if (patch.title !== undefined) wire.JobTitle = patch.title;
  if (patch.phone !== undefined) wire.Phone = patch.phone;
  if (patch.mobile !== undefined) wire.MobilePhone = patch.mobile;
  if (patch.isPrimary !== undefined) wire.IsContactPerson = patch.isPrimary;
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

/** Customer-target definitions only; other targets (tickets, devices, ...) are not ours. */
export function fieldDefinitionFromWire(wire: AteraCustomField): CustomFieldDefinition | undefined {
  if ((wire.Target ?? '').toLowerCase() !== 'customer') return undefined;
  const type = FIELD_TYPES[(wire.DataType ?? 'text').toLowerCase()] ?? 'text';
  const options =
    type === 'options'
      ? (wire.PossibleValues ?? []).map((v) => v.Text ?? v.Value ?? '').filter((v) => v !== '')
      : [];
  return { name: wire.Name, type, options, target: 'customer' };
}

/** A typed value wins over its string form; an empty string means the field was cleared. */
export function customValueFromWire(wire: AteraCustomValue): CustomFieldValue {
  if (wire.ValueAsBool !== null && wire.ValueAsBool !== undefined) return wire.ValueAsBool;
  if (wire.ValueAsDecimal !== null && wire.ValueAsDecimal !== undefined) return wire.ValueAsDecimal;
  if (nonEmpty(wire.ValueAsDateTime)) return wire.ValueAsDateTime ?? null;
  return nonEmpty(wire.ValueAsString);
}

/** Atera writes every custom value as one string; clearing is an empty string. */
export function customValueToWire(value: CustomFieldValue): string {
  if (value === null) return '';
  return String(value);
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
