// What a modal carries from the request that opened it to its submission, in private_metadata (max 3000 chars).
// Slack hands it back unchanged and signed; it is still parsed, never trusted blindly.
import { z } from 'zod';

export const ModalMetadataSchema = z.object({
  /** Where the command or button was used, for the confirmation. */
  channelId: z.string().optional(),
  /** The originating response_url (30 minutes, 5 uses): reaches the user even where the bot is not a member. */
  responseUrl: z.string().optional(),
  customerId: z.string().optional(),
  contactId: z.string().optional(),
  /** The onboarding's idempotency key. */
  key: z.string().optional(),
  /** The company name typed in the command, for the onboarding form. */
  name: z.string().optional(),
  /** The vendor connection the modal was opened on: its ids are refused after a reconnect. */
  connection: z.string().optional(),
  /** What the form was opened for where one callback serves several (a person or a business customer). */
  kind: z.enum(['business', 'person']).optional(),
  /** A workflow or shortcut that opened the modal, for its answer. */
  origin: z.enum(['command', 'button', 'shortcut']).optional(),
});
export type ModalMetadata = z.infer<typeof ModalMetadataSchema>;

export function encodeMetadata(meta: ModalMetadata): string {
  const text = JSON.stringify(meta);
  if (text.length <= 3000) return text;
  const { responseUrl: _dropped, ...rest } = meta;
  return JSON.stringify(rest);
}

export function decodeMetadata(text: string | undefined): ModalMetadata {
  try {
    const parsed = ModalMetadataSchema.safeParse(JSON.parse(text ?? '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
