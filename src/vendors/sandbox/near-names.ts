// Keeps generated demo names apart: a name key and an index that finds names a few typos from one another.
import { boundedDistance } from '../../search/distance.js';

/**
 * Legal forms, wherever they stand: the duplicate report treats "Acme Ltd" and "Acme Inc" as one company, so the
 * generator must too. The search's list (src/search/normalize.ts) and a few more: dropping more is safer here.
 */
const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'corp',
  'corporation',
  'co',
  'company',
  'ag',
  'sa',
  'sas',
  'sarl',
  'srl',
  'plc',
  'llp',
  'lp',
  'pllc',
  'pc',
  'pty',
  'bv',
  'nv',
  'kg',
  'oy',
  'ab',
  'ug',
  'spa',
  'as',
  'aps',
  'kk',
]);

/** Joining words that carry no identity ("Smith & Sons" is "Smith and Sons"). */
const STOPWORDS = new Set(['and', 'the', 'of']);

/**
 * Words many company names end with: a report may drop them too ("Atlas Systems" and "Atlas Solutions" are
 * then one name), so two generated names that differ only in these are kept apart as well.
 */
const DESIGNATORS = new Set([
  'group',
  'holdings',
  'international',
  'services',
  'solutions',
  'systems',
  'partners',
  'enterprises',
  'industries',
  'associates',
]);

function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !STOPWORDS.has(w));
}

function joined(all: string[], drop: ReadonlySet<string>): string {
  const kept = all.filter((w) => !drop.has(w));
  return (kept.length > 0 ? kept : all).join('');
}

/** "Wayne Enterprises, Inc." -> "wayneenterprises": case, accents, punctuation, spaces and legal forms gone. */
export function nameKey(name: string): string {
  return joined(words(name), LEGAL_FORMS);
}

/** `nameKey` without the common designators too ("Atlas Systems GmbH" -> "atlas"), compared for equality only. */
export function bareNameKey(name: string): string {
  const all = words(name);
  const core = all.filter((w) => !LEGAL_FORMS.has(w));
  return joined(core.length > 0 ? core : all, DESIGNATORS);
}

/**
 * Keys no closer than `minDistance` edits to one another, each new key measured only against the few that could
 * be that close rather than against all of them. Names built from a small vocabulary share parts often, so the
 * saving shrinks as the set grows: the generator uses it up to `DEMO_NAME_DISTANCE_LIMIT` names.
 *
 * Candidates come from the pigeonhole rule of PassJoin (Li et al., VLDB 2011): cut a key into `tau + 1` parts;
 * another key within `tau` edits contains one of those parts unchanged. An adjacent swap may touch two parts,
 * so `tau` is twice the edits allowed; the part moves by at most the insertions and deletions before it (so
 * by at most `minDistance - 1`, as do the lengths). Each candidate is then measured exactly, with the search's
 * own `boundedDistance`: the duplicate report measures names with it too.
 */
export class NearNameIndex {
  readonly #maxClose: number;
  readonly #tau: number;
  /** length -> part number -> part text -> keys of that length. */
  readonly #parts = new Map<number, Map<string, string[]>[]>();
  readonly #keys = new Set<string>();

  constructor(minDistance: number) {
    this.#maxClose = minDistance - 1;
    this.#tau = 2 * this.#maxClose;
  }

  /** Where the parts of a key of this length start and how long they are. */
  #cuts(length: number): Array<[start: number, size: number]> {
    const count = this.#tau + 1;
    const small = Math.floor(length / count);
    const large = count - (length % count);
    const cuts: Array<[number, number]> = [];
    let start = 0;
    for (let i = 0; i < count; i++) {
      const size = i < large ? small : small + 1;
      cuts.push([start, size]);
      start += size;
    }
    return cuts;
  }

  /** True when `key` is equal to, or within `minDistance - 1` edits of, a key already added. */
  isNear(key: string): boolean {
    if (this.#keys.has(key)) return true;
    const shift = this.#maxClose;
    const seen = new Set<string>();
    for (let length = Math.max(0, key.length - shift); length <= key.length + shift; length++) {
      const byPart = this.#parts.get(length);
      if (!byPart) continue;
      const cuts = this.#cuts(length);
      for (let part = 0; part < cuts.length; part++) {
        const [start, size] = cuts[part] ?? [0, 0];
        const texts = byPart[part];
        if (!texts) continue;
        const from = Math.max(0, start - shift);
        const to = Math.min(key.length - size, start + shift);
        for (let at = from; at <= to; at++) {
          for (const other of texts.get(key.slice(at, at + size)) ?? []) {
            if (seen.has(other)) continue;
            seen.add(other);
            if (boundedDistance(key, other, this.#maxClose) <= this.#maxClose) return true;
          }
        }
      }
    }
    return false;
  }

  add(key: string): void {
    if (this.#keys.has(key)) return;
    this.#keys.add(key);
    let byPart = this.#parts.get(key.length);
    if (!byPart) {
      byPart = this.#cuts(key.length).map(() => new Map<string, string[]>());
      this.#parts.set(key.length, byPart);
    }
    const cuts = this.#cuts(key.length);
    for (let part = 0; part < cuts.length; part++) {
      const [start, size] = cuts[part] ?? [0, 0];
      const texts = byPart[part];
      if (!texts) continue;
      const text = key.slice(start, start + size);
      const list = texts.get(text);
      if (list) list.push(key);
      else texts.set(text, [key]);
    }
  }
}
