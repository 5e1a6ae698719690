import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { CompiledStatements } from '../compiled-statements.js';
import type { CrmEntityType, CrmMultifieldRow, CrmMultifieldsTable } from '../schema.js';

/** Phone numbers and e-mail addresses of CRM entities, with a normalised form for lookups. */
export class CrmMultifieldsStore {
  constructor(
    private readonly db: Db,
    private readonly statements: CompiledStatements,
  ) {}

  async insert(row: Insertable<CrmMultifieldsTable>): Promise<void> {
    await this.db.insertInto('crm_multifields').values(row).execute();
  }

  async forEntities(type: CrmEntityType, ids: readonly number[]): Promise<CrmMultifieldRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('crm_multifields')
      .selectAll()
      .where('entity_type', '=', type)
      .where('entity_id', 'in', ids)
      .orderBy('id')
      .execute();
  }

  async findById(id: number): Promise<CrmMultifieldRow | undefined> {
    return this.db.selectFrom('crm_multifields').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async updateValue(id: number, value: string, valueType: string, normalized: string): Promise<void> {
    await this.db.updateTable('crm_multifields').set({ value, value_type: valueType, normalized }).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('crm_multifields').where('id', '=', id).execute();
  }

  /** Removes every value of a deleted entity. */
  async deleteForEntity(type: CrmEntityType, id: number): Promise<void> {
    await this.db.deleteFrom('crm_multifields').where('entity_type', '=', type).where('entity_id', '=', id).execute();
  }

  /** IDs of the entities of `type` having a value of `typeId` (of `valueType`, when given): HAS_PHONE and the like. */
  async entitiesWith(type: CrmEntityType, typeId: CrmMultifieldRow['type_id'], valueType: string | null = null): Promise<number[]> {
    let query = this.db
      .selectFrom('crm_multifields')
      .select('entity_id')
      .distinct()
      .where('entity_type', '=', type)
      .where('type_id', '=', typeId);
    if (valueType !== null) query = query.where('value_type', '=', valueType);
    return (await query.execute()).map((r) => Number(r.entity_id));
  }

  /**
   * Entities (type, id) owning a value of `typeId` whose normalised form is one of `values`, each once,
   * by id (then type). Made unique and sorted here: a handful of rows at most, and SQLite built two
   * temporary B-trees for DISTINCT and ORDER BY on every register's phone lookup, found or not (3.8 µs
   * against 2.1 µs).
   */
  async findOwners(
    typeId: CrmMultifieldRow['type_id'],
    values: readonly string[],
  ): Promise<Array<{ entity_type: CrmEntityType; entity_id: number }>> {
    if (values.length === 0) return [];
    const rows = await this.statements.rows(this.db, 'crmMultifields.findOwners', { typeId, values }, (args) =>
      this.db
        .selectFrom('crm_multifields')
        .select(['entity_type', 'entity_id'])
        .where('type_id', '=', args.typeId)
        .where('normalized', 'in', args.values),
    );
    if (rows.length < 2) return rows;
    const unique = new Map(rows.map((row) => [`${row.entity_type}:${row.entity_id}`, row]));
    return [...unique.values()].sort((a, b) => a.entity_id - b.entity_id || a.entity_type.localeCompare(b.entity_type));
  }
}
