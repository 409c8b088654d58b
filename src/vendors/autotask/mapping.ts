// Autotask wire <-> domain: the only file that knows both `companyName` and `name`.
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
import { blankContact, blankCustomer, displayName } from '../../domain/index.js';
import type { Company, PicklistValue, UdfInformation, UdfValue, Contact as WireContact } from './schemas.js';

const nonEmpty = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value;

/** Autotask ids are int64 on the wire; a non-numeric id cannot exist there. */
export function wireId(id: string): number | undefined {
  return /^\d{1,18}$/.test(id) ? Number(id) : undefined;
}

// ---- web app links (the ExecuteCommand API: "https://ww#.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx
// ?Code=OpenAccount&AccountID=..."; autotask.net/help/developerhelp/content/apis/ExecuteCommand/
// UsingExecuteCommandAPI.htm; the same form in public integrations, e.g. n8n-nodes-autotask deep-link.ts).

const COMMAND_PATH = 'Autotask/AutotaskExtend/ExecuteCommand.aspx';

/** The zone's `webUrl` with exactly one trailing slash. */
export function normaliseWebBase(webUrl: string): string {
  return `${webUrl.replace(/\/+$/, '')}/`;
}

function command(webBase: string, code: string, param: string, id: string | number): string {
  return `${normaliseWebBase(webBase)}${COMMAND_PATH}?Code=${code}&${param}=${encodeURIComponent(String(id))}`;
}
export const accountUrl = (webBase: string, id: string | number) =>
  command(webBase, 'OpenAccount', 'AccountID', id);
export const contactUrl = (webBase: string, id: string | number) =>
  command(webBase, 'OpenContact', 'ContactID', id);
export const ticketUrl = (webBase: string, id: string | number) =>
  command(webBase, 'OpenTicketDetail', 'TicketID', id);
export const configurationItemUrl = (webBase: string, id: string | number) =>
  command(webBase, 'OpenInstalledProduct', 'InstalledProductID', id);
export const contractUrl = (webBase: string, id: string | number) =>
  command(webBase, 'OpenContract', 'ContractID', id);

/**
 * The account id of an "open account" link, only when it points into this account's web base (another MSP's
 * Autotask, or any other site, is not ours to read). Query keys are matched ignoring case, as ASP.NET does.
 */
export function accountIdFromUrl(webBase: string, url: string): string | undefined {
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(url.trim());
    base = new URL(normaliseWebBase(webBase));
  } catch {
    return undefined;
  }
  if (parsed.protocol !== base.protocol || parsed.host.toLowerCase() !== base.host.toLowerCase())
    return undefined;
  const basePath = base.pathname.toLowerCase();
  const path = parsed.pathname.toLowerCase();
  if (!path.startsWith(basePath) || !path.endsWith('/executecommand.aspx')) return undefined;
  const params = new Map([...parsed.searchParams].map(([k, v]) => [k.toLowerCase(), v]));
  if ((params.get('code') ?? '').toLowerCase() !== 'openaccount') return undefined;
  const id = params.get('accountid') ?? '';
  return /^\d{1,18}$/.test(id) ? id : undefined;
}

/**
 * A pinned zone URL skips discovery, so the web base is derived the way the zones are named
 * (webservicesN.autotask.net serves the API of wwN.autotask.net); anything else keeps its own origin.
 */
export function webBaseFromZoneUrl(zoneUrl: string): string {
  const url = new URL(zoneUrl);
  const match = /^webservices(\d+)\.autotask\.net$/i.exec(url.hostname);
  if (match) return `https://ww${match[1]}.autotask.net/`;
  return `${url.origin}/`;
}

// ---- user-defined fields

/** A UDF definition as the client keeps it: the domain definition plus the picklist to translate values. */
export interface UdfDefinition {
  definition: CustomFieldDefinition;
  picklist: PicklistValue[];
}

const UDF_TYPES: Record<string, CustomFieldType> = {
  string: 'text',
  text: 'text',
  double: 'number',
  decimal: 'number',
  integer: 'number',
  long: 'number',
  number: 'number',
  datetime: 'date',
  date: 'date',
  boolean: 'boolean',
};

export function udfDefinitionFromWire(
  wire: UdfInformation,
  target: CustomFieldDefinition['target'],
): UdfDefinition {
  const picklist = (wire.picklistValues ?? []).filter((p) => p.isActive !== false);
  const type: CustomFieldType = wire.isPickList
    ? 'options'
    : (UDF_TYPES[(wire.type ?? wire.dataType ?? 'string').toLowerCase()] ?? 'text');
  return {
    definition: {
      name: wire.name,
      type,
      options: type === 'options' ? picklist.map((p) => p.label ?? p.value) : [],
      target,
      required: wire.isRequired === true,
      source: 'definitions',
    },
    picklist,
  };
}

/** A UDF's string as Autotask stores it, typed by its definition (a picklist stores the value, shown as its label). */
export function udfValueFromWire(
  def: UdfDefinition | undefined,
  raw: string | null | undefined,
): CustomFieldValue {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (def?.definition.type) {
    case 'number': {
      const n = Number(raw);
      return Number.isFinite(n) ? n : raw;
    }
    case 'boolean':
      return /^(true|1|yes)$/i.test(raw.trim());
    case 'options':
      return def.picklist.find((p) => p.value === raw)?.label ?? raw;
    default:
      return raw;
  }
}

/**
 * The string Autotask stores for a value (swagger UserDefinedField.value is a string whatever the UDF's type);
 * `null` clears. A picklist label is sent as its stored value. The spec is silent on how a boolean or a list is
 * spelled: we send "true"/"false" (Autotask's REST pages say booleans are true/false) and a list comma-joined,
 * since no multi-select UDF type appears in the swagger.
 */
export function udfValueToWire(def: UdfDefinition | undefined, value: CustomFieldValue): string | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = String(value);
  if (def?.definition.type === 'options') {
    const hit = def.picklist.find((p) => p.label === text || p.value === text);
    if (hit) return hit.value;
  }
  return text;
}

export function udfValuesFromWire(
  values: readonly UdfValue[] | null | undefined,
  definitions: ReadonlyMap<string, UdfDefinition>,
): Record<string, CustomFieldValue> {
  const out: Record<string, CustomFieldValue> = {};
  for (const udf of values ?? []) out[udf.name] = udfValueFromWire(definitions.get(udf.name), udf.value);
  return out;
}

// ---- companies

/** `webAddress` is a URL; the domain users search by is its host. */
export function domainOf(webAddress: string | null | undefined): string | null {
  const raw = nonEmpty(webAddress)?.trim();
  if (!raw) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    return url.hostname.replace(/^www\./i, '').toLowerCase() || null;
  } catch {
    return raw;
  }
}

export interface MappingContext {
  webBase: string;
  udfs: ReadonlyMap<string, UdfDefinition>;
}

export function customerFromWire(wire: Company, ctx: MappingContext): Customer {
  const id = String(wire.id);
  const domain = domainOf(wire.webAddress);
  return {
    ...blankCustomer(id, nonEmpty(wire.companyName) ?? `(unnamed company ${id})`),
    active: wire.isActive !== false,
    domains: domain ? [domain] : [],
    businessNumber: nonEmpty(wire.companyNumber),
    address: nonEmpty(wire.address1),
    address2: nonEmpty(wire.address2),
    city: nonEmpty(wire.city),
    state: nonEmpty(wire.state),
    zip: nonEmpty(wire.postalCode),
    phone: nonEmpty(wire.phone),
    fax: nonEmpty(wire.fax),
    links: nonEmpty(wire.webAddress) ? [wire.webAddress?.trim() ?? ''] : [],
    customFields: udfValuesFromWire(wire.userDefinedFields, ctx.udfs),
    createdAt: wire.createDate ?? null,
    modifiedAt: wire.lastTrackedModifiedDateTime ?? null,
    url: accountUrl(ctx.webBase, id),
  };
}

/**
 * The `CompanyModel` fields a create or a PATCH carries (only the keys present in `patch`). Autotask has one
 * web address (`domains` writes it), a company number (`businessNumber`) and no email, mobile, notes or
 * referral on a company: those are dropped, and `capabilities.customerFields` never offers them.
 */
export function customerToWire(patch: CustomerPatch | CustomerCreate): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  if (patch.name !== undefined) wire.companyName = patch.name;
  if (patch.domains !== undefined) wire.webAddress = patch.domains[0] ?? null;
  if (patch.businessNumber !== undefined) wire.companyNumber = patch.businessNumber;
  if (patch.address !== undefined) wire.address1 = patch.address;
  if (patch.address2 !== undefined) wire.address2 = patch.address2;
  if (patch.city !== undefined) wire.city = patch.city;
  if (patch.state !== undefined) wire.state = patch.state;
  if (patch.zip !== undefined) wire.postalCode = patch.zip;
  if (patch.phone !== undefined) wire.phone = patch.phone;
  if (patch.fax !== undefined) wire.fax = patch.fax;
  return wire;
}

/** The wire fields `customerToWire` (and the create's own `isActive`) fill: the form covers them. */
export const COMPANY_FIELDS_FROM_FORM: ReadonlySet<string> = new Set(
  [
    'id',
    'companyName',
    'webAddress',
    'companyNumber',
    'address1',
    'address2',
    'city',
    'state',
    'postalCode',
    'phone',
    'fax',
    'isActive',
  ].map((f) => f.toLowerCase()),
);

// ---- contacts

/** `isActive` is an int32 (1 or 0); anything but 0/false is live. */
function activeFlag(value: number | boolean | null | undefined): boolean {
  return value !== 0 && value !== false;
}

export function contactFromWire(wire: WireContact, ctx: MappingContext): Contact {
  const id = String(wire.id);
  const firstName = nonEmpty(wire.firstName);
  const lastName = nonEmpty(wire.lastName);
  const email = nonEmpty(wire.emailAddress);
  return {
    ...blankContact(
      id,
      wire.companyID === null || wire.companyID === undefined ? '' : String(wire.companyID),
      '',
    ),
    firstName,
    lastName,
    fullName: displayName({ firstName, lastName, email }),
    email,
    phone: nonEmpty(wire.phone),
    mobile: nonEmpty(wire.mobilePhone),
    title: nonEmpty(wire.title),
    isPrimary: wire.primaryContact === true,
    notes: nonEmpty(wire.note),
    address: nonEmpty(wire.addressLine) ?? nonEmpty(wire.addressLine1),
    city: nonEmpty(wire.city),
    state: nonEmpty(wire.state),
    zip: nonEmpty(wire.zipCode),
    archived: !activeFlag(wire.isActive),
    customFields: udfValuesFromWire(wire.userDefinedFields, ctx.udfs),
    createdAt: wire.createDate ?? null,
    modifiedAt: wire.lastModifiedDate ?? null,
    url: contactUrl(ctx.webBase, id),
  };
}

/**
 * The `ContactModel` fields of a create or a PATCH (only the keys present). `archived` is `isActive` 0/1
 * (deactivation); Autotask has no "ignore" flag, so `ignored` is dropped.
 */
export function contactToWire(patch: ContactPatch | ContactCreate): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  if (patch.firstName !== undefined) wire.firstName = patch.firstName;
  if (patch.lastName !== undefined) wire.lastName = patch.lastName;
  if (patch.email !== undefined) wire.emailAddress = patch.email;
  if (patch.phone !== undefined) wire.phone = patch.phone;
  if (patch.mobile !== undefined) wire.mobilePhone = patch.mobile;
  if (patch.title !== undefined) wire.title = patch.title;
  if (patch.isPrimary !== undefined) wire.primaryContact = patch.isPrimary;
  if (patch.notes !== undefined) wire.note = patch.notes;
  if (patch.address !== undefined) wire.addressLine = patch.address;
  if (patch.city !== undefined) wire.city = patch.city;
  if (patch.state !== undefined) wire.state = patch.state;
  if (patch.zip !== undefined) wire.zipCode = patch.zip;
  if (patch.archived !== undefined && patch.archived !== null) wire.isActive = patch.archived ? 0 : 1;
  return wire;
}

// ---- errors

/** Wire field name (lower-cased) -> domain field (or create-choice key) for validation messages. */
const ERROR_FIELDS: Record<string, string> = {
  companyname: 'name',
  webaddress: 'domains',
  companynumber: 'businessNumber',
  address1: 'address',
  address2: 'address2',
  postalcode: 'zip',
  fax: 'fax',
  firstname: 'firstName',
  lastname: 'lastName',
  emailaddress: 'email',
  mobilephone: 'mobile',
  title: 'title',
  addressline: 'address',
  zipcode: 'zip',
  note: 'notes',
  primarycontact: 'isPrimary',
  companyid: 'customerId',
  city: 'city',
  state: 'state',
  phone: 'phone',
};

/** Choice keys of `customerCreateChoices` for the fields Autotask typically requires. */
export const CHOICE_TYPE = 'type';
export const CHOICE_OWNER = 'owner';
/** Any other required field is offered under this prefix plus its wire name. */
export const CHOICE_FIELD_PREFIX = 'autotask.';

/**
 * A label for a required field Autotask names only by its wire name (FieldInformationModel has no label):
 * `marketSegmentID` reads "Market segment", `territoryID` "Territory".
 */
export function fieldLabelOf(wireField: string): string {
  const words = wireField
    .replace(/I[Dd]$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : wireField;
}

export function choiceKeyOf(wireField: string): string {
  const lower = wireField.toLowerCase();
  if (lower === 'companytype') return CHOICE_TYPE;
  if (lower === 'ownerresourceid') return CHOICE_OWNER;
  return `${CHOICE_FIELD_PREFIX}${wireField}`;
}

/**
 * The domain fields an Autotask error message names. Messages name wire fields ("companyName is required",
 * "Missing Required Field: companyType"); the exact texts are not published, so every word that is a known
 * wire field counts. Required-choice fields map to their choice keys (`choiceKeys`: lower-cased wire name -> key).
 */
export function domainFieldsOfMessage(
  message: string,
  choiceKeys: ReadonlyMap<string, string> = new Map(),
): string[] {
  const out = new Set<string>();
  for (const word of message.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []) {
    const lower = word.toLowerCase();
    const field = ERROR_FIELDS[lower];
    if (field) out.add(field);
    else if (lower === 'companytype' || lower === 'ownerresourceid') out.add(choiceKeyOf(lower));
    else {
      const key = choiceKeys.get(lower);
      if (key) out.add(key);
    }
  }
  return [...out];
}
