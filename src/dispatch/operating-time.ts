import { restError } from '../kernel/errors/rest-error.js';

/** The operating-time window (C4): ten one-minute buckets. */
export const OPERATING_WINDOW_SECONDS = 600;
const BUCKET_SECONDS = 60;

interface Bucket {
  /** Unix ms of the first call counted in this bucket. */
  startMs: number;
  seconds: number;
}

export interface OperatingState {
  /** Seconds of method time in the window (`time.operating`). */
  operating: number;
  /** Unix seconds when the oldest bucket leaves the window (`time.operating_reset_at`). */
  resetAt: number;
}

/**
 * Method time per (method, application or webhook) over the last ten minutes (C4–C7). Kept per
 * instance: each instance of a multi-instance deployment limits what it runs itself.
 */
export class OperatingTimeMeter {
  private readonly buckets = new Map<string, Bucket[]>();

  constructor(
    /** Seconds a pair may use per window; null: measured and reported, never refused (C6). */
    private readonly limitSeconds: number | null,
    private readonly nowMs: () => number,
  ) {}

  /** C5: refuses a call whose method already used more than its limit in the window. */
  check(key: string): void {
    if (this.limitSeconds === null) return;
    if (this.state(key).operating > this.limitSeconds) throw restError('OPERATION_TIME_LIMIT');
  }

  record(key: string, seconds: number): void {
    const now = this.nowMs();
    const buckets = this.current(key, now);
    const last = buckets[buckets.length - 1];
    if (last && now - last.startMs < BUCKET_SECONDS * 1000) last.seconds += seconds;
    else buckets.push({ startMs: now, seconds });
    this.buckets.set(key, buckets);
  }

  /** Forgets every pair's time (a portal reset). */
  clear(): void {
    this.buckets.clear();
  }

  state(key: string): OperatingState {
    const now = this.nowMs();
    const buckets = this.current(key, now);
    const oldest = buckets[0];
    const operating = buckets.reduce((sum, b) => sum + b.seconds, 0);
    return {
      operating,
      resetAt: Math.floor((oldest ? oldest.startMs : now) / 1000) + OPERATING_WINDOW_SECONDS,
    };
  }

  /** The pair's buckets still inside the window; pairs with none are forgotten. */
  private current(key: string, now: number): Bucket[] {
    const kept = (this.buckets.get(key) ?? []).filter((b) => now - b.startMs < OPERATING_WINDOW_SECONDS * 1000);
    if (kept.length === 0) this.buckets.delete(key);
    else this.buckets.set(key, kept);
    return kept;
  }
}
