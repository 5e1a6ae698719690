import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../database.js';
import type {
  CrmActivitiesTable,
  CrmActivityCommunicationRow,
  CrmActivityCommunicationsTable,
  CrmActivityRow,
  CrmActivityTypeRow,
  CrmActivityTypesTable,
} from '../schema.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { listPage } from '../filter-sql.js';
import type { CompiledStatements } from '../compiled-statements.js';

/** CRM activities (call activities written by finish, and those of crm.activity.add), their communications, app types. */
export class CrmActivitiesStore {
  constructor(
    private readonly db: Db,
    private readonly statements: CompiledStatements,
  ) {}

  async insert(row: Insertable<CrmActivitiesTable>): Promise<CrmActivityRow> {
    return this.db.insertInto('crm_activities').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async findById(id: number): Promise<CrmActivityRow | undefined> {
    return this.db.selectFrom('crm_activities').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async update(id: number, changes: Updateable<CrmActivitiesTable>): Promise<void> {
    await this.db.updateTable('crm_activities').set(changes).where('id', '=', id).execute();
  }

  /** Removes the activity and its communications; false when there was none. */
  async delete(id: number): Promise<boolean> {
    await this.db.deleteFrom('crm_activity_communications').where('activity_id', '=', id).execute();
    const result = await this.db.deleteFrom('crm_activities').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list(conditions: readonly FilterCondition[], sort: readonly SortSpec[], page: PageRequest): Promise<Page<CrmActivityRow>> {
    return listPage<CrmActivityRow>(this.db.selectFrom('crm_activities'), conditions, sort, page, {
      statements: this.statements,
      db: this.db,
      name: 'crm.activities',
    });
  }

  /**
   * IDs of the activities bound to a CRM object: owned by it, or talking to it through one of their
   * communications (crm.activity.list's BINDINGS filter, I10).
   */
  async idsBoundTo(ownerTypeId: number, ownerId: number): Promise<number[]> {
    const owned = await this.db
      .selectFrom('crm_activities')
      .select('id')
      .where('owner_type_id', '=', ownerTypeId)
      .where('owner_id', '=', ownerId)
      .execute();
    const talked = await this.db
      .selectFrom('crm_activity_communications')
      .select('activity_id')
      .where('entity_type_id', '=', ownerTypeId)
      .where('entity_id', '=', ownerId)
      .execute();
    return [...new Set([...owned.map((r) => Number(r.id)), ...talked.map((r) => Number(r.activity_id))])];
  }

  /** Replaces the communications of an activity. */
  async setCommunications(
    activityId: number,
    rows: ReadonlyArray<Omit<Insertable<CrmActivityCommunicationsTable>, 'activity_id'>>,
  ): Promise<void> {
    await this.db.deleteFrom('crm_activity_communications').where('activity_id', '=', activityId).execute();
    if (rows.length > 0) {
      await this.db
        .insertInto('crm_activity_communications')
        .values(rows.map((r) => ({ ...r, activity_id: activityId })))
        .execute();
    }
  }

  /** Communications of these activities, by ID ascending. */
  async communications(activityIds: readonly number[]): Promise<CrmActivityCommunicationRow[]> {
    if (activityIds.length === 0) return [];
    return this.db
      .selectFrom('crm_activity_communications')
      .selectAll()
      .where('activity_id', 'in', [...activityIds])
      .orderBy('id')
      .execute();
  }

  async insertType(row: Insertable<CrmActivityTypesTable>): Promise<void> {
    await this.db.insertInto('crm_activity_types').values(row).execute();
  }

  async findType(appId: number, typeId: string): Promise<CrmActivityTypeRow | undefined> {
    return this.db
      .selectFrom('crm_activity_types')
      .selectAll()
      .where('app_id', '=', appId)
      .where('type_id', '=', typeId)
      .executeTakeFirst();
  }

  async typesOf(appId: number): Promise<CrmActivityTypeRow[]> {
    return this.db.selectFrom('crm_activity_types').selectAll().where('app_id', '=', appId).orderBy('id').execute();
  }

  async deleteType(appId: number, typeId: string): Promise<void> {
    await this.db.deleteFrom('crm_activity_types').where('app_id', '=', appId).where('type_id', '=', typeId).execute();
  }
}
