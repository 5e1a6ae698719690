import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { openDatabase, type Db } from './database.js';

/**
 * Tables a wipe leaves alone: the migrations' own bookkeeping (the schema stays as it is) and the
 * live server processes, which are not portal data and whose heartbeats keep running.
 */
const KEPT_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'server_instances']);

/** Rows inserted per statement when the reference data goes back in. */
const INSERT_CHUNK = 100;

type TableRows = Array<{ table: string; rows: Array<Record<string, unknown>> }>;

/** Read once per process: the rows a freshly migrated database holds (CRM statuses, currencies …). */
let referenceData: Promise<TableRows> | null = null;

/**
 * Empties every data table and puts back the rows the migrations write, so the database is what a
 * fresh portal's is: ids start again from 1 (SQLite's AUTOINCREMENT counters and PostgreSQL's
 * sequences restart). Run it inside one transaction: it commits whole or not at all. Tables added by
 * later migrations are found in the catalogue, so they are wiped without being listed here.
 */
export async function wipePortalData(db: Db): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const tables = (await tablesOf(db, postgres)).filter((table) => !KEPT_TABLES.has(table));
  if (tables.length === 0) return;
  const reference = await freshReferenceData();
  if (postgres) {
    await sql`TRUNCATE TABLE ${sql.join(tables.map((table) => sql.table(table)))} RESTART IDENTITY CASCADE`.execute(db);
  } else {
    // Child rows may be deleted after their parents: foreign keys are checked at commit, when all is consistent again.
    await sql`PRAGMA defer_foreign_keys = ON`.execute(db);
    for (const table of tables) await sql`DELETE FROM ${sql.table(table)}`.execute(db);
    await sql`DELETE FROM sqlite_sequence WHERE name IN (${sql.join(tables)})`.execute(db);
  }
  const anyDb = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  for (const { table, rows } of reference) {
    if (!tables.includes(table)) continue;
    for (let at = 0; at < rows.length; at += INSERT_CHUNK) {
      await anyDb
        .insertInto(table)
        .values(rows.slice(at, at + INSERT_CHUNK))
        .execute();
    }
    // Explicit ids leave a PostgreSQL sequence behind; SQLite moves its counter by itself.
    const lastId = Math.max(0, ...rows.map((row) => (typeof row.id === 'number' ? row.id : 0)));
    if (postgres && lastId > 0) await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), ${lastId})`.execute(db);
  }
}

/** The database's tables, in the order they were created (parents before the children that refer to them). */
async function tablesOf(db: Db, postgres: boolean): Promise<string[]> {
  const result = postgres
    ? await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`.execute(db)
    : await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid`.execute(
        db,
      );
  return result.rows.map((row) => row.name);
}

/** What the migrations write into an empty database, read from a scratch in-memory one migrated the same way. */
function freshReferenceData(): Promise<TableRows> {
  referenceData ??= readReferenceData().catch((error: unknown) => {
    referenceData = null;
    throw error;
  });
  return referenceData;
}

async function readReferenceData(): Promise<TableRows> {
  const scratch = await openDatabase({ location: ':memory:' });
  try {
    const data: TableRows = [];
    for (const table of await tablesOf(scratch.db, false)) {
      if (KEPT_TABLES.has(table)) continue;
      const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(scratch.db)).rows;
      if (rows.length > 0) data.push({ table, rows });
    }
    return data;
  } finally {
    await scratch.close();
  }
}
