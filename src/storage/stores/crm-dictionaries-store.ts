import type { Db } from '../database.js';
import type { CrmCurrencyRow, CrmStatusRow } from '../schema.js';

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

  async currencies(): Promise<CrmCurrencyRow[]> {
    return this.db.selectFrom('crm_currencies').selectAll().orderBy('sort').orderBy('currency').execute();
  }

  async findCurrency(code: string): Promise<CrmCurrencyRow | undefined> {
    return this.db.selectFrom('crm_currencies').selectAll().where('currency', '=', code).executeTakeFirst();
  }
}
