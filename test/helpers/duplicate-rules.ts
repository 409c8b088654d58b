// The duplicate rules as the issue states them, written apart from src/operations/duplicates.ts so a test can
// judge every pair the report lists: equal once case, accents, punctuation and trailing legal forms are set
// aside; within the ranking's typo distance; a shared (non free-mail) email domain; a contact email at both.
import type { Contact, Customer } from '../../src/domain/index.js';
import { typoBudget } from '../../src/search/distance.js';

/** Legal forms a business name may end with (the issue: Ltd, LLC, Inc, GmbH, Corp ...). */
const LEGAL_FORMS = new Set(
  'ltd limited llc llp lp inc incorporated corp corporation co company gmbh ag kg plc sa sas sarl srl spa bv nv pty pllc oy ab as aps kk'.split(
    ' ',
  ),
);
const FREE_MAIL = new Set(['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'aol.com']);

export function normalise(name: string): string {
  const words = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  while (words.length > 1 && LEGAL_FORMS.has(words.at(-1) ?? '')) words.pop();
  return words.join(' ');
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function osa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = v;
    }
  return at(a.length, b.length);
}

/** The ranking's budget for a whole name: none for short names, at most two edits. */
const allowedTypos = (a: string, b: string) => Math.min(2, typoBudget(Math.min(a.length, b.length), false));

const domainsOf = (c: Customer) =>
  new Set(
    [...c.domains, c.email?.split('@')[1] ?? '']
      .map((d) => d.toLowerCase())
      .filter((d) => d && !FREE_MAIL.has(d)),
  );

export type Rule = 'name' | 'typo' | 'domain' | 'contact';

/** Which rules let this pair be listed; [] when none does. */
export function justified(a: Customer, b: Customer, contacts: readonly Contact[]): Rule[] {
  const why: Rule[] = [];
  const na = normalise(a.name);
  const nb = normalise(b.name);
  if (na === nb) why.push('name');
  else if (osa(na, nb) <= allowedTypos(na, nb)) why.push('typo');
  const db = domainsOf(b);
  if ([...domainsOf(a)].some((d) => db.has(d))) why.push('domain');
  const emailsOf = (id: string) =>
    new Set(
      contacts
        .filter((c) => c.customerId === id && !c.archived && c.email)
        .map((c) => c.email?.toLowerCase()),
    );
  const eb = emailsOf(b.id);
  if ([...emailsOf(a.id)].some((e) => eb.has(e))) why.push('contact');
  return why;
}

/** The rule a listed reason claims, so a test can check the claim holds. */
export function ruleOf(reason: string): Rule | undefined {
  if (/same name/.test(reason)) return 'name';
  if (/typo/.test(reason)) return 'typo';
  if (/email domain/.test(reason)) return 'domain';
  if (/a contact with the email/.test(reason)) return 'contact';
  return undefined;
}
