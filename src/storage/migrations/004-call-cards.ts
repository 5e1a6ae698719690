import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Who sees which active call's card (show/hide), and the employees' time-tracking status. */
export const callCardsMigration: Migration = {
  name: '004-call-cards',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('call_card_viewers')
      .addColumn('call_id', 'varchar(100)', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('shown_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('call_card_viewers_pk', ['call_id', 'user_id'])
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('timeman_status', 'varchar(20)', (c) => c.notNull().defaultTo('NOT_INSTALLED'))
      .execute();
  },
};
