// One timer for a pacing loop: it wakes the loop at the earliest moment asked for, and never twice for one moment.

export class WakeTimer {
  readonly #now: () => number;
  readonly #wake: () => void;
  #timer: NodeJS.Timeout | undefined;
  #at = 0;

  constructor(now: () => number, wake: () => void) {
    this.#now = now;
    this.#wake = wake;
  }

  /**
   * Wakes the loop at `at`, unless it is already to wake no later. Timers may fire a fraction of a millisecond
   * early; the loop re-checks and asks again if so.
   */
  arm(at: number): void {
    if (this.#timer && this.#at <= at) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#at = at;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#wake();
      },
      Math.max(0, Math.ceil(at - this.#now())),
    );
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
