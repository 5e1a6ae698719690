import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Event handlers bound by applications, and the durable queue of events to deliver to them. */
export const eventsMigration: Migration = {
  name: '007-events',
  async up(db: Kysely<any>, { idColumn }) {
    await idColumn(db.schema.createTable('event_bindings'))
      .addColumn('app_id', 'integer', (c) => c.notNull())
      .addColumn('event', 'varchar(100)', (c) => c.notNull())
      .addColumn('handler', 'text', (c) => c.notNull())
      .addColumn('auth_type', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('offline', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('event_bindings_event').on('event_bindings').columns(['event', 'app_id']).execute();

    await idColumn(db.schema.createTable('event_queue'))
      .addColumn('binding_id', 'integer', (c) => c.notNull())
      .addColumn('event', 'varchar(100)', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addColumn('failed_at', 'bigint')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('event_queue_due').on('event_queue').columns(['delivered_at', 'failed_at', 'next_attempt_at']).execute();
  },
};
