// Archives: a customer (or contact) as the vendor holds it, with its contacts and custom values, kept encrypted
// before every delete and on request; turned into JSON and CSV files; and recreated from, once.
import { z } from 'zod';
import {
  type Contact,
  ContactSchema,
  type Customer,
  CustomerSchema,
  type CustomFieldValue,
  explainError,
  isVendorError,
} from '../domain/index.js';
import type { ArchiveRow } from '../store/archives.js';
import type { Workspace } from '../workspaces.js';
import { auditEntry, record, Writer } from './audit.js';
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

export const ArchiveContentSchema = z.object({
  version: z.literal(1),
  /** What was archived: a customer with its contacts, or one contact. */
  kind: z.enum(['customer', 'contact']),
  vendor: z.string(),
  vendorLabel: z.string(),
  takenAt: z.string(),
  reason: z.enum(['delete', 'export']),
  /** The customer (for a contact archive: the contact's customer, as it was). */
  customer: CustomerSchema.nullable(),
  /** Every contact of the customer, archived ones too (marked), or the one contact. */
  contacts: z.array(ContactSchema),
});
export type ArchiveContent = z.infer<typeof ArchiveContentSchema>;

export interface ArchiveFiles {
  /** A file name without extension, e.g. `acme-corporation-2026-12-01`. */
  baseName: string;
  json: string;
  csv: string;
}

export interface KeptArchive {
  archive: ArchiveRow;
  content: ArchiveContent;
  files: ArchiveFiles;
}

/** A CSV cell: quoted when it must be, and defused so a spreadsheet never runs it as a formula. */
function cell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : Array.isArray(value)
        ? value.join('; ')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CUSTOMER_COLUMNS = [
  'id',
  'name',
  'kind',
  'domains',
  'email',
  'phone',
  'mobile',
  'fax',
  'address',
  'address2',
  'city',
  'state',
  'zip',
  'country',
  'businessNumber',
  'links',
  'notes',
  'referredBy',
  'createdAt',
  'url',
] as const satisfies readonly (keyof Customer)[];
const CONTACT_COLUMNS = [
  'id',
  'customerId',
  'firstName',
  'lastName',
  'fullName',
  'email',
  'phone',
  'mobile',
  'title',
  'isPrimary',
  'address',
  'city',
  'state',
  'zip',
  'notes',
  'archived',
  'ignored',
  'createdAt',
  'url',
] as const satisfies readonly (keyof Contact)[];

/**
 * One CSV: a row for the customer, then a row per contact, under one header (record type first), with a column
 * per custom field, so a spreadsheet shows each record as the vendor had it.
 */
export function archiveCsv(content: ArchiveContent): string {
  // A contact's archive keeps its customer for reference, but has no customer row to fill these in.
  const customerFields = content.kind === 'customer' ? Object.keys(content.customer?.customFields ?? {}) : [];
  const contactFields = [...new Set(content.contacts.flatMap((c) => Object.keys(c.customFields)))];
  const columns = [...new Set<string>([...CUSTOMER_COLUMNS, ...CONTACT_COLUMNS])];
  const header = [
    'record',
    ...columns,
    ...customerFields.map((f) => `customer field: ${f}`),
    ...contactFields.map((f) => `contact field: ${f}`),
  ];
  const rows: unknown[][] = [];
  const c = content.customer;
  if (c && content.kind === 'customer') {
    rows.push([
      'customer',
      ...columns.map((k) => (k in c ? c[k as keyof Customer] : '')),
      ...customerFields.map((f) => c.customFields[f]),
      ...contactFields.map(() => ''),
    ]);
  }
  for (const p of content.contacts) {
    rows.push([
      'contact',
      ...columns.map((k) => (k in p ? p[k as keyof Contact] : '')),
      ...customerFields.map(() => ''),
      ...contactFields.map((f) => p.customFields[f]),
    ]);
  }
  return `${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function archiveFiles(content: ArchiveContent): ArchiveFiles {
  const name = content.kind === 'customer' ? content.customer?.name : content.contacts[0]?.fullName;
  const slug =
    (name ?? content.kind)
      .toLowerCase()
      .normalize('NFKD')
      // Accents apart from their letters, then dropped: "Müller" is "muller", not "mu-ller".
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || content.kind;
  return {
    baseName: `${slug}-${content.takenAt.slice(0, 10)}`,
    json: `${JSON.stringify(content, null, 2)}\n`,
    csv: archiveCsv(content),
  };
}

/** Reads what an archive holds, from the vendor, as it is now. */
async function readForArchive(
  ws: Workspace,
  target: { type: 'customer' | 'contact'; id: string },
  reason: ArchiveContent['reason'],
  signal?: AbortSignal,
): Promise<ArchiveContent> {
  const vendor = ws.vendor;
  const base = {
    version: 1 as const,
    kind: target.type,
    vendor: vendor.vendor,
    vendorLabel: vendor.capabilities.label,
    takenAt: new Date().toISOString(),
    reason,
  };
  if (target.type === 'customer') {
    // The vendor's own record and full contact list, not the index's summary: the archive must be complete.
    const [customer, contacts] = await Promise.all([
      vendor.getCustomer(target.id, { signal }),
      vendor.listContacts(target.id, { signal }),
    ]);
    const customFields: Record<string, CustomFieldValue> =
      vendor.capabilities.customFields && Object.keys(customer.customFields).length === 0
        ? await vendor.getCustomFieldValues(target.id, { signal }).catch(() => ({}))
        : customer.customFields;
    const detailed = await Promise.all(contacts.map((c) => contactDetail(ws, c, signal)));
    return { ...base, customer: { ...customer, customFields }, contacts: detailed };
  }
  const contact = await contactDetail(ws, await vendor.getContact(target.id, { signal }), signal);
  const customer = await vendor.getCustomer(contact.customerId, { signal }).catch(() => null);
  return { ...base, customer, contacts: [contact] };
}

/** Reads and keeps an archive (encrypted, for the retention period); the caller sends the files. */
export async function keepArchive(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  target: { type: 'customer' | 'contact'; id: string },
  reason: ArchiveContent['reason'],
  signal?: AbortSignal,
): Promise<KeptArchive> {
  const content = await readForArchive(ws, target, reason, signal);
  const now = (deps.now ?? Date.now)();
  const name =
    target.type === 'customer'
      ? (content.customer?.name ?? target.id)
      : (content.contacts[0]?.fullName ?? target.id);
  const archive = await deps.store.archives.create({
    workspace: ws.key,
    connection: ws.fingerprint,
    entityType: target.type,
    entityId: target.id,
    entityName: name,
    content: JSON.stringify(content),
    createdBy: actor.userId,
    createdAt: now,
    expiresAt: now + deps.config.archiveRetentionMs,
  });
  return { archive, content, files: archiveFiles(content) };
}

export type ExportOutcome = Refused | Stale | { kind: 'gone' } | ({ kind: 'exported' } & KeptArchive);

/**
 * "Export" on a card: an archive without a delete, for the user who asked (audited). The card's id is stale from
 * another connection: nothing is read, kept or sent (the files would hold whatever this account has under it).
 */
export async function exportCustomer(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  { id, connection }: CarriedId,
  signal?: AbortSignal,
): Promise<ExportOutcome> {
  if (isStale(ws, connection)) return { kind: 'stale' };
  const refused = await refuse(deps, ws.key, actor, 'lookup');
  if (refused) return refused;
  try {
    const kept = await keepArchive(deps, ws, actor, { type: 'customer', id }, 'export', signal);
    await record(
      deps,
      auditEntry(ws.key, ws.vendor.vendor, actor, {
        action: 'export',
        entityType: 'customer',
        entityId: id,
        entityName: kept.archive.entityName,
        changes: { contacts: [null, kept.content.contacts.length] },
        outcome: 'ok',
        error: null,
        details: { archiveId: kept.archive.id },
      }),
    );
    return { kind: 'exported', ...kept };
  } catch (error) {
    if (isVendorError(error, 'not_found')) return { kind: 'gone' };
    throw error;
  }
}

/** Why the vendor did not take one part of a recreate, in a few words (an email in use, a field refused). */
const reasonOf = (error: unknown) => explainError(error).what.slice(0, 200);

export type RecreateOutcome =
  | Refused
  | Stale
  | { kind: 'missing' }
  | { kind: 'already'; by: string | null; customerId: string | null }
  /**
   * The vendor still holds the original (Autotask deactivated it, SuperOps keeps it in its trash): restoring it
   * keeps its ids, tickets and devices, where a recreate would make a second customer beside it.
   */
  | { kind: 'restore_instead'; removal: 'deactivate' | 'trash' }
  | {
      kind: 'recreated';
      customer: Customer;
      contacts: Contact[];
      /** Contacts and custom values the vendor did not take, by name, each with the vendor's reason. */
      failed: string[];
    }
  | { kind: 'failed'; error: unknown };

/**
 * "Recreate from archive" (admins, from an audit entry): a new customer with the archived fields, contacts and
 * custom values, new ids, audited. Devices and tickets do not come back: the answer says so. Runs once.
 */
export async function recreateFromArchive(
  deps: OperationDeps,
  ws: Workspace,
  actor: Actor,
  archiveId: string,
  signal?: AbortSignal,
): Promise<RecreateOutcome> {
  const refused = await refuse(deps, ws.key, actor, 'admin');
  if (refused) return refused;
  const archives = deps.store.archives;
  const row = await archives.get(ws.key, archiveId);
  if (!row) return { kind: 'missing' };
  if (isStale(ws, row.connection)) return { kind: 'stale' };
  const parsed = ArchiveContentSchema.safeParse(JSON.parse(row.content));
  const archived = parsed.success ? parsed.data.customer : null;
  if (!parsed.success || !archived || parsed.data.kind !== 'customer') return { kind: 'missing' };
  const removal = ws.vendor.capabilities.customerRemoval;
  if (removal !== 'delete') {
    const original = await ws.vendor.getCustomer(archived.id, { signal }).catch(() => undefined);
    if (original) return { kind: 'restore_instead', removal };
  }
  const now = (deps.now ?? Date.now)();
  if (!(await archives.claimRecreate(ws.key, archiveId, actor.userId, now))) {
    const current = await archives.get(ws.key, archiveId);
    return { kind: 'already', by: current?.recreatedBy ?? null, customerId: current?.recreatedId ?? null };
  }
  const writer = new Writer(deps, ws, actor);
  const { id: _id, customFields, createdAt: _c, modifiedAt: _m, url: _u, active: _a, ...fields } = archived;
  let customer: Customer;
  try {
    customer = await writer.createCustomer(fields, signal, { archiveId });
  } catch (error) {
    // Nothing exists yet: the archive may be used again.
    await archives.releaseRecreate(ws.key, archiveId);
    return { kind: 'failed', error };
  }
  await archives.finishRecreate(ws.key, archiveId, customer.id);
  const failed: string[] = [];
  for (const [name, value] of Object.entries(customFields)) {
    if (value === null) continue;
    await writer
      .setCustomField(customer, name, value, signal)
      .catch((error: unknown) => failed.push(`${name} (${reasonOf(error)})`));
  }
  for (const c of parsed.data.contacts.filter((x) => !x.archived)) {
    try {
      const contact = await writer.createContact(
        {
          customerId: customer.id,
          firstName: c.firstName,
          lastName: c.lastName,
          email: c.email,
          phone: c.phone,
          mobile: c.mobile,
          title: c.title,
          isPrimary: c.isPrimary,
          notes: c.notes,
          ...(ws.vendor.capabilities.contactAddress
            ? { address: c.address, city: c.city, state: c.state, zip: c.zip }
            : {}),
        },
        signal,
      );
      for (const [name, value] of Object.entries(c.customFields)) {
        if (value === null) continue;
        await writer
          .setContactCustomField(contact, name, value, signal)
          .catch((error: unknown) => failed.push(`${c.fullName}: ${name} (${reasonOf(error)})`));
      }
    } catch (error) {
      failed.push(`${c.fullName} (${reasonOf(error)})`);
    }
  }
  const detail = await customerDetail(ws, customer.id, signal).catch(() => ({ customer, contacts: [] }));
  return { kind: 'recreated', customer: detail.customer, contacts: detail.contacts, failed };
}
