import { sql, type ExpressionBuilder, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../domain/filter.js';

/**
 * Turns domain filter conditions into one portable SQL predicate (same text on SQLite and
 * PostgreSQL). Column names come from the domain's own field maps, never from the client.
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
  const lower = (column: ReturnType<typeof sql.ref>) => sql`lower(${column})`;

  if (values.length === 0) return sql<SqlBool>`1 = ${operator === 'notIn' ? 1 : 0}`;

  if (columnKind === 'tokens') {
    const member = (value: string | number) => anyColumn((c) => sql<SqlBool>`${c} like ${`%,${String(value)},%`}`);
    const matches = eb.or(values.map(member));
    return operator === 'neq' || operator === 'notIn' ? eb.not(matches) : matches;
  }

  switch (operator) {
    case 'eq':
    case 'in':
      return eb.or(values.map((v) => anyColumn((c) => sql<SqlBool>`${c} = ${v}`)));
    case 'neq':
    case 'notIn':
      return eb.and(values.map((v) => anyColumn((c) => sql<SqlBool>`(${c} is null or ${c} <> ${v})`)));
    case 'gt':
      return anyColumn((c) => sql<SqlBool>`${c} > ${values[0]}`);
    case 'gte':
      return anyColumn((c) => sql<SqlBool>`${c} >= ${values[0]}`);
    case 'lt':
      return anyColumn((c) => sql<SqlBool>`${c} < ${values[0]}`);
    case 'lte':
      return anyColumn((c) => sql<SqlBool>`${c} <= ${values[0]}`);
    case 'contains':
      return eb.or(values.map((v) => anyColumn((c) => sql<SqlBool>`${lower(c)} like ${`%${String(v).toLowerCase()}%`}`)));
    case 'notContains':
      return eb.and(
        values.map((v) => eb.not(anyColumn((c) => sql<SqlBool>`coalesce(${lower(c)}, '') like ${`%${String(v).toLowerCase()}%`}`))),
      );
    case 'like':
      return eb.or(values.map((v) => anyColumn((c) => sql<SqlBool>`${lower(c)} like ${String(v).toLowerCase()}`)));
    case 'between':
    case 'notBetween': {
      if (values.length < 2) return sql<SqlBool>`1 = 0`;
      const inside = anyColumn((c) => sql<SqlBool>`(${c} >= ${values[0]} and ${c} <= ${values[1]})`);
      return operator === 'between' ? inside : eb.not(inside);
    }
    case 'notLike':
      return eb.and(values.map((v) => eb.not(anyColumn((c) => sql<SqlBool>`coalesce(${lower(c)}, '') like ${String(v).toLowerCase()}`))));
  }
}

/**
 * One page of a filtered, sorted list and (unless turned off) the total count. Ties break by ID in
 * the direction of the last sort key, so that an index on that key also serves the order.
 */
export async function listPage<Row>(
  from: SelectQueryBuilder<any, any, {}>,
  conditions: readonly FilterCondition[],
  sort: readonly SortSpec[],
  page: PageRequest,
): Promise<Page<Row>> {
  const filtered = from.where((eb) => filterPredicate(eb, conditions));
  let query = filtered.selectAll();
  for (const { column, direction } of sort) query = query.orderBy(column, direction);
  const items = (await query.orderBy('id', sort.at(-1)?.direction ?? 'asc').limit(page.limit).offset(page.offset).execute()) as Row[];
  if (!page.count) return { items, total: null };
  const counted = await filtered.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return { items, total: Number(counted.total) };
}
