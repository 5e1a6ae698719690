import { sql, type Kysely } from 'kysely';
import { hourlyRollupFromCalls } from '../stores/hourly-rollup.js';
import type { Migration } from './migration.js';

/**
 * The charts' rollup: finished calls counted per UTC hour, employee, answered or not, duration bucket
 * and currency, kept up to date by every statistics insert: the charts read one row per busy hour,
 * employee and kind of call instead of every call. Filled here from the calls already kept, so existing
 * charts stay right.
 * SQLite stores it clustered on its key (WITHOUT ROWID): a period is one contiguous range.
 */
export const callStatisticsHourlyMigration: Migration = {
  name: '023-call-statistics-hourly',
  async up(db: Kysely<any>, { dialect }) {
    const table = db.schema
      .createTable('call_statistics_hourly')
      .addColumn('hour_start', 'bigint', (c) => c.notNull())
      .addColumn('portal_user_id', 'integer', (c) => c.notNull())
      .addColumn('answered', 'integer', (c) => c.notNull())
      .addColumn('duration_bucket', 'integer', (c) => c.notNull())
      .addColumn('cost_currency', 'varchar(10)', (c) => c.notNull())
      .addColumn('calls', 'integer', (c) => c.notNull())
      .addColumn('duration_sum', 'bigint', (c) => c.notNull())
      // Whole ten-thousandths of the currency, held in a double: exact up to 2^53, and never out of range.
      .addColumn('cost_sum', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('call_statistics_hourly_pk', [
        'hour_start',
        'portal_user_id',
        'answered',
        'duration_bucket',
        'cost_currency',
      ]);
    await (dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table).execute();
    // An employee's own charts: their rows only, however many colleagues share the hours.
    await db.schema
      .createIndex('call_statistics_hourly_user')
      .on('call_statistics_hourly')
      .columns(['portal_user_id', 'hour_start'])
      .execute();
    await hourlyRollupFromCalls().execute(db);
  },
};
