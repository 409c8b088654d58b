// A value loaded from a vendor and served stale-while-revalidate: one load at a time, patches replayed onto it.
import { inBackground } from '../queue/priority.js';

export type IndexState = 'cold' | 'building' | 'warm' | 'stale';

export interface SwrCellOptions<T> {
  load: (signal: AbortSignal) => Promise<T>;
  ttlMs: number;
  now: () => number;
  /** After a failed background refresh, serve the stale value this long before trying again. */
  retryAfterErrorMs?: number;
  onLoaded?: (value: T, durationMs: number) => void;
  onError?: (error: unknown, background: boolean) => void;
}

export class SwrCell<T> {
  readonly #options: SwrCellOptions<T>;
  #value: T | undefined;
  #loadedAt = Number.NEGATIVE_INFINITY;
  #failedAt = Number.NEGATIVE_INFINITY;
  #inflight: Promise<void> | undefined;
  #controller: AbortController | undefined;
  #patches: Array<(value: T) => void> | undefined;
  #closed = false;

  constructor(options: SwrCellOptions<T>) {
    this.#options = options;
  }

  get value(): T | undefined {
    return this.#value;
  }

  get state(): IndexState {
    if (this.#value === undefined) return this.#inflight ? 'building' : 'cold';
    return this.#options.now() - this.#loadedAt < this.#options.ttlMs ? 'warm' : 'stale';
  }

  get refreshing(): boolean {
    return this.#inflight !== undefined;
  }

  /** Waits only when there is nothing to serve; a stale value answers now and refreshes behind. */
  ready(): Promise<void> {
    if (this.#value !== undefined) {
      this.touch();
      return Promise.resolve();
    }
    return this.#start(false);
  }

  /** Called on every read: starts a background refresh when stale (never two, never right after a failure). */
  touch(): void {
    if (this.#value === undefined || this.#inflight || this.state !== 'stale') return;
    if (this.#options.now() - this.#failedAt < (this.#options.retryAfterErrorMs ?? 60_000)) return;
    this.#start(true).catch(() => undefined);
  }

  /** Loads again now (joining a load already running). */
  refresh(): Promise<void> {
    return this.#start(this.#value !== undefined);
  }

  /** Marks the value stale so the next read refreshes it. */
  invalidate(): void {
    this.#loadedAt = Number.NEGATIVE_INFINITY;
  }

  /** Applies our own write now, and again to a load in flight (which may have read the vendor before the write). */
  patch(apply: (value: T) => void): void {
    if (this.#value !== undefined) apply(this.#value);
    this.#patches?.push(apply);
  }

  close(): void {
    this.#closed = true;
    this.#controller?.abort(new Error('index closed'));
  }

  #start(background: boolean): Promise<void> {
    if (this.#inflight) return this.#inflight;
    if (this.#closed) return Promise.reject(new Error('index closed'));
    const controller = new AbortController();
    const patches: Array<(value: T) => void> = [];
    this.#controller = controller;
    this.#patches = patches;
    const started = this.#options.now();
    const load = () => this.#options.load(controller.signal);
    // A refresh of data we can already serve must not hold up a user's lookup in the rate limiter.
    const loading = background ? inBackground(load) : load();
    const inflight = loading
      .then(
        (value) => {
          for (const apply of patches) apply(value);
          if (this.#closed) return;
          this.#value = value;
          this.#loadedAt = this.#options.now();
          this.#options.onLoaded?.(value, this.#loadedAt - started);
        },
        (error: unknown) => {
          this.#failedAt = this.#options.now();
          this.#options.onError?.(error, background);
          throw error;
        },
      )
      .finally(() => {
        this.#inflight = undefined;
        this.#patches = undefined;
        this.#controller = undefined;
      });
    this.#inflight = inflight;
    return inflight;
  }
}
