// Turns slash command text into a typed request; never throws on what a user typed.
import { z } from 'zod';

export const CommandRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('help'), note: z.string().optional() }),
  z.object({ kind: z.literal('lookup'), query: z.string().min(1) }),
  z.object({ kind: z.literal('new'), name: z.string() }),
  z.object({ kind: z.literal('audit'), query: z.string() }),
  z.object({ kind: z.literal('duplicates') }),
]);
export type CommandRequest = z.infer<typeof CommandRequestSchema>;

const HELP_WORDS = new Set(['', 'help', '?', '-h', '--help', 'usage']);
const LOOKUP_WORDS = new Set(['lookup', 'find', 'search', 'show', 'get']);

export type CommandName = 'customer' | 'contact';

const SUBCOMMANDS: Record<CommandName, { create: Set<string>; audit: boolean; duplicates: boolean }> = {
  customer: { create: new Set(['new', 'add', 'create', 'onboard']), audit: true, duplicates: true },
  contact: { create: new Set(['add', 'new', 'create']), audit: false, duplicates: false },
};
const DUPLICATE_WORDS = new Set(['duplicates', 'dupes', 'dups', 'duplicate']);

const MAX_TEXT = 500;

/** At most `MAX_TEXT` characters, cut where no half of a character (a surrogate pair) and no space is left over. */
function capped(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  const cut = /[\ud800-\udbff]/.test(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
  return text.slice(0, cut).trimEnd();
}

export function parseCommand(command: CommandName, raw: string | undefined): CommandRequest {
  const text = capped((raw ?? '').replace(/\s+/g, ' ').trim());
  const [first = '', ...restWords] = text.split(' ');
  const word = first.toLowerCase();
  const rest = restWords.join(' ');
  const sub = SUBCOMMANDS[command];
  if (HELP_WORDS.has(word)) return { kind: 'help' };
  if (LOOKUP_WORDS.has(word)) {
    return rest
      ? { kind: 'lookup', query: rest }
      : { kind: 'help', note: `Tell me what to look up, e.g. \`/${command} ${word} acme\`.` };
  }
  if (sub.create.has(word)) return { kind: 'new', name: rest };
  if (sub.audit && word === 'audit') return { kind: 'audit', query: rest };
  if (sub.duplicates && DUPLICATE_WORDS.has(word) && !rest) return { kind: 'duplicates' };
  return { kind: 'lookup', query: text };
}
