import { sql, type RawBuilder } from 'kysely';

/**
 * A LIMIT written into the statement's text instead of bound. SQLite (3.53, as better-sqlite3 12 bundles
 * it) plans with the value bound to a LIMIT and so prepares the statement again on every run: for a
 * statistics page that was some 30 µs of 105. A number in the text is prepared once per value, and
 * limits take few values (a page size, a poll's batch). Offsets stay bound: they do not enter the plan.
 * Anything but a non-negative safe integer stays bound, as before.
 */
export function literalLimit(limit: number): number | RawBuilder<number> {
  return Number.isSafeInteger(limit) && limit >= 0 ? sql.lit(limit) : limit;
}
