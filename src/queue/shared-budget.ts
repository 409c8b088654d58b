// One vendor rate budget shared by every workspace of this process that leaves from the same IP (Syncro: 180/min
// per IP), handed out round-robin between workspaces so a busy one cannot starve the others.
import { spacingForRate } from './spacing.js';
import { WakeTimer } from './wake-timer.js';

interface Grant {
  resolve: () => void;
  reject: (reason: unknown) => void;
}

interface Lanes {
  foreground: Grant[];
  background: Grant[];
  lastAskedAt: number;
}

export interface SharedBudgetOptions {
  /** What the budget is for ("ip:syncro"): the key a distributed rate limit shares across replicas. */
  key: string;
  ratePerMinute: number;
  now?: () => number;
  /** Adaptive lowering on a 429 never goes below this. */
  minRatePerMinute?: number;
}

/** A workspace counts as sharing the budget for this long after its last request. */
const ACTIVE_FOR_MS = 10_000;
const RECOVER_AFTER_MS = 10 * 60_000;

export class SharedBudget {
  readonly key: string;
  readonly #now: () => number;
  readonly #minRate: number;
  readonly #lanes = new Map<string, Lanes>();
  #configuredRate: number;
  #rate: number;
  #spacingMs: number;
  #lastGrant = Number.NEGATIVE_INFINITY;
  #pausedUntil = 0;
  #lastRateLimited = 0;
  readonly #timer: WakeTimer;

  constructor(options: SharedBudgetOptions) {
    this.key = options.key;
    this.#now = options.now ?? Date.now;
    this.#minRate = Math.max(1, options.minRatePerMinute ?? 10);
    this.#configuredRate = Math.max(1, options.ratePerMinute);
    this.#rate = this.#configuredRate;
    this.#spacingMs = spacingForRate(this.#rate);
    this.#timer = new WakeTimer(this.#now, () => this.#pump());
  }

  get ratePerMinute(): number {
    return this.#rate;
  }

  /** Time between two grants now (the whole budget's, not one workspace's share). */
  get spacingMs(): number {
    return this.#spacingMs;
  }

  /** Workspaces that asked for a permit in the last few seconds: each gets about 1/n of the budget. */
  activeWorkspaces(): number {
    const since = this.#now() - ACTIVE_FOR_MS;
    let n = 0;
    for (const lanes of this.#lanes.values())
      if (lanes.lastAskedAt >= since || lanes.foreground.length + lanes.background.length > 0) n++;
    return Math.max(1, n);
  }

  /** A workspace on this budget is configured with `ratePerMinute`: the budget keeps the lowest it was given. */
  setRate(ratePerMinute: number): void {
    const rate = Math.max(1, ratePerMinute);
    if (rate >= this.#configuredRate) return;
    this.#configuredRate = rate;
    this.#setRate(Math.min(this.#rate, rate));
  }

  /** Resolves when `workspace` may send one request; interactive requests of any workspace go first. */
  acquire(workspace: string, background: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let lanes = this.#lanes.get(workspace);
      if (!lanes) {
        lanes = { foreground: [], background: [], lastAskedAt: 0 };
        this.#lanes.set(workspace, lanes);
      }
      lanes.lastAskedAt = this.#now();
      (background ? lanes.background : lanes.foreground).push({ resolve, reject });
      this.#pump();
    });
  }

  /** A 429 seen by any workspace on this budget: everyone waits, and the budget slows down once per episode. */
  onRateLimited(retryAfterMs: number): void {
    const now = this.#now();
    if (this.#pausedUntil <= now) this.#setRate(Math.max(this.#minRate, Math.floor(this.#rate * 0.8)));
    this.#lastRateLimited = now;
    this.#pausedUntil = Math.max(this.#pausedUntil, now + Math.max(0, retryAfterMs));
    this.#timer.arm(this.#pausedUntil);
  }

  /** The workspace left (uninstall): its waiting requests fail. */
  release(workspace: string, reason: unknown): void {
    const lanes = this.#lanes.get(workspace);
    if (!lanes) return;
    this.#lanes.delete(workspace);
    for (const grant of [...lanes.foreground, ...lanes.background]) grant.reject(reason);
  }

  #setRate(rate: number): void {
    this.#rate = rate;
    this.#spacingMs = spacingForRate(rate);
  }

  /** The next workspace in turn with an interactive request waiting, else one with a background request. */
  #next(): { workspace: string; lanes: Lanes; grant: Grant } | undefined {
    let background: { workspace: string; lanes: Lanes } | undefined;
    for (const [workspace, lanes] of this.#lanes) {
      const grant = lanes.foreground[0];
      if (grant) {
        lanes.foreground.shift();
        return { workspace, lanes, grant };
      }
      if (!background && lanes.background.length > 0) background = { workspace, lanes };
    }
    const grant = background?.lanes.background.shift();
    return background && grant ? { ...background, grant } : undefined;
  }

  #pump(): void {
    for (;;) {
      const now = this.#now();
      const readyAt = Math.max(this.#pausedUntil, this.#lastGrant + this.#spacingMs);
      const waiting = Array.from(this.#lanes.values()).some(
        (l) => l.foreground.length + l.background.length > 0,
      );
      if (!waiting) return;
      if (now < readyAt) {
        this.#timer.arm(readyAt);
        return;
      }
      const next = this.#next();
      if (!next) return;
      // Round-robin: the workspace served goes to the back of the turn order.
      this.#lanes.delete(next.workspace);
      this.#lanes.set(next.workspace, next.lanes);
      this.#maybeRecover(now);
      this.#lastGrant = now;
      next.grant.resolve();
    }
  }

  #maybeRecover(now: number): void {
    if (this.#rate >= this.#configuredRate || now - this.#lastRateLimited < RECOVER_AFTER_MS) return;
    this.#setRate(Math.min(this.#configuredRate, Math.ceil(this.#rate * 1.1)));
    this.#lastRateLimited = now;
  }
}
