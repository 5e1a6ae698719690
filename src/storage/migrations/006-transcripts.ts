import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Call transcripts: the messages of both sides with their timestamps, and what the transcription cost. */
export const transcriptsMigration: Migration = {
  name: '006-transcripts',
  async up(db: Kysely<any>, { idColumn }) {
    await idColumn(db.schema.createTable('transcripts'))
      .addColumn('call_id', 'varchar(100)', (c) => c.notNull())
      /** JSON list of {side, start, stop, message}. */
      .addColumn('messages', 'text', (c) => c.notNull())
      .addColumn('cost', 'double precision')
      .addColumn('cost_currency', 'varchar(10)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('transcripts_call').on('transcripts').column('call_id').execute();
  },
};
