// How names, domains, emails and phone numbers are folded into the compact keys the index compares.

/**
 * The most characters of one value any normaliser reads. Text reaches these functions from vendors (names,
 * phone fields), typeahead keystrokes and modal values, none of which Slack or the vendor bounds for us; no real
 * name, domain, email or phone number is this long, and a cap taken before any regex bounds the work per value.
 */
export const MAX_NORMALIZED_LENGTH = 1_000;

/** `text` cut to MAX_NORMALIZED_LENGTH, before any regex sees it. */
function capped(text: string): string {
  return text.length > MAX_NORMALIZED_LENGTH ? text.slice(0, MAX_NORMALIZED_LENGTH) : text;
}

/** Legal-form words a user may leave off or swap ("Acme Inc" for "Acme Corporation"); the value is the canonical form. */
const SUFFIXES = new Map<string, string>([
  ['inc', 'inc'],
  ['incorporated', 'inc'],
  ['llc', 'llc'],
  ['ltd', 'ltd'],
  ['limited', 'ltd'],
  ['gmbh', 'gmbh'],
  ['corp', 'corp'],
  ['corporation', 'corp'],
  ['co', 'co'],
  ['company', 'co'],
  ['ag', 'ag'],
  ['sa', 'sa'],
  ['sas', 'sas'],
  ['sarl', 'sarl'],
  ['srl', 'srl'],
  ['plc', 'plc'],
  ['llp', 'llp'],
  ['lp', 'lp'],
  ['pllc', 'pllc'],
  ['pc', 'pc'],
  ['pty', 'pty'],
  ['bv', 'bv'],
  ['nv', 'nv'],
  ['kg', 'kg'],
  ['oy', 'oy'],
  ['ab', 'ab'],
  ['spa', 'spa'],
  ['as', 'as'],
  ['aps', 'aps'],
  ['kk', 'kk'],
]);

/** Words that carry no identity ("Smith & Sons", "Bank of America", "The Home Depot"). */
const STOPWORDS = new Set(['and', 'the', 'of']);

const LIGATURES: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
};

/** "Café Müller GmbH" -> "cafe muller gmbh": accents, case and punctuation folded away; letters of any script kept. */
export function fold(text: string): string {
  return capped(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæøœłđðþ]/g, (ch) => LIGATURES[ch] ?? ch)
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface FoldedName {
  /** The whole name folded ("acme corp"). */
  folded: string;
  /** Without stopwords and trailing legal forms ("acme"): what exact, prefix and word matches compare. */
  core: string;
  /** Every word worth matching, legal forms included ("acme", "corp"), so a typo in one still finds it. */
  tokens: string[];
  /** The canonical legal form at the end, if any ("corp" for "Corporation"), to break ties. */
  suffix: string | null;
}

export function foldName(name: string): FoldedName {
  const folded = fold(name); // fold caps it
  const words = folded.split(' ').filter((w) => w && !STOPWORDS.has(w));
  const tokens = words.length > 0 ? words : folded.split(' ').filter(Boolean);
  let end = tokens.length;
  let suffix: string | null = null;
  // Trailing only ("Co Ltd" both go), and never the whole name (a company called "Limited" stays "limited").
  while (end > 1) {
    const canonical = SUFFIXES.get(tokens[end - 1] ?? '');
    if (canonical === undefined) break;
    suffix ??= canonical;
    end--;
  }
  return { folded, core: tokens.slice(0, end).join(' '), tokens, suffix };
}

const DOMAIN_LIKE =
  /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^\s/@]+@)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?::\d+)?(?:[/?#]\S*)?$/i;

/** "https://www.Acme.com/x" -> "acme.com"; undefined when the text is not a domain or URL. */
export function domainOf(text: string): string | undefined {
  const match = DOMAIN_LIKE.exec(capped(text).trim());
  const host = match?.[1]?.toLowerCase();
  if (!host) return undefined;
  return host.startsWith('www.') ? host.slice(4) : host;
}

/** The domain and its parents down to two labels ("mail.eu.acme.com" -> itself, "eu.acme.com", "acme.com"). */
export function domainAndParents(domain: string): string[] {
  const labels = capped(domain).split('.');
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}

/** One local part, one @, one host; no spaces or angle brackets. The host's dot is checked apart (see emailOf). */
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** A normalized email ("Jane@ACME.com " -> "jane@acme.com"), or undefined. */
export function emailOf(text: string): string | undefined {
  const trimmed = capped(text)
    .trim()
    .replace(/^mailto:/i, '');
  if (!EMAIL.test(trimmed)) return undefined;
  // A dot inside the host, with something on both sides. Written as a regex (`[^@]+\.[^@]+`) this backtracks
  // once per dot over the rest of the text, which is quadratic on "a@a.a.a.a…<".
  const host = trimmed.slice(trimmed.indexOf('@') + 1);
  return host.slice(1, -1).includes('.') ? trimmed.toLowerCase() : undefined;
}

/** Phone numbers compare on their last digits, since country and trunk prefixes come and go. */
export const PHONE_KEY_DIGITS = 7;
const PHONE_COMPARE_DIGITS = 10;

/** The digits of a phone number, at most the last 10; undefined when too short to be one. */
export function phoneDigits(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  // An extension ("x204", "ext. 12") is not part of the number.
  const digits = withoutExtension(capped(text)).replace(/\D/g, '');
  return digits.length >= PHONE_KEY_DIGITS ? digits.slice(-PHONE_COMPARE_DIGITS) : undefined;
}

const EXTENSION_WORDS = ['extension', 'ext.', 'ext', 'x'];
const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

/**
 * The text without a trailing extension: blanks, "x"/"ext"/"ext."/"extension", blanks, digits, blanks, at the
 * end. Scanned from the end once: the regex it replaces (`\s*(?:x|ext\.?|extension)\s*\d+\s*$`) retried from
 * every blank, which took seconds on a long run of spaces.
 */
function withoutExtension(text: string): string {
  let end = text.length;
  while (isSpace(text[end - 1])) end--;
  const digitsEnd = end;
  while (isDigit(text[end - 1])) end--;
  if (end === digitsEnd) return text;
  while (isSpace(text[end - 1])) end--;
  const before = text.slice(Math.max(0, end - 'extension'.length), end).toLowerCase();
  const word = EXTENSION_WORDS.find((w) => before.endsWith(w));
  if (!word) return text;
  end -= word.length;
  while (isSpace(text[end - 1])) end--;
  return text.slice(0, end);
}

/** Looks like a phone number: only phone punctuation and at least 7 digits. */
export function isPhoneQuery(text: string): boolean {
  const value = capped(text);
  return /^[\d\s()+\-./]+$/.test(value.trim()) && phoneDigits(value) !== undefined;
}

/** How many trailing digits two numbers share, when one ends with the other's last 7+ digits; 0 otherwise. */
export function phoneMatchLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  return a.slice(-n) === b.slice(-n) ? n : 0;
}
