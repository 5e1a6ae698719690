import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** The user profile fields of user.add/user.update (I5) that the first migration did not keep. */
const USER_PROFILE_COLUMNS = [
  'personal_profession',
  'personal_www',
  'personal_photo',
  'personal_icq',
  'personal_fax',
  'personal_pager',
  'personal_street',
  'personal_state',
  'personal_zip',
  'personal_country',
  'personal_mailbox',
  'personal_notes',
  'work_department',
  'work_www',
  'work_fax',
  'work_pager',
  'work_street',
  'work_mailbox',
  'work_city',
  'work_state',
  'work_zip',
  'work_country',
  'work_profile',
  'work_logo',
  'work_notes',
  'uf_skype_link',
  'uf_zoom',
  'uf_interests',
  'uf_skills',
  'uf_web_sites',
  'uf_xing',
  'uf_linkedin',
  'uf_facebook',
  'uf_twitter',
  'uf_skype',
  'uf_district',
] as const;

/**
 * Users: every profile field user.add and user.update write, and the invitation state of an invited
 * user. Notifications: the sending application, the external-channel text, the attachment and the
 * quick answer. Applications: their options, their users' options and their widget placements.
 */
export const usersNotificationsPlatformMigration: Migration = {
  name: '018-users-notifications-platform',
  async up(db: Kysely<any>, { idColumn }) {
    for (const column of USER_PROFILE_COLUMNS) {
      await db.schema
        .alterTable('users')
        .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
        .execute();
    }
    // The user who sent the invitation (user.add); 0 for employees added by the administrator's CLI.
    await db.schema
      .alterTable('users')
      .addColumn('invited_by', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    for (const [column, type] of [
      ['client_id', 'varchar(255)'],
      ['message_out', 'text'],
      ['attach', 'text'],
      ['answer', 'text'],
    ] as const) {
      await db.schema
        .alterTable('notifications')
        .addColumn(column, type, (c) => c.notNull().defaultTo(''))
        .execute();
    }

    await idColumn(db.schema.createTable('app_options'))
      .addColumn('app_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('app_options_key').unique().on('app_options').columns(['app_id', 'user_id', 'name']).execute();

    await idColumn(db.schema.createTable('placements'))
      .addColumn('app_id', 'integer', (c) => c.notNull())
      .addColumn('placement', 'varchar(100)', (c) => c.notNull())
      .addColumn('handler', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('group_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('lang_all', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('placements_app').on('placements').columns(['app_id', 'placement']).execute();
  },
};
