// Edit distance for typo tolerance: Damerau-Levenshtein (optimal string alignment), cut off early past a bound.

let previous2 = new Int32Array(64);
let previous = new Int32Array(64);
let current = new Int32Array(64);

/**
 * The number of insertions, deletions, substitutions and adjacent swaps turning `a` into `b`, or
 * `max + 1` as soon as it is certain to exceed `max` (most vocabulary words are rejected in a row or two).
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  if (previous.length <= n) {
    previous2 = new Int32Array(n + 1);
    previous = new Int32Array(n + 1);
    current = new Int32Array(n + 1);
  }
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        value = Math.min(value, (previous2[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const spare = previous2;
    previous2 = previous;
    previous = current;
    current = spare;
  }
  const result = previous[n] ?? max + 1;
  return result > max ? max + 1 : result;
}

/** Typos allowed for a word of this length: none in short words (too many false friends), more in long ones. */
export function typoBudget(length: number, loose: boolean): number {
  const base = length <= 3 ? 0 : length <= 5 ? 1 : length <= 9 ? 2 : 3;
  return loose ? base + 1 : base;
}
