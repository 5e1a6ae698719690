import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/** LEAD_ID of a contact (I13): the lead it was made from; connectors read it to reassign that lead too. */
export const contactLeadIdMigration: Migration = {
  name: '015-contact-lead-id',
  async up(db: Kysely<any>) {
    await db.schema.alterTable('crm_contacts').addColumn('lead_id', 'integer').execute();
  },
};
