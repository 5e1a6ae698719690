import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

type ColumnType = 'text' | 'integer' | 'bigint' | 'double precision';

const ADDRESS: Array<[string, ColumnType]> = [
  ['address', 'text'],
  ['address_2', 'text'],
  ['address_city', 'text'],
  ['address_postal_code', 'text'],
  ['address_region', 'text'],
  ['address_province', 'text'],
  ['address_country', 'text'],
  ['address_country_code', 'text'],
  ['address_loc_addr_id', 'integer'],
];

const ORIGIN: Array<[string, ColumnType]> = [
  ['originator_id', 'text'],
  ['origin_id', 'text'],
  ['utm_source', 'text'],
  ['utm_medium', 'text'],
  ['utm_campaign', 'text'],
  ['utm_content', 'text'],
  ['utm_term', 'text'],
  ['last_activity_time', 'bigint'],
  ['last_activity_by', 'integer'],
];

/** New nullable columns per existing table. */
const COLUMNS: Record<'crm_leads' | 'crm_contacts' | 'crm_companies', Array<[string, ColumnType]>> = {
  crm_leads: [
    ['honorific', 'text'],
    ['birthdate', 'text'],
    ['status_description', 'text'],
    ['status_semantic_id', 'text'],
    ['post', 'text'],
    ...ADDRESS,
    ['currency_id', 'text'],
    ['opportunity', 'double precision'],
    ['is_manual_opportunity', 'text'],
    ['company_id', 'integer'],
    ['contact_id', 'integer'],
    ['is_return_customer', 'text'],
    ['moved_by_id', 'integer'],
    ['moved_time', 'bigint'],
    ['date_closed', 'bigint'],
    ...ORIGIN,
  ],
  crm_contacts: [
    ['honorific', 'text'],
    ['birthdate', 'text'],
    ['source_description', 'text'],
    ...ADDRESS,
    ['export', 'text'],
    ['origin_version', 'text'],
    ...ORIGIN,
  ],
  crm_companies: [
    ...ADDRESS,
    ['address_legal', 'text'],
    ['reg_address', 'text'],
    ['reg_address_2', 'text'],
    ['reg_address_city', 'text'],
    ['reg_address_postal_code', 'text'],
    ['reg_address_region', 'text'],
    ['reg_address_province', 'text'],
    ['reg_address_country', 'text'],
    ['reg_address_country_code', 'text'],
    ['reg_address_loc_addr_id', 'integer'],
    ['banking_details', 'text'],
    ['employees', 'text'],
    ['currency_id', 'text'],
    ['revenue', 'double precision'],
    ['is_my_company', 'text'],
    ['lead_id', 'integer'],
    ['origin_version', 'text'],
    ...ORIGIN,
  ],
};

/**
 * Every documented field of leads, contacts and companies stored (crm.*.fields), deals, and the
 * contact ↔ company, deal → contact and lead → contact bindings.
 */
export const crmEntityFieldsMigration: Migration = {
  name: '016-crm-entity-fields',
  async up(db: Kysely<any>, { idColumn }) {
    for (const [table, columns] of Object.entries(COLUMNS)) {
      for (const [name, type] of columns) await db.schema.alterTable(table).addColumn(name, type).execute();
    }
    // Rows written before: the semantics of their stage, the base currency's defaults.
    await db
      .updateTable('crm_leads')
      .set({ status_semantic_id: 'P', is_manual_opportunity: 'N', is_return_customer: 'N', opportunity: 0 })
      .execute();
    await db.updateTable('crm_contacts').set({ export: 'Y' }).execute();
    await db.updateTable('crm_companies').set({ is_my_company: 'N' }).execute();

    let deals = idColumn(db.schema.createTable('crm_deals'));
    const dealColumns: Array<[string, ColumnType]> = [
      ['title', 'text'],
      ['type_id', 'text'],
      ['stage_id', 'text'],
      ['stage_semantic_id', 'text'],
      ['is_new', 'text'],
      ['is_recurring', 'text'],
      ['is_return_customer', 'text'],
      ['is_repeated_approach', 'text'],
      ['probability', 'integer'],
      ['currency_id', 'text'],
      ['opportunity', 'double precision'],
      ['is_manual_opportunity', 'text'],
      ['tax_value', 'double precision'],
      ['company_id', 'integer'],
      ['contact_id', 'integer'],
      ['begindate', 'text'],
      ['closedate', 'text'],
      ['opened', 'text'],
      ['closed', 'text'],
      ['comments', 'text'],
      ['moved_by_id', 'integer'],
      ['moved_time', 'bigint'],
      ['source_id', 'text'],
      ['source_description', 'text'],
      ['lead_id', 'integer'],
      ['additional_info', 'text'],
      ['location_id', 'text'],
      ...ORIGIN,
    ];
    deals = deals
      .addColumn('category_id', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('assigned_by_id', 'integer', (c) => c.notNull())
      .addColumn('created_by_id', 'integer', (c) => c.notNull())
      .addColumn('modify_by_id', 'integer', (c) => c.notNull())
      .addColumn('date_create', 'bigint', (c) => c.notNull())
      .addColumn('date_modify', 'bigint', (c) => c.notNull());
    for (const [name, type] of dealColumns) deals = deals.addColumn(name, type);
    await deals.execute();
    await db.schema.createIndex('crm_deals_stage').on('crm_deals').columns(['category_id', 'stage_id']).execute();

    await idColumn(db.schema.createTable('crm_bindings'))
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('owner_id', 'integer', (c) => c.notNull())
      .addColumn('bound_id', 'integer', (c) => c.notNull())
      .addColumn('owner_sort', 'integer', (c) => c.notNull())
      .addColumn('owner_primary', 'varchar(1)', (c) => c.notNull())
      .addColumn('bound_sort', 'integer', (c) => c.notNull())
      .addColumn('bound_primary', 'varchar(1)', (c) => c.notNull())
      .addColumn('role_id', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('crm_bindings_owner').on('crm_bindings').columns(['kind', 'owner_id', 'bound_id']).unique().execute();
    await db.schema.createIndex('crm_bindings_bound').on('crm_bindings').columns(['kind', 'bound_id']).execute();
    // A contact's company so far (COMPANY_ID) becomes its primary binding.
    const contacts = await db.selectFrom('crm_contacts').select(['id', 'company_id']).where('company_id', 'is not', null).execute();
    for (const contact of contacts) {
      await db
        .insertInto('crm_bindings')
        .values({
          kind: 'CONTACT_COMPANY',
          owner_id: contact.id,
          bound_id: contact.company_id,
          owner_sort: 10,
          owner_primary: 'Y',
          bound_sort: 10,
          bound_primary: 'N',
          role_id: 0,
        })
        .execute();
    }
  },
};
