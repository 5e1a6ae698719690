import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { withStatementCache } from '../../src/storage/sqlite-statements.js';

let sqlite: SQLite.Database;
let handle: ReturnType<typeof withStatementCache>;

beforeEach(() => {
  sqlite = new SQLite(':memory:');
  handle = withStatementCache(sqlite);
  handle.prepare('create table t (id integer primary key, name text, score real)').run([]);
  handle.prepare('insert into t (name, score) values (?, ?), (?, ?)').run(['ann', 1.5, 'bob', null]);
});

afterEach(() => handle.close());

/** The texts of the JSON-reading statements prepared from now on (see jsonRows), as they are prepared. */
function jsonStatementsPrepared(): string[] {
  const texts: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    if (source.startsWith('select json_array(')) texts.push(source);
    return prepare(source);
  }) as typeof sqlite.prepare;
  return texts;
}

test('rows come back as objects with every column, in column order, as better-sqlite3 gives them', () => {
  const rows = handle.prepare('select * from t order by id').all([]);
  expect(rows).toEqual([
    { id: 1, name: 'ann', score: 1.5 },
    { id: 2, name: 'bob', score: null },
  ]);
  expect(Object.keys(rows[0] as object)).toEqual(['id', 'name', 'score']);
  // Two columns of one name: the later value under the first one's position, as better-sqlite3's own objects.
  const twice = 'select a.id, a.name, b.name from t a join t b on b.id = 3 - a.id order by a.id';
  const plain = new SQLite(':memory:');
  plain.exec("create table t (id integer primary key, name text, score real); insert into t (name) values ('ann'), ('bob')");
  expect(handle.prepare(twice).all([])).toEqual(plain.prepare(twice).all());
  expect(handle.prepare(twice).all([])).toEqual([
    { id: 1, name: 'bob' },
    { id: 2, name: 'ann' },
  ]);
});

test('a statement is prepared once per text and gives fresh rows each run', () => {
  const select = handle.prepare('select name from t where id = ?');
  expect(handle.prepare('select name from t where id = ?')).toBe(select);
  expect(select.all([1])).toEqual([{ name: 'ann' }]);
  expect(select.all([2])).toEqual([{ name: 'bob' }]);
  expect([...select.iterate([1])]).toEqual([{ name: 'ann' }]);
});

test('after a schema change, select * returns the new columns', () => {
  expect(handle.prepare('select * from t where id = 1').all([])).toEqual([{ id: 1, name: 'ann', score: 1.5 }]);
  handle.prepare("alter table t add column team text default 'red'").run([]);
  expect(handle.prepare('select * from t where id = 1').all([])).toEqual([{ id: 1, name: 'ann', score: 1.5, team: 'red' }]);
});

test('a column named __proto__ is read by better-sqlite3 itself, never through an object literal', () => {
  const text = 'select name as "__proto__", id from t where id = 1';
  const plain = new SQLite(':memory:');
  plain.exec("create table t (id integer primary key, name text); insert into t (name) values ('ann')");
  const expected = plain.prepare(text).all() as Array<Record<string, unknown>>;
  plain.close();
  const rows = handle.prepare(text).all([]) as Array<Record<string, unknown>>;
  expect(Object.getOwnPropertyNames(rows[0])).toEqual(Object.getOwnPropertyNames(expected[0]));
  expect(Object.getPrototypeOf(rows[0])).toBe(Object.getPrototypeOf(expected[0]));
  expect(rows[0]!.id).toBe(1);
});

test('writes report their changes and row ids', () => {
  const result = handle.prepare('insert into t (name) values (?)').run(['cy']);
  expect(result).toMatchObject({ changes: 1, lastInsertRowid: 3 });
  expect(handle.prepare('insert into t (name) values (?) returning id, name').all(['di'])).toEqual([{ id: 4, name: 'di' }]);
});

test('with a timer, every run is timed where it happens: reads, writes, streams and failures alike', () => {
  const times: number[] = [];
  const timed = withStatementCache(new SQLite(':memory:'), (ms) => times.push(ms));
  try {
    timed.prepare('create table u (id integer primary key, name text unique)').run([]);
    timed.prepare('insert into u (name) values (?)').run(['ann']);
    expect(timed.prepare('select name from u').all([])).toEqual([{ name: 'ann' }]);
    expect([...timed.prepare('select id, name from u').iterate([])]).toEqual([{ id: 1, name: 'ann' }]);
    expect(() => timed.prepare('insert into u (name) values (?)').run(['ann'])).toThrow(/UNIQUE/);
    expect(times).toHaveLength(5);
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(0);
  } finally {
    timed.close();
  }
});

test('a wide statement reads the same rows, in the same order, as better-sqlite3 itself; a value JSON cannot hold falls back', () => {
  const columns = ['a integer', 'b text', 'c real', 'd text', 'e integer', 'f real', 'g text', 'h text'];
  handle.prepare(`create table wide (id integer primary key, ${columns.join(', ')})`).run([]);
  const insert = handle.prepare('insert into wide (a, b, c, d, e, f, g, h) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const values = [
    [2 ** 53 - 1, 'quote " and \\ and \u2028', 0.1 + 0.2, null, -7, 1e-300, '\u043f\u0440\u0438\u0432\u0435\u0442 \ud83d\udcde', ''],
    [0, '{"not":"parsed"}', -1.5e300, 'x', 12, 1 / 3, 'tab\tnew\nline', '123'],
    [-(2 ** 53) + 1, null, 5e-324, 'y', 3, null, null, '0.5'],
  ];
  for (const row of values) insert.run(row);
  const plain = new SQLite(':memory:');
  plain.exec(`create table wide (id integer primary key, ${columns.join(', ')})`);
  const plainInsert = plain.prepare('insert into wide (a, b, c, d, e, f, g, h) values (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const row of values) plainInsert.run(row);

  const wrapped = jsonStatementsPrepared();
  for (const text of [
    'select * from wide order by e desc limit ? offset ?',
    'select * from wide where id >= ? order by b, id limit 2',
    'select * from wide where id > ? and id < ?',
  ]) {
    const parameters = text.includes('offset') ? [2, 1] : text.includes('limit 2') ? [1] : [0, 9];
    const rows = handle.prepare(text).all(parameters);
    expect(rows, text).toEqual(plain.prepare(text).all(parameters));
    expect(rows.length, text).toBeGreaterThan(0);
  }
  expect(wrapped).toHaveLength(3);
  // An order without a limit is not wrapped as a subquery (SQLite may drop a subquery's ORDER BY)...
  expect(handle.prepare('select * from wide order by c').all([])).toEqual(plain.prepare('select * from wide order by c').all());
  expect(wrapped).toHaveLength(3);
  // ...but a select * of one table named as Kysely writes it needs no subquery: its star becomes the array.
  const quoted = 'select * from "wide" where "id" > ? order by "c" desc';
  expect(handle.prepare(quoted).all([0])).toEqual(plain.prepare(quoted).all([0]));
  expect(wrapped).toHaveLength(4);
  expect(wrapped.at(-1)).toMatch(/^select json_array\([^)]*\) from "wide" where/);
  // Bytes in a text column: the statement reads its rows as values from then on.
  handle.prepare('insert into wide (a, b) values (?, ?)').run([99, Buffer.from([0, 1, 2])]);
  const text = 'select * from wide where a = ? limit 5';
  expect(handle.prepare(text).all([99])).toMatchObject([{ a: 99, b: Buffer.from([0, 1, 2]) }]);
  expect(handle.prepare(text).all([0])).toEqual(plain.prepare(text).all([0]));
});

test('only a select * of one table has its star replaced; a join, a compound or an order by position keeps its meaning', () => {
  handle.prepare('create table w (id integer primary key, a integer, b text, c real, d text, e integer, f real, g text)').run([]);
  handle.prepare('create table v (x integer, y text)').run([]);
  const insert = handle.prepare('insert into w (a, b, c, d, e, f, g) values (?, ?, ?, ?, ?, ?, ?)');
  insert.run([3, 'c', 0.5, 'z', 1, 2.5, 'g']);
  insert.run([1, 'a', 1.5, 'y', 2, 3.5, 'h']);
  handle.prepare('insert into v (x, y) values (?, ?)').run([1, 'one']);
  const plain = new SQLite(':memory:');
  plain.exec('create table w (id integer primary key, a integer, b text, c real, d text, e integer, f real, g text)');
  plain.exec("insert into w (a, b, c, d, e, f, g) values (3, 'c', 0.5, 'z', 1, 2.5, 'g'), (1, 'a', 1.5, 'y', 2, 3.5, 'h')");
  plain.exec("create table v (x integer, y text); insert into v (x, y) values (1, 'one')");
  const prepared = jsonStatementsPrepared();
  for (const text of [
    'select * from "w" order by 2',
    'select * from "w" order by 2 limit 5',
    'select * from "w" union all select * from "w" order by 3 limit 5',
    'select * from "w" join "v" on "v"."x" = "w"."a" order by "w"."id" limit 5',
    'select * from "w" where "id" in (select "x" from "v")',
  ]) {
    expect(handle.prepare(text).all([]), text).toEqual(plain.prepare(text).all());
  }
  // None of these is read through a star replaced in place; the last one's is (its subquery stays as written).
  expect(prepared.filter((source) => /^select json_array\([^)]*\) from "w"/.test(source))).toEqual([
    expect.stringContaining('where "id" in (select "x" from "v")'),
  ]);
});
