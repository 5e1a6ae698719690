import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Each call's history: registered, card shown or hidden, finished, recording and transcript attached. */
export const callEventsMigration: Migration = {
  name: '022-call-events',
  async up(db: Kysely<any>, { idColumn }) {
    await idColumn(db.schema.createTable('call_events'))
      .addColumn('call_id', 'varchar(100)', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('user_id', 'integer')
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('call_events_call').on('call_events').columns(['call_id', 'id']).execute();
  },
};
