import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { CrmActivitiesTable, CrmActivityRow } from '../schema.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { listPage } from '../filter-sql.js';

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
    return listPage<CrmActivityRow>(this.db.selectFrom('crm_activities'), conditions, sort, page);
  }
}
