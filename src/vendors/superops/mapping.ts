// SuperOps wire <-> domain: the only file that knows both `accountId`/`hqSite` and `id`/`address`.
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
import type { CreateChoice, RelatedRecord } from '../types.js';
import type {
  CreateClientInput,
  CreateClientUserInput,
  JsonRef,
  RuleCondition,
  UpdateClientInput,
  UpdateClientSiteInput,
  UpdateClientUserInput,
  WireAsset,
  WireClient,
  WireClientContract,
  WireClientUser,
  WireCustomField,
  WireRole,
  WireSite,
  WireTicket,
} from './schemas.js';

// ---- Web app links.

/** The technician web app of one SuperOps account: `https://{subdomain}.superops.ai`, routes after `#/`. */
export function webBaseFor(subdomain: string): string {
  return `https://${subdomain.trim().toLowerCase()}.superops.ai`;
}

/**
 * A client's page. The `#/clients/{id}` route is inferred from the app's other hash routes seen in public
 * integrations (`#/tickets/{id}/ticket`, `#/rmm/asset/details/{id}`); SuperOps does not publish its app URLs.
 */
export function customerUrl(webBase: string, id: string): string {
  return `${webBase}/#/clients/${encodeURIComponent(id)}/details`;
}
export function ticketUrl(webBase: string, id: string): string {
  return `${webBase}/#/tickets/${encodeURIComponent(id)}/ticket`;
}
export function assetUrl(webBase: string, id: string): string {
  return `${webBase}/#/rmm/asset/details/${encodeURIComponent(id)}`;
}

const CLIENT_ROUTE = /^\/clients?\/(?:details\/)?(\d{1,25})(?:[/?]|$)/;

/** The client id in a pasted link to this account's web app (`#/clients/{id}...`); undefined for anything else. */
export function customerIdFromUrl(webBase: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.host.toLowerCase() !== new URL(webBase).host) return undefined;
  const route = parsed.hash.startsWith('#/') ? parsed.hash.slice(1) : parsed.pathname;
  return CLIENT_ROUTE.exec(route)?.[1];
}

// ---- Countries: SuperOps sites take ISO 3166 two-letter codes; the bot speaks country names.

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });
const COUNTRY_CODES: Map<string, string> = (() => {
  const byName = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      let name: string | undefined;
      try {
        name = REGION_NAMES.of(code);
      } catch {
        name = undefined;
      }
      if (name && name !== code && name !== 'Unknown Region') byName.set(name.toLowerCase(), code);
    }
  }
  for (const [alias, code] of [
    ['usa', 'US'],
    ['united states of america', 'US'],
    ['america', 'US'],
    ['uk', 'GB'],
    ['great britain', 'GB'],
    ['england', 'GB'],
    ['scotland', 'GB'],
    ['wales', 'GB'],
  ] as const) {
    byName.set(alias, code);
  }
  return byName;
})();

/** "United States", "usa" or "US" -> "US"; undefined when the name is not a country we know. */
export function countryCodeFor(country: string): string | undefined {
  const text = country.trim();
  if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase();
  return COUNTRY_CODES.get(text.toLowerCase());
}

export function countryNameFor(code: string | null | undefined): string | null {
  const text = nonEmpty(code);
  if (!text) return null;
  if (!/^[A-Za-z]{2}$/.test(text)) return text;
  try {
    return REGION_NAMES.of(text.toUpperCase()) ?? text;
  } catch {
    return text;
  }
}

/** An IANA zone Node knows (SuperOps requires one on every site). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// ---- Small helpers.

const nonEmpty = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value.trim() === '' ? null : value;

/** Present keys only: `undefined` means "not sent", `null` means "clear". */
function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

export function refName(ref: JsonRef): string | null {
  return nonEmpty(ref?.name ?? null);
}

// ---- Custom fields: definitions keyed by `columnName` (udf1text...), shown by their label.

const FIELD_TYPES: Record<string, CustomFieldType> = {
  TEXT: 'text',
  PARAGRAPH: 'text',
  RICH_TEXT: 'text',
  URL: 'text',
  NUMERIC: 'number',
  DECIMAL: 'number',
  DATE: 'date',
  DATETIME: 'date',
  RADIO: 'options',
  SELECT: 'options',
  CHECKBOX: 'multi',
  MULTI_SELECT: 'multi',
};
/** Never shown in Slack, never written from it. */
const SECRET_TYPES = new Set(['PASSWORD', 'SECURE_TEXT']);

function isSecret(wire: WireCustomField): boolean {
  return SECRET_TYPES.has(wire.fieldType.toUpperCase());
}

/** A client custom field as the bot sees it; secret fields (PASSWORD, SECURE_TEXT) are left out. */
export function fieldDefinitionFromWire(wire: WireCustomField): CustomFieldDefinition | undefined {
  if (isSecret(wire)) return undefined;
  const type = FIELD_TYPES[wire.fieldType.toUpperCase()] ?? 'text';
  const options =
    type === 'options' || type === 'multi'
      ? (wire.options ?? []).filter((o): o is string => typeof o === 'string' && o !== '')
      : [];
  return {
    name: wire.label,
    type,
    options,
    target: 'customer',
    required: wire.isMandatory ?? false,
    source: 'definitions',
  };
}

function valueFromWire(type: CustomFieldType, raw: unknown): CustomFieldValue {
  if (raw === null || raw === undefined) return null;
  if (type === 'multi') {
    const list = Array.isArray(raw) ? raw : [raw];
    return list.filter((v) => v !== null && v !== undefined && v !== '').map((v) => String(v));
  }
  const single = Array.isArray(raw) ? raw[0] : raw;
  if (single === null || single === undefined) return null;
  if (type === 'number') {
    const n = typeof single === 'number' ? single : Number(String(single).trim());
    return String(single).trim() === '' ? null : Number.isFinite(n) ? n : String(single);
  }
  return nonEmpty(typeof single === 'string' ? single : String(single));
}

/** The values JSON, keyed by columnName, as values by label (unset fields are absent). */
export function customValuesFromWire(
  values: Record<string, unknown> | null | undefined,
  definitions: readonly WireCustomField[],
): Record<string, CustomFieldValue> {
  const out: Record<string, CustomFieldValue> = {};
  if (!values) return out;
  for (const wire of definitions) {
    if (isSecret(wire) || !(wire.columnName in values)) continue;
    const definition = fieldDefinitionFromWire(wire);
    if (!definition) continue;
    out[definition.name] = valueFromWire(definition.type, values[wire.columnName]);
  }
  return out;
}

/**
 * A value as SuperOps takes it: text, numbers and dates as strings, checkbox and multi-select as string
 * arrays (reference, CreateClientInputV2.customFields). `null` clears ([] for the list types).
 */
export function customValueToWire(wire: WireCustomField, value: CustomFieldValue): string | string[] | null {
  const type = FIELD_TYPES[wire.fieldType.toUpperCase()] ?? 'text';
  if (type === 'multi') {
    if (value === null) return [];
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }
  if (value === null) return null;
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The definition a bot field name (a label) refers to; secret fields are never writable from Slack. */
export function definitionByName(
  definitions: readonly WireCustomField[],
  name: string,
): WireCustomField | undefined {
  const wanted = name.trim().toLowerCase();
  return definitions.find((d) => !isSecret(d) && d.label.trim().toLowerCase() === wanted);
}

// ---- Create choices: what SuperOps requires beyond our customer and contact fields.

/** Keys of `CustomerCreate.choices` (from `customerCreateChoices`) and `ContactCreate.choices`. */
export const CHOICE_KEYS = {
  /** The HQ site's name; default DEFAULT_SITE_NAME. */
  siteName: 'siteName',
  /** The HQ site's IANA time zone (required by SuperOps); the form defaults it to the Slack user's. */
  timezone: 'timezone',
  /** "true" when the site works round the clock, "false" when it keeps business hours. */
  working24x7: 'working24x7',
  /** The client user's requester role (roleId); default: the account's "Requester" role. */
  role: 'role',
} as const;

export const DEFAULT_SITE_NAME = 'Headquarters';
/** Used only when a caller (not the form) creates a client without choosing a zone. */
export const FALLBACK_TIME_ZONE = 'UTC';

export function customerChoices(): CreateChoice[] {
  return [
    {
      key: CHOICE_KEYS.siteName,
      label: 'Headquarters site',
      kind: 'text',
      required: false,
      options: [],
      defaultValue: DEFAULT_SITE_NAME,
      hint: 'SuperOps keeps a client’s address and main phone on its headquarters site.',
    },
    {
      key: CHOICE_KEYS.timezone,
      label: 'Site time zone',
      kind: 'timezone',
      required: true,
      options: [],
      defaultValue: null,
      hint: 'SuperOps times business hours and SLAs in the site’s time zone.',
    },
    {
      key: CHOICE_KEYS.working24x7,
      label: 'Open 24x7',
      kind: 'boolean',
      required: false,
      options: [],
      defaultValue: 'false',
      hint: 'Leave off for an office with business hours (set them in SuperOps).',
    },
  ];
}

/** The default requester role: the one named "Requester" (SuperOps' own), else the first listed. */
export function defaultRole(roles: readonly WireRole[]): WireRole | undefined {
  return roles.find((r) => r.name.trim().toLowerCase() === 'requester') ?? roles[0];
}

export function roleChoice(roles: readonly WireRole[]): CreateChoice {
  return {
    key: CHOICE_KEYS.role,
    label: 'SuperOps role',
    kind: 'select',
    required: true,
    options: roles.map((r) => ({ value: r.roleId, label: r.name })),
    defaultValue: defaultRole(roles)?.roleId ?? null,
    hint: 'What the person may do in the SuperOps client portal.',
  };
}

// ---- Customers (clients, with their HQ site).

/** The client's HQ site among its sites: `hq: true`, else the one `hqSite` names, else the first. */
export function hqSiteOf(sites: readonly WireSite[], client?: WireClient | null): WireSite | undefined {
  return (
    sites.find((s) => s.hq === true) ??
    sites.find((s) => client?.hqSite?.id !== undefined && s.id === client.hqSite.id) ??
    sites[0]
  );
}

/** A SuperOps client has no address, phone or timestamps of its own: they come from the HQ site or are null. */
export function customerFromWire(
  client: WireClient,
  site: WireSite | undefined,
  definitions: readonly WireCustomField[],
  webBase: string,
): Customer {
  const id = client.accountId;
  const extraLines = [site?.line2, site?.line3].map((l) => nonEmpty(l ?? null)).filter(Boolean);
  // A business, live (trashed clients are not served by getClient/getClientList), with no person, business
  // number, fax, mobile, email, links, notes, referral or timestamps on the wire: blankCustomer's empties.
  return {
    ...blankCustomer(id, nonEmpty(client.name) ?? `(unnamed client ${id})`),
    domains: (client.emailDomains ?? []).filter((d): d is string => typeof d === 'string' && d !== ''),
    address: nonEmpty(site?.line1 ?? null),
    address2: extraLines.length > 0 ? extraLines.join(', ') : null,
    city: nonEmpty(site?.city ?? null),
    state: nonEmpty(site?.stateCode ?? null),
    zip: nonEmpty(site?.postalCode ?? null),
    country: countryNameFor(site?.countryCode),
    // The reference: a client's main number is its HQ site's contactNumber.
    phone: nonEmpty(site?.contactNumber ?? null),
    customFields: customValuesFromWire(client.customFields, definitions),
    url: customerUrl(webBase, id),
  };
}

/** A country the bot holds as a name, as the code SuperOps needs; `false` when it cannot be mapped. */
function countryInput(country: string | null | undefined): string | null | undefined | false {
  if (country === undefined || country === null) return country;
  if (country.trim() === '') return null;
  return countryCodeFor(country) ?? false;
}

export class UnmappableFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function siteAddress(patch: CustomerPatch | CustomerCreate) {
  const country = countryInput(patch.country);
  if (country === false) {
    throw new UnmappableFieldError(
      'country',
      `SuperOps needs the country as an ISO two-letter code (US, GB, DE…); “${patch.country}” is not one we know.`,
    );
  }
  return {
    line1: patch.address,
    line2: patch.address2,
    city: patch.city,
    postalCode: patch.zip,
    stateCode: patch.state === undefined || patch.state === null ? patch.state : patch.state.trim() || null,
    countryCode: country,
  };
}

/** createClientV2's input (the HQ site from `choices`), and the phone to put on that site afterwards. */
export function customerCreateToWire(input: CustomerCreate): {
  input: CreateClientInput;
  phone: string | null;
} {
  const choices = input.choices ?? {};
  const zone = nonEmpty(choices[CHOICE_KEYS.timezone]) ?? FALLBACK_TIME_ZONE;
  if (!isTimeZone(zone)) {
    throw new UnmappableFieldError(
      CHOICE_KEYS.timezone,
      `SuperOps needs an IANA time zone such as America/New_York; “${zone}” is not one.`,
    );
  }
  const address = siteAddress(input);
  const hqSite: CreateClientInput['hqSite'] = {
    name: nonEmpty(choices[CHOICE_KEYS.siteName]) ?? DEFAULT_SITE_NAME,
    working24x7: (choices[CHOICE_KEYS.working24x7] ?? '').trim().toLowerCase() === 'true',
    timezoneCode: zone,
  };
  // Create sends only what was given (no nulls): SuperOps fills its own defaults.
  for (const [key, value] of Object.entries(address) as [keyof typeof address, string | null | undefined][]) {
    if (value !== undefined && value !== null) hqSite[key] = value;
  }
  const wire: CreateClientInput = { name: input.name, hqSite };
  const domains = (input.domains ?? []).map((d) => d.trim().toLowerCase()).filter(Boolean);
  if (domains.length > 0) wire.emailDomains = domains;
  return { input: wire, phone: nonEmpty(input.phone ?? null) };
}

/** What of a patch goes to updateClient, and what to the HQ site (updateClientSite). */
export function customerPatchToWire(patch: CustomerPatch): {
  client: Omit<UpdateClientInput, 'accountId'>;
  site: Omit<UpdateClientSiteInput, 'id'>;
} {
  const client: Omit<UpdateClientInput, 'accountId'> = {};
  assign(client, 'name', patch.name);
  if (patch.domains !== undefined) {
    client.emailDomains = (patch.domains ?? []).map((d) => d.trim().toLowerCase()).filter(Boolean);
  }
  const site: Omit<UpdateClientSiteInput, 'id'> = {};
  const address = siteAddress(patch);
  assign(site, 'line1', address.line1);
  assign(site, 'line2', address.line2);
  assign(site, 'city', address.city);
  assign(site, 'postalCode', address.postalCode);
  assign(site, 'stateCode', address.stateCode);
  assign(site, 'countryCode', address.countryCode);
  assign(site, 'contactNumber', patch.phone);
  return { client, site };
}

// ---- Contacts (client users).

export function contactFromWire(
  wire: WireClientUser,
  context: { customerId?: string | undefined; customerName?: string | null; primaryUserId?: string } = {},
): Contact {
  const firstName = nonEmpty(wire.firstName ?? null);
  const lastName = nonEmpty(wire.lastName ?? null);
  const email = nonEmpty(wire.email ?? null);
  // A client user has one contact number, no mobile, title, notes, address, custom values or timestamps: those
  // stay blankContact's empties.
  return {
    ...blankContact(
      wire.userId,
      context.customerId ?? wire.client?.accountId ?? '',
      nonEmpty(wire.name ?? null) ?? displayName({ firstName, lastName, email }),
    ),
    customerName: context.customerName ?? refName(wire.client ?? null),
    firstName,
    lastName,
    email,
    phone: nonEmpty(wire.contactNumber ?? null),
    isPrimary: context.primaryUserId !== undefined && context.primaryUserId === wire.userId,
  };
}

export function contactCreateToWire(
  input: ContactCreate,
  roleId: string,
  siteId: string,
): CreateClientUserInput {
  const wire: CreateClientUserInput = {
    firstName: input.firstName ?? '',
    email: input.email ?? '',
    role: { roleId },
    // The client user belongs to the client through an association with one of its sites (the HQ).
    addAssociations: [{ client: { accountId: input.customerId }, site: { id: siteId } }],
  };
  if (nonEmpty(input.lastName ?? null)) wire.lastName = input.lastName ?? null;
  if (nonEmpty(input.phone ?? null)) wire.contactNumber = input.phone ?? null;
  return wire;
}

export function contactPatchToWire(patch: ContactPatch): Omit<UpdateClientUserInput, 'userId'> {
  const wire: Omit<UpdateClientUserInput, 'userId'> = {};
  // firstName and email "cannot be set to null" (UpdateClientUserInput): a clear is not sent.
  if (patch.firstName) wire.firstName = patch.firstName;
  if (patch.email) wire.email = patch.email;
  assign(wire, 'lastName', patch.lastName);
  assign(wire, 'contactNumber', patch.phone);
  return wire;
}

// ---- Filter conditions. Operators per support article 6632220; `equals` and `in` fail live (HTTP 500).

function domainOf(query: string): string | undefined {
  const text = query.trim().toLowerCase();
  const candidate = text.includes('@') ? text.slice(text.lastIndexOf('@') + 1) : text;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(candidate) ? candidate : undefined;
}

/** Clients whose name contains the text, or whose email domains include it (a domain or an email). */
export function clientSearchCondition(query: string): RuleCondition {
  const byName: RuleCondition = { attribute: 'name', operator: 'contains', value: query.trim() };
  const domain = domainOf(query);
  if (!domain) return byName;
  // joinOperator must be uppercase: anything else is silently treated as OR (errata).
  return {
    joinOperator: 'OR',
    operands: [byName, { attribute: 'emailDomains', operator: 'includes', value: [domain] }],
  };
}

/** Client users by name or email ("The name, email fields of ClientUser can be used in the filter condition"). */
export function clientUserSearchCondition(query: string): RuleCondition {
  const text = query.trim();
  return {
    joinOperator: 'OR',
    operands: [
      { attribute: 'name', operator: 'contains', value: text },
      { attribute: 'email', operator: 'contains', value: text },
    ],
  };
}

/**
 * Statuses that end a ticket's life: the two the filter example of support article 6632220 names
 * (`"attribute": "status", "operator": "includes", "value": ["Resolved", "Closed"]`). Status names are per tenant
 * [INFERRED that these two are every tenant's closing ones].
 */
export const CLOSED_TICKET_STATUSES = ['Closed', 'Resolved'];

/**
 * A client's tickets and assets are filtered by `client.name` (Ticket.client: "Returns accountId and name fields
 * as JSON. The name field can be used in the filter condition"): `client.accountId` is not a documented filter.
 * Client names are unique (the reference's CreateClientInputV2.name), so the count is this client's. Open tickets
 * are those whose status is not among the closing ones: `notIncludes` with a list, the negation of the article's
 * `includes` example (listed among its operators; not live-confirmed on status by any public source).
 */
export function openTicketsCondition(clientName: string): RuleCondition {
  return {
    joinOperator: 'AND',
    operands: [
      { attribute: 'client.name', operator: 'is', value: clientName },
      { attribute: 'status', operator: 'notIncludes', value: CLOSED_TICKET_STATUSES },
    ],
  };
}

export function assetsCondition(clientName: string): RuleCondition {
  return { attribute: 'client.name', operator: 'is', value: clientName };
}

/** Records are pinned to the client by id where the JSON carries a usable one, else by its (unique) name. */
export function belongsTo(ref: JsonRef, customerId: string, clientName: string): boolean {
  if (ref?.accountId !== undefined) return ref.accountId === customerId;
  return refName(ref) === clientName;
}

// ---- Related records for the delete impact.

export function ticketRecord(wire: WireTicket, webBase: string): RelatedRecord {
  const parts = [nonEmpty(wire.displayId ?? null), nonEmpty(wire.subject ?? null)].filter(Boolean);
  return {
    id: wire.ticketId,
    title: parts.join(' · ') || `Ticket ${wire.ticketId}`,
    url: ticketUrl(webBase, wire.ticketId),
  };
}

export function assetRecord(wire: WireAsset, webBase: string): RelatedRecord {
  const id = wire.assetId ?? '';
  return {
    id,
    title: nonEmpty(wire.name ?? null) ?? nonEmpty(wire.hostName ?? null) ?? `Asset ${id}`,
    url: id ? assetUrl(webBase, id) : null,
  };
}

export function contractRecord(wire: WireClientContract): RelatedRecord {
  const id = wire.contractId ?? wire.contract?.contractId ?? '';
  const name = nonEmpty(wire.contract?.name ?? null) ?? nonEmpty(wire.contract?.contractType ?? null);
  const status = nonEmpty(wire.contractStatus ?? null);
  return {
    id,
    title: `${name ?? `Contract ${id}`}${status ? ` (${status.toLowerCase()})` : ''}`,
    url: null,
  };
}

// ---- Error params -> domain fields.

export type FieldContext = 'customer' | 'contact';

const CUSTOMER_ATTRIBUTES: Record<string, string> = {
  name: 'name',
  emailDomains: 'domains',
  line1: 'address',
  line2: 'address2',
  line3: 'address2',
  city: 'city',
  postalCode: 'zip',
  stateCode: 'state',
  countryCode: 'country',
  contactNumber: 'phone',
  timezoneCode: CHOICE_KEYS.timezone,
  working24x7: CHOICE_KEYS.working24x7,
  'hqSite.name': CHOICE_KEYS.siteName,
  hqSite: CHOICE_KEYS.siteName,
};
const CONTACT_ATTRIBUTES: Record<string, string> = {
  firstName: 'firstName',
  lastName: 'lastName',
  name: 'firstName',
  email: 'email',
  contactNumber: 'phone',
  role: CHOICE_KEYS.role,
  roleId: CHOICE_KEYS.role,
};

/** The domain field an error's attribute path names ("email", "hqSite.timezoneCode", "input.name"). */
export function domainFieldOf(attribute: string, context: FieldContext): string | undefined {
  const table = context === 'customer' ? CUSTOMER_ATTRIBUTES : CONTACT_ATTRIBUTES;
  const path = attribute.replace(/^input\./, '').replace(/\[\d+\]/g, '');
  if (table[path]) return table[path];
  const last = path.split('.').at(-1) ?? path;
  return table[last];
}

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  domains: 'email domain',
  email: 'email address',
  phone: 'phone number',
  firstName: 'first name',
  lastName: 'last name',
  address: 'address',
  address2: 'address',
  city: 'city',
  state: 'state code',
  zip: 'postal code',
  country: 'country',
  [CHOICE_KEYS.timezone]: 'time zone',
  [CHOICE_KEYS.siteName]: 'site name',
  [CHOICE_KEYS.working24x7]: '24x7 setting',
  [CHOICE_KEYS.role]: 'role',
};

/** What a user reads beside the field SuperOps refused, by clientError code. */
export function fieldMessage(code: string, field: string, context: FieldContext): string {
  const label = FIELD_LABELS[field] ?? field;
  switch (code) {
    case 'unique_validation_failed':
      if (field === 'email') {
        return 'This email already belongs to another SuperOps user (a client user or a technician).';
      }
      if (field === 'name' && context === 'customer')
        return 'A SuperOps client with this name already exists.';
      if (field === 'domains') return 'Another SuperOps client already uses this email domain.';
      return `SuperOps already has a record with this ${label}.`;
    case 'mandatory_validation_failed':
      return `SuperOps requires a ${label}.`;
    case 'value_length_exceeds_limit':
      return `The ${label} is longer than SuperOps allows.`;
    case 'value_pattern_validation_failed':
    case 'type_validation_failed':
      if (field === 'email') return 'SuperOps does not accept this email address.';
      if (field === 'country') return 'SuperOps needs the country as an ISO two-letter code (US, GB, DE…).';
      if (field === CHOICE_KEYS.timezone) return 'SuperOps needs an IANA time zone such as America/New_York.';
      return `SuperOps does not accept this ${label}.`;
    case 'referred_value_does_not_exist':
      return `SuperOps does not know this ${label}.`;
    case 'dependent_validation_failed':
      return `The ${label} does not fit the other values.`;
    default:
      return `SuperOps did not accept the ${label} (${code}).`;
  }
}
