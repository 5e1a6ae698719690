import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Call recordings (metadata; the bytes live in a blob store) and single-use upload tokens. */
export const recordingsMigration: Migration = {
  name: '005-recordings',
  async up(db: Kysely<any>, { idColumn }) {
    await idColumn(db.schema.createTable('recordings'))
      .addColumn('call_id', 'varchar(100)', (c) => c.notNull())
      .addColumn('filename', 'varchar(255)', (c) => c.notNull())
      .addColumn('content_type', 'varchar(50)', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('blob_key', 'varchar(255)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('recordings_call').on('recordings').column('call_id').execute();

    await db.schema
      .createTable('upload_tokens')
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('call_id', 'varchar(100)', (c) => c.notNull())
      .addColumn('filename', 'varchar(255)', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
  },
};
