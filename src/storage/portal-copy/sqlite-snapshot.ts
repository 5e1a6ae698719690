import SQLite from 'better-sqlite3';
import type { SourceValue } from './column-values.js';

/** Tables that are not portal data: Kysely's migration bookkeeping (the target keeps its own). */
export const BOOKKEEPING_TABLES: ReadonlySet<string> = new Set(['kysely_migration', 'kysely_migration_lock']);

export interface SourceTable {
  name: string;
  columns: string[];
  /** Rows in the snapshot. */
  rows: number;
  /** The highest id SQLite's AUTOINCREMENT ever gave out here (ids of deleted rows are not reused), or 0. */
  lastIssuedId: bigint;
}

/**
 * A SQLite portal opened read-only, inside one read transaction held until `close()`: every read sees
 * the same committed state, whatever a writer does meanwhile.
 */
export class SqliteSnapshot {
  private readonly sqlite: SQLite.Database;

  private constructor(sqlite: SQLite.Database) {
    this.sqlite = sqlite;
  }

  /** Opens `path` read-only; null when it is no SQLite database (or cannot be read). */
  static open(path: string): SqliteSnapshot | null {
    let sqlite: SQLite.Database | null = null;
    try {
      sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
      sqlite.pragma('busy_timeout = 5000');
      sqlite.exec('BEGIN');
      // The first read fixes the snapshot (and fails here on a file that is not a database).
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
      return new SqliteSnapshot(sqlite);
    } catch {
      sqlite?.close();
      return null;
    }
  }

  /** The names of the applied migrations, oldest first; null when the database was never migrated (no portal). */
  appliedMigrations(): string[] | null {
    if (!this.hasTable('kysely_migration')) return null;
    const rows = this.sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as Array<{ name: string }>;
    return rows.map((row) => row.name);
  }

  /** The data tables in the order they were created, with their columns and row counts. */
  tables(): SourceTable[] {
    const names = (
      this.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        .all() as Array<{
        name: string;
      }>
    )
      .map((row) => row.name)
      .filter((name) => !BOOKKEEPING_TABLES.has(name));
    const issued = this.lastIssuedIds();
    return names.map((name) => ({
      name,
      columns: this.columnsOf(name).map((column) => column.name),
      rows: Number((this.sqlite.prepare(`SELECT count(*) AS n FROM ${quoted(name)}`).get() as { n: number }).n),
      lastIssuedId: issued.get(name) ?? 0n,
    }));
  }

  /**
   * The rows of `table`, `columns` in that order, in primary key order, integers as BigInt so that
   * 64-bit values keep every bit. The iterator holds the connection: finish it before the next query.
   */
  rows(table: string, columns: readonly string[]): IterableIterator<SourceValue[]> {
    const keys = this.columnsOf(table)
      .filter((column) => column.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((column) => quoted(column.name));
    const order = keys.length > 0 ? ` ORDER BY ${keys.join(', ')}` : '';
    const statement = this.sqlite.prepare(`SELECT ${columns.map(quoted).join(', ')} FROM ${quoted(table)}${order}`);
    return statement.raw(true).safeIntegers(true).iterate() as IterableIterator<SourceValue[]>;
  }

  close(): void {
    if (this.sqlite.inTransaction) this.sqlite.exec('COMMIT');
    this.sqlite.close();
  }

  private hasTable(name: string): boolean {
    return this.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  }

  private columnsOf(table: string): Array<{ name: string; pk: number }> {
    return this.sqlite.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as Array<{ name: string; pk: number }>;
  }

  private lastIssuedIds(): Map<string, bigint> {
    if (!this.hasTable('sqlite_sequence')) return new Map();
    const rows = this.sqlite.prepare('SELECT name, seq FROM sqlite_sequence').safeIntegers(true).all() as Array<{
      name: string;
      seq: bigint;
    }>;
    return new Map(rows.map((row) => [row.name, BigInt(row.seq)]));
  }
}

function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
