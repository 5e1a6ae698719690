import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { TranscriptRow, TranscriptsTable } from '../schema.js';

/** Call transcripts. */
export class TranscriptsStore {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<TranscriptsTable>): Promise<TranscriptRow> {
    return this.db.insertInto('transcripts').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async findById(id: number): Promise<TranscriptRow | undefined> {
    return this.db.selectFrom('transcripts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('transcripts').where('id', '=', id).execute();
  }
}
