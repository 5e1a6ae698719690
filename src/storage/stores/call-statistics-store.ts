import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { CallStatisticsRow, CallStatisticsTable } from '../schema.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../domain/filter.js';
import { filterPredicate } from '../filter-sql.js';

/** Finished calls: the rows of voximplant.statistic.get. */
export class CallStatisticsStore {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<CallStatisticsTable>): Promise<CallStatisticsRow> {
    return this.db.insertInto('call_statistics').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async findByCallId(callId: string): Promise<CallStatisticsRow | undefined> {
    return this.db.selectFrom('call_statistics').selectAll().where('call_id', '=', callId).executeTakeFirst();
  }

  async list(conditions: readonly FilterCondition[], sort: readonly SortSpec[], page: PageRequest): Promise<Page<CallStatisticsRow>> {
    const filtered = this.db.selectFrom('call_statistics').where((eb) => filterPredicate(eb, conditions));
    let query = filtered.selectAll();
    for (const { column, direction } of sort) query = query.orderBy(column as keyof CallStatisticsRow, direction);
    // Ties break by ID in the direction of the last sort key, so an index on that key serves the order.
    const items = await query.orderBy('id', sort.at(-1)?.direction ?? 'asc').limit(page.limit).offset(page.offset).execute();
    if (!page.count) return { items, total: null };
    const counted = await filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { items, total: Number(counted.total) };
  }

  /** The newest rows, for the CLI. */
  async latest(limit: number): Promise<CallStatisticsRow[]> {
    return this.db.selectFrom('call_statistics').selectAll().orderBy('id', 'desc').limit(limit).execute();
  }
}
