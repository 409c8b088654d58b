// Adding a contact: who may, whether the email is already someone's, and the write itself with its audit row.
import type { Contact, ContactCreate, CustomFieldValue } from '../domain/index.js';
import type { Workspace } from '../workspaces.js';
import { Writer } from './audit.js';
import { type Actor, isStale, type OperationDeps, type Refused, refuse, type Stale } from './context.js';
import { withDeadline } from './deadline.js';
import { contactWithEmail } from './lookups.js';

export interface NewContact {
  customerId: string;
  fields: Omit<ContactCreate, 'customerId'>;
  /** Contact custom values chosen in the form, by field name. */
  customFields?: Record<string, CustomFieldValue>;
  /** The connection the form was opened on (its modal's metadata). */
  connection?: string | undefined;
}

export type ContactCheck = Refused | Stale | { kind: 'duplicate'; existing: Contact } | { kind: 'ok' };

/**
 * The checks a submission can answer inline (inside Slack's 3 seconds): the permission, the connection, and a
 * contact that already uses the email (skipped, not waited for, past `deadlineMs`).
 */
export async function checkNewContact(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  input: Pick<NewContact, 'fields' | 'connection'>,
  deadlineMs: number,
): Promise<ContactCheck> {
  if (isStale(ws, input.connection)) return { kind: 'stale' };
  const email = input.fields.email;
  const [refused, existing] = await Promise.all([
    refuse(deps, ws.key, actor, 'create'),
    email ? withDeadline(deadlineMs, (signal) => contactWithEmail(ws, email, signal)) : undefined,
  ]);
  if (refused) return refused;
  if (existing) return { kind: 'duplicate', existing };
  return { kind: 'ok' };
}

export type AddContactOutcome =
  | Refused
  | Stale
  | { kind: 'added'; contact: Contact; failedFields: string[] }
  | { kind: 'failed'; error: unknown };

/** Creates the contact (the permission checked again at the moment of the write), then its custom values. */
export async function addContact(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  input: NewContact,
  signal?: AbortSignal,
): Promise<AddContactOutcome> {
  if (isStale(ws, input.connection)) return { kind: 'stale' };
  const refused = await refuse(deps, ws.key, actor, 'create');
  if (refused) return refused;
  const writer = new Writer(deps, ws, actor);
  let contact: Contact;
  try {
    contact = await writer.createContact({ ...input.fields, customerId: input.customerId }, signal);
  } catch (error) {
    return { kind: 'failed', error };
  }
  // A custom value the vendor refuses does not undo the contact; the card says which did not stick.
  const failedFields: string[] = [];
  for (const [name, value] of Object.entries(input.customFields ?? {})) {
    try {
      await writer.setContactCustomField(contact, name, value, signal);
      contact = { ...contact, customFields: { ...contact.customFields, [name]: value } };
    } catch {
      failedFields.push(name);
    }
  }
  const customerName = contact.customerName ?? ws.index.getCustomer(input.customerId)?.name ?? null;
  return { kind: 'added', contact: { ...contact, customerName }, failedFields };
}
