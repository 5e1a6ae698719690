import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Where the authorization-code flow sends the user back to (B5): part of the app's configuration. */
export const appRedirectUriMigration: Migration = {
  name: '011-app-redirect-uri',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('apps').addColumn('redirect_uri', 'text').execute();
  },
};
