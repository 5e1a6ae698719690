import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { postgresClient, preparedStatementsSetting, StatementNames } from '../../src/storage/pg-client.js';
import { createScratchPostgres, POSTGRES_ENABLED } from '../helpers/databases.js';

describe('StatementNames', () => {
  test('a text runs unnamed once, then under one name for good', () => {
    const names = new StatementNames();
    expect(names.nameFor('select 1')).toBeUndefined();
    const name = names.nameFor('select 1');
    expect(name).toMatch(/^extcall_\d+$/);
    expect(names.nameFor('select 1')).toBe(name);
    expect(names.nameFor('select 2')).toBeUndefined();
    expect(names.nameFor('select 2')).not.toBe(name);
  });

  test('hands out at most 200 names: later texts stay unnamed, named ones keep their names', () => {
    const names = new StatementNames();
    const given = new Set<string>();
    for (let i = 0; i < 250; i++) {
      names.nameFor(`select ${i}`);
      const name = names.nameFor(`select ${i}`);
      if (name !== undefined) given.add(name);
    }
    expect(given.size).toBe(200);
    expect(names.nameFor('select 0')).toBeDefined();
    expect(names.nameFor('select 249')).toBeUndefined();
  });

  test('a flood of one-off texts does not grow without end: the count starts over', () => {
    const names = new StatementNames();
    names.nameFor('select again');
    for (let i = 0; i < 6_000; i++) names.nameFor(`select ${i} as once`);
    // The first use was forgotten with the rest: this is a first use again.
    expect(names.nameFor('select again')).toBeUndefined();
    expect(names.nameFor('select again')).toBeDefined();
  });
});

describe('the prepared_statements URL parameter', () => {
  test('off, false, 0 or no turn prepared statements off; the parameter never reaches the driver', () => {
    for (const value of ['off', 'false', '0', 'no', 'OFF']) {
      expect(preparedStatementsSetting(`postgres://u:p@db:5432/portal?prepared_statements=${value}&sslmode=require`)).toEqual({
        url: 'postgres://u:p@db:5432/portal?sslmode=require',
        prepared: false,
      });
    }
    expect(preparedStatementsSetting('postgres://db/portal?prepared_statements=on')).toEqual({
      url: 'postgres://db/portal',
      prepared: true,
    });
    expect(preparedStatementsSetting('postgres://db/portal?sslmode=require')).toEqual({
      url: 'postgres://db/portal?sslmode=require',
      prepared: true,
    });
  });
});

describe.skipIf(!POSTGRES_ENABLED)('named statements on PostgreSQL', () => {
  let scratch: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    scratch = await createScratchPostgres();
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  /** Runs one text three times on one connection; answers the results and that connection's prepared statements. */
  async function runRepeatedly(url: string): Promise<{ answers: number[]; prepared: string[] }> {
    const database = await openDatabase({ location: url });
    try {
      return await database.db.transaction().execute(async (trx) => {
        const answers: number[] = [];
        for (const value of [1, 2, 3]) {
          const { rows } = await sql<{ answer: number }>`select cast(${value} as integer) + 40 as answer`.execute(trx);
          answers.push(rows[0]!.answer);
        }
        const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx);
        return { answers, prepared: rows.map((row) => row.statement) };
      });
    } finally {
      await database.close();
    }
  }

  test('a repeated statement is prepared on its connection once and keeps answering the same', async () => {
    const { answers, prepared } = await runRepeatedly(scratch.url);
    expect(answers).toEqual([41, 42, 43]);
    expect(prepared.filter((text) => text.includes('+ 40 as answer'))).toHaveLength(1);
  });

  test('a table changed under a prepared statement (another instance migrated) fails that use only', async () => {
    const client = new (postgresClient(pg.Client, { names: new StatementNames() }))({ connectionString: scratch.url });
    await client.connect();
    try {
      await client.query('create table widened (a integer)');
      await client.query('insert into widened values (1)');
      const read = () => client.query('select * from widened where a = $1', [1]);
      await read();
      expect(Object.keys((await read()).rows[0])).toEqual(['a']);
      await client.query('alter table widened add column b integer');
      await expect(read()).rejects.toMatchObject({ code: '0A000' });
      expect(Object.keys((await read()).rows[0])).toEqual(['a', 'b']);
      expect(Object.keys((await read()).rows[0])).toEqual(['a', 'b']);
    } finally {
      await client.end();
    }
  });

  test('each query is timed, named or not, failed or not', async () => {
    const times: number[] = [];
    const client = new (postgresClient(pg.Client, { names: new StatementNames(), onQueryTime: (ms) => times.push(ms) }))({
      connectionString: scratch.url,
    });
    await client.connect();
    try {
      for (const value of [1, 2]) expect((await client.query('select $1::int as v', [value])).rows).toEqual([{ v: value }]);
      await expect(client.query('select $1::int / 0', [1])).rejects.toMatchObject({ code: '22012' });
      expect(times).toHaveLength(3);
      for (const ms of times) expect(ms).toBeGreaterThanOrEqual(0);
    } finally {
      await client.end();
    }
  });

  test('rows are objects of the columns in order: typed, null kept, a repeated name keeps its first place and last value', async () => {
    const client = new (postgresClient(pg.Client, { names: new StatementNames() }))({ connectionString: scratch.url });
    await client.connect();
    try {
      const text = "select $1::int as n, null::text as missing, 'x' as label, $2::bigint as big, 1 as n";
      for (const value of [7, 8, 9]) {
        const { rows } = await client.query(text, [value, '9007199254740993']);
        expect(rows).toEqual([{ n: 1, missing: null, label: 'x', big: '9007199254740993' }]);
        expect(Object.keys(rows[0])).toEqual(['n', 'missing', 'label', 'big']);
        expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
      }
      const odd = (await client.query('select 1 as "__proto__", 2 as "constructor"', [])).rows[0];
      expect(Object.keys(odd)).toEqual(['__proto__', 'constructor']);
      expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
      expect([odd.__proto__, odd.constructor]).toEqual([1, 2]);
      const several = (await client.query('select 1 as a; select 2 as b, 3 as c', [])) as unknown as pg.QueryResult[];
      expect(several.map((result) => result.rows)).toEqual([[{ a: 1 }], [{ b: 2, c: 3 }]]);
      expect((await client.query('select 1 as a where false', [])).rows).toEqual([]);
    } finally {
      await client.end();
    }
  });

  test('with ?prepared_statements=off nothing is prepared', async () => {
    const { answers, prepared } = await runRepeatedly(`${scratch.url}?prepared_statements=off`);
    expect(answers).toEqual([41, 42, 43]);
    expect(prepared).toEqual([]);
  });
});
