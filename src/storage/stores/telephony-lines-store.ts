import type { Db } from '../database.js';
import type { TelephonyLineRow } from '../schema.js';

/** External lines (PBX numbers), per application. */
export class TelephonyLinesStore {
  constructor(private readonly db: Db) {}

  async find(appId: number, number: string): Promise<TelephonyLineRow | undefined> {
    return this.db.selectFrom('telephony_lines').selectAll().where('app_id', '=', appId).where('number', '=', number).executeTakeFirst();
  }

  async forApp(appId: number): Promise<TelephonyLineRow[]> {
    return this.db.selectFrom('telephony_lines').selectAll().where('app_id', '=', appId).orderBy('id').execute();
  }

  /** Adds a line; undefined when the app already has one with this number. */
  async insert(appId: number, number: string, name: string, crmAutoCreate: string, now: number): Promise<TelephonyLineRow | undefined> {
    return this.db
      .insertInto('telephony_lines')
      .values({ app_id: appId, number, name, crm_auto_create: crmAutoCreate, created_at: now })
      .onConflict((oc) => oc.columns(['app_id', 'number']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async update(id: number, changes: { name?: string; crm_auto_create?: string }): Promise<void> {
    await this.db.updateTable('telephony_lines').set(changes).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('telephony_lines').where('id', '=', id).execute();
  }

  /** The app's line with this number, created (CRM_AUTO_CREATE on) when the app has none yet. */
  async ensure(appId: number, number: string, now: number): Promise<TelephonyLineRow> {
    await this.db
      .insertInto('telephony_lines')
      .values({ app_id: appId, number, created_at: now })
      .onConflict((oc) => oc.columns(['app_id', 'number']).doNothing())
      .execute();
    return (await this.find(appId, number))!;
  }
}
