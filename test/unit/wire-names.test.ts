// Guards the house rule: a vendor's wire names (CustomerName, business_name) never leave its folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED = ['src', 'handlers', 'blocks'];
const EXEMPT = [
  join('src', 'vendors', 'atera'),
  join('src', 'vendors', 'syncro'),
  join('src', 'vendors', 'autotask'),
  join('src', 'vendors', 'superops'),
];

// Distinctive spellings only: ordinary words (`properties`, `email`) and names a database column might
// share (`customer_id`) would cry wolf.
const WIRE_NAMES = [
  // Atera
  'CustomerName',
  'CustomerID',
  'EndUserID',
  'Firstname',
  'Lastname',
  'ZipCodeStr',
  'IsContactPerson',
  'JobTitle',
  'MobilePhone',
  'ActionID',
  'ValueAsString',
  'itemsInPage',
  'totalItemCount',
  // Syncro
  'business_name',
  'business_then_name',
  'business_and_full_name',
  'address_2',
  'referred_by',
  'total_pages',
  // Autotask
  'companyName',
  'emailAddress',
  'ownerResourceID',
  'userDefinedFields',
  'ImpersonationResourceId',
  'nextPageUrl',
  // SuperOps
  'accountId',
  'hqSite',
  'columnName',
  'getClientList',
  'listInfo',
];
const PATTERN = new RegExp(`\\b(${WIRE_NAMES.join('|')})\\b`);

/** Drops // and /* comments (outside strings): prose may mention a wire name, code may not. */
function stripComments(source: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < source.length) {
    const ch = source[i] ?? '';
    const next = source[i + 1] ?? '';
    if (quote) {
      out += ch;
      if (ch === '\\') {
        out += next;
        i += 2;
        continue;
      }
      if (ch === quote) quote = null;
      i++;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch;
      out += ch;
      i++;
    } else if (ch === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function findWireNames(source: string): string[] {
  const hits: string[] = [];
  stripComments(source)
    .split('\n')
    .forEach((line) => {
      const match = PATTERN.exec(line);
      if (match?.[1]) hits.push(match[1]);
    });
  return hits;
}

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry);
    const rel = relative(ROOT, full);
    if (EXEMPT.some((e) => rel === e || rel.startsWith(`${e}${sep}`))) continue;
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (/\.(ts|tsx|js|mjs)$/.test(entry)) files.push(full);
  }
  return files;
}

describe('wire names stay inside their vendor folder', () => {
  it('finds a wire name in code and ignores one in a comment', () => {
    expect(findWireNames('const n = row.CustomerName; // CustomerID\n')).toEqual(['CustomerName']);
    expect(findWireNames('/* business_name */ const x = 1;')).toEqual([]);
    expect(findWireNames("const url = 'https://x.example/a'; const y = c.business_name;")).toEqual([
      'business_name',
    ]);
    expect(findWireNames('const customerName = c.name; const firstname = 1;')).toEqual([]);
  });

  it('appears nowhere in src/, handlers/ or blocks/ outside src/vendors/atera and src/vendors/syncro', () => {
    const offenders: string[] = [];
    for (const top of SCANNED) {
      for (const file of sourceFiles(join(ROOT, top))) {
        const hits = findWireNames(readFileSync(file, 'utf8'));
        if (hits.length > 0) offenders.push(`${relative(ROOT, file)}: ${[...new Set(hits)].join(', ')}`);
      }
    }
    expect(
      offenders,
      `wire names leaked (map them in the vendor's mapping.ts):\n${offenders.join('\n')}`,
    ).toEqual([]);
  });
});
