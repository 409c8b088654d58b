// Atera API v3 wire shapes (zod): lenient to fields we do not use, strict on the ones we do.
import { z } from 'zod';

// The spec marks almost every DTO field nullable; a missing field is treated like null.
const text = z.string().nullish();
const num = z.number().nullish();
const id = z.number().int();

// CustomerDto.CustomerID is nullable in the spec; a record without one cannot be used, and is skipped by the
// client (one broken record never fails a page), so the id stays required here.
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
  /** ContactDto.InIgnoreMode: the contact's emails open no tickets. */
  InIgnoreMode: z.boolean().nullish(),
  CreatedOn: text,
  LastModified: text,
  /** ContactDto.Archived: not a live contact. */
  Archived: z.boolean().nullish(),
});
export type AteraContact = z.infer<typeof AteraContactSchema>;

/**
 * `*DtoPagedResult`; `items` is nullable in the spec and `nextLink` is "" on the last page. Items stay unknown
 * here: the client reads each one on its own, so one bad record is skipped instead of failing the page.
 */
export const AteraPageSchema = z.object({
  items: z.array(z.unknown()).nullish(),
  page: z.number().int().nullish(),
  itemsInPage: num,
  totalItemCount: num,
  totalPages: z.number().int().nullish(),
  prevLink: text,
  nextLink: text,
});
export type AteraPage = z.infer<typeof AteraPageSchema>;

/** Create/update answer: only an action id (a string per spec; a number is tolerated). */
export const AteraResultSchema = z.object({
  ActionID: z.union([z.string(), z.number()]).nullish(),
});

/**
 * Request bodies: PascalCase as Atera binds them. Only present keys are sent. Every field of
 * UpdateCustomerRequest/UpdateContactRequest is nullable, so `null` would read as "leave unchanged": a field is
 * cleared with "" (the mapping never sends null).
 */
export const AteraCustomerInputSchema = z.object({
  CustomerName: z.string().optional(),
  BusinessNumber: z.string().optional(),
  Domain: z.string().optional(),
  Address: z.string().optional(),
  City: z.string().optional(),
  State: z.string().optional(),
  Country: z.string().optional(),
  Phone: z.string().optional(),
  Fax: z.string().optional(),
  Notes: z.string().optional(),
  Links: z.string().optional(),
  ZipCodeStr: z.string().optional(),
});
export type AteraCustomerInput = z.infer<typeof AteraCustomerInputSchema>;

export const AteraContactInputSchema = z.object({
  CustomerID: z.number().int().optional(),
  Email: z.string().optional(),
  Firstname: z.string().optional(),
  Lastname: z.string().optional(),
  JobTitle: z.string().optional(),
  Phone: z.string().optional(),
  MobilePhone: z.string().optional(),
  IsContactPerson: z.boolean().optional(),
  InIgnoreMode: z.boolean().optional(),
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

/** CustomFieldDto: `Name` is nullable in the spec; a definition without one is skipped. */
export const AteraCustomFieldSchema = z.object({
  Name: z.string(),
  DataType: text,
  Target: text,
  PossibleValues: z.array(z.object({ Value: text, Text: text, ParentName: text })).nullish(),
});
export type AteraCustomField = z.infer<typeof AteraCustomFieldSchema>;
/** Both lists are read record by record (see AteraPageSchema). */
export const AteraUnknownListSchema = z.array(z.unknown()).nullish();

/**
 * CustomValueDto: `ValueAsBool` (boolean) and `ValueAsDecimal` (number) are NOT nullable in the spec, so a Text,
 * Date or Options value arrives with `false` and `0`: the value is chosen by the field's DataType. `FieldName`
 * is nullable; a value without one is skipped.
 */
export const AteraCustomValueSchema = z.object({
  ItemId: num,
  FieldName: z.string(),
  ValueAsString: text,
  ValueAsDecimal: num,
  ValueAsDateTime: text,
  ValueAsBool: z.boolean().nullish(),
  OptionId: text,
});
export type AteraCustomValue = z.infer<typeof AteraCustomValueSchema>;

/** AccountInfoResponse: `TimeZoneName` is the zone FromLastModifiedDate is read in (its format is unspecified). */
export const AteraAccountSchema = z.object({
  CompanyName: text,
  AccountID: z.union([z.string(), z.number()]).nullish(),
  TimeZoneName: text,
});

/** TicketDto, the fields a delete's impact shows. */
export const AteraTicketSchema = z.object({
  TicketID: z.number().int(),
  TicketTitle: text,
  TicketNumber: text,
  TicketStatus: text,
  CustomerID: num,
});
export type AteraTicket = z.infer<typeof AteraTicketSchema>;

/** AgentDto (a device with Atera's agent); `AppViewUrl` is its page in the web app. */
export const AteraAgentSchema = z.object({
  AgentID: z.number().int(),
  AgentName: text,
  MachineName: text,
  SystemName: text,
  CustomerID: num,
  AppViewUrl: text,
});
export type AteraAgent = z.infer<typeof AteraAgentSchema>;

/** ContractDto. */
export const AteraContractSchema = z.object({
  ContractID: z.number().int(),
  ContractName: text,
  Active: z.boolean().nullish(),
  CustomerID: num,
});
export type AteraContract = z.infer<typeof AteraContractSchema>;
