import { sql, type RawBuilder } from 'kysely';

/**
 * The duration distribution's buckets, in seconds, both ends included; the last one is open. They are
 * part of the rollup's key: changing them takes a migration that rebuilds call_statistics_hourly.
 */
export const DURATION_BUCKETS: ReadonlyArray<{ label: string; min: number; max: number | null }> = [
  { label: '0 s', min: 0, max: 0 },
  { label: '1–10 s', min: 1, max: 10 },
  { label: '11–30 s', min: 11, max: 30 },
  { label: '31–60 s', min: 31, max: 60 },
  { label: '1–3 min', min: 61, max: 180 },
  { label: '3–10 min', min: 181, max: 600 },
  { label: 'over 10 min', min: 601, max: null },
];

export const HOUR_SECONDS = 3600;
/** COST has four decimals: the rollup keeps it in whole ten-thousandths, so sums are exact on every database. */
export const COST_SCALE = 10_000;

/** Whether an instant starts a UTC hour: the rollup holds whole hours only. */
export function isWholeHour(seconds: number): boolean {
  return seconds % HOUR_SECONDS === 0;
}

/** The columns that make a rollup row's key (its primary key, in this order). */
export const HOURLY_KEY = ['hour_start', 'portal_user_id', 'answered', 'duration_bucket', 'cost_currency', 'stripe'] as const;

/** call_statistics_hourly (migration 023): the calls of one hour, employee, outcome, duration bucket and currency. */
export interface CallStatisticsHourlyTable {
  /** Unix seconds of the UTC hour's start. */
  hour_start: number;
  portal_user_id: number;
  /** 1: CALL_FAILED_CODE 200. */
  answered: number;
  /** Index into DURATION_BUCKETS. */
  duration_bucket: number;
  cost_currency: string;
  calls: number;
  duration_sum: number;
  /** Whole ten-thousandths (COST_SCALE). */
  cost_sum: number;
  /**
   * Which of the cell's stripes (migration 025): concurrent writers add to different rows instead of
   * queueing on one row lock. Readers always sum over the stripes.
   */
  stripe: number;
}

/**
 * How finished calls are counted in the rollup: over how many stripes a cell is spread, and which stripe
 * the next call adds to (in turn: any spread serves, since readers sum every stripe).
 */
export class RollupCounting {
  private turn = 0;

  /**
   * `inOneStatement`: the count rides on the call's own INSERT as a data-modifying WITH (PostgreSQL),
   * one round trip fewer per finish; SQLite has no such WITH and runs the two statements in turn.
   */
  constructor(
    readonly stripes: number,
    readonly inOneStatement: boolean,
  ) {}

  nextStripe(): number {
    this.turn = (this.turn + 1) % this.stripes;
    return this.turn;
  }
}

/** The statistics columns a rollup row depends on: an UPDATE of any of them must move the row's count. */
export interface CountedCall {
  call_start_date: number;
  portal_user_id: number;
  call_failed_code: string;
  call_duration: number;
  cost: number;
  cost_currency: string;
}

/**
 * The rollup row one call adds to (key and sums), computed exactly as `hourlyRollupFromCalls` computes it
 * in SQL, in the given stripe.
 */
export function hourlyCell(call: CountedCall, stripe: number): CallStatisticsHourlyTable {
  return {
    hour_start: call.call_start_date - (((call.call_start_date % HOUR_SECONDS) + HOUR_SECONDS) % HOUR_SECONDS),
    portal_user_id: call.portal_user_id,
    answered: call.call_failed_code === '200' ? 1 : 0,
    duration_bucket: durationBucketOf(call.call_duration),
    cost_currency: call.cost_currency,
    calls: 1,
    duration_sum: call.call_duration,
    cost_sum: Math.floor(call.cost * COST_SCALE + 0.5),
    stripe,
  };
}

function durationBucketOf(seconds: number): number {
  const index = DURATION_BUCKETS.findIndex((bucket) => bucket.max !== null && seconds <= bucket.max);
  return index === -1 ? DURATION_BUCKETS.length - 1 : index;
}

/** The bucket's index as a CASE over the bounds (literals: the same text in SELECT and GROUP BY). */
export function durationBucketSql(): RawBuilder<number> {
  const branches = DURATION_BUCKETS.flatMap((bucket, index) =>
    bucket.max === null ? [] : [sql`when call_duration <= ${sql.lit(bucket.max)} then ${sql.lit(index)}`],
  );
  return sql<number>`(case ${sql.join(branches, sql` `)} else ${sql.lit(DURATION_BUCKETS.length - 1)} end)`;
}

/**
 * Fills call_statistics_hourly from every row of call_statistics (migration 023; bench/ repeats this text).
 * Portable: `%` truncates toward zero on SQLite and PostgreSQL alike, so the double modulo floors even a
 * start before 1970; floor(x + 0.5) is Math.floor(x + 0.5) on the same IEEE doubles, and no division is involved.
 */
export function hourlyRollupFromCalls(): RawBuilder<unknown> {
  const hour = sql.lit(HOUR_SECONDS);
  return sql`insert into call_statistics_hourly
      (hour_start, portal_user_id, answered, duration_bucket, cost_currency, calls, duration_sum, cost_sum)
    select call_start_date - ((call_start_date % ${hour}) + ${hour}) % ${hour}, portal_user_id,
      case when call_failed_code = '200' then 1 else 0 end, ${durationBucketSql()}, cost_currency,
      count(*), sum(call_duration), sum(floor(cost * ${sql.lit(COST_SCALE)} + 0.5))
    from call_statistics
    group by 1, 2, 3, 4, 5`;
}
