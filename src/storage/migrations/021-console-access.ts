import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** The web console's one-time sign-in links and its sessions, kept in the database so every instance knows them. */
export const consoleAccessMigration: Migration = {
  name: '021-console-access',
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('console_sign_ins')
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('console_sessions')
      .addColumn('session_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
