// Atera API v3 wire shapes (zod): lenient to fields we do not use, strict on the ones we do.
import { z } from 'zod';

// The spec marks almost every DTO field nullable; a missing field is treated like null.
const text = z.string().nullish();
const num = z.number().nullish();
const id = z.number().int();

export const AteraCustomerSchema = z.object({
  CustomerID: id,
  CustomerName: text,
  CreatedOn: text,
  LastModified: text,
  BusinessNumber: text,
  Domain: text,
  Address: text,
  City: text,
  State: text,
  Country: text,
  Phone: text,
  Fax: text,
  Notes: text,
  Links: text,
  Longitude: num,
  Latitude: num,
  ZipCodeStr: text,
});
export type AteraCustomer = z.infer<typeof AteraCustomerSchema>;

export const AteraContactSchema = z.object({
  EndUserID: id,
  CustomerID: z.number().int().nullish(),
  CustomerName: text,
  Firstname: text,
  Lastname: text,
  JobTitle: text,
  Email: text,
  Phone: text,
  MobilePhone: text,
  IsContactPerson: z.boolean().nullish(),
  InIgnoreMode: z.boolean().nullish(),
  CreatedOn: text,
  LastModified: text,
  Archived: z.boolean().nullish(),
});
export type AteraContact = z.infer<typeof AteraContactSchema>;

/** `*DtoPagedResult`; `nextLink` is "" on the last page. */
export function ateraPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    itemsInPage: num,
    totalItemCount: num,
    totalPages: z.number().int(),
    prevLink: text,
    nextLink: text,
  });
}
export const AteraCustomerPageSchema = ateraPageSchema(AteraCustomerSchema);
export const AteraContactPageSchema = ateraPageSchema(AteraContactSchema);

/** Create/update answer: only an action id (a string per spec; a number is tolerated). */
export const AteraResultSchema = z.object({
  ActionID: z.union([z.string(), z.number()]).nullish(),
});

/** Request bodies: PascalCase as Atera binds them. Only present keys are sent. */
export const AteraCustomerInputSchema = z.object({
  CustomerName: text,
  BusinessNumber: text,
  Domain: text,
  Address: text,
  City: text,
  State: text,
  Country: text,
  Phone: text,
  Fax: text,
  Notes: text,
  Links: text,
  ZipCodeStr: text,
});
export type AteraCustomerInput = z.infer<typeof AteraCustomerInputSchema>;

export const AteraContactInputSchema = z.object({
  CustomerID: z.number().int().optional(),
  Email: text,
  Firstname: text,
  Lastname: text,
  JobTitle: text,
  Phone: text,
  MobilePhone: text,
  IsContactPerson: z.boolean().optional(),
});
export type AteraContactInput = z.infer<typeof AteraContactInputSchema>;

/** RFC 7807 ProblemDetails, with ASP.NET's `errors` extension when model validation failed. */
export const AteraProblemSchema = z.object({
  type: text,
  title: text,
  status: num,
  detail: text,
  instance: text,
  errors: z.record(z.string(), z.union([z.array(z.string()), z.string()])).nullish(),
});

export const AteraCustomFieldSchema = z.object({
  Name: z.string(),
  DataType: text,
  Target: text,
  PossibleValues: z.array(z.object({ Value: text, Text: text, ParentName: text })).nullish(),
});
export const AteraCustomFieldListSchema = z.array(AteraCustomFieldSchema);
export type AteraCustomField = z.infer<typeof AteraCustomFieldSchema>;

export const AteraCustomValueSchema = z.object({
  ItemId: num,
  FieldName: z.string(),
  ValueAsString: text,
  ValueAsDecimal: num,
  ValueAsDateTime: text,
  ValueAsBool: z.boolean().nullish(),
  OptionId: text,
});
export const AteraCustomValueListSchema = z.array(AteraCustomValueSchema);
export type AteraCustomValue = z.infer<typeof AteraCustomValueSchema>;

export const AteraAccountSchema = z.object({
  CompanyName: text,
  AccountID: z.union([z.string(), z.number()]).nullish(),
});
