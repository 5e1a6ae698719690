import type { Db } from '../database.js';
import type { TelephonyLineRow } from '../schema.js';

/** External lines (PBX numbers), per application. */
export class TelephonyLinesStore {
  constructor(private readonly db: Db) {}

  async find(appId: number, number: string): Promise<TelephonyLineRow | undefined> {
    return this.db.selectFrom('telephony_lines').selectAll().where('app_id', '=', appId).where('number', '=', number).executeTakeFirst();
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
