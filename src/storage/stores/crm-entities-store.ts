import type { ColumnType, Insertable, Updateable } from 'kysely';
import type { Db } from '../database.js';
import type { CrmCompaniesTable, CrmContactsTable, CrmEntityType, CrmLeadsTable, Database } from '../schema.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { listPage } from '../filter-sql.js';

/** The table of each CRM entity kind. */
export const CRM_TABLES = { LEAD: 'crm_leads', CONTACT: 'crm_contacts', COMPANY: 'crm_companies' } as const satisfies Record<
  CrmEntityType,
  keyof Database
>;

type Tables = { LEAD: CrmLeadsTable; CONTACT: CrmContactsTable; COMPANY: CrmCompaniesTable };
export type CrmEntityRow<T extends CrmEntityType> = {
  [K in keyof Tables[T]]: Tables[T][K] extends ColumnType<infer S, any, any> ? S : Tables[T][K];
};

/**
 * Column values of an entity by column name. The CRM feature's field maps name the columns, never a
 * client; each kind has its own columns, so they are not typed per table here.
 */
export type CrmColumnValues = Readonly<Record<string, string | number | null>>;

/** A new entity: its responsible user, who made it and when, and its field values. */
export type NewCrmEntity = CrmColumnValues & {
  assigned_by_id: number;
  created_by_id: number;
  modify_by_id: number;
  date_create: number;
  date_modify: number;
};

/** The three tables share `id`; typing them as one keeps Kysely's builders callable. */
function table(type: CrmEntityType): 'crm_leads' {
  return CRM_TABLES[type] as 'crm_leads';
}

/** Leads, contacts and companies: the same operations on three tables. */
export class CrmEntitiesStore {
  constructor(private readonly db: Db) {}

  async insert(type: CrmEntityType, row: NewCrmEntity): Promise<number> {
    const inserted = await this.db
      .insertInto(table(type))
      // Typed as the leads table, like `table()`: the columns are the kind's own (see CrmColumnValues).
      .values(row as Insertable<CrmLeadsTable>)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  }

  async findById<T extends CrmEntityType>(type: T, id: number): Promise<CrmEntityRow<T> | undefined> {
    return (await this.db.selectFrom(table(type)).selectAll().where('id', '=', id).executeTakeFirst()) as CrmEntityRow<T> | undefined;
  }

  async findByIds<T extends CrmEntityType>(type: T, ids: readonly number[]): Promise<CrmEntityRow<T>[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom(table(type)).selectAll().where('id', 'in', ids).orderBy('id').execute()) as CrmEntityRow<T>[];
  }

  async update(type: CrmEntityType, id: number, changes: CrmColumnValues): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    await this.db
      .updateTable(table(type))
      .set(changes as Updateable<CrmLeadsTable>)
      .where('id', '=', id)
      .execute();
  }

  async list<T extends CrmEntityType>(
    type: T,
    conditions: readonly FilterCondition[],
    sort: readonly SortSpec[],
    page: PageRequest,
  ): Promise<Page<CrmEntityRow<T>>> {
    return listPage<CrmEntityRow<T>>(this.db.selectFrom(table(type)), conditions, sort, page);
  }
}
