import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Users, applications, OAuth tokens, incoming webhooks and portal settings. */
export const portalMigration: Migration = {
  name: '001-portal',
  async up(db: Kysely<any>, { idColumn }) {
    await db.schema
      .createTable('portal_settings')
      .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await idColumn(db.schema.createTable('users'))
      .addColumn('xml_id', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('last_name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('second_name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('title', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('email', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('user_type', 'varchar(20)', (c) => c.notNull().defaultTo('employee'))
      .addColumn('time_zone', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('personal_gender', 'varchar(1)', (c) => c.notNull().defaultTo(''))
      .addColumn('personal_birthday', 'varchar(10)', (c) => c.notNull().defaultTo(''))
      .addColumn('personal_mobile', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('personal_phone', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('personal_city', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('work_phone', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('work_position', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('work_company', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('departments', 'varchar(255)', (c) => c.notNull().defaultTo(',1,'))
      .addColumn('phone_inner', 'varchar(64)')
      .addColumn('date_register', 'bigint', (c) => c.notNull())
      .addColumn('timestamp_x', 'bigint', (c) => c.notNull())
      .addColumn('last_login', 'bigint')
      .addColumn('last_activity', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('users_phone_inner').on('users').column('phone_inner').execute();

    await idColumn(db.schema.createTable('apps'))
      .addColumn('client_id', 'varchar(100)', (c) => c.notNull().unique())
      .addColumn('client_secret_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('code', 'varchar(255)', (c) => c.notNull())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('installed', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('status', 'varchar(1)', (c) => c.notNull().defaultTo('L'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await idColumn(db.schema.createTable('oauth_tokens'))
      .addColumn('app_id', 'integer', (c) => c.notNull().references('apps.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('access_token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('access_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('refresh_token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('refresh_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('refreshed_at', 'bigint')
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await idColumn(db.schema.createTable('webhooks'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('code_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('title', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
