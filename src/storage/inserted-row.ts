import type { Insertable, Selectable } from 'kysely';

/** The columns an insert may leave out (the id aside): nullable ones and those with a default. */
type OmittableColumn<T> = Exclude<
  { [K in keyof Insertable<T>]-?: undefined extends Insertable<T>[K] ? K : never }[keyof Insertable<T>],
  'id'
>;

/** What the database writes into each column an insert leaves out: its migration's default, or null. */
export type ColumnDefaults<T> = { [K in OmittableColumn<T>]: Selectable<T>[K & keyof Selectable<T>] };

/**
 * The row an INSERT of `values` wrote, made from the values, the id the insert returned and the
 * table's defaults, instead of read back with RETURNING *. SQLite gathers a RETURNING result in a
 * temporary table: for one wide row that cost 5–7 µs more than returning the id alone, on every
 * register and finish. `values` must hold each column as the database keeps it (the stores' types
 * ensure that); the conformance suite compares such rows with the rows read back.
 */
export function insertedRow<T>(id: number, defaults: ColumnDefaults<T>, values: Insertable<T>): Selectable<T> {
  const row: Record<string, unknown> = { id, ...defaults };
  const given = values as Record<string, unknown>;
  for (const column in given) if (given[column] !== undefined) row[column] = given[column];
  return row as Selectable<T>;
}
