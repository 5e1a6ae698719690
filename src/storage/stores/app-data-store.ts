import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { AppOptionRow, PlacementRow, PlacementsTable } from '../schema.js';

/** What applications keep on the portal: their options, their users' options (user 0: the application's), their widgets. */
export class AppDataStore {
  constructor(private readonly db: Db) {}

  async options(appId: number, userId: number): Promise<AppOptionRow[]> {
    return this.db.selectFrom('app_options').selectAll().where('app_id', '=', appId).where('user_id', '=', userId).orderBy('id').execute();
  }

  /** Writes each name → JSON value, replacing a value already stored under that name. */
  async setOptions(appId: number, userId: number, values: ReadonlyArray<readonly [string, string]>): Promise<void> {
    for (const [name, value] of values) {
      await this.db
        .insertInto('app_options')
        .values({ app_id: appId, user_id: userId, name, value })
        .onConflict((oc) => oc.columns(['app_id', 'user_id', 'name']).doUpdateSet({ value }))
        .execute();
    }
  }

  async insertPlacement(row: Insertable<PlacementsTable>): Promise<PlacementRow> {
    return this.db.insertInto('placements').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async placements(appId: number): Promise<PlacementRow[]> {
    return this.db.selectFrom('placements').selectAll().where('app_id', '=', appId).orderBy('id').execute();
  }

  /** Deletes an application's handlers of `placement`, only those of `handler` and `userId` when given; returns how many. */
  async deletePlacements(appId: number, placement: string, handler: string | null, userId: number | null): Promise<number> {
    let query = this.db.deleteFrom('placements').where('app_id', '=', appId).where('placement', '=', placement);
    if (handler !== null) query = query.where('handler', '=', handler);
    if (userId !== null) query = query.where('user_id', '=', userId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
