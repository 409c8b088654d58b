// How far apart a limiter starts requests so that no sliding minute ever holds more than the vendor's limit.

/**
 * Requests are started at evenly spaced instants (`spacingMs`) instead of in bursts per window: with
 * starts at least `s` apart, any 60 s window holds at most floor(60000/s) + 1 starts, and a request
 * that reaches the vendor late (network jitter up to one spacing) adds at most one more. The spacing is
 * therefore computed from a budget of rate - 2 (and never above 97% of the rate), so a vendor counting
 * per sliding minute never sees more than `ratePerMinute`. Even pacing also keeps a user's lookup from
 * waiting behind a burst of index pages.
 */
export function spacingForRate(ratePerMinute: number): number {
  const budget = Math.max(1, Math.min(ratePerMinute - 2, ratePerMinute * 0.97));
  return 60_000 / budget;
}
