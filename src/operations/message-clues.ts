// What a message says about a customer: the emails, domains and phone numbers in it, and, when it is a pasted
// email signature, the person it signs (name, title, email, phones). Pure, linear, and capped before any regex.
import { FREE_MAIL, splitName } from '../domain/index.js';

/** Nothing past this is read: a message or signature worth reading is far shorter (Slack advises 4,000). */
export const MAX_MESSAGE_CHARS = 8_000;
/** A signature's line is short; a longer line is prose (and is never handed whole to a per-line pattern). */
const MAX_LINE_CHARS = 200;
/** How many lines under a name may hold its email or phone. */
const SIGNATURE_REACH = 6;

export interface Clues {
  emails: string[];
  domains: string[];
  phones: string[];
}

// Each pattern is linear: bounded repetitions, and no two quantifiers that can share the same characters.
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;
const URL_HOST = /\bhttps?:\/\/([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})/g;
const BARE_DOMAIN =
  /(?<![@\w.-])((?:[a-z0-9-]{1,63}\.){1,6}(?:com|net|org|io|co|biz|info|us|uk|ca|de|fr|nl|eu|au|nz|ie|ai|app|dev|tech|it|es|ch|at|be|se|no|dk|fi))\b/gi;
const PHONE = /(?<![\w+(])\+?\(?\d[\d ().-]{5,22}\d(?!\d)/g;
/** Shapes that are digits and separators but no phone: an IP address, a date, a version or a time range. */
const NOT_A_PHONE = [
  /^\d{1,3}(?:\.\d{1,3}){3}$/,
  /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/,
  /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/,
];

/** Domains that say nothing about which customer it is: free mail, and the tools people link to. */
const GENERIC = new Set([
  ...FREE_MAIL,
  'slack.com',
  'zoom.us',
  'teams.microsoft.com',
  'microsoft.com',
  'google.com',
  'example.com',
]);

/**
 * Slack's text as a person would read it: `<mailto:a@b.com|a@b.com>` and `<https://x.com|x.com>` say what they
 * link to, and `&lt;` `&gt;` `&amp;` are the characters Slack escaped.
 */
function readable(raw: string): string {
  return raw
    .slice(0, MAX_MESSAGE_CHARS)
    .replace(/<(?:mailto:|tel:)?([^<>|]{1,300})(?:\|[^<>]{0,300})?>/g, ' $1 ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const unique = (xs: string[]) => [...new Set(xs)];

function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  if (NOT_A_PHONE.some((shape) => shape.test(candidate))) return false;
  // Dots alone with a one-digit group is a version ("10.0.19045"); a phone's groups are longer (555.867.5309).
  if (/^[\d.]+$/.test(candidate) && candidate.split('.').some((group) => group.length < 2)) return false;
  // A bare run of digits is a ticket or an order number unless it is as long as a full number.
  const separated = /[ ().-]/.test(candidate) || candidate.startsWith('+');
  return separated || digits >= 10;
}

function phonesIn(text: string): string[] {
  return unique((text.match(PHONE) ?? []).map((p) => p.trim()).filter(isPhone));
}

function cluesOf(text: string, extraEmails: readonly string[]): Clues {
  const emails = unique([...extraEmails, ...(text.match(EMAIL) ?? [])].map((e) => e.toLowerCase()));
  const fromEmails = emails.map((e) => e.split('@')[1] ?? '');
  const fromUrls = [...text.matchAll(URL_HOST)].map((m) => (m[1] ?? '').toLowerCase().replace(/^www\./, ''));
  const withoutEmails = text.replace(EMAIL, ' ');
  const bare = (withoutEmails.match(BARE_DOMAIN) ?? []).map((d) => d.toLowerCase().replace(/^www\./, ''));
  const domains = unique([...fromEmails, ...fromUrls, ...bare]).filter((d) => d && !GENERIC.has(d));
  return {
    emails: emails.slice(0, 10),
    domains: domains.slice(0, 10),
    phones: phonesIn(withoutEmails).slice(0, 10),
  };
}

/** The emails, domains and phone numbers in a message (and `extraEmails`, its author's, first), ten of each. */
export function cluesIn(raw: string, extraEmails: readonly string[] = []): Clues {
  return cluesOf(readable(raw), extraEmails);
}

export interface SignedPerson {
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
}

const SIGN_OFF =
  /^(?:(?:best|kind|warm|many)\s+)?(?:regards|wishes|thanks|thank you|cheers|sincerely|best|br|rgds|talk soon)\b[\s,!.]*$/i;
const GREETING = /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|thanks|thank you)\b/i;
const HONORIFIC = /^(?:dr|mr|mrs|ms|mx|prof)\.?\s+/i;
const NAME = /^\p{Lu}[\p{L}'’-]{1,40}(?: \p{Lu}[\p{L}.'’-]{0,40}){1,3}$/u;
/** Just a first name, which a signature has only right under its sign-off ("Thanks,\nJane"). */
const FIRST_NAME = /^\p{Lu}[\p{L}'’-]{1,40}$/u;
const TITLE_WORDS =
  /\b(?:manager|director|head|lead|officer|owner|founder|president|vp|chief|executive|admin|administrator|engineer|coordinator|assistant|receptionist|ceo|cto|cfo|coo|cio|it|operations|office|accounts?|accountant|controller|partner|principal|specialist|technician|consultant|analyst|developer|supervisor|representative|sales|support|practice|associate)\b/i;
/** Between a name and a title on one line: "Jane Doe | IT Manager", "Jane Doe, IT Manager", "Jane Doe - CEO". */
const SEPARATOR = /\s+[|·•–—-]\s+|\s*\|\s*|,\s+/;
/** "M: …", "Mobile …", "Cell: …" at the start of a line or of one of its parts. */
const MOBILE_LABEL = /^(?:mob|mobile|cell|cellular|handy)\b|^m\s*[.:]/i;
/** The parts of a contact line: "T: +1 555 0100 | M: +1 555 0199 | jane@acme.com". */
const PARTS = /\s*[|·•]\s*|\s{2,}|\t/;

/** A line of a signature with its decoration gone: quote marks, list bullets, bold and italics. */
function cleanLine(line: string): string {
  let l = line.slice(0, MAX_LINE_CHARS).replace(/^[-–—\s*_>•]+/, '');
  // Trailing decoration, stripped by hand: a `[*_]+$` pattern would retry every position of a long run.
  let end = l.length;
  while (end > 0 && '*_ \t'.includes(l.charAt(end - 1))) end--;
  l = l.slice(0, end);
  return l.trim();
}

/** "Jane Doe" (or "Jane Doe | IT Manager"): the name, and the title when it shares the line. */
function nameLine(line: string, firstNameOnly: boolean): { name: string; title: string | null } | undefined {
  if (line.length > 100 || GREETING.test(line) || SIGN_OFF.test(line) || line.includes('@')) return undefined;
  const [first = '', ...rest] = line.split(SEPARATOR);
  const name = first.replace(HONORIFIC, '').trim();
  if (!(NAME.test(name) || (firstNameOnly && FIRST_NAME.test(name))) || TITLE_WORDS.test(name))
    return undefined;
  const title = rest.map((r) => r.trim()).find((r) => titleLike(r));
  return { name, title: title ?? null };
}

function titleLike(line: string): boolean {
  return (
    line.length > 1 &&
    line.length <= 80 &&
    !line.includes('@') &&
    !/\d{3}/.test(line) &&
    TITLE_WORDS.test(line)
  );
}

/**
 * The person a pasted email signature names, when the message reads like one: a name line (after a sign-off,
 * when there is one), maybe a title, and the name's email or phone within a few lines below. Undefined when not.
 */
export function signatureIn(raw: string): SignedPerson | undefined {
  const lines = readable(raw).split('\n').map(cleanLine).filter(Boolean).slice(0, 80);
  const signOff = lines.findIndex((l) => SIGN_OFF.test(l));
  for (let at = signOff >= 0 ? signOff + 1 : 0; at < lines.length; at++) {
    const named = nameLine(lines[at] ?? '', signOff >= 0 && at === signOff + 1);
    if (!named) continue;
    const below = lines.slice(at + 1, at + 1 + SIGNATURE_REACH);
    const clues = cluesOf(below.join('\n'), []);
    if (clues.emails.length === 0 && clues.phones.length === 0) continue;
    const next = below[0] ?? '';
    const title = named.title ?? (titleLike(next) ? (next.split(SEPARATOR)[0] ?? '').trim() || null : null);
    // A phone labelled as a mobile is the mobile; the first other one is the phone.
    const parts = below.flatMap((l) => l.split(PARTS)).map((p) => p.trim());
    const mobile = parts.filter((p) => MOBILE_LABEL.test(p)).flatMap(phonesIn)[0] ?? null;
    const phone = clues.phones.find((p) => p !== mobile) ?? null;
    const { firstName, lastName } = splitName(named.name);
    return { firstName, lastName, title, email: clues.emails[0] ?? null, phone, mobile };
  }
  return undefined;
}
