import { sql, type Kysely } from 'kysely';
import type { Migration } from './migration.js';

const KEY = ['hour_start', 'portal_user_id', 'answered', 'duration_bucket', 'cost_currency', 'stripe'] as const;

/**
 * The charts' rollup gains a `stripe` in its key. On PostgreSQL every finish in one hour by one employee
 * updated the same rollup row, so concurrent finishes queued on its row lock until each committed; a
 * finish now adds to one of several stripes (picked by its statistics row id) and the charts sum them.
 * SQLite has a single writer and keeps every count in stripe 0. Existing counts move to stripe 0.
 */
export const hourlyRollupStripesMigration: Migration = {
  name: '025-hourly-rollup-stripes',
  async up(db: Kysely<any>, { dialect }) {
    if (dialect === 'postgres') {
      await db.schema
        .alterTable('call_statistics_hourly')
        .addColumn('stripe', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('call_statistics_hourly').dropConstraint('call_statistics_hourly_pk').execute();
      await db.schema
        .alterTable('call_statistics_hourly')
        .addPrimaryKeyConstraint('call_statistics_hourly_pk', [...KEY])
        .execute();
      return;
    }
    // SQLite cannot change the key of a WITHOUT ROWID table: the table is built again and the counts copied.
    await db.schema
      .createTable('call_statistics_hourly_striped')
      .addColumn('hour_start', 'bigint', (c) => c.notNull())
      .addColumn('portal_user_id', 'integer', (c) => c.notNull())
      .addColumn('answered', 'integer', (c) => c.notNull())
      .addColumn('duration_bucket', 'integer', (c) => c.notNull())
      .addColumn('cost_currency', 'varchar(10)', (c) => c.notNull())
      .addColumn('calls', 'integer', (c) => c.notNull())
      .addColumn('duration_sum', 'bigint', (c) => c.notNull())
      .addColumn('cost_sum', 'double precision', (c) => c.notNull())
      .addColumn('stripe', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('call_statistics_hourly_pk', [...KEY])
      .modifyEnd(sql`without rowid`)
      .execute();
    await sql`insert into call_statistics_hourly_striped
        (hour_start, portal_user_id, answered, duration_bucket, cost_currency, calls, duration_sum, cost_sum, stripe)
      select hour_start, portal_user_id, answered, duration_bucket, cost_currency, calls, duration_sum, cost_sum, 0
      from call_statistics_hourly`.execute(db);
    await db.schema.dropTable('call_statistics_hourly').execute();
    await db.schema.alterTable('call_statistics_hourly_striped').renameTo('call_statistics_hourly').execute();
    await db.schema
      .createIndex('call_statistics_hourly_user')
      .on('call_statistics_hourly')
      .columns(['portal_user_id', 'hour_start'])
      .execute();
  },
};
