// The vendor-neutral customer (company) record, and what a create or an edit may carry.
import { z } from 'zod';

/** A custom field's value as the bot sees it; vendors store strings, numbers, dates (ISO) and booleans. */
export const CustomFieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CustomFieldValue = z.infer<typeof CustomFieldValueSchema>;

const text = z.string().nullable();

export const CustomerSchema = z.object({
  /** Vendor ids are numbers on the wire; the bot keeps them as strings. */
  id: z.string(),
  name: z.string(),
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
}).extend({ name: z.string().min(1) });
export const CustomerCreateSchema = CustomerChangesSchema.partial().required({ name: true });
export type CustomerCreate = z.infer<typeof CustomerCreateSchema>;
export const CustomerPatchSchema = CustomerChangesSchema.partial();
export type CustomerPatch = z.infer<typeof CustomerPatchSchema>;

/** The customer fields a form can offer besides the name. */
export type CustomerField = Exclude<keyof CustomerPatch, 'name'>;

/** An empty customer with only the given fields set: handy for vendors and tests. */
export function blankCustomer(id: string, name: string): Customer {
  return {
    id,
    name,
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
