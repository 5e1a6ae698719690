import type pg from 'pg';
import type { TargetColumn } from './column-values.js';
import type { TableReference } from './table-order.js';

export interface TargetTable {
  name: string;
  columns: TargetColumn[];
  /** Columns fed by a sequence (identity or serial): their sequence restarts after the copy. */
  sequenceColumns: string[];
  /** Whether an identity column needs OVERRIDING SYSTEM VALUE to take the copied ids. */
  hasIdentity: boolean;
}

/** What the copy reads about the PostgreSQL database, all from its catalogue (current schema only). */
export class PostgresTarget {
  constructor(private readonly client: pg.Client) {}

  async tableNames(): Promise<string[]> {
    const result = await this.client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    return result.rows.map((row) => row.name);
  }

  /** The names of the migrations applied to the target, oldest first; empty when it has none. */
  async appliedMigrations(): Promise<string[]> {
    if (!(await this.tableNames()).includes('kysely_migration')) return [];
    const result = await this.client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
    return result.rows.map((row) => row.name);
  }

  async rowCount(table: string): Promise<number> {
    const result = await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoted(table)}`);
    return Number(result.rows[0]!.n);
  }

  async tables(): Promise<Map<string, TargetTable>> {
    const result = await this.client.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      character_maximum_length: number | null;
      is_identity: string;
      column_default: string | null;
    }>(
      `SELECT table_name, column_name, data_type, character_maximum_length, is_identity, column_default
         FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    );
    const tables = new Map<string, TargetTable>();
    for (const row of result.rows) {
      let table = tables.get(row.table_name);
      if (!table) tables.set(row.table_name, (table = { name: row.table_name, columns: [], sequenceColumns: [], hasIdentity: false }));
      table.columns.push({ name: row.column_name, dataType: row.data_type, maxLength: row.character_maximum_length });
      const identity = row.is_identity === 'YES';
      if (identity) table.hasIdentity = true;
      if (identity || /^nextval\(/.test(row.column_default ?? '')) table.sequenceColumns.push(row.column_name);
    }
    return tables;
  }

  async references(): Promise<TableReference[]> {
    const result = await this.client.query<TableReference>(
      `SELECT child.relname AS child, parent.relname AS parent
         FROM pg_constraint c
         JOIN pg_class child ON child.oid = c.conrelid
         JOIN pg_class parent ON parent.oid = c.confrelid
         JOIN pg_namespace n ON n.oid = child.relnamespace
        WHERE c.contype = 'f' AND n.nspname = current_schema()`,
    );
    return result.rows;
  }

  /** Empties `tables` and restarts their sequences (inside the copy's transaction: undone with it). */
  async truncate(tables: readonly string[]): Promise<void> {
    if (tables.length > 0) await this.client.query(`TRUNCATE TABLE ${tables.map(quoted).join(', ')} RESTART IDENTITY CASCADE`);
  }

  /** One multi-row INSERT of `rows` (values in `columns` order). */
  async insert(table: TargetTable, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
    const values: unknown[] = [];
    const tuples = rows.map((row) => {
      const holes = row.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      return `(${holes.join(', ')})`;
    });
    const overriding = table.hasIdentity ? ' OVERRIDING SYSTEM VALUE' : '';
    await this.client.query(
      `INSERT INTO ${quoted(table.name)} (${columns.map(quoted).join(', ')})${overriding} VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  /** Points the sequence of `column` past the highest id in use and past `lastIssued`, so no id is given twice. */
  async restartSequence(table: string, column: string, lastIssued: bigint): Promise<boolean> {
    const sequence = await this.client.query<{ name: string | null }>('SELECT pg_get_serial_sequence($1, $2) AS name', [
      quoted(table),
      column,
    ]);
    const name = sequence.rows[0]?.name;
    if (!name) return false;
    await this.client.query(
      `SELECT setval($1::regclass, (SELECT GREATEST(COALESCE(max(${quoted(column)}), 0), $2::bigint) + 1 FROM ${quoted(table)}), false)`,
      [name, lastIssued.toString()],
    );
    return true;
  }
}

export function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
