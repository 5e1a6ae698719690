import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * Answers to requests that carried a request id, so a retry gets the original answer (A27); and the
 * authorization codes of the OAuth code flow (B5).
 */
export const idempotencyMigration: Migration = {
  name: '008-idempotency-oauth-codes',
  async up(db: Kysely<any>, { idColumn }) {
    await idColumn(db.schema.createTable('oauth_codes'))
      .addColumn('code_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('app_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();

    await idColumn(db.schema.createTable('idempotent_requests'))
      .addColumn('caller', 'varchar(100)', (c) => c.notNull())
      .addColumn('request_key', 'varchar(200)', (c) => c.notNull())
      .addColumn('fingerprint', 'varchar(64)', (c) => c.notNull())
      .addColumn('status', 'integer')
      .addColumn('content_type', 'varchar(100)')
      .addColumn('body', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('idempotent_requests_key').on('idempotent_requests').columns(['caller', 'request_key']).unique().execute();
    await db.schema.createIndex('idempotent_requests_created').on('idempotent_requests').column('created_at').execute();
  },
};
