import SQLite from 'better-sqlite3';
import { recordFactory } from '../kernel/record-factory.js';

/** Prepared statements kept per SQL text: most of a request's cost was preparing the same few statements again. */
const STATEMENT_CACHE_SIZE = 500;

/** Told how long each statement ran, failed ones included (the metrics' database time). */
export type QueryTimer = (durationMs: number) => void;

/** What Kysely's SQLite driver uses of a prepared statement. */
export interface KyselyStatement {
  readonly reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): SQLite.RunResult;
  iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
}

/**
 * The database handle Kysely's SQLite dialect is given: statements are prepared once per SQL text and
 * kept (least recently used go first), and rows are read as arrays and turned into objects by a function
 * made for the statement's columns. better-sqlite3 builds each row object property by property, which for
 * a wide row (a user has some sixty columns) cost more than running the query; an object literal of a
 * fixed shape costs a fraction of that.
 */
export function withStatementCache(sqlite: SQLite.Database, onQueryTime?: QueryTimer) {
  const cache = new Map<string, KyselyStatement>();
  const prepare = (text: string): KyselyStatement => {
    let statement = cache.get(text);
    if (statement) {
      // Map order is insertion order: re-inserting keeps the most recently used last.
      cache.delete(text);
    } else {
      // A schema change (migrations) may change what `select *` returns: forget every column list.
      if (SCHEMA_CHANGE.test(text)) cache.clear();
      statement = cachedStatement(sqlite, sqlite.prepare(text));
      if (onQueryTime) statement = timedStatement(statement, onQueryTime);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(text, statement);
    return statement;
  };
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare,
    /** Runs one statement as Kysely's SQLite driver would, answering its rows (none for a statement that returns nothing). */
    rows: (text: string, parameters: readonly unknown[]): unknown[] => {
      const statement = prepare(text);
      if (statement.reader) return statement.all(parameters);
      statement.run(parameters);
      return [];
    },
  };
}

const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

function cachedStatement(sqlite: SQLite.Database, statement: SQLite.Statement): KyselyStatement {
  if (!statement.reader) return statement as unknown as KyselyStatement;
  let names = columnNames(statement);
  if (names === null) return statement as unknown as KyselyStatement;
  statement.raw(true);
  let toObject = recordFactory(names);
  const objects = (rows: unknown[][]): Record<string, unknown>[] => {
    // SQLite prepares a statement again after a schema change: its columns may have changed with it.
    if (rows.length > 0 && rows[0]!.length !== names!.length) {
      names = columnNames(statement) ?? names!;
      toObject = recordFactory(names);
    }
    const out = new Array<Record<string, unknown>>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = toObject(rows[i]!);
    return out;
  };
  let asJson = jsonRows(sqlite, statement, names);
  const rows = (parameters: readonly unknown[]): unknown[][] => {
    if (asJson) {
      try {
        return asJson(parameters);
      } catch (error) {
        // A value JSON cannot hold, or a column gone since: read this statement's rows as values from now on.
        if (!(error instanceof SQLite.SqliteError)) throw error;
        asJson = null;
      }
    }
    return statement.all(parameters) as unknown[][];
  };
  return {
    reader: true,
    all: (parameters) => objects(rows(parameters)),
    run: (parameters) => statement.run(parameters),
    iterate: function* (parameters) {
      for (const row of statement.iterate(parameters) as IterableIterator<unknown[]>) yield objects([row])[0];
    },
  };
}

/** From this many columns on, a statement's rows are read as JSON (see jsonRows). */
const JSON_ROWS_FROM_COLUMNS = 8;

/**
 * For a wide statement, a reader of its rows as one JSON array each, which SQLite writes and JSON.parse
 * reads: better-sqlite3 makes every value of a row a JS value through the engine's API one by one, and
 * for a statistics page (50 rows of 30 columns) that took some 70% of the statement's time; the JSON
 * way takes about half of it. SQLite writes doubles so that they read back exactly. Only for columns
 * of a table (a declared type) that is not BLOB, JSON holding no bytes, and unique names, by which
 * the JSON select names them; null when the statement does not qualify.
 *
 * `select * from "table" …` of one table has its star replaced by the array; any other statement is
 * wrapped as a subquery, which SQLite plans a second time (a statistics page: 78 µs against 64).
 */
function jsonRows(
  sqlite: SQLite.Database,
  statement: SQLite.Statement,
  names: readonly string[],
): ((parameters: readonly unknown[]) => unknown[][]) | null {
  const columns = statement.columns();
  if (columns.length < JSON_ROWS_FROM_COLUMNS || new Set(names).size !== names.length) return null;
  if (columns.some((column) => column.type === null || /blob/i.test(column.type))) return null;
  // A comment or a second statement in the text would not stay inside the JSON select.
  const text = statement.source;
  if (/--|\/\*|;/.test(text)) return null;
  const list = names.map((name) => `"${name.replaceAll('"', '""')}"`).join(', ');
  const fromClause = singleTableStar(text);
  // SQLite may drop the ORDER BY of a subquery that has no LIMIT (the outer select asks for no order).
  if (fromClause === null && /\border\s+by\b/i.test(text) && !/\blimit\b/i.test(text)) return null;
  let wrapped: SQLite.Statement;
  try {
    const json = fromClause === null ? `select json_array(${list}) from (${text})` : `select json_array(${list}) ${fromClause}`;
    wrapped = sqlite.prepare(json).pluck(true);
  } catch {
    return null;
  }
  return (parameters) => {
    const texts = wrapped.all(parameters) as string[];
    const rows = new Array<unknown[]>(texts.length);
    for (let i = 0; i < texts.length; i++) rows[i] = JSON.parse(texts[i]!) as unknown[];
    return rows;
  };
}

/** `select * from "t"` and what follows the table's name: nothing, or a WHERE, ORDER BY or LIMIT clause. */
const SINGLE_TABLE_STAR = /^select \* (from "(?:[^"]|"")+"(?: (?:where|order by|limit)\b[\s\S]*)?)$/i;

/**
 * The `from …` rest of a `select *` over one table, where the star can give way to a list of the same
 * columns; null for anything else. A join or an alias does not match; a compound select, a grouping or an
 * ORDER BY by column number would mean something else once the star is one column, so they stay wrapped.
 */
function singleTableStar(text: string): string | null {
  const match = SINGLE_TABLE_STAR.exec(text);
  if (!match) return null;
  if (/\b(?:union|intersect|except|group\s+by|having|window)\b|\border\s+by\s+\d/i.test(text)) return null;
  return match[1]!;
}

/**
 * Times each run where it happens: SQLite statements run synchronously, so two clock reads around the
 * call are the whole cost (Kysely's own query log wraps every query in further async functions).
 */
function timedStatement(statement: KyselyStatement, onQueryTime: QueryTimer): KyselyStatement {
  const timed = <T>(run: () => T): T => {
    const started = performance.now();
    try {
      return run();
    } finally {
      onQueryTime(performance.now() - started);
    }
  };
  return {
    reader: statement.reader,
    all: (parameters) => timed(() => statement.all(parameters)),
    run: (parameters) => timed(() => statement.run(parameters)),
    // A stream counts from its start to its end, the reader's time between rows included.
    iterate: function* (parameters) {
      const started = performance.now();
      try {
        yield* statement.iterate(parameters);
      } finally {
        onQueryTime(performance.now() - started);
      }
    },
  };
}

/** The statement's result column names; null when one cannot be an object literal's own key. */
function columnNames(statement: SQLite.Statement): string[] | null {
  const names = statement.columns().map((column) => column.name);
  return names.includes('__proto__') ? null : names;
}
