import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../database.js';
import type { CrmCompaniesTable, CrmContactsTable, CrmLeadsTable, Database } from '../schema.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../domain/filter.js';
import type { CrmEntityType } from '../../domain/crm/crm-types.js';
import { listPage } from '../filter-sql.js';

/** The table of each CRM entity kind. */
export const CRM_TABLES = { LEAD: 'crm_leads', CONTACT: 'crm_contacts', COMPANY: 'crm_companies' } as const satisfies Record<CrmEntityType, keyof Database>;

type Tables = { LEAD: CrmLeadsTable; CONTACT: CrmContactsTable; COMPANY: CrmCompaniesTable };
export type CrmEntityRow<T extends CrmEntityType> = { [K in keyof Tables[T]]: Tables[T][K] extends import('kysely').ColumnType<infer S, any, any> ? S : Tables[T][K] };

/** The three tables share `id`; typing them as one keeps Kysely's builders callable. */
function table(type: CrmEntityType): 'crm_leads' {
  return CRM_TABLES[type] as 'crm_leads';
}

/** Leads, contacts and companies: the same operations on three tables. */
export class CrmEntitiesStore {
  constructor(private readonly db: Db) {}

  async insert<T extends CrmEntityType>(type: T, row: Insertable<Tables[T]>): Promise<number> {
    const inserted = await this.db
      .insertInto(CRM_TABLES[type])
      .values(row as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  }

  async findById<T extends CrmEntityType>(type: T, id: number): Promise<CrmEntityRow<T> | undefined> {
    return (await this.db
      .selectFrom(table(type))
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()) as CrmEntityRow<T> | undefined;
  }

  async findByIds<T extends CrmEntityType>(type: T, ids: readonly number[]): Promise<CrmEntityRow<T>[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom(table(type)).selectAll().where('id', 'in', ids).orderBy('id').execute()) as CrmEntityRow<T>[];
  }

  async update<T extends CrmEntityType>(type: T, id: number, changes: Updateable<Tables[T]>): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    await this.db
      .updateTable(table(type))
      .set(changes as never)
      .where('id', '=', id)
      .execute();
  }

  async list<T extends CrmEntityType>(type: T, conditions: readonly FilterCondition[], sort: readonly SortSpec[], page: PageRequest): Promise<Page<CrmEntityRow<T>>> {
    return listPage<CrmEntityRow<T>>(this.db.selectFrom(table(type)), conditions, sort, page);
  }
}
