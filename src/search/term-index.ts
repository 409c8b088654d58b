// Name lookup over numbered slots: exact, prefix and whole-word tiers from token maps, then typo-tolerant words.
import { boundedDistance, typoBudget } from './distance.js';
import { addTo, removeFrom } from './multimap.js';
import { type FoldedName, foldName } from './normalize.js';

export type NameTier = 'exact' | 'prefix' | 'word' | 'fuzzy';

export interface NameHit {
  tier: NameTier;
  /** Higher is better; comparable across tiers. */
  score: number;
}

/** Tier scores leave room between them for the domain, email and phone matches the customer index adds. */
export const NAME_SCORES = { exact: 100, prefix: 80, word: 70, wordPrefix: 65, fuzzyMax: 50 } as const;

/** First index in a sorted array whose value is >= `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Keeps only what ranking needs per slot (the folded core, as one string shared with the exact map's key)
 * plus token -> slots; the sorted vocabulary for prefix ranges and the by-length buckets for typo search
 * are derived lazily, so a patch costs a few map operations.
 */
export class TermIndex {
  readonly #cores: Array<string | undefined> = [];
  readonly #exact = new Map<string, number[]>();
  readonly #tokens = new Map<string, number[]>();
  #vocabulary: string[] | undefined;
  #byLength: Map<number, string[]> | undefined;

  add(slot: number, name: string): void {
    const folded = foldName(name);
    this.#cores[slot] = folded.core;
    addTo(this.#exact, folded.core, slot);
    for (const token of folded.tokens) {
      if (!this.#tokens.has(token)) this.#invalidate();
      addTo(this.#tokens, token, slot);
    }
  }

  remove(slot: number, name: string): void {
    const folded = foldName(name);
    this.#cores[slot] = undefined;
    removeFrom(this.#exact, folded.core, slot);
    for (const token of folded.tokens) if (removeFrom(this.#tokens, token, slot)) this.#invalidate();
  }

  core(slot: number): string | undefined {
    return this.#cores[slot];
  }

  /** Approximate heap held by the keys and slot lists, for the memory bound. */
  approxBytes(): number {
    let bytes = this.#cores.length * 8;
    for (const [key, slots] of this.#exact) bytes += 40 + key.length + 16 + slots.length * 4;
    for (const [key, slots] of this.#tokens) bytes += 40 + key.length + 16 + slots.length * 4;
    return bytes;
  }

  /**
   * Exact core, prefix of the core, or every query word present (the last may be a word's start).
   * Words before the last must be whole words, so candidates come from intersecting short slot lists.
   */
  match(query: FoldedName, into: Map<number, NameHit>): void {
    const words = query.tokens.length > 0 ? query.core.split(' ').filter(Boolean) : [];
    if (words.length === 0) return;
    const last = words.at(-1) ?? '';
    let candidates: Set<number> | undefined;
    for (const word of words.slice(0, -1)) {
      const slots = this.#tokens.get(word);
      if (!slots) return;
      candidates = candidates ? new Set(slots.filter((s) => candidates?.has(s))) : new Set(slots);
      if (candidates.size === 0) return;
    }
    const lastSlots = new Set<number>();
    const vocabulary = this.#sortedVocabulary();
    for (let i = lowerBound(vocabulary, last); i < vocabulary.length; i++) {
      const token = vocabulary[i] ?? '';
      if (!token.startsWith(last)) break;
      for (const slot of this.#tokens.get(token) ?? [])
        if (!candidates || candidates.has(slot)) lastSlots.add(slot);
    }
    const wholeLast = new Set(this.#tokens.get(last) ?? []);
    for (const slot of lastSlots) {
      const core = this.#cores[slot];
      if (core === undefined) continue;
      let hit: NameHit;
      if (core === query.core) hit = { tier: 'exact', score: NAME_SCORES.exact };
      else if (core.startsWith(query.core)) {
        // "acme" before "acmetech": a prefix that ends on a word boundary is the likelier intent.
        const boundary = core.charAt(query.core.length) === ' ';
        hit = { tier: 'prefix', score: NAME_SCORES.prefix - (boundary ? 0 : 2) };
      } else if (wholeLast.has(slot)) hit = { tier: 'word', score: NAME_SCORES.word };
      else hit = { tier: 'word', score: NAME_SCORES.wordPrefix };
      const before = into.get(slot);
      if (!before || before.score < hit.score) into.set(slot, hit);
    }
  }

  /**
   * Every query word (legal forms included) must match some word of the name within a typo budget
   * scaled by its length, or be the start of one; `loose` widens the budget and forgives one missing
   * word of several, for "did you mean". Only vocabulary words of a near length are compared.
   */
  fuzzy(query: FoldedName, loose: boolean, into: Map<number, NameHit>): void {
    const words = query.tokens;
    if (words.length === 0) return;
    const costs = new Map<number, { total: number; matched: number }>();
    for (const [index, word] of words.entries()) {
      const isLast = index === words.length - 1;
      const best = new Map<number, number>();
      const budget = typoBudget(word.length, loose);
      const consider = (token: string, cost: number) => {
        for (const slot of this.#tokens.get(token) ?? []) {
          const previous = best.get(slot);
          if (previous === undefined || cost < previous) best.set(slot, cost);
        }
      };
      const byLength = this.#lengthBuckets();
      const w0 = word.charCodeAt(0);
      const w1 = word.charCodeAt(1);
      for (let length = word.length - budget; length <= word.length + budget; length++) {
        for (const token of byLength.get(length) ?? []) {
          // Typos rarely hit both of the first two letters; this skips most of the vocabulary cheaply
          // while still allowing a wrong, missing, extra or swapped first letter.
          const t0 = token.charCodeAt(0);
          const t1 = token.charCodeAt(1);
          if (t0 !== w0 && t1 !== w1 && t0 !== w1 && t1 !== w0) continue;
          const distance = boundedDistance(word, token, budget);
          if (distance <= budget) consider(token, distance);
        }
      }
      // The last word may be unfinished ("northw"), typed with a typo or not ("nortw").
      if (isLast && word.length >= 3) {
        const vocabulary = this.#sortedVocabulary();
        for (let i = lowerBound(vocabulary, word); i < vocabulary.length; i++) {
          const token = vocabulary[i] ?? '';
          if (!token.startsWith(word)) break;
          consider(token, 0.5);
        }
      }
      for (const [slot, cost] of best) {
        const entry = costs.get(slot) ?? { total: 0, matched: 0 };
        entry.total += cost;
        entry.matched++;
        costs.set(slot, entry);
      }
    }
    const required = loose && words.length > 1 ? words.length - 1 : words.length;
    const queryLength = query.tokens.join('').length;
    for (const [slot, { total, matched }] of costs) {
      if (matched < required) continue;
      const missing = words.length - matched;
      const penalty = (total + missing * 3) / Math.max(4, queryLength);
      // Words of the name the query did not mention make it a slightly worse fit ("... Europe").
      const extra = Math.max(0, (this.#cores[slot]?.split(' ').length ?? 0) - matched);
      const score = NAME_SCORES.fuzzyMax - Math.min(30, penalty * 40) - Math.min(5, extra);
      const before = into.get(slot);
      if (!before || before.score < score) into.set(slot, { tier: 'fuzzy', score });
    }
  }

  #invalidate(): void {
    this.#vocabulary = undefined;
    this.#byLength = undefined;
  }

  #sortedVocabulary(): string[] {
    this.#vocabulary ??= Array.from(this.#tokens.keys()).sort();
    return this.#vocabulary;
  }

  #lengthBuckets(): Map<number, string[]> {
    if (!this.#byLength) {
      const buckets = new Map<number, string[]>();
      for (const token of this.#tokens.keys()) {
        const bucket = buckets.get(token.length);
        if (bucket) bucket.push(token);
        else buckets.set(token.length, [token]);
      }
      this.#byLength = buckets;
    }
    return this.#byLength;
  }
}
