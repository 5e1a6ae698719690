import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DialectAdapter,
  type QueryCompiler,
} from 'kysely';
import { expect, test } from 'vitest';
import { literalLimit } from '../../src/storage/literal-limit.js';

interface Tables {
  calls: { id: number };
}

/** A Kysely that only compiles, with the adapter and compiler of one dialect. */
function compilerOf(adapter: DialectAdapter, compiler: QueryCompiler): Kysely<Tables> {
  return new Kysely<Tables>({
    dialect: {
      createAdapter: () => adapter,
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => compiler,
    },
  });
}

const compilers = {
  sqlite: compilerOf(new SqliteAdapter(), new SqliteQueryCompiler()),
  postgres: compilerOf(new PostgresAdapter(), new PostgresQueryCompiler()),
};

test.each(Object.entries(compilers))('on %s a page size goes into the text and the offset stays bound', (_name, db) => {
  const page = db.selectFrom('calls').selectAll().orderBy('id').limit(literalLimit(50)).offset(100).compile();
  expect(page.sql).toMatch(/ limit 50 offset (\?|\$1)$/);
  expect(page.parameters).toEqual([100]);
  expect(db.selectFrom('calls').selectAll().limit(literalLimit(0)).compile().sql).toMatch(/ limit 0$/);
});

test('anything but a non-negative safe integer stays a bound value, never text', () => {
  for (const odd of [-1, 1.5, Number.NaN, 2 ** 53]) {
    const compiled = compilers.sqlite.selectFrom('calls').selectAll().limit(literalLimit(odd)).compile();
    expect(compiled.sql).toMatch(/ limit \?$/);
    expect(compiled.parameters).toEqual([odd]);
  }
});
