import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** The request-rate buckets, shared by every instance on one PostgreSQL database (C1–C3). */
export const rateBucketsMigration: Migration = {
  name: '012-rate-buckets',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('rate_buckets')
      .addColumn('client_key', 'varchar(200)', (c) => c.primaryKey())
      .addColumn('level', 'double precision', (c) => c.notNull())
      .addColumn('updated_ms', 'bigint', (c) => c.notNull())
      .execute();
  },
};
