import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** CRM entities with phone multifields, activities, dictionaries; telephony lines, calls, statistics; notifications. */
export const telephonyCrmMigration: Migration = {
  name: '002-telephony-crm',
  async up(db: Kysely<any>, { idColumn }) {
    const entityColumns = <T extends string>(table: ReturnType<typeof idColumn<T>>) =>
      table
        .addColumn('assigned_by_id', 'integer', (c) => c.notNull())
        .addColumn('created_by_id', 'integer', (c) => c.notNull())
        .addColumn('modify_by_id', 'integer', (c) => c.notNull())
        .addColumn('opened', 'varchar(1)', (c) => c.notNull().defaultTo('Y'))
        .addColumn('comments', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('source_id', 'varchar(50)', (c) => c.notNull().defaultTo(''))
        .addColumn('date_create', 'bigint', (c) => c.notNull())
        .addColumn('date_modify', 'bigint', (c) => c.notNull());

    await entityColumns(idColumn(db.schema.createTable('crm_leads')))
      .addColumn('title', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('second_name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('last_name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('company_title', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('status_id', 'varchar(50)', (c) => c.notNull().defaultTo('NEW'))
      .addColumn('source_description', 'text', (c) => c.notNull().defaultTo(''))
      .execute();

    await entityColumns(idColumn(db.schema.createTable('crm_contacts')))
      .addColumn('name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('second_name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('last_name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('post', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('type_id', 'varchar(50)', (c) => c.notNull().defaultTo('CLIENT'))
      .addColumn('company_id', 'integer')
      .execute();

    await entityColumns(idColumn(db.schema.createTable('crm_companies')))
      .addColumn('title', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('company_type', 'varchar(50)', (c) => c.notNull().defaultTo('CUSTOMER'))
      .addColumn('industry', 'varchar(50)', (c) => c.notNull().defaultTo(''))
      .execute();

    await idColumn(db.schema.createTable('crm_multifields'))
      .addColumn('entity_type', 'varchar(10)', (c) => c.notNull())
      .addColumn('entity_id', 'integer', (c) => c.notNull())
      .addColumn('type_id', 'varchar(10)', (c) => c.notNull())
      .addColumn('value_type', 'varchar(20)', (c) => c.notNull())
      .addColumn('value', 'varchar(255)', (c) => c.notNull())
      /** Digits only for phones, lower case for e-mail: what duplicate search compares. */
      .addColumn('normalized', 'varchar(255)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('crm_multifields_entity').on('crm_multifields').columns(['entity_type', 'entity_id']).execute();
    await db.schema.createIndex('crm_multifields_lookup').on('crm_multifields').columns(['type_id', 'normalized']).execute();

    await idColumn(db.schema.createTable('crm_activities'))
      .addColumn('owner_type_id', 'integer', (c) => c.notNull())
      .addColumn('owner_id', 'integer', (c) => c.notNull())
      .addColumn('type_id', 'integer', (c) => c.notNull())
      .addColumn('provider_id', 'varchar(50)', (c) => c.notNull())
      .addColumn('provider_type_id', 'varchar(50)', (c) => c.notNull())
      .addColumn('subject', 'varchar(512)', (c) => c.notNull())
      .addColumn('direction', 'integer', (c) => c.notNull())
      .addColumn('start_time', 'bigint', (c) => c.notNull())
      .addColumn('end_time', 'bigint', (c) => c.notNull())
      .addColumn('deadline', 'bigint', (c) => c.notNull())
      .addColumn('responsible_id', 'integer', (c) => c.notNull())
      .addColumn('author_id', 'integer', (c) => c.notNull())
      .addColumn('editor_id', 'integer', (c) => c.notNull())
      .addColumn('completed', 'varchar(1)', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('description_type', 'integer', (c) => c.notNull())
      .addColumn('origin_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('communication_type', 'varchar(10)', (c) => c.notNull())
      .addColumn('communication_value', 'varchar(255)', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .addColumn('last_updated', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('crm_activities_owner').on('crm_activities').columns(['owner_type_id', 'owner_id']).execute();

    await idColumn(db.schema.createTable('crm_statuses'))
      .addColumn('entity_id', 'varchar(50)', (c) => c.notNull())
      .addColumn('status_id', 'varchar(50)', (c) => c.notNull())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('name_init', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('sort', 'integer', (c) => c.notNull())
      .addColumn('system', 'varchar(1)', (c) => c.notNull().defaultTo('N'))
      .addColumn('color', 'varchar(20)', (c) => c.notNull().defaultTo(''))
      .addColumn('semantics', 'varchar(1)', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema.createIndex('crm_statuses_key').on('crm_statuses').columns(['entity_id', 'status_id']).unique().execute();

    await db.schema
      .createTable('crm_currencies')
      .addColumn('currency', 'varchar(3)', (c) => c.primaryKey())
      .addColumn('amount_cnt', 'integer', (c) => c.notNull())
      .addColumn('amount', 'double precision', (c) => c.notNull())
      .addColumn('sort', 'integer', (c) => c.notNull())
      .addColumn('base', 'varchar(1)', (c) => c.notNull())
      .addColumn('full_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('format_string', 'varchar(50)', (c) => c.notNull())
      .addColumn('dec_point', 'varchar(5)', (c) => c.notNull())
      .addColumn('thousands_sep', 'varchar(5)', (c) => c.notNull())
      .addColumn('decimals', 'integer', (c) => c.notNull())
      .addColumn('date_update', 'bigint', (c) => c.notNull())
      .execute();

    await idColumn(db.schema.createTable('telephony_lines'))
      .addColumn('app_id', 'integer', (c) => c.notNull())
      .addColumn('number', 'varchar(255)', (c) => c.notNull())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('crm_auto_create', 'varchar(1)', (c) => c.notNull().defaultTo('Y'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('telephony_lines_app_number').on('telephony_lines').columns(['app_id', 'number']).unique().execute();

    await idColumn(db.schema.createTable('active_calls'))
      .addColumn('call_id', 'varchar(100)', (c) => c.notNull().unique())
      .addColumn('app_id', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('phone_number', 'varchar(255)', (c) => c.notNull())
      .addColumn('call_type', 'integer', (c) => c.notNull())
      .addColumn('start_at', 'bigint', (c) => c.notNull())
      .addColumn('line_number', 'varchar(255)')
      .addColumn('external_call_id', 'varchar(255)')
      .addColumn('crm_entity_type', 'varchar(10)')
      .addColumn('crm_entity_id', 'integer')
      .addColumn('created_lead_id', 'integer')
      .addColumn('crm_source', 'varchar(50)')
      .addColumn('add_to_chat', 'integer', (c) => c.notNull())
      .addColumn('show_card', 'integer', (c) => c.notNull())
      .addColumn('call_list_id', 'integer')
      .addColumn('registered_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('active_calls_dedupe')
      .on('active_calls')
      .columns(['app_id', 'phone_number', 'call_type', 'user_id'])
      .execute();

    await idColumn(db.schema.createTable('call_statistics'))
      .addColumn('call_id', 'varchar(100)', (c) => c.notNull().unique())
      .addColumn('portal_user_id', 'integer', (c) => c.notNull())
      .addColumn('portal_number', 'varchar(255)', (c) => c.notNull())
      .addColumn('phone_number', 'varchar(255)', (c) => c.notNull())
      .addColumn('external_call_id', 'varchar(255)')
      .addColumn('call_category', 'varchar(20)', (c) => c.notNull())
      .addColumn('call_type', 'integer', (c) => c.notNull())
      .addColumn('call_duration', 'integer', (c) => c.notNull())
      .addColumn('call_start_date', 'bigint', (c) => c.notNull())
      .addColumn('call_status', 'integer', (c) => c.notNull())
      .addColumn('call_vote', 'integer')
      .addColumn('cost', 'double precision', (c) => c.notNull())
      .addColumn('cost_currency', 'varchar(10)', (c) => c.notNull())
      .addColumn('call_failed_code', 'varchar(20)', (c) => c.notNull())
      .addColumn('call_failed_reason', 'varchar(255)', (c) => c.notNull())
      .addColumn('call_record_url', 'text')
      .addColumn('record_file_id', 'integer')
      .addColumn('record_duration', 'integer')
      .addColumn('crm_entity_type', 'varchar(10)')
      .addColumn('crm_entity_id', 'integer')
      .addColumn('crm_activity_id', 'integer')
      .addColumn('rest_app_id', 'integer', (c) => c.notNull())
      .addColumn('rest_app_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('transcript_id', 'integer')
      .addColumn('transcript_pending', 'varchar(1)', (c) => c.notNull().defaultTo('N'))
      .addColumn('call_log', 'text')
      .addColumn('session_id', 'varchar(100)')
      .addColumn('redial_attempt', 'integer')
      .addColumn('comment', 'text')
      .execute();
    await db.schema
      .createIndex('call_statistics_user_start')
      .on('call_statistics')
      .columns(['portal_user_id', 'call_start_date'])
      .execute();
    await db.schema.createIndex('call_statistics_start').on('call_statistics').column('call_start_date').execute();

    await idColumn(db.schema.createTable('notifications'))
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('author_id', 'integer', (c) => c.notNull())
      .addColumn('notify_type', 'integer', (c) => c.notNull())
      .addColumn('module', 'varchar(50)', (c) => c.notNull())
      .addColumn('event', 'varchar(50)', (c) => c.notNull())
      .addColumn('tag', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('sub_tag', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('title', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('is_read', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
  },
};
