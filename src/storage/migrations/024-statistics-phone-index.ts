import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * The calls of one phone number without reading every call: voximplant.statistic.get's PHONE_NUMBER
 * filter and the console's phone search (over a million calls a full scan took ~0.6 s).
 */
export const statisticsPhoneIndexMigration: Migration = {
  name: '024-statistics-phone-index',
  async up(db: Kysely<any>) {
    await db.schema.createIndex('call_statistics_phone').on('call_statistics').column('phone_number').execute();
  },
};
