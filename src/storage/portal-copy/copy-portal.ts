import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrate } from '../database.js';
import { MIGRATIONS } from '../migrations/index.js';
import { convertValue, type TargetValue } from './column-values.js';
import { PortalCopyError } from './copy-refusal.js';
import { freshRowCounts } from './fresh-row-counts.js';
import { PostgresTarget, type TargetTable } from './postgres-target.js';
import { BOOKKEEPING_TABLES, SqliteSnapshot, type SourceTable } from './sqlite-snapshot.js';
import { parentsFirst } from './table-order.js';

/** What the copy reports while it runs. */
export type CopyEvent =
  | { kind: 'migrated'; migration: string; tables: number; rows: number }
  | { kind: 'rows'; table: string; copied: number; total: number; allCopied: number; allTotal: number }
  | { kind: 'table-done'; table: string; rows: number }
  | { kind: 'sequences'; restarted: number };

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface CopyReport {
  /** The migration level both databases are at. */
  migration: string;
  /** Per table, the rows of the source's snapshot and those the target holds after the copy. */
  counts: TableCount[];
  sequencesRestarted: number;
}

export interface CopyOptions {
  /** The SQLite file of the portal. */
  sourcePath: string;
  /** A postgres:// URL of an empty database. */
  targetUrl: string;
  onProgress?: (event: CopyEvent) => void;
}

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;
const MAX_ROWS_PER_INSERT = 500;
/** Long texts make big statements: a batch stops growing at about this many characters. */
const MAX_BATCH_CHARS = 4_000_000;

/**
 * Copies a SQLite portal into an empty PostgreSQL database: migrates the target to the source's level,
 * then copies every table (parents before children) in one transaction from one read snapshot,
 * restarts the sequences and checks the row counts before committing. Any failure leaves the target's
 * data as it was (empty); refusals are PortalCopyError.
 */
export async function copyPortal(options: CopyOptions): Promise<CopyReport> {
  const snapshot = SqliteSnapshot.open(options.sourcePath);
  if (!snapshot) throw new PortalCopyError({ kind: 'source-not-a-portal' });
  try {
    const migration = sourceLevel(snapshot);
    const client = await connect(options.targetUrl);
    try {
      const target = new PostgresTarget(client);
      await refuseUnlessEmpty(target, snapshot.appliedMigrations()!);
      await migrateTarget(options.targetUrl, migration);
      const sourceTables = snapshot.tables();
      const targetTables = await target.tables();
      for (const table of sourceTables) lacking(table, targetTables);
      options.onProgress?.({
        kind: 'migrated',
        migration,
        tables: sourceTables.length,
        rows: sourceTables.reduce((sum, table) => sum + table.rows, 0),
      });
      const counts = await copyInOneTransaction(client, target, snapshot, sourceTables, targetTables, options.onProgress);
      return { migration, ...counts };
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    snapshot.close();
  }
}

/** The last migration applied to the source, which this build must know. */
function sourceLevel(snapshot: SqliteSnapshot): string {
  const applied = snapshot.appliedMigrations();
  if (!applied || applied.length === 0) throw new PortalCopyError({ kind: 'source-not-a-portal' });
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const unknown = applied.find((name) => !known.has(name));
  if (unknown) throw new PortalCopyError({ kind: 'source-newer', migration: unknown });
  return applied[applied.length - 1]!;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // A connection dropped outside a query must not take the process down; the next query fails instead.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw new PortalCopyError({ kind: 'target-unreachable', reason: error instanceof Error ? error.message : String(error) });
  }
}

/** A target is empty when no table holds a row, or when it holds only what its migrations wrote. */
async function refuseUnlessEmpty(target: PostgresTarget, sourceApplied: readonly string[]): Promise<void> {
  const targetApplied = await target.appliedMigrations();
  const sourceLast = sourceApplied[sourceApplied.length - 1]!;
  if (targetApplied.some((name, index) => sourceApplied[index] !== name)) {
    throw new PortalCopyError({ kind: 'target-ahead', source: sourceLast, target: targetApplied[targetApplied.length - 1]! });
  }
  const expected = targetApplied.length > 0 ? await freshRowCounts(targetApplied[targetApplied.length - 1]!) : new Map<string, number>();
  for (const table of await target.tableNames()) {
    if (BOOKKEEPING_TABLES.has(table)) continue;
    const rows = await target.rowCount(table);
    if (rows !== (expected.get(table) ?? 0)) throw new PortalCopyError({ kind: 'target-not-empty', table, rows });
  }
}

/** Runs this build's migrations on the target up to the source's level (a no-op where it already is). */
async function migrateTarget(url: string, migration: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => {});
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, 'postgres', migration);
  } finally {
    await db.destroy();
  }
}

function lacking(table: SourceTable, targetTables: Map<string, TargetTable>): void {
  const target = targetTables.get(table.name);
  if (!target) throw new PortalCopyError({ kind: 'target-lacks', table: table.name, column: '*' });
  const columns = new Set(target.columns.map((column) => column.name));
  const missing = table.columns.find((column) => !columns.has(column));
  if (missing) throw new PortalCopyError({ kind: 'target-lacks', table: table.name, column: missing });
}

async function copyInOneTransaction(
  client: pg.Client,
  target: PostgresTarget,
  snapshot: SqliteSnapshot,
  sourceTables: SourceTable[],
  targetTables: Map<string, TargetTable>,
  onProgress: CopyOptions['onProgress'],
): Promise<Omit<CopyReport, 'migration'>> {
  const order = parentsFirst(
    sourceTables.map((table) => table.name),
    await target.references(),
  );
  const byName = new Map(sourceTables.map((table) => [table.name, table]));
  const progress = { allCopied: 0, allTotal: sourceTables.reduce((sum, table) => sum + table.rows, 0) };
  await client.query('BEGIN');
  try {
    // The migrations' own rows (statuses, currencies…) give way to the source's versions of them.
    await target.truncate([...targetTables.keys()].filter((name) => !BOOKKEEPING_TABLES.has(name)));
    for (const name of order) {
      await copyTable(target, snapshot, byName.get(name)!, targetTables.get(name)!, progress, onProgress);
    }
    let sequencesRestarted = 0;
    for (const table of sourceTables) {
      const sequenceColumns = targetTables.get(table.name)!.sequenceColumns;
      for (const column of sequenceColumns) {
        // SQLite's AUTOINCREMENT counter belongs to the table's one integer key.
        const lastIssued = sequenceColumns.length === 1 ? table.lastIssuedId : 0n;
        if (await target.restartSequence(table.name, column, lastIssued)) sequencesRestarted++;
      }
    }
    onProgress?.({ kind: 'sequences', restarted: sequencesRestarted });
    const counts: TableCount[] = [];
    for (const table of sourceTables) counts.push({ table: table.name, source: table.rows, target: await target.rowCount(table.name) });
    const mismatch = counts.find((count) => count.source !== count.target);
    if (mismatch) throw new PortalCopyError({ kind: 'count-mismatch', ...mismatch });
    await client.query('COMMIT');
    return { counts, sequencesRestarted };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

async function copyTable(
  target: PostgresTarget,
  snapshot: SqliteSnapshot,
  source: SourceTable,
  table: TargetTable,
  progress: { allCopied: number; allTotal: number },
  onProgress: CopyOptions['onProgress'],
): Promise<void> {
  const columns = source.columns;
  const targetColumns = columns.map((name) => table.columns.find((column) => column.name === name)!);
  const idIndex = columns.indexOf('id');
  const rowsPerInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length))));
  let batch: TargetValue[][] = [];
  let batchChars = 0;
  let copied = 0;
  let ordinal = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await target.insert(table, columns, batch);
    } catch (error) {
      throw new PortalCopyError({
        kind: 'insert-failed',
        table: source.name,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    copied += batch.length;
    progress.allCopied += batch.length;
    batch = [];
    batchChars = 0;
    onProgress?.({ kind: 'rows', table: source.name, copied, total: source.rows, ...progress });
  };
  // The iterator holds the SQLite connection, but flushing only talks to PostgreSQL.
  for (const row of snapshot.rows(source.name, columns)) {
    ordinal++;
    const converted = row.map((value, index) => {
      const result = convertValue(value, targetColumns[index]!);
      if (result.ok) return result.value;
      const key = idIndex >= 0 ? `id ${String(row[idIndex])}` : `#${ordinal}`;
      throw new PortalCopyError({ kind: 'value-unfit', table: source.name, column: columns[index]!, row: key, reason: result.reason });
    });
    batch.push(converted);
    batchChars += converted.reduce((sum, value) => sum + (value === null || typeof value === 'boolean' ? 1 : value.length), 0);
    if (batch.length >= rowsPerInsert || batchChars >= MAX_BATCH_CHARS) await flush();
  }
  await flush();
  onProgress?.({ kind: 'table-done', table: source.name, rows: copied });
}
