import {
  sql,
  type Compilable,
  type ExpressionBuilder,
  type Expression,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely';
import type { FilterCondition, FilterOperator, Page, PageRequest, SortSpec } from '../kernel/filter.js';
import type { CompiledStatements } from './compiled-statements.js';
import type { Db } from './database.js';
import { literalLimit } from './literal-limit.js';

/**
 * Turns filter conditions into one portable SQL predicate (same text on SQLite and PostgreSQL).
 * Column names come from the features' own field maps, never from the client.
 */
export function filterPredicate<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  conditions: readonly FilterCondition[],
): Expression<SqlBool> {
  return eb.and(conditions.map((condition) => conditionPredicate(eb, condition)));
}

function conditionPredicate<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, condition: FilterCondition): Expression<SqlBool> {
  if (condition.kind === 'never') return sql<SqlBool>`1 = 0`;
  const { columns, columnKind, operator, values } = condition;
  const anyColumn = (build: (column: ReturnType<typeof sql.ref>) => Expression<SqlBool>) =>
    eb.or(columns.map((name) => build(sql.ref(name))));
  // A text operator on a number column matches its digits (PostgreSQL has no lower(integer)).
  const lower = (column: ReturnType<typeof sql.ref>) =>
    columnKind === 'number' ? sql`lower(cast(${column} as text))` : sql`lower(${column})`;
  const bind = (value: string | number | undefined) => (columnKind === 'number' ? numeric(value) : sql`${value}`);
  // SQLite refuses LIKE patterns over 50,000 bytes; no stored value is that long, so such a pattern matches nothing.
  const like = (text: Expression<unknown>, pattern: string) =>
    Buffer.byteLength(pattern) > MAX_PATTERN_BYTES ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${text} like ${pattern} escape '\\'`;

  if (values.length === 0) return sql<SqlBool>`1 = ${operator === 'notIn' ? 1 : 0}`;

  if (columnKind === 'tokens') {
    const member = (value: string | number) => anyColumn((c) => like(c, `%,${literal(value)},%`));
    const matches = eb.or(values.map(member));
    return operator === 'neq' || operator === 'notIn' ? eb.not(matches) : matches;
  }

  switch (operator) {
    case 'eq':
    case 'in':
      return eb.or(values.map((v) => anyColumn((c) => sql<SqlBool>`${c} = ${bind(v)}`)));
    case 'neq':
    case 'notIn':
      return eb.and(values.map((v) => anyColumn((c) => sql<SqlBool>`(${c} is null or ${c} <> ${bind(v)})`)));
    case 'gt':
      return anyColumn((c) => sql<SqlBool>`${c} > ${bind(values[0])}`);
    case 'gte':
      return anyColumn((c) => sql<SqlBool>`${c} >= ${bind(values[0])}`);
    case 'lt':
      return anyColumn((c) => sql<SqlBool>`${c} < ${bind(values[0])}`);
    case 'lte':
      return anyColumn((c) => sql<SqlBool>`${c} <= ${bind(values[0])}`);
    case 'contains':
      return eb.or(values.map((v) => anyColumn((c) => like(lower(c), `%${literal(v).toLowerCase()}%`))));
    case 'notContains':
      return eb.and(values.map((v) => eb.not(anyColumn((c) => like(sql`coalesce(${lower(c)}, '')`, `%${literal(v).toLowerCase()}%`)))));
    case 'like':
      return eb.or(values.map((v) => anyColumn((c) => like(lower(c), pattern(v).toLowerCase()))));
    case 'between':
    case 'notBetween': {
      if (values.length < 2) return sql<SqlBool>`1 = 0`;
      const inside = anyColumn((c) => sql<SqlBool>`(${c} >= ${bind(values[0])} and ${c} <= ${bind(values[1])})`);
      return operator === 'between' ? inside : eb.not(inside);
    }
    case 'notLike':
      return eb.and(values.map((v) => eb.not(anyColumn((c) => like(sql`coalesce(${lower(c)}, '')`, pattern(v).toLowerCase())))));
  }
}

const MAX_PATTERN_BYTES = 40_000;

/**
 * LIKE patterns carry an explicit escape character, so that both databases read them alike
 * (PostgreSQL escapes with `\` by default, SQLite not at all). A substring is matched literally.
 */
function literal(value: string | number): string {
  return String(value).replace(/[\\%_]/g, '\\$&');
}

/** The client's own pattern (`%` and `_` are wildcards); a lone `\` at its end is a literal one, not an error. */
function pattern(value: string | number): string {
  const text = String(value);
  return /(^|[^\\])(\\\\)*\\$/.test(text) ? `${text}\\` : text;
}

/**
 * A value compared with a number column. PostgreSQL reads a bare parameter as the column's own type,
 * so a huge or fractional number against an `integer` column would fail ("out of range", "invalid
 * input syntax") instead of matching nothing; SQLite binds every number as a double. The cast
 * settles the type on both: bigint for integers (integer indexes still serve it), else a double.
 */
function numeric(value: string | number | undefined): RawBuilder<unknown> {
  if (typeof value !== 'number') return sql`${value}`;
  return Number.isSafeInteger(value) ? sql`cast(${value} as bigint)` : sql`cast(${value} as double precision)`;
}

/**
 * Where a list's statements are compiled once per shape of its filter and run (see CompiledStatements):
 * building and compiling a filtered query with Kysely cost more than SQLite took to run a page of it.
 */
export interface CompiledLists {
  statements: CompiledStatements;
  db: Db;
  /** Names the list (its table) in the statements' keys. */
  name: string;
}

/**
 * One page of a filtered, sorted list and (unless turned off) the total count. Ties break by ID in
 * the direction of the last sort key, so that an index on that key also serves the order.
 */
export async function listPage<Row>(
  from: SelectQueryBuilder<any, any, object>,
  conditions: readonly FilterCondition[],
  sort: readonly SortSpec[],
  page: PageRequest,
  compiled?: CompiledLists,
): Promise<Page<Row>> {
  const run = compiledFilter(compiled, conditions);
  const sortKey = JSON.stringify(sort);
  // The limit is in the text (see literalLimit), so it names the statement; the offset is bound.
  const items = (await run(`page|${sortKey}|${page.limit}`, { offset: page.offset }, (filter, extra) =>
    pageQuery(from, filter, sort, page.limit, extra.offset!),
  )) as Row[];
  if (!page.count) return { items, total: null };
  const [counted] = await run('count', {}, (filter) =>
    from.where((eb) => filterPredicate(eb, filter)).select((eb) => eb.fn.countAll<number>().as('total')),
  );
  return { items, total: Number((counted as { total: number | string }).total) };
}

function pageQuery(
  from: SelectQueryBuilder<any, any, object>,
  conditions: readonly FilterCondition[],
  sort: readonly SortSpec[],
  limit: number,
  offset: number,
) {
  let query = from.where((eb) => filterPredicate(eb, conditions)).selectAll();
  for (const { column, direction, nullsLow } of sort) {
    query = nullsLow
      ? query.orderBy(column, (ob) => (direction === 'desc' ? ob.desc().nullsLast() : ob.asc().nullsFirst()))
      : query.orderBy(column, direction);
  }
  return query
    .orderBy('id', sort.at(-1)?.direction ?? 'asc')
    .limit(literalLimit(limit))
    .offset(offset);
}

/** Numbers a filtered statement takes beside the filter's values (a page's offset). */
type ExtraArguments = Record<string, number>;

/** A filtered query as its builder gives it: compiled for the statements, or run as it is. */
type FilteredQuery = Compilable<unknown> & { execute(): Promise<unknown[]> };

type FilteredBuild = (conditions: readonly FilterCondition[], extra: Partial<ExtraArguments>) => FilteredQuery;

/**
 * Runs statements over `conditions`: compiled once per shape of the filter when its SQL text depends
 * on nothing else (every value a whole parameter), else built and compiled for each call. `key` tells
 * the statements of one list apart; the filter's columns, operators and value counts are added to it.
 */
export function compiledFilter(compiled: CompiledLists | undefined, conditions: readonly FilterCondition[]) {
  const shape = compiled ? filterShape(conditions) : null;
  return async (key: string, extra: ExtraArguments, build: FilteredBuild): Promise<unknown[]> => {
    if (!compiled || shape === null) return build(conditions, extra).execute();
    const args = { values: conditions.map((c) => (c.kind === 'compare' ? c.values : [])), extra };
    return compiled.statements.rows(compiled.db, `${compiled.name}.${key}|${shape}`, args, (a) =>
      build(
        conditions.map((c, i) => (c.kind === 'compare' ? { ...c, values: a.values[i]! } : c)),
        a.extra,
      ),
    );
  };
}

/** Operators whose SQL binds each value unchanged: their text depends on the values' count and kinds alone. */
const WHOLE_VALUE_OPERATORS: ReadonlySet<FilterOperator> = new Set([
  'eq',
  'neq',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'notBetween',
]);

/** What of a filter decides its SQL text besides its values' kinds; null when a value goes in otherwise (a LIKE pattern, a member of a list). */
function filterShape(conditions: readonly FilterCondition[]): string | null {
  const parts: unknown[] = [];
  for (const condition of conditions) {
    if (condition.kind === 'never') {
      parts.push(0);
      continue;
    }
    const { columns, columnKind, operator, values } = condition;
    if (columnKind === 'tokens' || !WHOLE_VALUE_OPERATORS.has(operator)) return null;
    parts.push([columns, columnKind, operator, values.length]);
  }
  return JSON.stringify(parts);
}
