import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * Files kept for file fields (a contact's PHOTO, a company's LOGO, the FILES of comments and
 * activities, a user's PERSONAL_PHOTO and WORK_LOGO): metadata here, the bytes in the blob store.
 */
export const storedFilesMigration: Migration = {
  name: '019-stored-files',
  async up(db: Kysely<any>, { idColumn }) {
    await idColumn(db.schema.createTable('stored_files'))
      .addColumn('public_id', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('owner_kind', 'varchar(30)', (c) => c.notNull())
      .addColumn('owner_id', 'integer', (c) => c.notNull())
      .addColumn('field', 'varchar(50)', (c) => c.notNull())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('blob_key', 'varchar(255)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('stored_files_owner').on('stored_files').columns(['owner_kind', 'owner_id', 'field']).execute();
  },
};
