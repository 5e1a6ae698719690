import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import type { ChartPeriod, ChartQueries, CurrencyCost, DurationBucketCount, EmployeeCounts, HourCounts } from './chart-counts.js';
import { HourlyCallCharts } from './call-statistics-hourly-charts.js';
import { COST_SCALE, durationBucketSql, HOUR_SECONDS, isWholeHour } from './hourly-rollup.js';

export type { ChartPeriod, ChartQueries, CurrencyCost, DurationBucketCount, EmployeeCounts, HourCounts } from './chart-counts.js';
export { DURATION_BUCKETS } from './hourly-rollup.js';

/**
 * The aggregates behind the console's charts. A period whose edges are whole UTC hours (any zone whose
 * offset is a whole number of hours, at both edges) is read from the hourly rollup; any other (a zone
 * like Asia/Kolkata, +05:30) from the calls themselves. Both give the same numbers.
 */
export class CallChartsStore implements ChartQueries {
  /** Every call row of the period (GROUP BY over call_statistics): right for any period. */
  readonly calls: RawCallCharts;
  /** The hourly rollup: right for periods on whole UTC hours. */
  readonly hourly: HourlyCallCharts;

  constructor(db: Db) {
    this.calls = new RawCallCharts(db);
    this.hourly = new HourlyCallCharts(db);
  }

  perHour(period: ChartPeriod): Promise<HourCounts[]> {
    return this.queriesFor(period).perHour(period);
  }

  perEmployee(period: ChartPeriod): Promise<EmployeeCounts[]> {
    return this.queriesFor(period).perEmployee(period);
  }

  durationDistribution(period: ChartPeriod): Promise<DurationBucketCount[]> {
    return this.queriesFor(period).durationDistribution(period);
  }

  costPerCurrency(period: ChartPeriod): Promise<CurrencyCost[]> {
    return this.queriesFor(period).costPerCurrency(period);
  }

  private queriesFor(period: ChartPeriod): ChartQueries {
    const onWholeHours = isWholeHour(period.fromSeconds) && isWholeHour(period.toSeconds);
    return onWholeHours ? this.hourly : this.calls;
  }
}

/**
 * The charts computed by the database (GROUP BY) over call_statistics. Hours are counted from the
 * period's start, not from the epoch: a period starting at a local midnight then yields the local hours
 * of any zone, whole-hour offset or not. Numbers come back as JS numbers on every database (PostgreSQL
 * sends bigint and numeric as text).
 */
export class RawCallCharts implements ChartQueries {
  constructor(private readonly db: Db) {}

  async perHour(period: ChartPeriod): Promise<HourCounts[]> {
    // The difference is never negative inside the period: integer division floors on both databases.
    const hourIndex = sql<number>`(call_start_date - ${sql.lit(Math.trunc(period.fromSeconds))}) / ${sql.lit(HOUR_SECONDS)}`;
    const rows = await this.inPeriod(period)
      .select([hourIndex.as('hour_index'), answeredSum().as('answered'), (eb) => eb.fn.countAll<number>().as('calls')])
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute();
    return rows.map((r) => {
      const answered = Number(r.answered);
      return {
        startSeconds: period.fromSeconds + Number(r.hour_index) * HOUR_SECONDS,
        answered,
        notAnswered: Number(r.calls) - answered,
      };
    });
  }

  async perEmployee(period: ChartPeriod): Promise<EmployeeCounts[]> {
    const rows = await this.inPeriod(period)
      .select([
        'portal_user_id',
        answeredSum().as('answered'),
        (eb) => eb.fn.countAll<number>().as('calls'),
        (eb) => eb.fn.sum<number>('call_duration').as('duration'),
      ])
      .groupBy('portal_user_id')
      .orderBy('portal_user_id')
      .execute();
    return rows.map((r) => {
      const answered = Number(r.answered);
      return { userId: Number(r.portal_user_id), answered, notAnswered: Number(r.calls) - answered, durationSeconds: Number(r.duration) };
    });
  }

  async durationDistribution(period: ChartPeriod): Promise<DurationBucketCount[]> {
    const rows = await this.inPeriod(period)
      .select([durationBucketSql().as('bucket'), (eb) => eb.fn.countAll<number>().as('calls')])
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute();
    return rows.map((r) => ({ bucket: Number(r.bucket), calls: Number(r.calls) }));
  }

  async costPerCurrency(period: ChartPeriod): Promise<CurrencyCost[]> {
    const rows = await this.inPeriod(period)
      .select(['cost_currency', (eb) => eb.fn.sum<number>('cost').as('cost'), (eb) => eb.fn.countAll<number>().as('calls')])
      .groupBy('cost_currency')
      .orderBy('cost_currency')
      .execute();
    return rows.map((r) => ({
      currency: r.cost_currency,
      // Float sums are rounded to COST's four decimals, so addition order never shows.
      cost: Math.round(Number(r.cost) * COST_SCALE) / COST_SCALE,
      calls: Number(r.calls),
    }));
  }

  private inPeriod(period: ChartPeriod): SelectQueryBuilder<Database, 'call_statistics', object> {
    let query = this.db
      .selectFrom('call_statistics')
      .where('call_start_date', '>=', period.fromSeconds)
      .where('call_start_date', '<', period.toSeconds);
    if (period.ownerId !== null) query = query.where('portal_user_id', '=', period.ownerId);
    return query;
  }
}

/** Answered: status code 200 (a FILTER is cheaper per row than SUM(CASE …) on SQLite, and standard on PostgreSQL). */
function answeredSum(): RawBuilder<number> {
  return sql<number>`count(*) filter (where call_failed_code = '200')`;
}
