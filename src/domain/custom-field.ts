// Custom field definitions: what extra fields a vendor account has, so forms can render them by type.
import { z } from 'zod';

/** A custom field's value as the bot sees it; vendors store strings, numbers, dates (ISO), booleans and lists. */
export const CustomFieldValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  // Multi-select and checkbox-group values (SuperOps) are lists of the chosen options.
  z.array(z.string()),
]);
export type CustomFieldValue = z.infer<typeof CustomFieldValueSchema>;

export const CustomFieldTypeSchema = z.enum(['text', 'number', 'date', 'boolean', 'options', 'multi']);
export type CustomFieldType = z.infer<typeof CustomFieldTypeSchema>;

export const CustomFieldDefinitionSchema = z.object({
  /** The name users see, and the key of `customFields` records; clients map it to wire keys (SuperOps columnName). */
  name: z.string(),
  type: CustomFieldTypeSchema,
  /** The choices of an `options` or `multi` field (empty for other types). */
  options: z.array(z.string()),
  target: z.enum(['customer', 'contact']),
  /** The vendor requires a value on create (Syncro `/settings`, Autotask `isRequired`). */
  required: z.boolean().default(false),
  /**
   * Where the definition came from: the vendor's own definitions, or guessed from values seen on records
   * (Syncro when `/settings` is refused). Forms say which.
   */
  source: z.enum(['definitions', 'guessed']).default('definitions'),
});
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinitionSchema>;
