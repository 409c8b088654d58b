// One vendor list (customers, or contacts) held in memory and kept fresh: a full read in bounded windows, then
// only what changed since the last sync where the vendor can say, a cheap count to notice deletions, and our
// own writes patched in at once (and kept through a read that was already under way).
import { unmetered } from '../queue/job-scope.js';
import { inBackground } from '../queue/priority.js';
import type { Page } from '../vendors/types.js';
import type { Catalog, Indexable } from './catalog.js';
import { readPages } from './paging.js';
import type { FeedMark } from './snapshot.js';

export type FeedState = 'cold' | 'building' | 'warm' | 'stale';
export type FeedWork = 'full' | 'incremental' | 'reconcile';

export interface FeedSource<T> {
  what: 'customers' | 'contacts';
  page(page: number, signal: AbortSignal): Promise<Page<T>>;
  /** Records changed at or after `since`, where the vendor can say (capabilities.changedSince). */
  changedSince?: ((since: Date, signal: AbortSignal) => Promise<T[]>) | undefined;
  /** How many records the vendor holds, cheaply; undefined when it does not say. */
  count?: ((signal: AbortSignal) => Promise<number | undefined>) | undefined;
  /** The count is page 1's total, so a full read already knows it without asking again. */
  countIsFirstPageTotal?: boolean;
  /** False for a record that is not live (an archived contact): it is kept out of the index. */
  live(record: T): boolean;
}

export interface FeedTiming {
  /** Full re-read period of a list the vendor cannot ask incrementally (INDEX_TTL_SECONDS). */
  ttlMs: number;
  /** Incremental refresh period (INDEX_REFRESH_SECONDS). */
  refreshMs: number;
  /** Count check for deletions (INDEX_RECONCILE_SECONDS). */
  reconcileMs: number;
  /** Full re-read of an incremental list, as a backstop for what neither the changes nor the count can show. */
  rebuildMs: number;
  /** How far before the last sync a changed-since read starts (our clock and the vendor's differ). */
  overlapMs: number;
  /** After a failed background read, wait this long before the next try. */
  retryAfterErrorMs: number;
}

export interface FeedOptions<T extends Indexable, C extends Catalog<T>> {
  source: FeedSource<T>;
  create: () => C;
  timing: FeedTiming;
  now: () => number;
  /** Page requests in flight during a full read. */
  pageWindow: number;
  maxPages: number;
  /** Bytes this list may still grow by, given it would hold `own` bytes (the workspace's memory share). */
  room: (own: number) => number;
  onLoaded?: (
    work: FeedWork | 'snapshot',
    info: { count: number; changes: number; durationMs: number },
  ) => void;
  onError?: (work: FeedWork, error: unknown, background: boolean) => void;
  /** Records a full read no longer found (deleted at the vendor): the index drops what hangs off them. */
  onGone?: (ids: string[]) => void;
}

const NEVER = Number.NEGATIVE_INFINITY;

/** The same record again (the overlap of a changed-since read returns records we already hold). */
function unchanged<T extends { modifiedAt?: string | null }>(a: T, b: T): boolean {
  if (a.modifiedAt && b.modifiedAt && a.modifiedAt !== b.modifiedAt) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

export class Feed<T extends Indexable & { modifiedAt?: string | null }, C extends Catalog<T>> {
  readonly #o: FeedOptions<T, C>;
  #value: C | undefined;
  #mark: FeedMark = { syncedAt: NEVER, fullAt: NEVER, countOffset: null, partial: false };
  #loadedAt = NEVER;
  #reconciledAt = NEVER;
  #failedAt = NEVER;
  #fromSnapshot = false;
  #op: Promise<void> | undefined;
  #opWork: FeedWork | undefined;
  #controller: AbortController | undefined;
  /** Our writes made while a full read runs, replayed onto its result (which may have read the vendor before them). */
  #replay: Array<(catalog: C) => void> | undefined;
  /** Ids we wrote while a changed-since read runs: its copy of them may predate our write. */
  #touched: Set<string> | undefined;
  /** Our writes made before anything was loaded (a snapshot read still under way). */
  #early: Array<(catalog: C) => void> = [];
  #closed = false;

  constructor(options: FeedOptions<T, C>) {
    this.#o = options;
  }

  get value(): C | undefined {
    return this.#value;
  }

  get incremental(): boolean {
    return this.#o.source.changedSince !== undefined;
  }

  get mark(): FeedMark {
    return { ...this.#mark };
  }

  get fromSnapshot(): boolean {
    return this.#fromSnapshot;
  }

  get partial(): boolean {
    return this.#mark.partial;
  }

  get busy(): FeedWork | undefined {
    return this.#opWork;
  }

  /** When the records last matched the vendor (a full or incremental read landed), epoch ms; -Infinity if never. */
  get loadedAt(): number {
    return this.#loadedAt;
  }

  get state(): FeedState {
    if (this.#value === undefined) return this.#op ? 'building' : 'cold';
    if (this.#fromSnapshot) return 'stale';
    return this.#o.now() - this.#loadedAt < this.#staleAfterMs() ? 'warm' : 'stale';
  }

  /** Resolves when there is something to serve; when cold, reads the whole list once however many wait. */
  ready(): Promise<void> {
    if (this.#value !== undefined) return Promise.resolve();
    return this.run('full', false);
  }

  /** Records from a snapshot: served at once, marked stale until a read of the vendor lands. */
  async restore(records: readonly T[], mark: FeedMark): Promise<void> {
    const catalog = this.#o.create();
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      if (record && this.#o.source.live(record)) catalog.upsert(record);
      // A large snapshot is indexed in slices, so lookups of other workspaces keep answering meanwhile.
      if (i % 2000 === 1999) await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.#closed || this.#value !== undefined) return;
    for (const apply of this.#early.splice(0)) apply(catalog);
    for (const apply of this.#replay ?? []) apply(catalog);
    this.#value = catalog;
    this.#mark = { ...mark };
    this.#fromSnapshot = true;
    this.#loadedAt = NEVER;
    // Deletions made while nobody watched: count them at the first chance.
    this.#reconciledAt = NEVER;
    this.#o.onLoaded?.('snapshot', { count: catalog.size, changes: 0, durationMs: 0 });
  }

  /** What is due next and when (epoch ms), given no read is running; undefined when nothing ever is. */
  nextDue(): { work: FeedWork; at: number } | undefined {
    if (this.#value === undefined) return undefined;
    const t = this.#o.timing;
    const retry = this.#failedAt + t.retryAfterErrorMs;
    if (!this.incremental) return { work: 'full', at: Math.max(retry, this.#loadedAt + t.ttlMs) };
    // A snapshot older than the backstop is re-read whole; otherwise its changes are read, then counted.
    const fullAt = this.#mark.fullAt + t.rebuildMs;
    if (this.#fromSnapshot) return { work: this.#o.now() >= fullAt ? 'full' : 'reconcile', at: retry };
    // In order of what each covers: a full read answers for a reconcile, a reconcile for a changed-since read.
    const candidates: Array<{ work: FeedWork; at: number }> = [
      { work: 'full', at: fullAt },
      ...(this.#mark.partial ? [] : [{ work: 'reconcile' as const, at: this.#reconciledAt + t.reconcileMs }]),
      { work: 'incremental', at: this.#loadedAt + t.refreshMs },
    ];
    const now = this.#o.now();
    let best = candidates.find((c) => c.at <= now);
    if (!best) for (const c of candidates) if (!best || c.at < best.at) best = c;
    const next = best ?? { work: 'incremental' as const, at: this.#loadedAt + t.refreshMs };
    return { work: next.work, at: Math.max(retry, next.at) };
  }

  /** Runs `work` now, or joins the read already running (a full read answers for any of them). */
  run(work: FeedWork, background: boolean): Promise<void> {
    if (this.#op) return this.#op;
    if (this.#closed) return Promise.reject(new Error('index closed'));
    const controller = new AbortController();
    this.#controller = controller;
    this.#opWork = work;
    const started = this.#o.now();
    // Nobody's job pays for a read that serves every job; a refresh of what we can already serve waits
    // behind users' lookups in the rate limiter.
    const go = () => unmetered(() => this.#work(work, controller.signal));
    const op = (background ? inBackground(go) : go())
      .then(
        (changes) => {
          if (this.#closed) return;
          this.#o.onLoaded?.(work, {
            count: this.#value?.size ?? 0,
            changes,
            durationMs: this.#o.now() - started,
          });
        },
        (error: unknown) => {
          this.#failedAt = this.#o.now();
          this.#o.onError?.(work, error, background);
          throw error;
        },
      )
      .finally(() => {
        this.#op = undefined;
        this.#opWork = undefined;
        this.#controller = undefined;
      });
    this.#op = op;
    return op;
  }

  /** Marks the records stale (changes may have been missed): the next tick reads what changed, or everything. */
  invalidate(): void {
    this.#loadedAt = NEVER;
    this.#failedAt = NEVER;
  }

  /** Our own write: applied now, and again to a full read in flight; a changed-since read in flight skips the id. */
  patch(id: string, apply: (catalog: C) => void): void {
    if (this.#value) apply(this.#value);
    else if (!this.#replay) this.#early.push(apply);
    this.#replay?.push(apply);
    this.#touched?.add(id);
  }

  /** A record we took out of the live index although the vendor still holds it (a contact we archived). */
  noteRetired(): void {
    if (this.#mark.countOffset !== null) this.#mark.countOffset++;
  }

  close(): void {
    this.#closed = true;
    this.#controller?.abort(new Error('index closed'));
  }

  #staleAfterMs(): number {
    const t = this.#o.timing;
    // Refreshed every refreshMs while in use: two missed refreshes (a vendor outage, an idle spell) make it stale.
    return this.incremental ? 2 * t.refreshMs : t.ttlMs;
  }

  async #work(work: FeedWork, signal: AbortSignal): Promise<number> {
    if (work === 'full' || this.#value === undefined || !this.incremental) return this.#full(signal);
    if (work === 'incremental') return this.#incremental(signal);
    return this.#reconcile(signal);
  }

  /** `counted`: the vendor's count just taken (a reconcile), so it is not asked again. */
  async #full(signal: AbortSignal, counted?: number): Promise<number> {
    const started = this.#o.now();
    const replay: Array<(catalog: C) => void> = this.#early.splice(0);
    this.#replay = replay;
    try {
      const catalog = this.#o.create();
      const source = this.#o.source;
      let full = false;
      const counting =
        counted === undefined && source.count && !source.countIsFirstPageTotal
          ? source.count(signal).catch(() => undefined)
          : Promise.resolve(counted);
      const read = await readPages((page, s) => source.page(page, s), {
        signal,
        window: this.#o.pageWindow,
        maxPages: this.#o.maxPages,
        accept: (items) => {
          for (const item of items) {
            if (!source.live(item)) continue;
            if (!catalog.get(item.id) && this.#o.room(catalog.approxBytes) <= 0) {
              full = true;
              return false;
            }
            catalog.upsert(item);
          }
          return true;
        },
      });
      const total = source.countIsFirstPageTotal ? read.totalItems : await counting;
      signal.throwIfAborted();
      if (this.#closed) return 0;
      for (const apply of replay) apply(catalog);
      const previous = this.#value;
      const gone: string[] = [];
      if (previous)
        for (const record of previous.slots.values()) if (!catalog.get(record.id)) gone.push(record.id);
      this.#value = catalog;
      this.#mark = {
        syncedAt: started,
        fullAt: this.#o.now(),
        countOffset: total === undefined ? null : total - catalog.size,
        partial: full || read.truncated,
      };
      this.#loadedAt = this.#o.now();
      this.#reconciledAt = this.#loadedAt;
      this.#fromSnapshot = false;
      this.#failedAt = NEVER;
      if (gone.length > 0 && !this.#mark.partial) this.#o.onGone?.(gone);
      return catalog.size;
    } finally {
      if (this.#replay === replay) this.#replay = undefined;
    }
  }

  async #incremental(signal: AbortSignal): Promise<number> {
    const changedSince = this.#o.source.changedSince;
    if (!changedSince) return this.#full(signal);
    const started = this.#o.now();
    const touched = new Set<string>();
    this.#touched = touched;
    try {
      const since = new Date(this.#mark.syncedAt - this.#o.timing.overlapMs);
      const changed = await changedSince(since, signal);
      signal.throwIfAborted();
      const catalog = this.#value;
      if (!catalog || this.#closed) return 0;
      let changes = 0;
      for (const record of changed) {
        if (touched.has(record.id)) continue;
        const existing = catalog.get(record.id);
        if (!this.#o.source.live(record)) {
          if (existing) {
            catalog.remove(record.id);
            this.noteRetired();
            changes++;
          }
          continue;
        }
        if (existing && unchanged(existing, record)) continue;
        if (!existing && this.#o.room(catalog.approxBytes) <= 0) {
          // The memory share is full: known records stay current, new ones are left to the vendor's search.
          this.#mark.partial = true;
          continue;
        }
        catalog.upsert(record);
        changes++;
      }
      this.#mark.syncedAt = started;
      this.#loadedAt = this.#o.now();
      this.#fromSnapshot = false;
      this.#failedAt = NEVER;
      return changes;
    } finally {
      if (this.#touched === touched) this.#touched = undefined;
    }
  }

  /**
   * Deletions made in the vendor's app leave no trace in a changed-since list. Read what changed first (so new
   * records are counted in), then ask the vendor how many it holds: fewer than we hold (allowing for records
   * it keeps but we do not, such as archived contacts) means something disappeared, and only then is the whole
   * list read again.
   */
  async #reconcile(signal: AbortSignal): Promise<number> {
    const changes = await this.#incremental(signal);
    const count = this.#o.source.count;
    const catalog = this.#value;
    if (!count || !catalog) return changes;
    const counted = await count(signal);
    signal.throwIfAborted();
    this.#reconciledAt = this.#o.now();
    if (counted === undefined || this.#mark.partial) return changes;
    const offset = this.#mark.countOffset;
    if (offset !== null && counted < catalog.size + offset) return this.#full(signal, counted);
    // More than expected (a record created between the two reads) or a first count: count from here on.
    this.#mark.countOffset = counted - catalog.size;
    return changes;
  }
}
