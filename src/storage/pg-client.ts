import type pg from 'pg';

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
 */
export function postgresClient(
  base: typeof pg.Client,
  { names, onQueryTime }: { names: StatementNames | null; onQueryTime?: (durationMs: number) => void },
): typeof pg.Client {
  return class PostgresClient extends base {
    override query(...args: unknown[]): any {
      const [text, values, callback] = args;
      if (typeof text !== 'string' || !Array.isArray(values) || callback !== undefined)
        return (super.query as (...rest: unknown[]) => unknown)(...args);
      const started = performance.now();
      const name = names?.nameFor(text);
      const running: Promise<unknown> = name === undefined ? super.query(text, values) : super.query({ name, text, values });
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
