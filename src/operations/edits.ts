// Editing a customer or a contact: read the record as the vendor holds it now, send only what the form changed.
import {
  type Contact,
  type ContactPatch,
  type Customer,
  type CustomerCreate,
  type CustomerPatch,
  type CustomFieldDefinition,
  type CustomFieldValue,
  isVendorError,
} from '../domain/index.js';
import type { Workspace } from '../workspaces.js';
import { Writer } from './audit.js';
import {
  type Actor,
  type CarriedId,
  isStale,
  type OperationDeps,
  type Refused,
  refuse,
  type Stale,
} from './context.js';
import { contactDetail, customerDetail } from './lookups.js';

type Gone = { kind: 'gone' };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The forms lower-case every email they read, while the vendor keeps the case it was typed in: an email that
 * differs only in case is the same address, and is not rewritten.
 */
const sameField = (key: string, a: unknown, b: unknown) =>
  key === 'email' && typeof a === 'string' && typeof b === 'string'
    ? a.trim().toLowerCase() === b.trim().toLowerCase()
    : same(a, b);

/** Only the fields the form changed, so an edit never overwrites a field someone else changed meanwhile. */
export function customerChanges(before: Customer, after: CustomerCreate): CustomerPatch {
  const patch: CustomerPatch = {};
  for (const [key, value] of Object.entries(after) as [keyof CustomerCreate, unknown][]) {
    if (key === 'choices') continue;
    // A person stays a person: an edit form that does not show the kind never sends one.
    if (key === 'kind' && value === undefined) continue;
    if (!sameField(key, before[key as keyof Customer], value)) Object.assign(patch, { [key]: value });
  }
  return patch;
}

/** The contact fields a form may hold, and which of them it changed. */
export type ContactFields = Omit<ContactPatch, 'choices'>;

/**
 * What the user changed in the form: the fields whose value differs from what the form showed when it opened.
 * Those (and only those) are written, so a change made at the vendor while the modal was open survives.
 */
function formChanges<T extends object>(shown: T, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(after) as [keyof T & string, unknown][]) {
    if (!sameField(key, (shown as Record<string, unknown>)[key], value)) Object.assign(out, { [key]: value });
  }
  return out;
}

export function contactChanges(before: Contact, fields: ContactFields, emailEditable: boolean): ContactPatch {
  const patch: ContactPatch = {};
  for (const [key, value] of Object.entries(fields) as [keyof ContactFields, unknown][]) {
    if (key === 'email' && !emailEditable) continue;
    if (value === undefined) continue;
    if (!sameField(key, before[key], value)) Object.assign(patch, { [key]: value });
  }
  return patch;
}

/** No value, however the vendor or the form spells it (absent, null, "", an empty multi-select). */
const unset = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Custom values the form changed (by field name); unchanged ones are not written again. An empty input over a
 * value never set is no change: an untouched multi-select submits [] where the vendor holds nothing.
 */
export function customFieldChanges(
  before: Record<string, CustomFieldValue>,
  after: Record<string, CustomFieldValue>,
): Record<string, CustomFieldValue> {
  const out: Record<string, CustomFieldValue> = {};
  for (const [name, value] of Object.entries(after)) {
    if (unset(before[name]) && unset(value)) continue;
    if (!same(before[name], value)) out[name] = value;
  }
  return out;
}

/**
 * The custom values an edit writes: those the user changed from what the form showed (where that is known), then
 * only those that differ from the record's values now.
 */
function customFieldPatch(
  now: Record<string, CustomFieldValue>,
  edit: {
    customFields?: Record<string, CustomFieldValue>;
    shown?: { customFields?: Record<string, CustomFieldValue> } | undefined;
  },
): Record<string, CustomFieldValue> {
  const submitted = edit.customFields ?? {};
  const touched = edit.shown?.customFields ? formChanges(edit.shown.customFields, submitted) : submitted;
  return customFieldChanges(now, touched as Record<string, CustomFieldValue>);
}

async function definitionsFor(
  ws: Workspace,
  target: 'customer' | 'contact',
  signal?: AbortSignal,
): Promise<CustomFieldDefinition[]> {
  const caps = ws.vendor.capabilities;
  const supported = target === 'customer' ? caps.customFields : caps.contactCustomFields;
  if (!supported) return [];
  // A form without its custom fields is better than no form: they can be set later.
  const all = await ws.vendor.listCustomFieldDefinitions({ signal }).catch(() => []);
  return all.filter((d) => d.target === target);
}

/**
 * What an Edit modal opens with. `connection` is the one the id came from (the card's, checked to be the one in
 * use), for the modal's metadata: the form's submission is stale after a reconnect too.
 */
export type EditLoad<T> =
  | Refused
  | Stale
  | Gone
  | { kind: 'ready'; record: T; definitions: CustomFieldDefinition[]; connection: string };

/**
 * The customer as it is now, for the Edit modal, with its custom field definitions. An id carried from another
 * connection is stale: the form is not opened on whatever this account holds under it.
 */
export async function loadCustomerEdit(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  { id, connection }: CarriedId,
  signal?: AbortSignal,
): Promise<EditLoad<Customer>> {
  if (isStale(ws, connection)) return { kind: 'stale' };
  const refused = await refuse(deps, ws.key, actor, 'edit');
  if (refused) return refused;
  try {
    const [record, definitions] = await Promise.all([
      ws.vendor.getCustomer(id, { signal }),
      definitionsFor(ws, 'customer', signal),
    ]);
    const customFields =
      Object.keys(record.customFields).length > 0 || definitions.length === 0
        ? record.customFields
        : await ws.vendor.getCustomFieldValues(id, { signal }).catch(() => ({}));
    return { kind: 'ready', record: { ...record, customFields }, definitions, connection: ws.fingerprint };
  } catch (error) {
    if (isVendorError(error, 'not_found')) return { kind: 'gone' };
    throw error;
  }
}

/** The contact as it is now, for the Edit modal; stale from another connection, as above. */
export async function loadContactEdit(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  { id, connection }: CarriedId,
  signal?: AbortSignal,
): Promise<EditLoad<Contact>> {
  if (isStale(ws, connection)) return { kind: 'stale' };
  const refused = await refuse(deps, ws.key, actor, 'edit');
  if (refused) return refused;
  try {
    const [contact, definitions] = await Promise.all([
      ws.vendor.getContact(id, { signal }),
      definitionsFor(ws, 'contact', signal),
    ]);
    return {
      kind: 'ready',
      record: await contactDetail(ws, contact, signal),
      definitions,
      connection: ws.fingerprint,
    };
  } catch (error) {
    if (isVendorError(error, 'not_found')) return { kind: 'gone' };
    throw error;
  }
}

export type EditOutcome<T> =
  | Refused
  | Stale
  | Gone
  | { kind: 'unchanged' | 'saved'; record: T; contacts: Contact[]; failedFields: string[] }
  | { kind: 'failed'; error: unknown };

export interface CustomerEdit {
  id: string;
  connection: string | undefined;
  changes: CustomerCreate;
  customFields?: Record<string, CustomFieldValue>;
  /** What the form showed when it opened: only what differs from it is written. */
  shown?: { changes: CustomerCreate; customFields?: Record<string, CustomFieldValue> } | undefined;
}

export async function editCustomer(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  edit: CustomerEdit,
  signal?: AbortSignal,
): Promise<EditOutcome<Customer>> {
  if (isStale(ws, edit.connection)) return { kind: 'stale' };
  const refused = await refuse(deps, ws.key, actor, 'edit');
  if (refused) return refused;
  const writer = new Writer(deps, ws, actor);
  try {
    const before = await ws.vendor.getCustomer(edit.id, { signal });
    // Against what the form showed where it is known (a change made meanwhile at the vendor survives), then
    // against the record as it is now (nothing is sent twice).
    const touched = edit.shown ? formChanges(edit.shown.changes, edit.changes) : edit.changes;
    const patch = customerChanges(before, { ...touched, name: touched.name ?? edit.changes.name });
    if (!('name' in touched)) delete patch.name;
    const beforeValues =
      edit.customFields && Object.keys(before.customFields).length === 0
        ? await ws.vendor.getCustomFieldValues(edit.id, { signal }).catch(() => ({}))
        : before.customFields;
    const fieldPatch = customFieldPatch(beforeValues, edit);
    if (Object.keys(patch).length > 0) await writer.updateCustomer(before, patch, signal);
    const failedFields: string[] = [];
    for (const [name, value] of Object.entries(fieldPatch)) {
      await writer.setCustomField(before, name, value, signal).catch(() => failedFields.push(name));
    }
    ws.fieldValues.delete(edit.id);
    const { customer, contacts } = await customerDetail(ws, edit.id, signal);
    const changed = Object.keys(patch).length + Object.keys(fieldPatch).length > 0;
    return { kind: changed ? 'saved' : 'unchanged', record: customer, contacts, failedFields };
  } catch (error) {
    if (isVendorError(error, 'not_found')) return { kind: 'gone' };
    return { kind: 'failed', error };
  }
}

export interface ContactEdit {
  id: string;
  connection: string | undefined;
  fields: ContactFields;
  customFields?: Record<string, CustomFieldValue>;
  /** What the form showed when it opened: only what differs from it is written. */
  shown?: { fields: ContactFields; customFields?: Record<string, CustomFieldValue> } | undefined;
}

export async function editContact(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  edit: ContactEdit,
  signal?: AbortSignal,
): Promise<EditOutcome<Contact>> {
  if (isStale(ws, edit.connection)) return { kind: 'stale' };
  const refused = await refuse(deps, ws.key, actor, 'edit');
  if (refused) return refused;
  const caps = ws.vendor.capabilities;
  const writer = new Writer(deps, ws, actor);
  try {
    const before = await contactDetail(ws, await ws.vendor.getContact(edit.id, { signal }), signal);
    const touched = edit.shown ? formChanges(edit.shown.fields, edit.fields) : edit.fields;
    const patch = contactChanges(before, touched, caps.editableContactEmail);
    const fieldPatch = customFieldPatch(before.customFields, edit);
    let contact = Object.keys(patch).length > 0 ? await writer.updateContact(before, patch, signal) : before;
    const failedFields: string[] = [];
    for (const [name, value] of Object.entries(fieldPatch)) {
      try {
        await writer.setContactCustomField(before, name, value, signal);
        contact = { ...contact, customFields: { ...contact.customFields, [name]: value } };
      } catch {
        failedFields.push(name);
      }
    }
    const changed = Object.keys(patch).length + Object.keys(fieldPatch).length > 0;
    return { kind: changed ? 'saved' : 'unchanged', record: contact, contacts: [], failedFields };
  } catch (error) {
    if (isVendorError(error, 'not_found')) return { kind: 'gone' };
    return { kind: 'failed', error };
  }
}
