import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { migrate } from '../database.js';

/**
 * How many rows each table of a freshly migrated database holds (the CRM statuses, currencies… the
 * migrations write), migrated up to `migration`: a target holding just these holds no portal yet.
 */
export async function freshRowCounts(migration: string): Promise<Map<string, number>> {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  try {
    await migrate(db, 'sqlite', migration);
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(
      db,
    );
    const counts = new Map<string, number>();
    for (const { name } of tables.rows) {
      const result = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(db);
      counts.set(name, Number(result.rows[0]!.n));
    }
    return counts;
  } finally {
    await db.destroy();
  }
}
