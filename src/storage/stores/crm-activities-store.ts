import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { CrmActivitiesTable, CrmActivityRow } from '../schema.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../domain/filter.js';
import { filterPredicate } from '../filter-sql.js';

/** CRM activities (call activities written by finish). */
export class CrmActivitiesStore {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<CrmActivitiesTable>): Promise<CrmActivityRow> {
    return this.db.insertInto('crm_activities').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async findById(id: number): Promise<CrmActivityRow | undefined> {
    return this.db.selectFrom('crm_activities').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(conditions: readonly FilterCondition[], sort: readonly SortSpec[], page: PageRequest): Promise<Page<CrmActivityRow>> {
    const filtered = this.db.selectFrom('crm_activities').where((eb) => filterPredicate(eb, conditions));
    let query = filtered.selectAll();
    for (const { column, direction } of sort) query = query.orderBy(column as keyof CrmActivityRow, direction);
    // Ties break by ID in the direction of the last sort key, so an index on that key serves the order.
    const items = await query.orderBy('id', sort.at(-1)?.direction ?? 'asc').limit(page.limit).offset(page.offset).execute();
    if (!page.count) return { items, total: null };
    const counted = await filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { items, total: Number(counted.total) };
  }
}
