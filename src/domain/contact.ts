// The vendor-neutral contact (a person at a customer), and what a create or an edit may carry.
import { z } from 'zod';
import { CustomFieldValueSchema } from './custom-field.js';

const text = z.string().nullable();

export const ContactSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: text,
  firstName: text,
  lastName: text,
  /** Always something printable: the vendor's full name, else first + last, else the email. */
  fullName: z.string(),
  email: text,
  phone: text,
  mobile: text,
  title: text,
  isPrimary: z.boolean(),
  notes: text,
  /** Postal address, where the vendor keeps one per contact (Syncro, Autotask). */
  address: text,
  city: text,
  state: text,
  zip: text,
  /**
   * Not live: archived (Atera `Archived`), inactive (Autotask `isActive: 0`). Never listed, searched or counted
   * as a live contact; shown only on request, marked.
   */
  archived: z.boolean(),
  /** Atera's `InIgnoreMode`: the contact's emails do not open tickets. Shown as "ignored" on the card. */
  ignored: z.boolean(),
  /** Contact custom fields by field name, where the vendor sends them inline (Syncro, Autotask, SuperOps). */
  customFields: z.record(z.string(), CustomFieldValueSchema),
  createdAt: text,
  modifiedAt: text,
  url: text,
});
export type Contact = z.infer<typeof ContactSchema>;

export const ContactChangesSchema = ContactSchema.pick({
  firstName: true,
  lastName: true,
  email: true,
  phone: true,
  mobile: true,
  title: true,
  isPrimary: true,
  notes: true,
  address: true,
  city: true,
  state: true,
  zip: true,
  archived: true,
  ignored: true,
}).extend({
  customerId: z.string().min(1),
  /** Vendor-specific required choices offered by `contactCreateChoices` (SuperOps' requester role), by key. */
  choices: z.record(z.string(), z.string()).optional(),
});
export const ContactCreateSchema = ContactChangesSchema.partial().required({ customerId: true });
export type ContactCreate = z.infer<typeof ContactCreateSchema>;
export const ContactPatchSchema = ContactChangesSchema.partial();
export type ContactPatch = z.infer<typeof ContactPatchSchema>;

/** "Jane Doe" from its parts, falling back to the email or a placeholder so a card never shows "null". */
export function displayName(parts: {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
}): string {
  const name = [parts.firstName, parts.lastName].filter((p) => p?.trim()).join(' ');
  return name || parts.email || '(no name)';
}

/** Splits a single-field name ("Mary Ann Smith") into first ("Mary Ann") and last ("Smith"). */
export function splitName(full: string | null | undefined): {
  firstName: string | null;
  lastName: string | null;
} {
  const words = (full ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { firstName: null, lastName: null };
  if (words.length === 1) return { firstName: words[0] ?? null, lastName: null };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) ?? null };
}

/** An empty contact with only the given fields set: handy for vendors and tests. */
export function blankContact(id: string, customerId: string, fullName: string): Contact {
  return {
    id,
    customerId,
    customerName: null,
    firstName: null,
    lastName: null,
    fullName,
    email: null,
    phone: null,
    mobile: null,
    title: null,
    isPrimary: false,
    notes: null,
    address: null,
    city: null,
    state: null,
    zip: null,
    archived: false,
    ignored: false,
    customFields: {},
    createdAt: null,
    modifiedAt: null,
    url: null,
  };
}
