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
