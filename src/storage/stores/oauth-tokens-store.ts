import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { OAuthCodeRow, OAuthCodesTable, OAuthTokenRow, OAuthTokensTable } from '../schema.js';

/** Access/refresh token pairs, stored by hash only. */
export class OAuthTokensStore {
  constructor(private readonly db: Db) {}

  async insert(token: Insertable<OAuthTokensTable>): Promise<OAuthTokenRow> {
    return this.db.insertInto('oauth_tokens').values(token).returningAll().executeTakeFirstOrThrow();
  }

  /** Every stored token pair, oldest first (the console's view of who holds tokens). */
  async all(): Promise<OAuthTokenRow[]> {
    return this.db.selectFrom('oauth_tokens').selectAll().orderBy('id').execute();
  }

  async findByAccessHash(hash: string): Promise<OAuthTokenRow | undefined> {
    return this.db.selectFrom('oauth_tokens').selectAll().where('access_token_hash', '=', hash).executeTakeFirst();
  }

  async findByRefreshHash(hash: string): Promise<OAuthTokenRow | undefined> {
    return this.db.selectFrom('oauth_tokens').selectAll().where('refresh_token_hash', '=', hash).executeTakeFirst();
  }

  /** Marks a refresh token used; false when another request used it first. */
  async markRefreshed(id: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('oauth_tokens')
      .set({ refreshed_at: now })
      .where('id', '=', id)
      .where('refreshed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Removes pairs that can no longer be used: the refresh token expired, or it was spent and the
   * access token expired too; and authorization codes past their life.
   */
  async purgeDead(now: number): Promise<void> {
    await this.db
      .deleteFrom('oauth_tokens')
      .where((eb) =>
        eb.or([eb('refresh_expires_at', '<', now), eb.and([eb('refreshed_at', 'is not', null), eb('access_expires_at', '<', now)])]),
      )
      .execute();
    await this.db.deleteFrom('oauth_codes').where('expires_at', '<', now).execute();
  }

  /** Ends access tokens now (one, by its hash, or every one still valid); answers how many. Their refresh tokens stay. */
  async expireAccess(now: number, accessHash?: string): Promise<number> {
    let query = this.db.updateTable('oauth_tokens').set({ access_expires_at: now }).where('access_expires_at', '>', now);
    if (accessHash !== undefined) query = query.where('access_token_hash', '=', accessHash);
    return Number((await query.executeTakeFirst()).numUpdatedRows);
  }

  /** Forgets token pairs: one (by its access token's hash), an application's, or all; answers how many. */
  async remove(which: { accessHash?: string; appId?: number }): Promise<number> {
    let query = this.db.deleteFrom('oauth_tokens');
    if (which.accessHash !== undefined) query = query.where('access_token_hash', '=', which.accessHash);
    if (which.appId !== undefined) query = query.where('app_id', '=', which.appId);
    return Number((await query.executeTakeFirst()).numDeletedRows);
  }

  async insertCode(code: Insertable<OAuthCodesTable>): Promise<void> {
    await this.db.insertInto('oauth_codes').values(code).execute();
  }

  async findCode(hash: string): Promise<OAuthCodeRow | undefined> {
    return this.db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
  }

  /** Spends an authorization code; false when it was used already. */
  async useCode(id: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('oauth_codes')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
