// Syncro API v1 wire shapes (zod): lenient to fields we do not use, strict on the ones we do.
import { z } from 'zod';

const text = z.string().nullish();
const num = z.number().nullish();

/** Custom fields (and a contact's title) live here, keyed by the field's name. */
export const SyncroPropertiesSchema = z.record(z.string(), z.unknown()).nullish();

export const SyncroCustomerSchema = z.object({
  id: z.number().int(),
  firstname: text,
  lastname: text,
  fullname: text,
  business_name: text,
  business_then_name: text,
  email: text,
  phone: text,
  mobile: text,
  address: text,
  address_2: text,
  city: text,
  state: text,
  zip: text,
  notes: text,
  referred_by: text,
  disabled: z.boolean().nullish(),
  created_at: text,
  updated_at: text,
  properties: SyncroPropertiesSchema,
});
export type SyncroCustomer = z.infer<typeof SyncroCustomerSchema>;

/** Customers are wrapped on GET, POST and PUT. */
export const SyncroCustomerEnvelopeSchema = z.object({ customer: SyncroCustomerSchema });

/** `meta` on customers/contacts lists; missing on some endpoints, so the client copes without it. */
export const SyncroMetaSchema = z.object({
  total_pages: z.number().int(),
  total_entries: num,
  per_page: num,
  page: num,
});

export const SyncroCustomerListSchema = z.object({
  customers: z.array(SyncroCustomerSchema),
  meta: SyncroMetaSchema.nullish(),
});

export const SyncroContactSchema = z.object({
  id: z.number().int(),
  name: text,
  address1: text,
  address2: text,
  city: text,
  state: text,
  zip: text,
  email: text,
  phone: text,
  mobile: text,
  customer_id: z.number().int().nullish(),
  notes: text,
  created_at: text,
  updated_at: text,
  properties: SyncroPropertiesSchema,
  // Not in the spec's response; tolerated in case a tenant echoes it top-level.
  title: text,
});
export type SyncroContact = z.infer<typeof SyncroContactSchema>;

/** Contacts are bare per spec and n8n; one SDK expects {contact: ...}: accept both. */
export const SyncroContactBodySchema = z.preprocess((body) => {
  if (typeof body === 'object' && body !== null && 'contact' in body) {
    const inner = (body as { contact: unknown }).contact;
    if (typeof inner === 'object' && inner !== null) return inner;
  }
  return body;
}, SyncroContactSchema);

export const SyncroContactListSchema = z.object({
  contacts: z.array(SyncroContactSchema),
  meta: SyncroMetaSchema.nullish(),
});

/** DELETE answers a message (customer) or {success:true} (contact); neither matters. */
export const SyncroAnySchema = z.unknown();

/** GET /me is in the spec's path list without a documented body: read a few likely names, leniently. */
export const SyncroMeSchema = z.object({
  user_id: z.union([z.number(), z.string()]).nullish(),
  user_name: text,
  name: text,
  email: text,
  subdomain: text,
  business_name: text,
});

/** 422 customer shape, 422 contact shape, 401 `{error}`, 404 `{message}`: one lenient reader. */
export const SyncroErrorBodySchema = z.object({
  success: z.boolean().nullish(),
  message: z.union([z.string(), z.array(z.string())]).nullish(),
  error: text,
  errors: z
    .union([
      z.string(),
      z.array(z.string()),
      z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    ])
    .nullish(),
});

/** Request bodies, snake_case as Syncro binds them; only present keys are sent. */
export const SyncroCustomerInputSchema = z.object({
  business_name: text,
  email: text,
  phone: text,
  mobile: text,
  address: text,
  address_2: text,
  city: text,
  state: text,
  zip: text,
  notes: text,
  referred_by: text,
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type SyncroCustomerInput = z.infer<typeof SyncroCustomerInputSchema>;

export const SyncroContactInputSchema = z.object({
  customer_id: z.number().int().optional(),
  name: text,
  email: text,
  phone: text,
  mobile: text,
  notes: text,
  title: text,
});
export type SyncroContactInput = z.infer<typeof SyncroContactInputSchema>;
