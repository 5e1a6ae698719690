import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import type { ChartPeriod, ChartQueries, CurrencyCost, DurationBucketCount, EmployeeCounts, HourCounts } from './chart-counts.js';
import { COST_SCALE } from './hourly-rollup.js';

/**
 * The charts read from call_statistics_hourly: exact for a period whose edges are whole UTC hours (its
 * hours are then the rollup's own). Sums of integers (cost in ten-thousandths) come out alike on every database.
 */
export class HourlyCallCharts implements ChartQueries {
  constructor(private readonly db: Db) {}

  async perHour(period: ChartPeriod): Promise<HourCounts[]> {
    const rows = await this.inPeriod(period)
      .select(['hour_start', answeredSum().as('answered'), (eb) => eb.fn.sum<number>('calls').as('calls')])
      .groupBy('hour_start')
      .orderBy('hour_start')
      .execute();
    return rows.map((r) => {
      const answered = Number(r.answered ?? 0);
      return { startSeconds: Number(r.hour_start), answered, notAnswered: Number(r.calls) - answered };
    });
  }

  async perEmployee(period: ChartPeriod): Promise<EmployeeCounts[]> {
    const rows = await this.inPeriod(period)
      .select([
        'portal_user_id',
        answeredSum().as('answered'),
        (eb) => eb.fn.sum<number>('calls').as('calls'),
        (eb) => eb.fn.sum<number>('duration_sum').as('duration'),
      ])
      .groupBy('portal_user_id')
      .orderBy('portal_user_id')
      .execute();
    return rows.map((r) => {
      const answered = Number(r.answered ?? 0);
      return { userId: Number(r.portal_user_id), answered, notAnswered: Number(r.calls) - answered, durationSeconds: Number(r.duration) };
    });
  }

  async durationDistribution(period: ChartPeriod): Promise<DurationBucketCount[]> {
    const rows = await this.inPeriod(period)
      .select(['duration_bucket', (eb) => eb.fn.sum<number>('calls').as('calls')])
      .groupBy('duration_bucket')
      .orderBy('duration_bucket')
      .execute();
    return rows.map((r) => ({ bucket: Number(r.duration_bucket), calls: Number(r.calls) }));
  }

  async costPerCurrency(period: ChartPeriod): Promise<CurrencyCost[]> {
    const rows = await this.inPeriod(period)
      .select(['cost_currency', (eb) => eb.fn.sum<number>('cost_sum').as('cost'), (eb) => eb.fn.sum<number>('calls').as('calls')])
      .groupBy('cost_currency')
      .orderBy('cost_currency')
      .execute();
    // A sum of whole ten-thousandths: one division gives COST's four decimals exactly.
    return rows.map((r) => ({ currency: r.cost_currency, cost: Number(r.cost) / COST_SCALE, calls: Number(r.calls) }));
  }

  private inPeriod(period: ChartPeriod): SelectQueryBuilder<Database, 'call_statistics_hourly', object> {
    let query = this.db
      .selectFrom('call_statistics_hourly')
      .where('hour_start', '>=', period.fromSeconds)
      .where('hour_start', '<', period.toSeconds);
    if (period.ownerId !== null) query = query.where('portal_user_id', '=', period.ownerId);
    return query;
  }
}

/** The answered calls among the summed rows; NULL when there are none. */
function answeredSum(): RawBuilder<number | null> {
  return sql<number | null>`sum(calls) filter (where answered = 1)`;
}
