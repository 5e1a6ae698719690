import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { RecordingRow, RecordingsTable, UploadTokenRow } from '../schema.js';

/** Recording metadata and the upload tokens that lead to them. */
export class RecordingsStore {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<RecordingsTable>): Promise<RecordingRow> {
    return this.db.insertInto('recordings').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async findById(id: number): Promise<RecordingRow | undefined> {
    return this.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByPublicId(publicId: string): Promise<RecordingRow | undefined> {
    return this.db.selectFrom('recordings').selectAll().where('public_id', '=', publicId).executeTakeFirst();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('recordings').where('id', '=', id).execute();
  }

  async insertUploadToken(row: UploadTokenRow): Promise<void> {
    await this.db.insertInto('upload_tokens').values(row).execute();
  }

  /** Marks an unused, unexpired upload token used and returns it; undefined when it cannot be used. */
  async claimUploadToken(hash: string, now: number): Promise<UploadTokenRow | undefined> {
    const token = await this.db.selectFrom('upload_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    if (!token || token.used_at !== null || token.expires_at <= now) return undefined;
    const claimed = await this.db
      .updateTable('upload_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1 ? token : undefined;
  }
}
