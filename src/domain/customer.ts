// The vendor-neutral customer (company) record, and what a create or an edit may carry.
import { z } from 'zod';
import { CustomFieldValueSchema } from './custom-field.js';

const text = z.string().nullable();

export const CustomerSchema = z.object({
  /** Vendor ids are numbers on the wire; the bot keeps them as strings. */
  id: z.string(),
  /** What users call it: the business name, or the person's name for a residential customer. */
  name: z.string(),
  /** A company, or a person (Syncro's residential customers have no business name). */
  kind: z.enum(['business', 'person']),
  /** The person on the record: a residential customer's own name, or a business's billing person (Syncro). */
  firstName: text,
  lastName: text,
  /**
   * False when the vendor keeps the record but it is retired: deactivated (Autotask, whose companies cannot be
   * deleted) or in the trash (SuperOps, restorable for 30 days). Retired customers are not offered in lookups.
   */
  active: z.boolean(),
  domains: z.array(z.string()),
  businessNumber: text,
  address: text,
  address2: text,
  city: text,
  state: text,
  zip: text,
  country: text,
  phone: text,
  fax: text,
  mobile: text,
  email: text,
  links: z.array(z.string()),
  notes: text,
  referredBy: text,
  customFields: z.record(z.string(), CustomFieldValueSchema),
  /** ISO 8601 timestamps, or null when the vendor did not say. */
  createdAt: text,
  modifiedAt: text,
  /** The record in the vendor's own web app, for "Open in Atera/Syncro". */
  url: text,
});
export type Customer = z.infer<typeof CustomerSchema>;

/** Fields a user may set on create or change on edit. `null` clears a field; absent leaves it alone. */
export const CustomerChangesSchema = CustomerSchema.omit({
  id: true,
  customFields: true,
  createdAt: true,
  modifiedAt: true,
  url: true,
  active: true,
}).extend({
  name: z.string().min(1),
  /** Vendor-specific required choices offered by `customerCreateChoices` (Autotask type and owner, SuperOps site). */
  choices: z.record(z.string(), z.string()).optional(),
});
export const CustomerCreateSchema = CustomerChangesSchema.partial().required({ name: true });
export type CustomerCreate = z.infer<typeof CustomerCreateSchema>;
export const CustomerPatchSchema = CustomerChangesSchema.partial();
export type CustomerPatch = z.infer<typeof CustomerPatchSchema>;

/** The customer fields a form can offer besides the name. */
export type CustomerField = Exclude<keyof CustomerPatch, 'name' | 'choices'>;

/** An empty customer with only the given fields set: handy for vendors and tests. */
export function blankCustomer(id: string, name: string): Customer {
  return {
    id,
    name,
    kind: 'business',
    firstName: null,
    lastName: null,
    active: true,
    domains: [],
    businessNumber: null,
    address: null,
    address2: null,
    city: null,
    state: null,
    zip: null,
    country: null,
    phone: null,
    fax: null,
    mobile: null,
    email: null,
    links: [],
    notes: null,
    referredBy: null,
    customFields: {},
    createdAt: null,
    modifiedAt: null,
    url: null,
  };
}
