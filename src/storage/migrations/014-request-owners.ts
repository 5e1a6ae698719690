import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * Who is running each claimed request id, and which server processes are alive: a claim whose owner
 * died (a crash between claim and answer) is free for the retry instead of stuck.
 */
export const requestOwnersMigration: Migration = {
  name: '014-request-owners',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('idempotent_requests').addColumn('owner', 'varchar(64)').execute();
    await db.schema
      .createTable('server_instances')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('host', 'varchar(255)', (c) => c.notNull())
      .addColumn('pid', 'integer', (c) => c.notNull())
      .addColumn('seen_ms', 'bigint', (c) => c.notNull())
      .execute();
  },
};
