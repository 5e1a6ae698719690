import type pg from 'pg';
import { recordFactory, type RecordFactory } from '../kernel/record-factory.js';

/** A statement text is given a name, and so prepared on each connection once, from its second use on. */
const NAME_AFTER_USES = 2;
/** Names handed out per process: each server connection keeps at most this many prepared statements. */
const MAX_NAMED = 200;
/** Texts counted while they wait for a second use; a flood of one-off texts only resets the count. */
const MAX_COUNTED = 5_000;

/** The URL parameter that turns prepared statements off (PgBouncer before 1.21 in transaction mode). */
const PREPARED_STATEMENTS_PARAMETER = 'prepared_statements';

/**
 * Which statement texts run as named (prepared) statements. Without a name PostgreSQL parses and plans
 * every statement it is sent; a finish runs the same ten or so texts each time, and a named statement is
 * parsed once per connection, then only bound and run. Texts are named once they repeat, so the one-off
 * texts of ad-hoc filters never take a name; the number of names is capped, which caps what every
 * connection keeps on the server.
 */
export class StatementNames {
  private readonly counted = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private given = 0;

  /** The name to run `text` under, or undefined to run it unnamed. */
  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.given >= MAX_NAMED) return known;
    const uses = (this.counted.get(text) ?? 0) + 1;
    if (uses < NAME_AFTER_USES) {
      if (this.counted.size >= MAX_COUNTED) this.counted.clear();
      this.counted.set(text, uses);
      return undefined;
    }
    this.counted.delete(text);
    const name = `extcall_${++this.given}`;
    this.names.set(text, name);
    return name;
  }

  /**
   * Drops the name of `text`, whose prepared form no longer fits its tables (another instance migrated
   * the schema: `select *` now has more columns). Its next use is prepared afresh under a new name.
   */
  retire(text: string): void {
    this.names.delete(text);
  }
}

/** PostgreSQL: "cached plan must not change result type". */
const STALE_PREPARED_STATEMENT = '0A000';

/**
 * The pg Client class of the pool. `query(text, values)`, as Kysely calls it, runs a repeated text as a
 * named statement when `names` is given (pg itself remembers per connection which names it prepared
 * there), and tells `onQueryTime` how long each query took, failed ones included (the metrics'
 * database time; Kysely's own query log would wrap every query in further async functions).
 * Rows are read as arrays and made into objects by RowObjects.
 */
export function postgresClient(
  base: typeof pg.Client,
  { names, onQueryTime }: { names: StatementNames | null; onQueryTime?: (durationMs: number) => void },
): typeof pg.Client {
  const rowObjects = new RowObjects();
  return class PostgresClient extends base {
    override query(...args: unknown[]): any {
      const [text, values, callback] = args;
      if (typeof text !== 'string' || !Array.isArray(values) || callback !== undefined)
        return (super.query as (...rest: unknown[]) => unknown)(...args);
      const started = performance.now();
      const name = names?.nameFor(text);
      // Several statements in one text (no parameters) answer a result each.
      const running = (super.query({ name, text, values, rowMode: 'array' }) as Promise<ArrayResult | ArrayResult[]>).then((result) =>
        Array.isArray(result) ? result.map((one) => rowObjects.of(text, one)) : rowObjects.of(text, result),
      );
      const settled =
        name === undefined
          ? running
          : running.catch((error: unknown) => {
              // This one fails (its transaction with it); the next use prepares the text again.
              if ((error as { code?: unknown }).code === STALE_PREPARED_STATEMENT) names!.retire(text);
              throw error;
            });
      return onQueryTime ? settled.finally(() => onQueryTime(performance.now() - started)) : settled;
    }
  } as typeof pg.Client;
}

type ArrayResult = pg.QueryResult<unknown[]>;

/** Statement texts whose row maker is kept; past this, the least recently added goes. */
const MAX_ROW_MAKERS = 500;

/**
 * Turns a result's rows, read as arrays, into objects keyed by column name, with one function per
 * statement text and column list. pg's own row objects start from an object with no prototype, which
 * V8 keeps as a slow dictionary, and every row copied from it is one too: each field written and read
 * by name. An object literal of a fixed shape costs a fraction of that. A repeated column keeps its
 * first position and its last value, as pg's objects do.
 */
export class RowObjects {
  private readonly makers = new Map<string, { columns: readonly string[]; make: RecordFactory }>();

  of(text: string, result: pg.QueryResult<unknown[]>): pg.QueryResult<Record<string, unknown>> {
    const rows = result.rows;
    if (rows.length === 0) return result as unknown as pg.QueryResult<Record<string, unknown>>;
    const make = this.makerFor(text, result.fields);
    const objects = new Array<Record<string, unknown>>(rows.length);
    for (let i = 0; i < rows.length; i++) objects[i] = make(rows[i]!);
    return Object.assign(result, { rows: objects }) as unknown as pg.QueryResult<Record<string, unknown>>;
  }

  private makerFor(text: string, fields: readonly pg.FieldDef[]): RecordFactory {
    const known = this.makers.get(text);
    if (known && sameColumns(known.columns, fields)) return known.make;
    const columns = fields.map((field) => field.name);
    const make = columns.includes('__proto__') ? assignedRecord(columns) : recordFactory(columns);
    if (!known && this.makers.size >= MAX_ROW_MAKERS) this.makers.delete(this.makers.keys().next().value!);
    this.makers.set(text, { columns, make });
    return make;
  }
}

function sameColumns(columns: readonly string[], fields: readonly pg.FieldDef[]): boolean {
  if (columns.length !== fields.length) return false;
  for (let i = 0; i < columns.length; i++) if (columns[i] !== fields[i]!.name) return false;
  return true;
}

/** A record made key by key: for a column named `__proto__`, which an object literal cannot hold as its own. */
function assignedRecord(columns: readonly string[]): RecordFactory {
  return (values) => {
    const record: Record<string, unknown> = {};
    columns.forEach((column, i) =>
      Object.defineProperty(record, column, { value: values[i], enumerable: true, writable: true, configurable: true }),
    );
    return record;
  };
}

/**
 * Reads and removes `prepared_statements` from a postgres:// URL: `off` (or `false`, `0`, `no`) runs every
 * statement unnamed. The rest of the URL goes to the driver as it was.
 */
export function preparedStatementsSetting(url: string): { url: string; prepared: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, prepared: true };
  }
  const value = parsed.searchParams.get(PREPARED_STATEMENTS_PARAMETER);
  if (value === null) return { url, prepared: true };
  parsed.searchParams.delete(PREPARED_STATEMENTS_PARAMETER);
  return { url: parsed.toString(), prepared: !['off', 'false', '0', 'no'].includes(value.toLowerCase()) };
}
