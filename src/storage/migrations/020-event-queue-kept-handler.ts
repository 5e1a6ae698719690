import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * An event may outlive its binding: ONAPPUNINSTALL is queued just before uninstalling removes the
 * application's bindings (B16), so the row keeps the handler and the application itself.
 */
export const eventQueueKeptHandlerMigration: Migration = {
  name: '020-event-queue-kept-handler',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('event_queue').addColumn('kept_handler', 'text').execute();
    await db.schema.alterTable('event_queue').addColumn('kept_app_id', 'integer').execute();
  },
};
