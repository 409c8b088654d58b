// Reads every page of a vendor list in bounded windows: a few pages in flight, a page cap, and a stop the caller
// decides (the workspace's memory share is full), so a vendor claiming a million pages costs neither a million
// requests at once nor the process.

import { MAX_PAGES } from '../vendors/http.js';
import type { Page } from '../vendors/types.js';

export interface ReadPagesOptions<T> {
  signal: AbortSignal;
  /** Pages in flight at once (default 8); the workspace's request limiter still paces each one. */
  window?: number;
  /** Most pages read, whatever the vendor claims (default MAX_PAGES of src/vendors/http.ts). */
  maxPages?: number;
  /**
   * Takes each page's records as it arrives (in any order); answers false to stop reading (nothing more is
   * asked for; pages already in flight are aborted and their records dropped).
   */
  accept: (items: T[], page: number) => boolean;
}

export interface ReadPagesResult {
  /** Pages the vendor said it has (page 1's `totalPages`). */
  totalPages: number;
  /** Records the vendor said it has, when it says (page 1's `totalItems`). */
  totalItems: number | undefined;
  /** Pages read and accepted. */
  pagesRead: number;
  /** Not every page was read: the page cap, or the caller stopped. */
  truncated: boolean;
}

/**
 * Fetches page 1 to learn how many pages there are, then the rest with at most `window` in flight. One failed
 * page fails the read; the other workers stop rather than use up the rate budget on pages that will be thrown away.
 */
export async function readPages<T>(
  fetchPage: (page: number, signal: AbortSignal) => Promise<Page<T>>,
  options: ReadPagesOptions<T>,
): Promise<ReadPagesResult> {
  const cap = Math.max(1, Math.min(options.maxPages ?? MAX_PAGES, MAX_PAGES));
  const first = await fetchPage(1, options.signal);
  const totalPages = Number.isFinite(first.totalPages) ? Math.max(1, Math.floor(first.totalPages)) : 1;
  let last = Math.min(totalPages, cap);
  let pagesRead = 1;
  const capped = totalPages > cap;
  let stopped = !options.accept(first.items, 1);
  // An empty page is the end of the list, whatever page 1 claimed.
  let ended = first.items.length === 0;
  if (stopped || ended || last <= 1)
    return { totalPages, totalItems: first.totalItems, pagesRead, truncated: stopped || (capped && !ended) };

  const abort = new AbortController();
  const signal = AbortSignal.any([options.signal, abort.signal]);
  let next = 2;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next <= last && !stopped && !failure) {
      const page = next++;
      try {
        const result = await fetchPage(page, signal);
        if (stopped || failure) return;
        pagesRead++;
        if (!options.accept(result.items, page)) {
          stopped = true;
          abort.abort(new Error('stopped reading pages'));
          return;
        }
        if (result.items.length === 0) {
          ended = true;
          last = Math.min(last, page);
        }
      } catch (error) {
        if (stopped) return;
        failure ??= { error };
        abort.abort(error);
        return;
      }
    }
  };
  const window = Math.max(1, options.window ?? 8);
  await Promise.all(Array.from({ length: Math.min(window, last - 1) }, worker));
  if (failure) throw failure.error;
  options.signal.throwIfAborted();
  return {
    totalPages,
    totalItems: first.totalItems,
    pagesRead,
    truncated: stopped || (capped && !ended),
  };
}
