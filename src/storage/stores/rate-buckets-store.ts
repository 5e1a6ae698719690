import { sql } from 'kysely';
import type { Db } from '../database.js';

/** Leaky buckets in the database, so that several instances limit a client together. */
export class RateBucketsStore {
  constructor(private readonly db: Db) {}

  /**
   * Adds one request to `key`'s bucket, drained continuously since its last request, unless that
   * would lift it above `burst`; a refused request leaves the bucket as it was. One statement, so
   * concurrent instances cannot both take the last place.
   */
  async take(key: string, burst: number, drainPerSecond: number, nowMs: number): Promise<boolean> {
    const now = sql`CAST(${nowMs} AS bigint)`;
    const drain = sql`CAST(${drainPerSecond} AS double precision)`;
    const leaked = sql`rate_buckets.level - (${now} - rate_buckets.updated_ms) * ${drain} / 1000.0`;
    const drained = sql`(CASE WHEN ${leaked} > 0 THEN ${leaked} ELSE 0 END)`;
    const result = await sql<{ level: number }>`
      INSERT INTO rate_buckets (client_key, level, updated_ms) VALUES (${key}, 1, ${now})
      ON CONFLICT (client_key) DO UPDATE SET level = ${drained} + 1, updated_ms = ${now}
      WHERE ${drained} + 1 <= CAST(${burst} AS double precision)
      RETURNING level`.execute(this.db);
    return result.rows.length === 1;
  }

  /** Forgets buckets idle since `beforeMs` (they would have drained to empty anyway). */
  async purgeIdle(beforeMs: number): Promise<void> {
    await this.db.deleteFrom('rate_buckets').where('updated_ms', '<', beforeMs).execute();
  }
}
