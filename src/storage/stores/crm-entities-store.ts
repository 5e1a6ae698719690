import type { ColumnType, Insertable, Updateable } from 'kysely';
import type { Db } from '../database.js';
import type { CrmCompaniesTable, CrmContactsTable, CrmDealsTable, CrmLeadsTable, CrmObjectType, Database } from '../schema.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { listPage } from '../filter-sql.js';
import type { CompiledStatements } from '../compiled-statements.js';

/** The table of each CRM object kind. */
export const CRM_TABLES = {
  LEAD: 'crm_leads',
  CONTACT: 'crm_contacts',
  COMPANY: 'crm_companies',
  DEAL: 'crm_deals',
} as const satisfies Record<CrmObjectType, keyof Database>;

type Tables = { LEAD: CrmLeadsTable; CONTACT: CrmContactsTable; COMPANY: CrmCompaniesTable; DEAL: CrmDealsTable };
export type CrmEntityRow<T extends CrmObjectType> = {
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

/** The tables share `id`; typing them as one keeps Kysely's builders callable. */
function table(type: CrmObjectType): 'crm_leads' {
  return CRM_TABLES[type] as 'crm_leads';
}

/** Leads, contacts, companies and deals: the same operations on four tables. */
export class CrmEntitiesStore {
  constructor(
    private readonly db: Db,
    private readonly statements: CompiledStatements,
  ) {}

  async insert(type: CrmObjectType, row: NewCrmEntity): Promise<number> {
    const inserted = await this.db
      .insertInto(table(type))
      // Typed as the leads table, like `table()`: the columns are the kind's own (see CrmColumnValues).
      .values(row as Insertable<CrmLeadsTable>)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  }

  async findById<T extends CrmObjectType>(type: T, id: number): Promise<CrmEntityRow<T> | undefined> {
    return (await this.db.selectFrom(table(type)).selectAll().where('id', '=', id).executeTakeFirst()) as CrmEntityRow<T> | undefined;
  }

  async findByIds<T extends CrmObjectType>(type: T, ids: readonly number[]): Promise<CrmEntityRow<T>[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom(table(type)).selectAll().where('id', 'in', ids).orderBy('id').execute()) as CrmEntityRow<T>[];
  }

  async update(type: CrmObjectType, id: number, changes: CrmColumnValues): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    await this.db
      .updateTable(table(type))
      .set(changes as Updateable<CrmLeadsTable>)
      .where('id', '=', id)
      .execute();
  }

  /** Sets `column` to `value` on every entity of `type` where it is `current` (a deleted entity's references). */
  async replaceReference(type: CrmObjectType, column: string, current: number, value: number | null): Promise<void> {
    await this.db
      .updateTable(table(type))
      .set({ [column]: value } as Updateable<CrmLeadsTable>)
      .where(column as 'id', '=', current)
      .execute();
  }

  async delete(type: CrmObjectType, id: number): Promise<boolean> {
    const result = await this.db.deleteFrom(table(type)).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list<T extends CrmObjectType>(
    type: T,
    conditions: readonly FilterCondition[],
    sort: readonly SortSpec[],
    page: PageRequest,
  ): Promise<Page<CrmEntityRow<T>>> {
    return listPage<CrmEntityRow<T>>(this.db.selectFrom(table(type)), conditions, sort, page, {
      statements: this.statements,
      db: this.db,
      name: `crm.${type}`,
    });
  }

  /**
   * Removes what belongs to a deleted entity alone: its activities (with their communications) and
   * its timeline comments. `ownerTypeId` is the CRM object type ID (I12).
   */
  async deleteOwnedRecords(ownerTypeId: number, ownerId: number, kind: CrmObjectType): Promise<void> {
    const activities = await this.db
      .selectFrom('crm_activities')
      .select('id')
      .where('owner_type_id', '=', ownerTypeId)
      .where('owner_id', '=', ownerId)
      .execute();
    const ids = activities.map((a) => Number(a.id));
    if (ids.length > 0) {
      await this.db.deleteFrom('crm_activity_communications').where('activity_id', 'in', ids).execute();
      await this.db.deleteFrom('crm_activities').where('id', 'in', ids).execute();
    }
    await this.db
      .deleteFrom('crm_timeline_comments')
      .where('entity_type', 'in', [kind, kind.toLowerCase()])
      .where('entity_id', '=', ownerId)
      .execute();
  }
}
