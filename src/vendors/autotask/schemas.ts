// Autotask REST v1.0 wire shapes (zod), from the published swagger (api-evangelist/kaseya openapi/) and help pages.
import { z } from 'zod';

// The swagger marks nothing required in a response model; a missing field is treated like null.
const text = z.string().nullish();
const int = z.number().int();
const optionalInt = z.number().int().nullish();

/** `GET /atservicesrest/v1.0/zoneInformation?user=` -> where this user's database lives. */
export const ZoneInformationSchema = z.object({
  zoneName: text,
  /** REST base ending in `/ATServicesRest/`; `V1.0/` is appended for every other call. */
  url: z.string().min(1),
  /** Web app base, e.g. `https://ww5.autotask.net/`. */
  webUrl: text,
  ci: optionalInt,
});
export type ZoneInformation = z.infer<typeof ZoneInformationSchema>;

/** `UserDefinedField`: values are strings on the wire whatever the field's type. */
export const UdfValueSchema = z.object({
  name: z.string(),
  value: z.string().nullish(),
});
export type UdfValue = z.infer<typeof UdfValueSchema>;
const udfList = z.array(UdfValueSchema).nullish();

/** `CompanyModel` (the fields this client reads). */
export const CompanySchema = z.object({
  id: int,
  companyName: text,
  companyNumber: text,
  companyType: optionalInt,
  phone: text,
  fax: text,
  address1: text,
  address2: text,
  city: text,
  state: text,
  postalCode: text,
  webAddress: text,
  // A boolean on companies (swagger CompanyModel.isActive: boolean).
  isActive: z.boolean().nullish(),
  ownerResourceID: optionalInt,
  createDate: text,
  lastTrackedModifiedDateTime: text,
  userDefinedFields: udfList,
});
export type Company = z.infer<typeof CompanySchema>;

/**
 * `ContactModel`. `isActive` is int32 in the swagger (1 active, 0 inactive); one third-party client sends a
 * boolean, so a boolean is read too.
 */
export const ContactSchema = z.object({
  id: int,
  companyID: optionalInt,
  firstName: text,
  lastName: text,
  emailAddress: text,
  phone: text,
  mobilePhone: text,
  title: text,
  isActive: z.union([z.number().int(), z.boolean()]).nullish(),
  primaryContact: z.boolean().nullish(),
  addressLine: text,
  addressLine1: text,
  city: text,
  state: text,
  zipCode: text,
  note: text,
  createDate: text,
  lastModifiedDate: text,
  userDefinedFields: udfList,
});
export type Contact = z.infer<typeof ContactSchema>;

/** `ResourceModel`: the MSP's own staff (and API users); `email` is what a Slack user's email is matched with. */
export const ResourceSchema = z.object({
  id: int,
  firstName: text,
  lastName: text,
  email: text,
  userName: text,
  isActive: z.boolean().nullish(),
});
export type Resource = z.infer<typeof ResourceSchema>;

export const TicketSchema = z.object({
  id: int,
  ticketNumber: text,
  title: text,
  status: optionalInt,
  companyID: optionalInt,
});
export const ConfigurationItemSchema = z.object({
  id: int,
  referenceTitle: text,
  serialNumber: text,
  companyID: optionalInt,
  isActive: z.boolean().nullish(),
});
export const ContractSchema = z.object({
  id: int,
  contractName: text,
  companyID: optionalInt,
  status: optionalInt,
});

/** `PagingModel`: `nextPageUrl` is an absolute `.../query/next?paging=...` URL, null on the last page. */
export const PageDetailsSchema = z.object({
  count: optionalInt,
  requestCount: optionalInt,
  prevPageUrl: text,
  nextPageUrl: text,
});

/** `QueryActionResult_*`: `{items, pageDetails}`. */
export function queryResultSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), pageDetails: PageDetailsSchema.nullish() });
}
/** `ItemQueryResultModel_*`: `{item}`; a missing id answers 200 with `item: null`. */
export function itemResultSchema<T extends z.ZodType>(item: T) {
  return z.object({ item: item.nullable() });
}

/** `OperationResultModel`: create, update and delete answer the record's id. */
export const OperationResultSchema = z.object({ itemId: z.union([z.number(), z.string()]).nullish() });
/** `QueryCountResultModel`. */
export const QueryCountSchema = z.object({ queryCount: int });

export const PicklistValueSchema = z.object({
  value: z.union([z.string(), z.number()]).transform(String),
  label: text,
  isDefaultValue: z.boolean().nullish(),
  sortOrder: optionalInt,
  isActive: z.boolean().nullish(),
  isSystem: z.boolean().nullish(),
});
export type PicklistValue = z.infer<typeof PicklistValueSchema>;

/** `FieldInformationModel` from `/{Entity}/entityInformation/fields`: required fields and picklists. */
export const FieldInformationSchema = z.object({
  name: z.string(),
  dataType: text,
  isRequired: z.boolean().nullish(),
  isReadOnly: z.boolean().nullish(),
  isReference: z.boolean().nullish(),
  referenceEntityType: text,
  isPickList: z.boolean().nullish(),
  picklistValues: z.array(PicklistValueSchema).nullish(),
});
export type FieldInformation = z.infer<typeof FieldInformationSchema>;
export const FieldInformationResultSchema = z.object({ fields: z.array(FieldInformationSchema) });

/**
 * `Field` from `/{Entity}/entityInformation/userDefinedFields`. The swagger names the type `type`;
 * third-party clients read `dataType`: both are accepted.
 */
export const UdfInformationSchema = z.object({
  name: z.string(),
  label: text,
  type: text,
  dataType: text,
  isRequired: z.boolean().nullish(),
  isPickList: z.boolean().nullish(),
  picklistValues: z.array(PicklistValueSchema).nullish(),
});
export type UdfInformation = z.infer<typeof UdfInformationSchema>;
export const UdfInformationResultSchema = z.object({ fields: z.array(UdfInformationSchema) });

/**
 * Error bodies: `{"errors": ["..."]}` (strings, per the official POST help page); a third-party skill shows
 * objects with `message`, so those are read too.
 */
export const ErrorBodySchema = z.object({
  errors: z
    .array(
      z.union([
        z.string(),
        z
          .object({ message: text, field: text })
          .transform((e) => (e.field ? `${e.field}: ${e.message ?? ''}` : (e.message ?? ''))),
      ]),
    )
    .nullish(),
  // ASP.NET's own answers (405, some 404s) carry `Message`.
  Message: text,
  message: text,
});

/** `Filter`: a leaf `{op, field, value, udf}` or a group `{op: "and"|"or", items}`. */
export type FilterValue = string | number | boolean | ReadonlyArray<string | number>;
export type Filter =
  | { op: string; field: string; value?: FilterValue; udf?: boolean }
  | { op: 'and' | 'or'; items: Filter[] };

/** `QueryModel` as sent (the swagger's lower-camel names; Autotask binds them case-insensitively). */
export interface QueryBody {
  filter: Filter[];
  includeFields?: string[];
  maxRecords?: number;
}
