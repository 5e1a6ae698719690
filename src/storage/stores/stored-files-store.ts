import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { StoredFileRow, StoredFilesTable } from '../schema.js';

/** Metadata of the files of file fields, by owner and field. */
export class StoredFilesStore {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<StoredFilesTable>): Promise<StoredFileRow> {
    return this.db.insertInto('stored_files').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async findByPublicId(publicId: string): Promise<StoredFileRow | undefined> {
    return this.db.selectFrom('stored_files').selectAll().where('public_id', '=', publicId).executeTakeFirst();
  }

  /** The files of some owners of one kind, oldest first. */
  async forOwners(ownerKind: string, ownerIds: readonly number[]): Promise<StoredFileRow[]> {
    if (ownerIds.length === 0) return [];
    return this.db
      .selectFrom('stored_files')
      .selectAll()
      .where('owner_kind', '=', ownerKind)
      .where('owner_id', 'in', [...ownerIds])
      .orderBy('id')
      .execute();
  }

  /** Removes the files of an owner (of one field, or all) and answers them, for their bytes to go too. */
  async deleteForOwner(ownerKind: string, ownerId: number, field?: string): Promise<StoredFileRow[]> {
    let query = this.db.deleteFrom('stored_files').where('owner_kind', '=', ownerKind).where('owner_id', '=', ownerId);
    if (field !== undefined) query = query.where('field', '=', field);
    return query.returningAll().execute();
  }

  /** The files of the activities and timeline comments a CRM entity owns (they go with it). */
  async ofCrmEntityRecords(ownerTypeId: number, ownerId: number, kind: string): Promise<StoredFileRow[]> {
    const activities = this.db
      .selectFrom('crm_activities')
      .select('id')
      .where('owner_type_id', '=', ownerTypeId)
      .where('owner_id', '=', ownerId);
    const comments = this.db
      .selectFrom('crm_timeline_comments')
      .select('id')
      .where('entity_type', 'in', [kind, kind.toLowerCase()])
      .where('entity_id', '=', ownerId);
    return this.db
      .selectFrom('stored_files')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('owner_kind', '=', 'ACTIVITY'), eb('owner_id', 'in', activities)]),
          eb.and([eb('owner_kind', '=', 'TIMELINE_COMMENT'), eb('owner_id', 'in', comments)]),
        ]),
      )
      .execute();
  }

  async deleteByIds(ids: readonly number[]): Promise<StoredFileRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .deleteFrom('stored_files')
      .where('id', 'in', [...ids])
      .returningAll()
      .execute();
  }
}
