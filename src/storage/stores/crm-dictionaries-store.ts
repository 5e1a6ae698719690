import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../database.js';
import type { CrmCurrenciesTable, CrmCurrencyRow, CrmStatusesTable, CrmStatusRow } from '../schema.js';

/** Status dictionaries (SOURCE, STATUS, …) and currencies. */
export class CrmDictionariesStore {
  constructor(private readonly db: Db) {}

  async statuses(entityId: string | null): Promise<CrmStatusRow[]> {
    let query = this.db.selectFrom('crm_statuses').selectAll();
    if (entityId !== null) query = query.where('entity_id', '=', entityId);
    return query.orderBy('entity_id').orderBy('sort').orderBy('id').execute();
  }

  async findStatus(entityId: string, statusId: string): Promise<CrmStatusRow | undefined> {
    return this.db
      .selectFrom('crm_statuses')
      .selectAll()
      .where('entity_id', '=', entityId)
      .where('status_id', '=', statusId)
      .executeTakeFirst();
  }

  async findStatusById(id: number): Promise<CrmStatusRow | undefined> {
    return this.db.selectFrom('crm_statuses').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The directories that have entries (ENTITY_ID values), in no particular order. */
  async statusEntityIds(): Promise<string[]> {
    return (await this.db.selectFrom('crm_statuses').select('entity_id').distinct().execute()).map((r) => r.entity_id);
  }

  async insertStatus(row: Insertable<CrmStatusesTable>): Promise<number> {
    return (await this.db.insertInto('crm_statuses').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  async updateStatus(id: number, changes: Updateable<CrmStatusesTable>): Promise<void> {
    await this.db.updateTable('crm_statuses').set(changes).where('id', '=', id).execute();
  }

  async deleteStatus(id: number): Promise<void> {
    await this.db.deleteFrom('crm_statuses').where('id', '=', id).execute();
  }

  async currencies(): Promise<CrmCurrencyRow[]> {
    return this.db.selectFrom('crm_currencies').selectAll().orderBy('sort').orderBy('currency').execute();
  }

  async findCurrency(code: string): Promise<CrmCurrencyRow | undefined> {
    return this.db.selectFrom('crm_currencies').selectAll().where('currency', '=', code).executeTakeFirst();
  }

  async insertCurrency(row: Insertable<CrmCurrenciesTable>): Promise<void> {
    await this.db.insertInto('crm_currencies').values(row).execute();
  }

  async updateCurrency(code: string, changes: Updateable<CrmCurrenciesTable>): Promise<void> {
    await this.db.updateTable('crm_currencies').set(changes).where('currency', '=', code).execute();
  }

  async deleteCurrency(code: string): Promise<void> {
    await this.db.deleteFrom('crm_currencies').where('currency', '=', code).execute();
  }

  /** Makes `code` the only base currency. */
  async setBaseCurrency(code: string): Promise<void> {
    await this.db.updateTable('crm_currencies').set({ base: 'N' }).where('currency', '!=', code).execute();
    await this.db.updateTable('crm_currencies').set({ base: 'Y' }).where('currency', '=', code).execute();
  }
}
