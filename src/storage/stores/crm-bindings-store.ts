import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../database.js';
import type { CrmBindingsTable } from '../schema.js';
import type { Selectable } from 'kysely';

export type CrmBindingRow = Selectable<CrmBindingsTable>;

/** Which side of a binding an entity is on: the owner (contact, deal, lead) or the bound one (company, contact). */
export type BindingSide = 'owner' | 'bound';

/** Contact ↔ company, deal → contact and lead → contact links (crm.*.company.*, crm.*.contact.*). */
export class CrmBindingsStore {
  constructor(private readonly db: Db) {}

  /** The bindings of one entity on its side, in that side's order. */
  async of(kind: string, side: BindingSide, id: number): Promise<CrmBindingRow[]> {
    const column = side === 'owner' ? 'owner_id' : 'bound_id';
    const sort = side === 'owner' ? 'owner_sort' : 'bound_sort';
    return this.db
      .selectFrom('crm_bindings')
      .selectAll()
      .where('kind', '=', kind)
      .where(column, '=', id)
      .orderBy(sort)
      .orderBy('id')
      .execute();
  }

  /** IDs of the entities on `side` having a binding with any of `otherIds` on the other side. */
  async idsBoundTo(kind: string, side: BindingSide, otherIds: readonly number[]): Promise<number[]> {
    if (otherIds.length === 0) return [];
    const [mine, other] = side === 'owner' ? (['owner_id', 'bound_id'] as const) : (['bound_id', 'owner_id'] as const);
    const rows = await this.db
      .selectFrom('crm_bindings')
      .select(mine)
      .distinct()
      .where('kind', '=', kind)
      .where(other, 'in', otherIds)
      .execute();
    return rows.map((r) => Number((r as Record<string, unknown>)[mine]));
  }

  async insert(row: Insertable<CrmBindingsTable>): Promise<void> {
    await this.db.insertInto('crm_bindings').values(row).execute();
  }

  async update(id: number, changes: Updateable<CrmBindingsTable>): Promise<void> {
    await this.db.updateTable('crm_bindings').set(changes).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('crm_bindings').where('id', '=', id).execute();
  }

  /** Removes every binding of an entity on its side; the entities bound on the other side, whose primary may have gone. */
  async deleteAllOf(kind: string, side: BindingSide, id: number): Promise<number[]> {
    const rows = await this.of(kind, side, id);
    if (rows.length === 0) return [];
    await this.db
      .deleteFrom('crm_bindings')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map((r) => (side === 'owner' ? r.bound_id : r.owner_id));
  }
}
