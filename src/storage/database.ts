import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, type CreateTableBuilder, type MigrationProvider } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.js';
import { MIGRATIONS } from './migrations/index.js';
import { startCheckpointWorker } from './checkpoint-worker.js';
import { withStatementCache } from './sqlite-statements.js';
import { postgresClient, preparedStatementsSetting, StatementNames } from './pg-client.js';
import type { DialectName, MigrationContext } from './migrations/migration.js';

export type Db = Kysely<Database>;

/**
 * Runs a statement at once on the connection an open transaction holds, answering its rows. SQLite has
 * one connection and runs statements synchronously, so inside a transaction nothing else can be using
 * it: going through Kysely's executor there only cost time and garbage (a third of what a register
 * allocated).
 */
export type TransactionRunner = (sql: string, parameters: readonly unknown[]) => unknown[];

export interface DatabaseOptions {
  /** `:memory:`, a SQLite file path, or a `postgres://` URL. */
  location: string;
  /** SQLite only: `normal` survives a process crash, `full` also a power loss. */
  durability?: 'normal' | 'full';
  /** SQLite only: checkpoint the WAL on a background thread instead of inside commits (the server). */
  backgroundCheckpoints?: boolean;
  /** Told how long each query took (the metrics' database time). */
  onQueryTime?: (durationMs: number) => void;
}

export interface OpenDatabase {
  db: Db;
  dialect: DialectName;
  /** Runs a statement inside an open transaction without Kysely's executor (SQLite; null on PostgreSQL). */
  inTransaction: TransactionRunner | null;
  close(): Promise<void>;
}

/** SQLite's own checkpoint mark, in WAL pages (4 MB). */
const DEFAULT_CHECKPOINT_PAGES = 1000;
/** The writer's mark beside the checkpoint worker (64 MB of 4 KB pages): also what the WAL stays near under load. */
export const WRITER_CHECKPOINT_PAGES = 16000;
/** What a reset WAL is truncated to: above what it reaches under load (the mark, and the groups committed while a checkpoint waits its turn). */
const WAL_SIZE_LIMIT_BYTES = 96 * 1024 * 1024;

/**
 * SQLite's page cache per connection, in KiB. better-sqlite3 builds SQLite with 16 MB; the pages the
 * write paths touch again and again fit in 4 MB, and the rest is in the OS page cache a read away.
 * Measured: peak RSS 15 MB lower under finish at 50 connections, throughput and console pages alike.
 */
const PAGE_CACHE_KIB = 4096;

/**
 * Where SQLite keeps statement journals, which hold what a savepoint may have to undo. The connection
 * keeps them in memory (openDatabase); a commit group puts a large unit's on disk for its transaction
 * (commit-group.ts, runLarge). The setting may only change outside a transaction.
 */
export const JOURNALS_IN_MEMORY = CompiledQuery.raw('pragma temp_store = memory');
export const JOURNALS_ON_DISK = CompiledQuery.raw('pragma temp_store = file');

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Opens the database at `location` and brings its schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  const dialect: DialectName = isPostgresUrl(options.location) ? 'postgres' : 'sqlite';
  const onDisk = dialect === 'sqlite' && options.location !== ':memory:';
  // In memory, a copy of an already migrated database: a test suite's portals start in milliseconds.
  const image = dialect === 'sqlite' && !onDisk ? await migratedMemoryImage() : undefined;
  const { db, inTransaction } =
    dialect === 'postgres'
      ? { db: await openPostgres(options.location, options.onQueryTime), inTransaction: null }
      : openSqlite(options, !!options.backgroundCheckpoints && onDisk, image);
  try {
    await migrate(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // Statement journals in memory: each grouped unit of work runs in a savepoint, and past 64 KB SQLite
  // moved its journal to a temporary file, one write() call per page. A finish changes some 20 pages, so
  // every unit paid that; in memory, finish throughput rose by a third. The group puts a large unit's
  // journal on disk (commit-group.ts). Set after the migrations, whose statements may change whole tables.
  if (dialect === 'sqlite') await db.executeQuery(JOURNALS_IN_MEMORY);
  const checkpoints = options.backgroundCheckpoints && onDisk ? startCheckpointWorker(options.location) : null;
  return {
    db,
    dialect,
    inTransaction,
    close: async () => {
      await checkpoints?.stop();
      await db.destroy();
    },
  };
}

function openSqlite(
  options: DatabaseOptions,
  backgroundCheckpoints: boolean,
  image?: Buffer,
): { db: Db; inTransaction: TransactionRunner } {
  if (options.location !== ':memory:') mkdirSync(dirname(options.location), { recursive: true });
  const sqlite = image ? new SQLite(image) : new SQLite(options.location);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  // The CLI may write while the server runs: wait for the other writer instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  // With background checkpoints the worker copies the WAL into the database file, but under a steady
  // stream of commits it never finds the WAL fully copied, and SQLite starts the WAL over only then:
  // alone, it let the WAL grow without end (140 MB for 24 MB of rows). So the writer still checkpoints,
  // past a higher mark: by then the worker has copied nearly everything, so the writer's checkpoint
  // is short, and it always completes (no writer runs beside it), which lets the WAL start over.
  sqlite.pragma(`wal_autocheckpoint = ${backgroundCheckpoints ? WRITER_CHECKPOINT_PAGES : DEFAULT_CHECKPOINT_PAGES}`);
  // A WAL that a long reader made grow is cut back to this when it is next reset.
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const statements = withStatementCache(sqlite, options.onQueryTime);
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) }), inTransaction: statements.rows };
}

/**
 * An empty database with every migration applied, as bytes, made once per process: the schema takes
 * some 150 ALTER TABLEs, and each in-memory database after the first starts as a copy of it instead.
 * Nothing of any portal is in it, so sharing it between portals shares no state.
 */
let memoryImage: Promise<Buffer> | null = null;

function migratedMemoryImage(): Promise<Buffer> {
  memoryImage ??= (async () => {
    const sqlite = new SQLite(':memory:');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      await migrate(db, 'sqlite');
      return sqlite.serialize();
    } finally {
      await db.destroy();
    }
  })().catch((error: unknown) => {
    memoryImage = null;
    throw error;
  });
  return memoryImage;
}

/** The PostgreSQL driver is loaded only for a PostgreSQL portal: SQLite starts do not pay for it. */
async function openPostgres(url: string, onQueryTime?: (durationMs: number) => void): Promise<Db> {
  const { default: pg } = await import('pg');
  const setting = preparedStatementsSetting(url);
  const pool = new pg.Pool({
    connectionString: setting.url,
    max: 10,
    Client: postgresClient(pg.Client, { names: setting.prepared ? new StatementNames() : null, onQueryTime }),
    // Unix seconds live in BIGINT columns; they fit a JS number exactly.
    types: {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
    } as pg.CustomTypesConfig,
  });
  // A connection the server drops (restart, failover, admin termination) fails the query using it, if
  // any; outside a query its error event must not take the whole process down.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Brings the schema up to date, or only up to the migration named `upTo` (a copy matches its source's level). */
export async function migrate(db: Kysely<any>, dialect: DialectName, upTo?: string): Promise<void> {
  const context: MigrationContext = {
    dialect,
    idColumn: <T extends string>(table: CreateTableBuilder<T, never>) =>
      table.addColumn('id', 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
      ),
  };
  const provider: MigrationProvider = {
    getMigrations: async () => Object.fromEntries(MIGRATIONS.map((m) => [m.name, { up: (kysely: Kysely<any>) => m.up(kysely, context) }])),
  };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await (upTo === undefined ? migrator.migrateToLatest() : migrator.migrateTo(upTo));
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`schema migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
