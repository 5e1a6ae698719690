import { restError } from '../kernel/errors/rest-error.js';

interface Bucket {
  level: number;
  updatedMs: number;
}

/** Buckets kept before empty ones are swept, so a scan of many addresses cannot grow memory without bound. */
const SWEEP_AT = 10_000;

/**
 * The request-rate leaky bucket (C1–C3), one per client address: each request adds 1, the level
 * drains continuously at `drainPerSecond`; a request that would lift it above `burst` is refused
 * with QUERY_LIMIT_EXCEEDED and adds nothing.
 */
export interface RateLimiter {
  take(clientKey: string): Promise<void>;
  /** Empties every bucket (a portal reset). */
  clear(): void;
  /** Seconds until one more request from `clientKey` would be accepted (for Retry-After). */
  secondsUntilFree(clientKey: string): number;
}

/** Buckets in this process's memory: for a single instance (SQLite). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly burst: number,
    private readonly drainPerSecond: number,
    private readonly nowMs: () => number,
  ) {}

  async take(clientKey: string): Promise<void> {
    const now = this.nowMs();
    const bucket = this.buckets.get(clientKey) ?? { level: 0, updatedMs: now };
    const level = this.levelAt(bucket, now);
    if (level + 1 > this.burst) {
      bucket.level = level;
      bucket.updatedMs = now;
      this.buckets.set(clientKey, bucket);
      throw restError('QUERY_LIMIT_EXCEEDED');
    }
    if (!this.buckets.has(clientKey) && this.buckets.size >= SWEEP_AT) this.sweep(now);
    this.buckets.set(clientKey, { level: level + 1, updatedMs: now });
  }

  clear(): void {
    this.buckets.clear();
  }

  secondsUntilFree(clientKey: string): number {
    const bucket = this.buckets.get(clientKey);
    if (!bucket) return 0;
    return Math.max(0, Math.ceil((this.levelAt(bucket, this.nowMs()) + 1 - this.burst) / this.drainPerSecond));
  }

  /** The bucket's level at `now`, drained continuously since its last request. */
  private levelAt(bucket: Bucket, now: number): number {
    return Math.max(0, bucket.level - ((now - bucket.updatedMs) / 1000) * this.drainPerSecond);
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.levelAt(bucket, now) === 0) this.buckets.delete(key);
    }
  }
}

/** Rows of the shared bucket table, as the storage keeps them. */
export interface SharedBuckets {
  take(key: string, burst: number, drainPerSecond: number, nowMs: number): Promise<boolean>;
  purgeIdle(beforeMs: number): Promise<void>;
}

const PURGE_EVERY_MS = 10 * 60_000;

/** Buckets in the database: several instances on one PostgreSQL database limit a client together. */
export class SharedRateLimiter implements RateLimiter {
  private lastPurgeMs = 0;

  constructor(
    private readonly buckets: SharedBuckets,
    private readonly burst: number,
    private readonly drainPerSecond: number,
    private readonly nowMs: () => number,
  ) {}

  async take(clientKey: string): Promise<void> {
    const now = this.nowMs();
    if (now - this.lastPurgeMs > PURGE_EVERY_MS) {
      this.lastPurgeMs = now;
      // An idle bucket has drained to empty after burst / drain seconds.
      await this.buckets.purgeIdle(now - (this.burst / this.drainPerSecond) * 1000 - 60_000);
    }
    if (!(await this.buckets.take(clientKey, this.burst, this.drainPerSecond, now))) throw restError('QUERY_LIMIT_EXCEEDED');
  }

  /** The buckets are rows: a reset wipes them with the rest of the portal's tables. */
  clear(): void {
    this.lastPurgeMs = 0;
  }

  /** A refused request does not read the bucket back: one request's worth of draining is the estimate. */
  secondsUntilFree(): number {
    return Math.ceil(1 / this.drainPerSecond);
  }
}
