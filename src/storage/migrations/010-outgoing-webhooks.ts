import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * Outgoing webhooks (H5): event handlers that belong to no application (app_id 0) and carry a token
 * of their own for the handler to check.
 */
export const outgoingWebhooksMigration: Migration = {
  name: '010-outgoing-webhooks',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('event_bindings').addColumn('outgoing_token', 'varchar(64)').execute();
  },
};
