import { sql } from 'kysely';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { CompiledStatements } from '../../src/storage/compiled-statements.js';
import { openDatabase, type OpenDatabase } from '../../src/storage/database.js';

let database: OpenDatabase;
let statements: CompiledStatements;

beforeEach(async () => {
  database = await openDatabase({ location: ':memory:' });
  statements = new CompiledStatements();
});

afterEach(() => database.close());

function insertEvent(event: { call_id: string; at: number; kind: 'registered'; user_id?: number | null; detail?: string | null }) {
  return statements.first(database.db, 'test.insertEvent', event, (values) =>
    database.db.insertInto('call_events').values(values).returningAll(),
  );
}

test('an insert runs with each call’s own values; left-out and null columns are their own shapes', async () => {
  const build = vi.fn((values: { call_id: string; at: number }) =>
    database.db
      .insertInto('call_events')
      .values({ ...values, kind: 'registered' })
      .returningAll(),
  );
  const a = await statements.first(database.db, 'test.build', { call_id: 'a', at: 1 }, build);
  const b = await statements.first(database.db, 'test.build', { call_id: 'b', at: 2 }, build);
  expect(build).toHaveBeenCalledTimes(1);
  expect([a, b]).toMatchObject([
    { call_id: 'a', at: 1, kind: 'registered', user_id: null },
    { call_id: 'b', at: 2, kind: 'registered', user_id: null },
  ]);

  expect(await insertEvent({ call_id: 'c', at: 3, kind: 'registered', user_id: 7, detail: '{"x":1}' })).toMatchObject({
    user_id: 7,
    detail: '{"x":1}',
  });
  expect(await insertEvent({ call_id: 'd', at: 4, kind: 'registered', user_id: null, detail: null })).toMatchObject({
    user_id: null,
    detail: null,
  });
  expect(await insertEvent({ call_id: 'e', at: 5, kind: 'registered', user_id: 8 })).toMatchObject({ user_id: 8, detail: null });
  expect(await insertEvent({ call_id: 'f', at: 6, kind: 'registered', user_id: 9, detail: '{}' })).toMatchObject({
    user_id: 9,
    detail: '{}',
  });
});

test('the same keys in another order, a fraction for an integer and a null are shapes of their own; undefined is no key', async () => {
  const build = vi.fn((values: Record<string, unknown>) =>
    database.db.selectNoFrom((eb) =>
      Object.entries(values).flatMap(([key, value]) => (value === undefined ? [] : [eb.val(value).as(key)])),
    ),
  );
  const select = (values: Record<string, unknown>) => statements.first(database.db, 'test.shape', values, build);
  expect(await select({ a: 'x', b: 1 })).toEqual({ a: 'x', b: 1 });
  expect(await select({ a: 'y', b: 2 })).toEqual({ a: 'y', b: 2 });
  expect(build).toHaveBeenCalledTimes(1);
  expect(await select({ a: 's', c: 't' })).toEqual({ a: 's', c: 't' });
  expect(Object.entries((await select({ c: 'u', a: 'v' }))!)).toEqual([
    ['c', 'u'],
    ['a', 'v'],
  ]);
  expect(await select({ a: 'w', b: 2.5 })).toEqual({ a: 'w', b: 2.5 });
  expect(await select({ a: 'v', b: null })).toEqual({ a: 'v', b: null });
  expect(await select({ a: 'u', b: 4, c: undefined })).toEqual({ a: 'u', b: 4 });
  expect(build).toHaveBeenCalledTimes(5);
});

test('a filter left out for null and an in list of any length give the rows plain Kysely gives', async () => {
  for (const [i, callId] of ['a', 'b', 'c', 'a'].entries()) {
    await database.db
      .insertInto('call_events')
      .values({ call_id: callId, at: i, kind: 'registered', user_id: i % 2 === 0 ? 1 : null })
      .execute();
  }
  const find = (args: { callIds: string[]; userId: number | null }) =>
    statements.rows(database.db, 'test.find', args, (a) => {
      let query = database.db.selectFrom('call_events').select(['call_id', 'at']).where('call_id', 'in', a.callIds);
      if (a.userId !== null) query = query.where('user_id', '=', a.userId);
      return query.orderBy('at');
    });
  expect(await find({ callIds: ['a'], userId: null })).toEqual([
    { call_id: 'a', at: 0 },
    { call_id: 'a', at: 3 },
  ]);
  expect(await find({ callIds: ['a', 'b', 'c'], userId: 1 })).toEqual([
    { call_id: 'a', at: 0 },
    { call_id: 'c', at: 2 },
  ]);
  expect(await find({ callIds: ['b', 'c'], userId: null })).toEqual([
    { call_id: 'b', at: 1 },
    { call_id: 'c', at: 2 },
  ]);
  expect(await find({ callIds: ['a'], userId: 1 })).toEqual([{ call_id: 'a', at: 0 }]);
});

test('a statement that would freeze an argument into its text is refused', async () => {
  await expect(
    statements.rows(database.db, 'test.misuse', { callId: 'a' }, (a) =>
      database.db
        .selectFrom('call_events')
        .selectAll()
        .where(sql.raw(`call_id = '${a.callId}'`) as never),
    ),
  ).rejects.toThrow('other than as a parameter');
});

test('a statement built differently for an integer and for another number is compiled for each', async () => {
  for (const [i, at] of [3, 4, 5].entries())
    await database.db
      .insertInto('call_events')
      .values({ call_id: `c${i}`, at, kind: 'registered' })
      .execute();
  // Built as filter code builds a number: an integer is cast to one, any other number compared as a double.
  const build = vi.fn((a: { from: number }) =>
    database.db
      .selectFrom('call_events')
      .select('call_id')
      .where(Number.isSafeInteger(a.from) ? sql<boolean>`at >= cast(${a.from} as integer)` : sql<boolean>`at >= ${a.from} + 0.0`)
      .orderBy('at'),
  );
  const from = (value: number) => statements.rows(database.db, 'test.numberKinds', { from: value }, build);
  expect(await from(4)).toEqual([{ call_id: 'c1' }, { call_id: 'c2' }]);
  expect(await from(4.5)).toEqual([{ call_id: 'c2' }]);
  expect(await from(5)).toEqual([{ call_id: 'c2' }]);
  expect(await from(3.5)).toEqual([{ call_id: 'c1' }, { call_id: 'c2' }]);
  expect(build).toHaveBeenCalledTimes(2);
  expect(build.mock.calls.map(([a]) => Number.isSafeInteger(a.from))).toEqual([true, false]);
});

test('a statement that computes with a number argument is refused: the result would be frozen', async () => {
  await expect(
    statements.rows(database.db, 'test.arithmetic', { at: 3 }, (a) =>
      database.db
        .selectFrom('call_events')
        .selectAll()
        .where('at', '>', a.at + 1),
    ),
  ).rejects.toThrow('other than as a parameter');
  await expect(
    statements.rows(database.db, 'test.numberInText', { at: 3 }, (a) =>
      database.db
        .selectFrom('call_events')
        .selectAll()
        .where(sql.raw(`at = ${a.at}`) as never),
    ),
  ).rejects.toThrow('other than as a parameter');
});

test('inside a transaction statements run on its connection directly: they see its writes and roll back with it', async () => {
  const runner = vi.fn(database.inTransaction!);
  const direct = new CompiledStatements(runner);
  const add = (db: typeof database.db, callId: string) =>
    direct.first(db, 'test.add', { call_id: callId, at: 1, kind: 'registered' as const }, (values) =>
      db.insertInto('call_events').values(values).returningAll(),
    );
  const count = async (db: typeof database.db) =>
    (await direct.first(db, 'test.count', {}, () => db.selectFrom('call_events').select((eb) => eb.fn.countAll<number>().as('n'))))!.n;

  // Outside a transaction Kysely runs them: its connection lock keeps them out of anyone's transaction.
  expect(await add(database.db, 'outside')).toMatchObject({ call_id: 'outside', kind: 'registered' });
  expect(runner).not.toHaveBeenCalled();

  await database.db.transaction().execute(async (trx) => {
    expect(await add(trx, 'committed')).toMatchObject({ call_id: 'committed', at: 1 });
    expect(await count(trx)).toBe(2);
  });
  expect(runner).toHaveBeenCalledTimes(2);
  await expect(
    database.db.transaction().execute(async (trx) => {
      await add(trx, 'rolled back');
      expect(await count(trx)).toBe(3);
      throw new Error('abandon');
    }),
  ).rejects.toThrow('abandon');
  const left = await database.db.selectFrom('call_events').select('call_id').orderBy('id').execute();
  expect(left.map((row) => row.call_id)).toEqual(['outside', 'committed']);
});

test('a statement that returns no rows answers none through the direct runner too', async () => {
  const direct = new CompiledStatements(database.inTransaction);
  await database.db.transaction().execute(async (trx) => {
    const rows = await direct.rows(trx, 'test.plainInsert', { call_id: 'x', at: 2, kind: 'registered' as const }, (values) =>
      trx.insertInto('call_events').values(values),
    );
    expect(rows).toEqual([]);
  });
  expect(await database.db.selectFrom('call_events').select('call_id').execute()).toEqual([{ call_id: 'x' }]);
});
