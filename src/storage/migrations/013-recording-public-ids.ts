import type { Kysely } from 'kysely';
import { randomUrlId } from '../../kernel/secrets.js';
import type { Migration } from './migration.js';

/**
 * Recordings get a random public id for their URLs: sequential ids let anyone holding a token walk
 * through every recording. RECORD_FILE_ID stays the integer id. Existing rows get one here.
 */
export const recordingPublicIdsMigration: Migration = {
  name: '013-recording-public-ids',
  async up(db: Kysely<any>, { dialect }) {
    await db.schema.alterTable('recordings').addColumn('public_id', 'varchar(32)').execute();
    const rows = await db.selectFrom('recordings').select('id').execute();
    for (const row of rows) {
      await db
        .updateTable('recordings')
        .set({ public_id: randomUrlId(16) })
        .where('id', '=', row.id)
        .execute();
    }
    // SQLite cannot add NOT NULL to an existing column; the store always sets it there.
    if (dialect === 'postgres')
      await db.schema
        .alterTable('recordings')
        .alterColumn('public_id', (c) => c.setNotNull())
        .execute();
    await db.schema.createIndex('recordings_public_id').on('recordings').column('public_id').unique().execute();
  },
};
