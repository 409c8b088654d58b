// Syncro API v1 wire shapes (zod): lenient to fields we do not use, strict on the ones we do.
import { z } from 'zod';

const text = z.string().nullish();
const num = z.number().nullish();

/** Custom fields (and a contact's title) live here, keyed by the field's name. */
export const SyncroPropertiesSchema = z.record(z.string(), z.unknown()).nullish();

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
  /** Contact custom fields, keyed by name; `title` is kept here too (accepted as `title` on PUT). */
  properties: SyncroPropertiesSchema,
  // Not in the spec's response; tolerated in case a tenant echoes it top-level.
  title: text,
});
export type SyncroContact = z.infer<typeof SyncroContactSchema>;

export const SyncroCustomerSchema = z.object({
  id: z.number().int(),
  firstname: text,
  lastname: text,
  fullname: text,
  /** Null for a residential customer (spec example "Walkin Customer"). */
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
  /** The customer's contacts, embedded in GET /customers/{id} and in list items (spec examples). */
  contacts: z.array(z.unknown()).nullish(),
});
export type SyncroCustomer = z.infer<typeof SyncroCustomerSchema>;

/** Customers are wrapped on GET, POST and PUT. */
export const SyncroCustomerEnvelopeSchema = z.object({ customer: SyncroCustomerSchema });

/**
 * `meta` on lists: customers/contacts carry total_pages, total_entries, per_page and page; tickets only
 * total_pages and page; the assets example has none. The client copes with each.
 */
export const SyncroMetaSchema = z.object({
  total_pages: z.number().int().nullish(),
  total_entries: num,
  per_page: num,
  page: num,
});
export type SyncroMeta = z.infer<typeof SyncroMetaSchema>;

// Lists keep their records unknown; the client reads them one by one, so one bad record never fails a page.
const records = z.array(z.unknown()).nullish();
const meta = SyncroMetaSchema.nullish();
export const SyncroCustomerListSchema = z.object({ customers: records, meta });
export const SyncroContactListSchema = z.object({ contacts: records, meta });
export const SyncroTicketListSchema = z.object({ tickets: records, meta });
export const SyncroAssetListSchema = z.object({ assets: records, meta });

/** Contacts are bare per spec and n8n; one SDK expects {contact: ...}: accept both. */
export const SyncroContactBodySchema = z.preprocess((body) => {
  if (typeof body === 'object' && body !== null && 'contact' in body) {
    const inner = (body as { contact: unknown }).contact;
    if (typeof inner === 'object' && inner !== null) return inner;
  }
  return body;
}, SyncroContactSchema);

/** DELETE answers a message (customer) or {success:true} (contact); neither matters. */
export const SyncroAnySchema = z.unknown();

const flag = z.boolean().nullish();
/** GET /me, per the spec's example: the user, the subdomain and what the key may do per area. */
export const SyncroMeSchema = z.object({
  user_id: z.union([z.number(), z.string()]).nullish(),
  user_email: text,
  user_name: text,
  admin: flag,
  subdomain: text,
  permissions: z
    .object({
      customer: z.object({ read: flag, write: flag, delete: flag }).nullish(),
    })
    .nullish(),
});

/**
 * GET /settings `customers`: `customer_fields` (definitions), `customer_field_answers` (dropdown choices) and
 * `required_fields`. The spec's example shows only empty lists and null, so each entry is read leniently.
 */
export const SyncroSettingsSchema = z.object({
  customers: z
    .object({
      required_fields: z.unknown().nullish(),
      customer_fields: z.array(z.unknown()).nullish(),
      customer_field_answers: z.array(z.unknown()).nullish(),
    })
    .nullish(),
});

/** One entry of `customer_fields` ([INFERRED] names: the example list is empty). */
export const SyncroCustomerFieldSchema = z.object({
  id: z.union([z.number(), z.string()]).nullish(),
  name: z.string().min(1),
  field_type: text,
  required: flag,
});
export type SyncroCustomerField = z.infer<typeof SyncroCustomerFieldSchema>;

/** One entry of `customer_field_answers`: a dropdown choice of a field ([INFERRED] names). */
export const SyncroFieldAnswerSchema = z.object({
  customer_field_id: z.union([z.number(), z.string()]).nullish(),
  value: text,
  name: text,
});

/** A ticket, as GET /tickets lists it. */
export const SyncroTicketSchema = z.object({
  id: z.number().int(),
  number: z.union([z.number(), z.string()]).nullish(),
  subject: text,
  status: text,
  customer_id: num,
});
export type SyncroTicket = z.infer<typeof SyncroTicketSchema>;

/** An asset, as GET /customer_assets lists it. */
export const SyncroAssetSchema = z.object({
  id: z.number().int(),
  name: text,
  asset_type: text,
  asset_serial: text,
  customer_id: num,
});
export type SyncroAsset = z.infer<typeof SyncroAssetSchema>;

/** GET /search: `results[].table` with `_id`, `_type` (customer, contact, asset, ...) and `_source.table`. */
export const SyncroSearchSchema = z.object({
  results: z.array(z.unknown()).nullish(),
});
export const SyncroSearchHitSchema = z.object({
  table: z.object({
    _id: z.union([z.number(), z.string()]),
    _type: z.string(),
    _source: z.object({ table: z.record(z.string(), z.unknown()).nullish() }).nullish(),
  }),
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
  firstname: text,
  lastname: text,
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
  address1: text,
  city: text,
  state: text,
  zip: text,
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type SyncroContactInput = z.infer<typeof SyncroContactInputSchema>;
