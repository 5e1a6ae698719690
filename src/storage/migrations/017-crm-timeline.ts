import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** Directories every portal has (crm.status.entity.types); each is seeded only when it has no entries yet. */
const DIRECTORIES: Record<string, Array<[statusId: string, name: string, system: 'Y' | 'N', semantics: '' | 'S' | 'F', color: string]>> = {
  DEAL_STAGE: [
    ['NEW', 'New', 'Y', '', '#39A8EF'],
    ['PREPARATION', 'Document preparation', 'N', '', '#2FC6F6'],
    ['PREPAYMENT_INVOICE', 'Prepayment invoice', 'N', '', '#55D0E0'],
    ['EXECUTING', 'In progress', 'N', '', '#47E4C2'],
    ['FINAL_INVOICE', 'Final invoice', 'N', '', '#FFA900'],
    ['WON', 'Deal won', 'Y', 'S', '#7BD500'],
    ['LOSE', 'Deal lost', 'Y', 'F', '#FF5752'],
    ['APOLOGY', 'Analyze failure', 'N', 'F', '#FF5752'],
  ],
  CONTACT_TYPE: [
    ['CLIENT', 'Clients', 'N', '', ''],
    ['SUPPLIER', 'Suppliers', 'N', '', ''],
    ['PARTNER', 'Partners', 'N', '', ''],
    ['OTHER', 'Other', 'N', '', ''],
  ],
  COMPANY_TYPE: [
    ['CUSTOMER', 'Client', 'N', '', ''],
    ['SUPPLIER', 'Supplier', 'N', '', ''],
    ['COMPETITOR', 'Competitor', 'N', '', ''],
    ['PARTNER', 'Partner', 'N', '', ''],
    ['OTHER', 'Other', 'N', '', ''],
  ],
  EMPLOYEES: [
    ['EMPLOYEES_1', 'fewer than 50', 'N', '', ''],
    ['EMPLOYEES_2', '50-250', 'N', '', ''],
    ['EMPLOYEES_3', '250-500', 'N', '', ''],
    ['EMPLOYEES_4', 'over 500', 'N', '', ''],
  ],
  INDUSTRY: [
    ['IT', 'Information Technology', 'N', '', ''],
    ['TELECOM', 'Telecommunication', 'N', '', ''],
    ['MANUFACTURING', 'Manufacturing', 'N', '', ''],
    ['BANKING', 'Banking Services', 'N', '', ''],
    ['CONSULTING', 'Consulting', 'N', '', ''],
    ['FINANCE', 'Finance', 'N', '', ''],
    ['GOVERNMENT', 'Government', 'N', '', ''],
    ['DELIVERY', 'Delivery', 'N', '', ''],
    ['ENTERTAINMENT', 'Entertainment', 'N', '', ''],
    ['NOTPROFIT', 'Non-profit', 'N', '', ''],
    ['OTHER', 'Other', 'N', '', ''],
  ],
  DEAL_TYPE: [
    ['SALE', 'Sales', 'N', '', ''],
    ['COMPLEX', 'Integrated sale', 'N', '', ''],
    ['GOODS', 'Merchandise sales', 'N', '', ''],
    ['SERVICES', 'Service sales', 'N', '', ''],
    ['SERVICE', 'After-sales service', 'N', '', ''],
  ],
  HONORIFIC: [
    ['HNR_EN_1', 'Mr.', 'N', '', ''],
    ['HNR_EN_2', 'Mrs.', 'N', '', ''],
    ['HNR_EN_3', 'Ms.', 'N', '', ''],
    ['HNR_EN_4', 'Dr.', 'N', '', ''],
  ],
};

/**
 * Activities written through crm.activity.add|update (every documented field, several communications),
 * application activity types, timeline comments, and the portal's standard directories.
 */
export const crmTimelineMigration: Migration = {
  name: '017-crm-timeline',
  async up(db: Kysely<any>, { idColumn }) {
    const text = (name: string) => db.schema.alterTable('crm_activities').addColumn(name, 'text');
    const int = (name: string) => db.schema.alterTable('crm_activities').addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
    for (const name of ['associated_entity_id', 'notify_type', 'notify_value', 'result_mark', 'result_status', 'result_stream']) {
      await int(name).execute();
    }
    await int('autocomplete_rule').execute();
    for (const name of ['provider_group_id', 'originator_id', 'provider_data', 'result_currency_id', 'result_source_id']) {
      await text(name).execute();
    }
    await db.schema
      .alterTable('crm_activities')
      .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    // SETTINGS and PROVIDER_PARAMS: JSON; '[]' is the empty value the cloud answers.
    await db.schema
      .alterTable('crm_activities')
      .addColumn('settings', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .alterTable('crm_activities')
      .addColumn('provider_params', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema.alterTable('crm_activities').addColumn('result_value', 'double precision').execute();
    await db.schema.alterTable('crm_activities').addColumn('result_sum', 'double precision').execute();
    // The application that added a REST_APP activity (its PROVIDER_TYPE_ID is one of that app's types).
    await db.schema.alterTable('crm_activities').addColumn('app_id', 'integer').execute();

    // COMMUNICATIONS of activities written by crm.activity.add|update; a call activity of finish keeps its one
    // communication in crm_activities' own columns.
    await idColumn(db.schema.createTable('crm_activity_communications'))
      .addColumn('activity_id', 'integer', (c) => c.notNull())
      .addColumn('type', 'varchar(20)', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('entity_type_id', 'integer', (c) => c.notNull())
      .addColumn('entity_id', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('crm_activity_communications_activity').on('crm_activity_communications').column('activity_id').execute();

    await idColumn(db.schema.createTable('crm_activity_types'))
      .addColumn('app_id', 'integer', (c) => c.notNull())
      .addColumn('type_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('is_configurable_type', 'varchar(1)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('crm_activity_types_app_type').on('crm_activity_types').columns(['app_id', 'type_id']).unique().execute();

    await idColumn(db.schema.createTable('crm_timeline_comments'))
      .addColumn('entity_type', 'varchar(50)', (c) => c.notNull())
      .addColumn('entity_id', 'integer', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('author_id', 'integer', (c) => c.notNull())
      .addColumn('created', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('crm_timeline_comments_entity').on('crm_timeline_comments').columns(['entity_type', 'entity_id']).execute();

    for (const [entityId, items] of Object.entries(DIRECTORIES)) {
      const existing = await db.selectFrom('crm_statuses').select('id').where('entity_id', '=', entityId).executeTakeFirst();
      if (existing) continue;
      await db
        .insertInto('crm_statuses')
        .values(
          items.map(([statusId, name, system, semantics, color], i) => ({
            entity_id: entityId,
            status_id: statusId,
            name,
            name_init: name,
            sort: (i + 1) * 10,
            system,
            color,
            semantics,
          })),
        )
        .execute();
    }
  },
};
