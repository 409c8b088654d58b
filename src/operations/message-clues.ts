// What a message says about a customer: the emails, domains and phone numbers in it, and, when it is a pasted
// email signature, the person it signs (name, title, email, phone). Pure, linear, and capped before any regex.
import { splitName } from '../domain/index.js';

/** Nothing past this is read: a message or signature worth reading is far shorter. */
export const MAX_MESSAGE_CHARS = 8_000;

export interface Clues {
  emails: string[];
  domains: string[];
  phones: string[];
}

// Each pattern is linear: bounded repetitions, no nested quantifiers that can backtrack.
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;
const URL_HOST = /\bhttps?:\/\/([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})/g;
const BARE_DOMAIN =
  /(?<![@\w.-])((?:[a-z0-9-]{1,63}\.){1,6}(?:com|net|org|io|co|biz|info|us|uk|ca|de|fr|nl|eu|au|nz|ie|ai|app|dev|tech|it|es|ch|at|be|se|no|dk|fi))\b/gi;
const PHONE = /(?:\+?\d[\d ().-]{6,22}\d)/g;

/** Slack wraps links and addresses: `<mailto:a@b.com|a@b.com>`, `<https://x.com|x.com>`; read what they say. */
function unwrap(text: string): string {
  return text.replace(/<(?:mailto:)?([^<>|]{1,300})(?:\|[^<>]{0,300})?>/g, ' $1 ');
}

const unique = (xs: string[]) => [...new Set(xs)];

/** Domains that say nothing about which customer it is. */
const GENERIC = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'aol.com',
  'slack.com',
  'zoom.us',
  'teams.microsoft.com',
]);

export function cluesIn(raw: string, extraEmails: readonly string[] = []): Clues {
  const text = unwrap(raw.slice(0, MAX_MESSAGE_CHARS));
  const emails = unique([...extraEmails, ...(text.match(EMAIL) ?? [])].map((e) => e.toLowerCase()));
  const fromEmails = emails.map((e) => e.split('@')[1] ?? '');
  const fromUrls = [...text.matchAll(URL_HOST)].map((m) => (m[1] ?? '').toLowerCase().replace(/^www\./, ''));
  const withoutEmails = text.replace(EMAIL, ' ');
  const bare = (withoutEmails.match(BARE_DOMAIN) ?? []).map((d) => d.toLowerCase().replace(/^www\./, ''));
  const domains = unique([...fromEmails, ...fromUrls, ...bare]).filter((d) => d && !GENERIC.has(d));
  const phones = unique(
    (withoutEmails.match(PHONE) ?? [])
      .map((p) => p.trim())
      .filter((p) => {
        const digits = p.replace(/\D/g, '').length;
        return digits >= 7 && digits <= 15;
      }),
  );
  return { emails: emails.slice(0, 10), domains: domains.slice(0, 10), phones: phones.slice(0, 10) };
}

export interface SignedPerson {
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  email: string | null;
  phone: string | null;
}

const SIGN_OFF = /^(?:best|kind|warm)?\s*(?:regards|wishes|thanks|thank you|cheers|sincerely|best)[,!.]?$/i;
const LOOKS_LIKE_NAME = /^[A-Z][\p{L}'-]{1,40}(?: [A-Z][\p{L}.'-]{0,40}){1,3}$/u;
const TITLE_WORDS =
  /\b(manager|director|head|lead|officer|owner|founder|president|admin|administrator|engineer|coordinator|assistant|ceo|cto|cfo|coo|it|operations|office|accounts?|partner|principal|specialist|technician|consultant)\b/i;

/**
 * The person a pasted email signature names, when the message reads like one: a name line (often after a
 * sign-off), maybe a title line, and an email or phone below. Undefined when it does not.
 */
export function signatureIn(raw: string): SignedPerson | undefined {
  const text = unwrap(raw.slice(0, MAX_MESSAGE_CHARS));
  const lines = text
    .split(/\r?\n/)
    .map((l) =>
      l
        .replace(/^[-–—\s*_>]+/, '')
        .replace(/[*_]+$/, '')
        .trim(),
    )
    .filter(Boolean)
    .slice(0, 40);
  const clues = cluesIn(text);
  if (clues.emails.length === 0 && clues.phones.length === 0) return undefined;
  let nameAt = -1;
  const afterSignOff = lines.findIndex((l) => SIGN_OFF.test(l));
  const start = afterSignOff >= 0 ? afterSignOff + 1 : 0;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length <= 60 && LOOKS_LIKE_NAME.test(line) && !TITLE_WORDS.test(line)) {
      nameAt = i;
      break;
    }
  }
  if (nameAt < 0) return undefined;
  const { firstName, lastName } = splitName(lines[nameAt]);
  const next = lines[nameAt + 1] ?? '';
  const title =
    next && next.length <= 80 && !next.includes('@') && !/\d{3}/.test(next) && TITLE_WORDS.test(next)
      ? next.replace(/\s*[|,]\s*.*$/, '').trim()
      : null;
  return {
    firstName,
    lastName,
    title: title || null,
    email: clues.emails[0] ?? null,
    phone: clues.phones[0] ?? null,
  };
}
