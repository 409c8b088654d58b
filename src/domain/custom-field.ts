// Custom field definitions: what extra fields a vendor account has, so forms can render them by type.
import { z } from 'zod';

export const CustomFieldTypeSchema = z.enum(['text', 'number', 'date', 'boolean', 'options']);
export type CustomFieldType = z.infer<typeof CustomFieldTypeSchema>;

export const CustomFieldDefinitionSchema = z.object({
  name: z.string(),
  type: CustomFieldTypeSchema,
  /** The choices of an `options` field (empty for other types). */
  options: z.array(z.string()),
  target: z.enum(['customer', 'contact']),
});
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinitionSchema>;
