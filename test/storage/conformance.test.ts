import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrate, openDatabase, type DatabaseOptions, type OpenDatabase } from '../../src/storage/database.js';
import type { ChartQueries } from '../../src/storage/stores/call-statistics-charts-store.js';
import { createStorage, type Storage } from '../../src/storage/storage.js';
import type { ColumnKind, FilterCondition, FilterOperator, SortSpec } from '../../src/kernel/filter.js';
import { filterPredicate, listPage } from '../../src/storage/filter-sql.js';
import { CompiledStatements } from '../../src/storage/compiled-statements.js';
import { rollupConditions } from '../../src/storage/stores/statistics-rollup-total.js';
import { DIALECTS } from '../helpers/databases.js';

/** The same assertions on every database: nothing above storage may tell them apart. */
describe.each(DIALECTS)('storage conformance on $name', (dialect) => {
  let database: OpenDatabase;
  let storage: Storage;
  let cleanup: () => Promise<void>;
  let location: string;

  beforeAll(async () => {
    const scratch = await dialect.setup();
    cleanup = scratch.cleanup;
    location = scratch.location;
    database = await openDatabase({ location: scratch.location });
    storage = createStorage(database.db, { groupCommits: dialect.name === 'sqlite', inTransaction: database.inTransaction });
    const base = { date_register: 1_700_000_000, timestamp_x: 1_700_000_000 };
    await storage.users.insert({ ...base, name: 'Anna', last_name: 'Berg', email: 'anna@x.test', phone_inner: '101', departments: ',1,' });
    await storage.users.insert({
      ...base,
      name: 'Boris',
      last_name: 'Klein',
      email: 'BORIS@x.test',
      phone_inner: '102',
      departments: ',1,5,',
    });
    await storage.users.insert({ ...base, name: 'Clara', last_name: 'Novak', phone_inner: '103', active: 0, departments: ',5,' });
    await storage.users.insert({ ...base, name: 'Dora', last_name: 'Berg', phone_inner: null, date_register: 1_800_000_000 });
  });
  afterAll(async () => {
    await database?.close();
    await cleanup?.();
  });

  const names = async (conditions: FilterCondition[], sort = [] as { column: string; direction: 'asc' | 'desc' }[]) =>
    (await storage.users.list(conditions, sort, { offset: 0, limit: 50, count: true })).items.map((u) => u.name);
  const compare = (
    columns: string[],
    columnKind: 'string' | 'number' | 'tokens' | 'search',
    operator: any,
    values: (string | number)[],
  ): FilterCondition => ({
    kind: 'compare',
    columns,
    columnKind,
    operator,
    values,
  });

  test('migrations are idempotent: opening a migrated database again keeps its rows', async () => {
    const again = await openDatabase({ location });
    try {
      expect((await createStorage(again.db).users.all()).map((u) => u.name)).toEqual(['Anna', 'Boris', 'Clara', 'Dora']);
    } finally {
      await again.close();
    }
  });

  test('inserted rows come back with generated ids and defaults', async () => {
    const row = await storage.users.findById(1);
    expect(row).toMatchObject({ id: 1, name: 'Anna', active: 1, is_admin: 0, user_type: 'employee', last_activity: 0 });
    expect(typeof row!.date_register).toBe('number');
  });

  test('equality, inequality and lists', async () => {
    expect(await names([compare(['phone_inner'], 'string', 'eq', ['102'])])).toEqual(['Boris']);
    expect(await names([compare(['id'], 'number', 'in', [1, 3])])).toEqual(['Anna', 'Clara']);
    expect(await names([compare(['id'], 'number', 'notIn', [1, 3])])).toEqual(['Boris', 'Dora']);
    // NULL counts as "not equal" to a value, as a user expects of "!=".
    expect(await names([compare(['phone_inner'], 'string', 'neq', ['101'])])).toEqual(['Boris', 'Clara', 'Dora']);
  });

  test('ranges on numbers', async () => {
    expect(await names([compare(['date_register'], 'number', 'gt', [1_700_000_000])])).toEqual(['Dora']);
    expect(await names([compare(['date_register'], 'number', 'lte', [1_700_000_000])])).toEqual(['Anna', 'Boris', 'Clara']);
  });

  test('substring and LIKE are case-insensitive on every database', async () => {
    expect(await names([compare(['email'], 'string', 'contains', ['boris'])])).toEqual(['Boris']);
    expect(await names([compare(['name'], 'string', 'like', ['b%'])])).toEqual(['Boris']);
    expect(await names([compare(['name'], 'string', 'notLike', ['%a'])])).toEqual(['Boris']);
    expect(await names([compare(['last_name'], 'string', 'notContains', ['ER'])])).toEqual(['Boris', 'Clara']);
    expect(await names([compare(['name', 'last_name'], 'search', 'contains', ['berg'])])).toEqual(['Anna', 'Dora']);
  });

  test('token lists match by member', async () => {
    expect(await names([compare(['departments'], 'tokens', 'eq', [5])])).toEqual(['Boris', 'Clara']);
    expect(await names([compare(['departments'], 'tokens', 'neq', [5])])).toEqual(['Anna', 'Dora']);
  });

  test('a never condition matches nothing; no condition matches all', async () => {
    expect(await names([{ kind: 'never' }])).toEqual([]);
    expect(await names([])).toHaveLength(4);
  });

  test('sorting, paging and counting', async () => {
    expect(await names([], [{ column: 'name', direction: 'desc' }])).toEqual(['Dora', 'Clara', 'Boris', 'Anna']);
    const page = await storage.users.list([], [], { offset: 1, limit: 2, count: true });
    expect(page.items.map((u) => u.id)).toEqual([2, 3]);
    expect(page.total).toBe(4);
    const uncounted = await storage.users.list([], [], { offset: 0, limit: 2, count: false });
    expect(uncounted.total).toBeNull();
  });

  test('lists compiled once per shape of their filter answer as lists built for each call, value after value', async () => {
    const statements = new CompiledStatements(database.inTransaction);
    const list = (conditions: FilterCondition[], sort: SortSpec[], compiled: boolean) =>
      listPage<{ id: number }>(
        database.db.selectFrom('users'),
        conditions,
        sort,
        { offset: 0, limit: 3, count: true },
        compiled ? { statements, db: database.db, name: 'users' } : undefined,
      ).then((page) => ({ ids: page.items.map((row) => row.id), total: page.total }));
    const byName: SortSpec[] = [{ column: 'name', direction: 'desc' }];
    // Each filter is asked with several values of one shape: a value frozen into a compiled statement would show.
    const filters: FilterCondition[][] = [
      [compare(['id'], 'number', 'eq', [1])],
      [compare(['id'], 'number', 'eq', [3])],
      [compare(['id'], 'number', 'gt', [1.5])],
      [compare(['id'], 'number', 'gt', [2.5])],
      // An integer first: a template made for it must not serve a fraction (a cast to bigint would cut it).
      [compare(['id'], 'number', 'lt', [3])],
      [compare(['id'], 'number', 'lt', [2.4])],
      [compare(['id'], 'number', 'lt', [1e20])],
      [compare(['id'], 'number', 'gte', ['2'])],
      [compare(['id'], 'number', 'gte', ['4'])],
      [compare(['id'], 'number', 'in', [1, 3])],
      [compare(['id'], 'number', 'in', [2, 4])],
      [compare(['id'], 'number', 'in', [])],
      [compare(['id'], 'number', 'notIn', [])],
      [compare(['id'], 'number', 'between', [2, 3])],
      [compare(['id'], 'number', 'between', [1, 1])],
      [compare(['id'], 'number', 'notBetween', [2, 3])],
      [compare(['date_register'], 'number', 'neq', [1_700_000_000])],
      [compare(['date_register'], 'number', 'neq', [1_800_000_000])],
      [compare(['phone_inner'], 'string', 'neq', ['101']), compare(['id'], 'number', 'lte', [3])],
      [compare(['phone_inner'], 'string', 'neq', ['103']), compare(['id'], 'number', 'lte', [2])],
      [compare(['name', 'last_name'], 'search', 'eq', ['Berg'])],
      [compare(['name', 'last_name'], 'search', 'eq', ['Clara'])],
      [{ kind: 'never' }, compare(['id'], 'number', 'eq', [1])],
      [compare(['email'], 'string', 'contains', ['x.test'])],
      [compare(['email'], 'string', 'contains', ['boris'])],
      [compare(['departments'], 'tokens', 'eq', [5])],
      [compare(['departments'], 'tokens', 'eq', [1])],
    ];
    for (const sort of [[], byName])
      for (const filter of filters) {
        const built = await list(filter, sort, false);
        expect({ filter, sort, ...(await list(filter, sort, true)) }).toEqual({ filter, sort, ...built });
      }
    expect(await list([compare(['id'], 'number', 'gt', [1.5])], byName, true)).toEqual({ ids: [4, 3, 2], total: 3 });
  });

  test('a compiled list pages by each limit and offset it is asked for (the limit is written into its text)', async () => {
    const statements = new CompiledStatements(database.inTransaction);
    const ids = async (offset: number, limit: number) =>
      (
        await listPage<{ id: number }>(
          database.db.selectFrom('users'),
          [compare(['id'], 'number', 'gt', [0])],
          [],
          { offset, limit, count: false },
          { statements, db: database.db, name: 'users' },
        )
      ).items.map((row) => row.id);
    expect(await ids(0, 2)).toEqual([1, 2]);
    expect(await ids(0, 3)).toEqual([1, 2, 3]);
    expect(await ids(1, 2)).toEqual([2, 3]);
    expect(await ids(2, 1)).toEqual([3]);
    expect(await ids(3, 3)).toEqual([4]);
    expect(await ids(0, 0)).toEqual([]);
  });

  test('the active user with an inner number is found; an inactive one is not', async () => {
    expect((await storage.users.findActiveByInnerNumber('101'))?.name).toBe('Anna');
    expect(await storage.users.findActiveByInnerNumber('103')).toBeUndefined();
  });

  test('activity is written at most once per interval', async () => {
    await storage.users.touchActivity(1, 1000, 60);
    await storage.users.touchActivity(1, 1030, 60);
    expect((await storage.users.findById(1))!.last_activity).toBe(1000);
    await storage.users.touchActivity(1, 1061, 60);
    expect((await storage.users.findById(1))!.last_activity).toBe(1061);
  });

  test('apps, tokens and webhooks round-trip; a refresh token is used once', async () => {
    const app = await storage.apps.insert({
      client_id: 'local.a',
      client_secret_hash: 'h',
      code: 'local.a',
      name: 'A',
      scopes: 'telephony',
      created_at: 1,
    });
    expect((await storage.apps.findByClientId('local.a'))?.id).toBe(app.id);
    await storage.apps.setInstalled(app.id, false);
    expect((await storage.apps.findById(app.id))?.installed).toBe(0);
    const token = await storage.tokens.insert({
      app_id: app.id,
      user_id: 1,
      access_token_hash: 'ah',
      access_expires_at: 5_000_000_000,
      refresh_token_hash: 'rh',
      refresh_expires_at: 5_000_000_000,
      refreshed_at: null,
      scopes: 'telephony',
      created_at: 1,
    });
    expect((await storage.tokens.findByAccessHash('ah'))?.access_expires_at).toBe(5_000_000_000);
    expect(await storage.tokens.markRefreshed(token.id, 10)).toBe(true);
    expect(await storage.tokens.markRefreshed(token.id, 11)).toBe(false);
    const hook = await storage.webhooks.insert({ user_id: 1, code_hash: 'ch', title: '', scopes: 'user', created_at: 1 });
    expect((await storage.webhooks.findByCodeHash('ch'))?.id).toBe(hook.id);
  });

  test('transactions: concurrent units commit together, a failing unit alone is rolled back', async () => {
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((i) =>
        storage.transaction(async (tx) => {
          await tx.settings.set(`tx-${i}`, 'written');
          if (i === 3) throw new Error('unit 3 fails');
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('unit 3 fails');
    for (const i of [1, 2, 4, 5]) expect(await storage.settings.get(`tx-${i}`)).toBe('written');
    expect(await storage.settings.get('tx-3')).toBeUndefined();
  });

  test('transactions: a nested transaction joins the outer one and rolls back with it', async () => {
    await expect(
      storage.transaction(async (tx) => {
        await tx.transaction(async (inner) => inner.settings.set('nested', 'x'));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await storage.settings.get('nested')).toBeUndefined();
  });

  test('held unit: its transactions, later store writes and the seal commit together; a failed transaction in it is undone alone', async () => {
    const unit = storage.holdUnit();
    const committedLater: string[] = [];
    await unit.run(async () => {
      await storage.transaction(async (tx) => tx.settings.set('held-a', '1'));
      await expect(
        storage.transaction(async (tx) => {
          await tx.settings.set('held-b', '1');
          throw new Error('b fails');
        }),
      ).rejects.toThrow('b fails');
      // Outside a transaction but inside the unit: joins it too.
      await storage.settings.set('held-c', '1');
      storage.afterCommit(() => committedLater.push('after'));
    });
    expect(committedLater).toEqual([]);
    await unit.commit(async (tx) => tx.settings.set('held-seal', '1'));
    expect(committedLater).toEqual(['after']);
    expect(await storage.settings.get('held-a')).toBe('1');
    expect(await storage.settings.get('held-b')).toBeUndefined();
    expect(await storage.settings.get('held-c')).toBe('1');
    expect(await storage.settings.get('held-seal')).toBe('1');
  });

  test('held unit: a failing seal or a rollback keeps nothing of the unit', async () => {
    const sealFails = storage.holdUnit();
    await sealFails.run(() => storage.transaction(async (tx) => tx.settings.set('held-d', '1')));
    await expect(sealFails.commit(async () => Promise.reject(new Error('seal fails')))).rejects.toThrow('seal fails');
    expect(await storage.settings.get('held-d')).toBeUndefined();

    const abandoned = storage.holdUnit();
    let ran = false;
    await abandoned.run(async () => {
      await storage.transaction(async (tx) => tx.settings.set('held-e', '1'));
      storage.afterCommit(() => (ran = true));
    });
    await abandoned.rollback();
    expect(await storage.settings.get('held-e')).toBeUndefined();
    expect(ran).toBe(false);
    // Other work goes on meanwhile and after.
    await storage.transaction(async (tx) => tx.settings.set('held-f', '1'));
    expect(await storage.settings.get('held-f')).toBe('1');
  });

  test('held unit: one that never wrote seals in a transaction of its own', async () => {
    const unit = storage.holdUnit();
    expect(await unit.run(async () => (await storage.settings.get('held-a')) ?? 'none')).toBe('1');
    await unit.commit(async (tx) => tx.settings.set('held-g', '1'));
    expect(await storage.settings.get('held-g')).toBe('1');
  });

  test('settings: set overwrites, setIfAbsent keeps the first value', async () => {
    await storage.settings.set('k', 'one');
    await storage.settings.set('k', 'two');
    expect(await storage.settings.get('k')).toBe('two');
    expect(await storage.settings.setIfAbsent('m', 'first')).toBe('first');
    expect(await storage.settings.setIfAbsent('m', 'second')).toBe('first');
  });

  test('request ids: one claim per caller and key, concurrent claims have one winner; answers kept; only pending claims released', async () => {
    const claims = await Promise.all(Array.from({ length: 5 }, () => storage.idempotency.claim('app:1:user:2', 'k1', 'f', 'i1', 100)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await storage.idempotency.claim('app:2:user:2', 'k1', 'f', 'i1', 100)).toBe(true);
    // Only the owner keeps an answer or lets go of the claim.
    expect(
      await storage.idempotency.complete('app:1:user:2', 'k1', 'i2', {
        status: 200,
        contentType: 'application/json',
        body: '{"result":0}',
      }),
    ).toBe(false);
    expect(
      await storage.idempotency.complete('app:1:user:2', 'k1', 'i1', {
        status: 200,
        contentType: 'application/json',
        body: '{"result":1}',
      }),
    ).toBe(true);
    await storage.idempotency.release('app:1:user:2', 'k1', 'i1');
    expect(await storage.idempotency.find('app:1:user:2', 'k1')).toMatchObject({
      status: 200,
      body: '{"result":1}',
      fingerprint: 'f',
      owner: 'i1',
    });
    await storage.idempotency.release('app:2:user:2', 'k1', 'i2');
    expect(await storage.idempotency.find('app:2:user:2', 'k1')).toBeDefined();
    await storage.idempotency.release('app:2:user:2', 'k1', 'i1');
    expect(await storage.idempotency.find('app:2:user:2', 'k1')).toBeUndefined();
    await storage.idempotency.purgeBefore(101);
    expect(await storage.idempotency.find('app:1:user:2', 'k1')).toBeUndefined();
  });

  test('request ids: an unanswered claim of a gone owner is taken over once; an answered one never', async () => {
    await storage.idempotency.claim('c', 'k', 'f', 'dead', 100);
    const takeovers = await Promise.all([
      storage.idempotency.takeOver('c', 'k', 'dead', 'a', 'f', 101),
      storage.idempotency.takeOver('c', 'k', 'dead', 'b', 'f', 101),
    ]);
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    const winner = takeovers[0] ? 'a' : 'b';
    expect(await storage.idempotency.find('c', 'k')).toMatchObject({ owner: winner, status: null });
    // The first owner, had it lived on, can no longer keep an answer.
    expect(await storage.idempotency.complete('c', 'k', 'dead', { status: 200, contentType: 'x', body: 'late' })).toBe(false);
    expect(await storage.idempotency.complete('c', 'k', winner, { status: 200, contentType: 'x', body: 'ok' })).toBe(true);
    expect(await storage.idempotency.takeOver('c', 'k', winner, 'z', 'f', 102)).toBe(false);
  });

  test('server instances: heartbeats refresh, a clean stop and stale ones are forgotten', async () => {
    await storage.idempotency.heartbeat({ id: 'i1', host: 'h', pid: 1 }, 1_000);
    await storage.idempotency.heartbeat({ id: 'i1', host: 'h', pid: 1 }, 5_000);
    await storage.idempotency.heartbeat({ id: 'i2', host: 'h', pid: 2 }, 500);
    await storage.idempotency.heartbeat({ id: 'i3', host: 'h', pid: 3 }, 9_000);
    expect(await storage.idempotency.findInstance('i1')).toMatchObject({ host: 'h', pid: 1, seen_ms: 5_000 });
    await storage.idempotency.forgetInstance('i1', 1_000);
    expect(await storage.idempotency.findInstance('i1')).toBeUndefined();
    expect(await storage.idempotency.findInstance('i2')).toBeUndefined();
    expect(await storage.idempotency.findInstance('i3')).toBeDefined();
  });

  test('authorization codes are spent once, also when two exchanges race', async () => {
    await storage.tokens.insertCode({ code_hash: 'h1', app_id: 1, user_id: 1, expires_at: 200, used_at: null });
    const code = (await storage.tokens.findCode('h1'))!;
    const uses = await Promise.all([storage.tokens.useCode(code.id, 150), storage.tokens.useCode(code.id, 150)]);
    expect(uses.filter(Boolean)).toHaveLength(1);
  });

  test('events: a queued event is leased by one deliverer only; delivered and given-up events are purged', async () => {
    const binding = await storage.events.bind({
      app_id: 1,
      event: 'ONVOXIMPLANTCALLEND',
      handler: 'http://h.test/',
      auth_type: 0,
      offline: 0,
      created_at: 1,
    });
    expect(await storage.events.bindingsFor('ONVOXIMPLANTCALLEND')).toEqual([]); // app 1 does not exist, so it is not installed (H3)
    await storage.events.enqueue({
      binding_id: binding.id,
      event: 'ONVOXIMPLANTCALLEND',
      data: '{}',
      user_id: 1,
      created_at: 1,
      next_attempt_at: 0,
    });
    const [due] = await storage.events.due(10, 10);
    const leases = await Promise.all([storage.events.lease(due!.id, 0, 40), storage.events.lease(due!.id, 0, 40)]);
    expect(leases.filter(Boolean)).toHaveLength(1);
    expect(await storage.events.due(10, 10)).toEqual([]);
    await storage.events.markFailedAttempt(due!.id, 1, 12, 'down', 11);
    expect((await storage.events.due(12, 10)).map((e) => e.id)).toEqual([due!.id]);
    await storage.events.markDelivered(due!.id, 13, 2);
    await storage.events.purgeFinishedBefore(14);
    expect(await storage.events.all()).toEqual([]);
  });

  test('events: inspection by state, event, after and limit, with the binding; makeDue makes any event due again', async () => {
    const binding = await storage.events.bind({
      app_id: 7,
      event: 'ONCRMLEADADD',
      handler: 'http://inspect.test/',
      auth_type: 0,
      offline: 0,
      created_at: 1,
    });
    for (const event of ['ONCRMLEADADD', 'ONCRMLEADADD', 'ONCRMLEADADD'])
      await storage.events.enqueue({ binding_id: binding.id, event, data: '{}', user_id: 1, created_at: 1, next_attempt_at: 0 });
    await storage.events.enqueue({
      binding_id: 999_999,
      event: 'ONCRMLEADUPDATE',
      data: '{}',
      user_id: 1,
      created_at: 1,
      next_attempt_at: 0,
    });
    const [a, b, c, orphan] = (await storage.events.all()).slice(-4).map((row) => row.id) as [number, number, number, number];
    await storage.events.markDelivered(a, 5, 1);
    await storage.events.markFailedAttempt(b, 1, 9, 'down', 5);
    const ids = async (query: Parameters<typeof storage.events.inspect>[0]) => (await storage.events.inspect(query)).map((row) => row.id);
    expect(await ids({ state: 'delivered', event: 'ONCRMLEADADD', limit: 10 })).toEqual([a]);
    expect(await ids({ state: 'failed', event: 'ONCRMLEADADD', limit: 10 })).toEqual([b]);
    expect(await ids({ state: 'pending', afterId: a - 1, limit: 10 })).toEqual([c, orphan]);
    expect(await ids({ afterId: a - 1, limit: 2 })).toEqual([a, b]);
    expect(await ids({ event: 'ONCRMLEADADD', limit: 2 })).toEqual([b, c]);
    const [withBinding] = await storage.events.inspect({ afterId: c - 1, limit: 1 });
    expect(withBinding).toMatchObject({ id: c, handler: 'http://inspect.test/', app_id: 7 });
    const [gone] = await storage.events.inspect({ afterId: orphan - 1, limit: 1 });
    expect(gone).toMatchObject({ id: orphan, handler: null, app_id: null });

    expect(await storage.events.makeDue(a, 20)).toBe(true);
    expect(await storage.events.makeDue(orphan + 1000, 20)).toBe(false);
    expect((await storage.events.due(20, 10)).map((row) => row.id)).toContain(a);
  });

  test('events (B16): an event kept with its handler outlives its binding; inspection shows the kept handler', async () => {
    const binding = await storage.events.bind({
      app_id: 8,
      event: 'ONAPPUNINSTALL',
      handler: 'http://gone.test/',
      auth_type: 0,
      offline: 0,
      created_at: 1,
    });
    await storage.events.enqueue({
      binding_id: binding.id,
      event: 'ONAPPUNINSTALL',
      data: '{}',
      user_id: 0,
      created_at: 1,
      next_attempt_at: 0,
      kept_handler: 'http://gone.test/',
      kept_app_id: 8,
    });
    await storage.events.unbind([binding.id]);
    const [kept] = (await storage.events.all()).slice(-1);
    expect(kept).toMatchObject({ binding_id: binding.id, kept_handler: 'http://gone.test/', kept_app_id: 8 });
    const [inspected] = await storage.events.inspect({ afterId: kept!.id - 1, limit: 1 });
    expect(inspected).toMatchObject({ id: kept!.id, handler: 'http://gone.test/', app_id: 8 });
  });

  test('rate buckets (C1–C3): burst, refusals add nothing, continuous drain; concurrent takes never pass the burst', async () => {
    const take = (nowMs: number) => storage.rateBuckets.take('10.0.0.9', 3, 2, nowMs);
    const first = await Promise.all(Array.from({ length: 5 }, () => take(1_000_000)));
    expect(first.filter(Boolean)).toHaveLength(3);
    expect(await take(1_000_000)).toBe(false);
    // Half a second drains one request's worth (2/s), fractions included.
    expect(await take(1_000_500)).toBe(true);
    expect(await take(1_000_500)).toBe(false);
    expect(await take(1_000_750)).toBe(false);
    expect(await take(1_001_000)).toBe(true);
    expect(await storage.rateBuckets.take('10.0.0.10', 3, 2, 1_001_000)).toBe(true);
    await storage.rateBuckets.purgeIdle(1_001_001);
    expect((await Promise.all(Array.from({ length: 3 }, () => take(1_001_001)))).every(Boolean)).toBe(true);
  });

  test('dead token pairs and codes are purged; live ones stay', async () => {
    const app = await storage.apps.insert({
      client_id: 'local.purge',
      client_secret_hash: 'h',
      code: 'local.purge',
      name: 'P',
      scopes: 'user',
      created_at: 1,
    });
    const pair = (suffix: string, fields: { access: number; refresh: number; refreshed: number | null }) =>
      storage.tokens.insert({
        app_id: app.id,
        user_id: 1,
        access_token_hash: `a-${suffix}`,
        access_expires_at: fields.access,
        refresh_token_hash: `r-${suffix}`,
        refresh_expires_at: fields.refresh,
        refreshed_at: fields.refreshed,
        scopes: 'user',
        created_at: 1,
      });
    await pair('live', { access: 500, refresh: 9000, refreshed: null });
    await pair('refreshable', { access: 50, refresh: 9000, refreshed: null });
    await pair('spent', { access: 50, refresh: 9000, refreshed: 40 });
    await pair('old', { access: 50, refresh: 90, refreshed: null });
    await storage.tokens.insertCode({ code_hash: 'gone', app_id: app.id, user_id: 1, expires_at: 10, used_at: null });
    await storage.tokens.purgeDead(100);
    expect(await storage.tokens.findByAccessHash('a-live')).toBeDefined();
    expect(await storage.tokens.findByRefreshHash('r-refreshable')).toBeDefined();
    expect(await storage.tokens.findByAccessHash('a-spent')).toBeUndefined();
    expect(await storage.tokens.findByAccessHash('a-old')).toBeUndefined();
    expect(await storage.tokens.findCode('gone')).toBeUndefined();
  });

  test('activities with communications, app activity types, timeline comments, directory entries and currencies round-trip (migration 017)', async () => {
    const activity = await storage.crmActivities.insert({
      ...{ owner_type_id: 3, owner_id: 1, type_id: 1, provider_id: 'CRM_MEETING', provider_type_id: 'MEETING', subject: 'Meet' },
      ...{ direction: 0, start_time: 1, end_time: 2, deadline: 1, responsible_id: 1, author_id: 1, editor_id: 1, completed: 'N' },
      ...{ status: 1, priority: 2, description: '', description_type: 1, origin_id: '', communication_type: '', communication_value: '' },
      ...{ created: 1, last_updated: 1, result_value: 1.5, settings: '{"A":1}' },
    });
    expect(activity).toMatchObject({
      notify_type: 0,
      location: '',
      provider_params: '[]',
      settings: '{"A":1}',
      result_value: 1.5,
      app_id: null,
    });
    await storage.crmActivities.setCommunications(activity.id, [{ type: '', value: 'Anna', entity_type_id: 3, entity_id: 1 }]);
    expect((await storage.crmActivities.communications([activity.id])).map((c) => c.value)).toEqual(['Anna']);
    await storage.crmActivities.update(activity.id, { subject: 'Met', result_sum: 2.25 });
    expect(await storage.crmActivities.findById(activity.id)).toMatchObject({ subject: 'Met', result_sum: 2.25 });
    expect(await storage.crmActivities.delete(activity.id)).toBe(true);
    expect(await storage.crmActivities.communications([activity.id])).toEqual([]);

    await storage.crmActivities.insertType({ app_id: 7, type_id: '1C', name: '1C', is_configurable_type: 'N' });
    await expect(
      storage.crmActivities.insertType({ app_id: 7, type_id: '1C', name: 'again', is_configurable_type: 'N' }),
    ).rejects.toThrow();
    expect((await storage.crmActivities.typesOf(7)).map((x) => x.type_id)).toEqual(['1C']);

    const comment = await storage.crmTimeline.insert({ entity_type: 'contact', entity_id: 1, comment: 'Hi', author_id: 1, created: 5 });
    await storage.crmTimeline.updateComment(comment.id, 'Hello');
    const page = await storage.crmTimeline.list(
      [compare(['entity_type'], 'string', 'eq', ['contact'])],
      [{ column: 'id', direction: 'desc' }],
      {
        offset: 0,
        limit: 50,
        count: true,
      },
    );
    expect(page.items.map((c) => c.comment)).toEqual(['Hello']);
    await storage.crmTimeline.delete(comment.id);
    expect(await storage.crmTimeline.findById(comment.id)).toBeUndefined();

    // Migration 017 seeded the standard directories.
    expect((await storage.crmDictionaries.statusEntityIds()).sort()).toEqual(
      expect.arrayContaining(['DEAL_STAGE', 'HONORIFIC', 'INDUSTRY']),
    );
    const id = await storage.crmDictionaries.insertStatus({ entity_id: 'SOURCE', status_id: 'FAIR', name: 'Fair', sort: 5 });
    await storage.crmDictionaries.updateStatus(id, { name: 'Trade fair' });
    expect(await storage.crmDictionaries.findStatusById(id)).toMatchObject({ name: 'Trade fair', system: 'N' });
    await storage.crmDictionaries.deleteStatus(id);
    expect(await storage.crmDictionaries.findStatusById(id)).toBeUndefined();

    await storage.crmDictionaries.insertCurrency({
      ...{ currency: 'CNY', amount_cnt: 10, amount: 1.38, sort: 700, base: 'N', full_name: 'Yuan', format_string: '# ¥' },
      ...{ dec_point: '.', thousands_sep: ' ', decimals: 2, date_update: 1 },
    });
    await storage.crmDictionaries.setBaseCurrency('CNY');
    expect((await storage.crmDictionaries.currencies()).filter((c) => c.base === 'Y').map((c) => c.currency)).toEqual(['CNY']);
    await storage.crmDictionaries.setBaseCurrency('USD');
    await storage.crmDictionaries.updateCurrency('CNY', { amount: 1.4 });
    expect((await storage.crmDictionaries.findCurrency('CNY'))?.amount).toBe(1.4);
    await storage.crmDictionaries.deleteCurrency('CNY');
    expect(await storage.crmDictionaries.findCurrency('CNY')).toBeUndefined();
  });

  test('options, placements, notification marks and searches, e-mail lookup round-trip (migration 018)', async () => {
    await storage.appData.setOptions(1, 0, [
      ['a', '"1"'],
      ['b', '2'],
    ]);
    await storage.appData.setOptions(1, 0, [['a', '"x"']]);
    await storage.appData.setOptions(1, 7, [['a', 'true']]);
    expect((await storage.appData.options(1, 0)).map((o) => [o.name, o.value])).toEqual([
      ['a', '"x"'],
      ['b', '2'],
    ]);
    expect((await storage.appData.options(1, 7)).map((o) => o.value)).toEqual(['true']);

    await storage.appData.insertPlacement({ app_id: 1, placement: 'CALL_CARD', handler: 'https://h/1', created_at: 1 });
    await storage.appData.insertPlacement({ app_id: 1, placement: 'CALL_CARD', handler: 'https://h/2', created_at: 1 });
    expect(await storage.appData.deletePlacements(1, 'CALL_CARD', 'https://h/1', null)).toBe(1);
    expect(await storage.appData.deletePlacements(1, 'CALL_CARD', null, null)).toBe(1);
    expect(await storage.appData.placements(1)).toEqual([]);

    const note = (text: string, extra: Record<string, unknown> = {}) =>
      storage.notifications.insert({
        user_id: 9,
        author_id: 0,
        notify_type: 4,
        module: 'rest',
        event: 'rest_notify',
        text,
        created_at: 10,
        ...extra,
      });
    const a = await note('Invoice 50% ready', { client_id: 'app', tag: 'T' });
    const b = await note('invoice_2');
    await storage.notifications.markRead(9, 1, { fromId: b.id });
    expect((await storage.notifications.findById(b.id))?.is_read).toBe(1);
    expect((await storage.notifications.findById(a.id))?.is_read).toBe(0);
    const criteria = { text: '50% READY', types: [{ module: 'rest', event: 'rest_notify' }], from: 5, to: 11, authors: [], groupTag: '' };
    expect((await storage.notifications.search(9, criteria, 50, null)).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await storage.notifications.search(9, { ...criteria, text: '_2' }, 50, null)).total).toBe(1);
    expect(await storage.notifications.delete({ clientId: 'app', tag: 'T' })).toBe(1);

    expect((await storage.users.findByEmail('boris@X.TEST'))?.name).toBe('Boris');
  });

  test("call events keep each call's history in order, with unix seconds past 2038; shown cards join their active calls (migration 022)", async () => {
    const late = 4_102_444_800; // 2100-01-01: needs the bigint column
    await storage.callEvents.add(
      { call_id: 'externalCall.ev.1', at: late, kind: 'registered', user_id: 1, detail: '{"phone":"+1"}' },
      { call_id: 'externalCall.ev.2', at: late, kind: 'registered', user_id: 2, detail: null },
    );
    await storage.callEvents.add({ call_id: 'externalCall.ev.1', at: late + 1, kind: 'card_shown', user_id: 2, detail: null });
    await storage.callEvents.add();
    const history = await storage.callEvents.forCall('externalCall.ev.1');
    expect(history.map((e) => [e.kind, e.user_id, e.at])).toEqual([
      ['registered', 1, late],
      ['card_shown', 2, late + 1],
    ]);
    expect(typeof history[0]!.id).toBe('number');
    expect(history[0]!.detail).toBe('{"phone":"+1"}');
    expect(await storage.callEvents.forCall('externalCall.none')).toEqual([]);

    // A rolled-back transaction leaves no event behind.
    await expect(
      storage.transaction(async (tx) => {
        await tx.callEvents.add({ call_id: 'externalCall.ev.1', at: late + 2, kind: 'finished', user_id: 1, detail: null });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await storage.callEvents.forCall('externalCall.ev.1')).toHaveLength(2);

    const call = (callId: string, userId: number, startAt: number) =>
      storage.activeCalls.insert({
        call_id: callId,
        app_id: 1,
        user_id: userId,
        phone_number: '+1 555',
        call_type: 2,
        start_at: startAt,
        line_number: null,
        external_call_id: null,
        crm_entity_type: 'CONTACT',
        crm_entity_id: 7,
        created_lead_id: null,
        crm_source: null,
        add_to_chat: 0,
        show_card: 1,
        call_list_id: null,
        registered_at: startAt,
      });
    await call('externalCall.live.1', 1, 200);
    await call('externalCall.live.2', 2, 100);
    await storage.callCards.show('externalCall.live.1', [1, 2], 300);
    await storage.callCards.show('externalCall.live.2', [2], 300);
    // A viewer row whose call is gone is no card.
    await storage.callCards.show('externalCall.gone', [2], 300);
    const all = await storage.shownCards.list(null);
    expect(all.map((r) => [r.viewer_id, r.call_id])).toEqual([
      [1, 'externalCall.live.1'],
      [2, 'externalCall.live.2'],
      [2, 'externalCall.live.1'],
    ]);
    expect(all[0]).toMatchObject({ crm_entity_type: 'CONTACT', crm_entity_id: 7, start_at: 200, shown_at: 300 });
    expect((await storage.shownCards.list(1)).map((r) => r.call_id)).toEqual(['externalCall.live.1']);
  });

  test('owners of a phone or e-mail value: each entity once, by id and then type, whatever the insertion order', async () => {
    const value = (
      entity_type: 'LEAD' | 'CONTACT' | 'COMPANY',
      entity_id: number,
      normalized: string,
      type_id: 'PHONE' | 'EMAIL' = 'PHONE',
    ) => storage.crmMultifields.insert({ entity_type, entity_id, type_id, value_type: 'WORK', value: normalized, normalized });
    await value('LEAD', 830, '4930555');
    await value('CONTACT', 810, '4930555');
    await value('LEAD', 830, '4930555'); // the same number twice on one lead
    await value('COMPANY', 810, '4930556');
    await value('CONTACT', 820, '4930555', 'EMAIL');
    expect(await storage.crmMultifields.findOwners('PHONE', ['4930555', '4930556'])).toEqual([
      { entity_type: 'COMPANY', entity_id: 810 },
      { entity_type: 'CONTACT', entity_id: 810 },
      { entity_type: 'LEAD', entity_id: 830 },
    ]);
    expect(await storage.crmMultifields.findOwners('PHONE', ['4930556'])).toEqual([{ entity_type: 'COMPANY', entity_id: 810 }]);
    expect(await storage.crmMultifields.findOwners('PHONE', ['4930557'])).toEqual([]);
  });

  test('an insert of a call, a finished call or a notification answers the row as stored, columns left out included', async () => {
    const asStored = async <R extends object>(inserted: R, readBack: Promise<R | undefined>) => {
      const stored = await readBack;
      expect(Object.keys(inserted).sort()).toEqual(Object.keys(stored ?? {}).sort());
      expect(inserted).toEqual(stored);
    };
    const active = {
      call_id: 'externalCall.stored.1',
      app_id: 1,
      user_id: 2,
      phone_number: '+1 555 0100',
      call_type: 1,
      start_at: 4_102_444_800,
      add_to_chat: 1,
      show_card: 0,
      registered_at: 4_102_444_801,
    };
    await asStored(await storage.activeCalls.insert(active), storage.activeCalls.findByCallId(active.call_id));
    const full = {
      ...active,
      call_id: 'externalCall.stored.2',
      line_number: '74951234567',
      external_call_id: 'pbx-7',
      crm_entity_type: 'LEAD',
      crm_entity_id: 5,
      created_lead_id: 5,
      crm_source: 'CALL',
      call_list_id: 3,
    };
    await asStored(await storage.activeCalls.insert(full), storage.activeCalls.findByCallId(full.call_id));

    // Employee 99, in 2001: outside what the chart tests count. The row leaves out every nullable column.
    const required = chartCallRow('externalCall.stored.3', 99, 1_000_000_000, 42, '200', 0.1, 'EUR');
    await asStored(await storage.statistics.insert(required), storage.statistics.findByCallId(required.call_id));
    const finished = {
      ...chartCallRow('externalCall.stored.4', 99, 1_000_000_000, 42, '200', 12.75, 'USD'),
      external_call_id: 'pbx-7',
      crm_entity_type: 'LEAD',
      crm_entity_id: 5,
      call_vote: 5,
      call_record_url: 'https://pbx.test/r.mp3',
      crm_activity_id: 9,
      transcript_pending: 'Y',
      call_log: 'https://pbx.test/log',
      session_id: '77',
      redial_attempt: 2,
      comment: 'callback',
    };
    await asStored(await storage.statistics.insert(finished), storage.statistics.findByCallId(finished.call_id));

    const note = { user_id: 2, author_id: 0, notify_type: 4, module: 'im', event: 'default', text: 'Missed call', created_at: 10 };
    const plain = await storage.notifications.insert(note);
    await asStored(plain, storage.notifications.findById(plain.id));
    const tagged = await storage.notifications.insert({
      ...note,
      tag: 'T',
      title: 'Call',
      params: '{"a":1}',
      client_id: 'app',
      attach: '[]',
    });
    await asStored(tagged, storage.notifications.findById(tagged.id));
  });

  test('call charts: counts per hour of the period, employee, duration bucket and currency, alike on every database', async () => {
    // A period starting at a half hour (a zone like Asia/Kolkata): its hours start there too.
    const from = 1_900_000_000 - 1800;
    let n = 0;
    const call = (user: number, start: number, duration: number, code: string, cost: number, currency: string) =>
      storage.statistics.insert(chartCallRow(`externalCall.chart.${++n}`, user, start, duration, code, cost, currency));
    await call(1, from - 1, 30, '200', 5, 'EUR'); // before the period
    await call(1, from, 0, '304', 0.1, 'EUR');
    await call(1, from + 3599, 10, '200', 0.2, 'EUR');
    await call(2, from + 3600, 11, '200', 0.3, 'USD');
    await call(2, from + 3600 + 59, 600, '486', 0, 'USD');
    await call(1, from + 5 * 3600, 601, '200', 1.0001, 'EUR');
    await call(2, from + 24 * 3600 - 1, 180, '200', 2, 'RUB');
    await call(2, from + 24 * 3600, 60, '200', 7, 'RUB'); // the period's end is excluded
    const all = { fromSeconds: from, toSeconds: from + 24 * 3600, ownerId: null };
    const charts = storage.callCharts;
    expect(await charts.perHour(all)).toEqual([
      { startSeconds: from, answered: 1, notAnswered: 1 },
      { startSeconds: from + 3600, answered: 1, notAnswered: 1 },
      { startSeconds: from + 5 * 3600, answered: 1, notAnswered: 0 },
      { startSeconds: from + 23 * 3600, answered: 1, notAnswered: 0 },
    ]);
    expect(await charts.perEmployee(all)).toEqual([
      { userId: 1, answered: 2, notAnswered: 1, durationSeconds: 611 },
      { userId: 2, answered: 2, notAnswered: 1, durationSeconds: 791 },
    ]);
    // 0 s, 1–10 s, 11–30 s, 3–10 min (600), over 10 min (601), 1–3 min (180): bounds fall on their own side.
    expect(await charts.durationDistribution(all)).toEqual([
      { bucket: 0, calls: 1 },
      { bucket: 1, calls: 1 },
      { bucket: 2, calls: 1 },
      { bucket: 4, calls: 1 },
      { bucket: 5, calls: 1 },
      { bucket: 6, calls: 1 },
    ]);
    expect(await charts.costPerCurrency(all)).toEqual([
      { currency: 'EUR', cost: 1.3001, calls: 3 },
      { currency: 'RUB', cost: 2, calls: 1 },
      { currency: 'USD', cost: 0.3, calls: 2 },
    ]);
    const own = { ...all, ownerId: 2 };
    expect(await charts.perHour(own)).toEqual([
      { startSeconds: from + 3600, answered: 1, notAnswered: 1 },
      { startSeconds: from + 23 * 3600, answered: 1, notAnswered: 0 },
    ]);
    expect(await charts.perEmployee(own)).toEqual([{ userId: 2, answered: 2, notAnswered: 1, durationSeconds: 791 }]);
    expect(await charts.costPerCurrency({ ...all, ownerId: 3 })).toEqual([]);
  });
});

/** The charts' hourly rollup (migration 023) against the calls themselves: the same numbers either way. */
describe.each(DIALECTS)('call charts rollup on $name', (dialect) => {
  /** A whole UTC hour, some day in 2030. */
  const F = 1_899_997_200;
  const HOUR = 3600;
  const CALLS: Array<[user: number, start: number, duration: number, code: string, cost: number, currency: string]> = [
    [1, F - 1, 30, '200', 5, 'EUR'], // before the period
    [1, F, 0, '304', 0.1, 'EUR'],
    [1, F + HOUR - 1, 10, '200', 0.2, 'EUR'],
    [2, F + HOUR, 11, '200', 0.3, 'USD'],
    [2, F + HOUR + 59, 600, '486', 0, 'USD'],
    [1, F + 5 * HOUR, 601, '200', 1.0001, 'EUR'],
    [1, F + 5 * HOUR + 10, 601, '200', 0.0002, 'EUR'], // the same rollup row as the one before: counted on
    [2, F + 24 * HOUR - 1, 180, '200', 2, 'RUB'],
    [2, F + 24 * HOUR, 60, '200', 7, 'RUB'], // the period's end is excluded
    [3, -1, 5, '200', 0.5, 'EUR'], // the last second before 1970: its hour starts at -3600
  ];
  const all = { fromSeconds: F, toSeconds: F + 24 * HOUR, ownerId: null };
  const statisticsRow = ([user, start, duration, code, cost, currency]: (typeof CALLS)[number], n: number) =>
    chartCallRow(`externalCall.rollup.${n}`, user, start, duration, code, cost, currency);

  /** Every chart of CALLS, asked of the rollup, of the calls and of the store's own choice: all three alike. */
  /** Runs `work` on a freshly migrated scratch database of this dialect, then closes and drops it. */
  async function onScratchDatabase(
    work: (database: OpenDatabase) => Promise<void>,
    options: Omit<DatabaseOptions, 'location'> = {},
  ): Promise<void> {
    const scratch = await dialect.setup();
    const database = await openDatabase({ ...options, location: scratch.location });
    try {
      await work(database);
    } finally {
      await database.close();
      await scratch.cleanup();
    }
  }

  async function expectTheCallsNumbers(storage: Storage) {
    const charts = storage.callCharts;
    const alike = async (ask: (q: ChartQueries) => Promise<unknown>, expected: unknown) => {
      expect(await ask(charts.hourly)).toEqual(expected);
      expect(await ask(charts.calls)).toEqual(expected);
      expect(await ask(charts)).toEqual(expected);
    };
    await alike(
      (q) => q.perHour(all),
      [
        { startSeconds: F, answered: 1, notAnswered: 1 },
        { startSeconds: F + HOUR, answered: 1, notAnswered: 1 },
        { startSeconds: F + 5 * HOUR, answered: 2, notAnswered: 0 },
        { startSeconds: F + 23 * HOUR, answered: 1, notAnswered: 0 },
      ],
    );
    await alike(
      (q) => q.perEmployee(all),
      [
        { userId: 1, answered: 3, notAnswered: 1, durationSeconds: 1212 },
        { userId: 2, answered: 2, notAnswered: 1, durationSeconds: 791 },
      ],
    );
    await alike(
      (q) => q.durationDistribution(all),
      [
        { bucket: 0, calls: 1 },
        { bucket: 1, calls: 1 },
        { bucket: 2, calls: 1 },
        { bucket: 4, calls: 1 },
        { bucket: 5, calls: 1 },
        { bucket: 6, calls: 2 },
      ],
    );
    await alike(
      (q) => q.costPerCurrency(all),
      [
        { currency: 'EUR', cost: 1.3003, calls: 4 },
        { currency: 'RUB', cost: 2, calls: 1 },
        { currency: 'USD', cost: 0.3, calls: 2 },
      ],
    );
    const own = { ...all, ownerId: 2 };
    await alike(
      (q) => q.perHour(own),
      [
        { startSeconds: F + HOUR, answered: 1, notAnswered: 1 },
        { startSeconds: F + 23 * HOUR, answered: 1, notAnswered: 0 },
      ],
    );
    await alike((q) => q.perEmployee(own), [{ userId: 2, answered: 2, notAnswered: 1, durationSeconds: 791 }]);
    await alike((q) => q.costPerCurrency({ ...all, ownerId: 3 }), []);
    const aroundEpoch = { fromSeconds: -2 * HOUR, toSeconds: 2 * HOUR, ownerId: null };
    await alike((q) => q.perHour(aroundEpoch), [{ startSeconds: -HOUR, answered: 1, notAnswered: 0 }]);
    await alike((q) => q.costPerCurrency(aroundEpoch), [{ currency: 'EUR', cost: 0.5, calls: 1 }]);
  }

  test('every insert counts in the rollup, in its own transaction: a rolled back insert counts nowhere', async () => {
    await onScratchDatabase(async (database) => {
      const storage = createStorage(database.db, { groupCommits: dialect.name === 'sqlite', inTransaction: database.inTransaction });
      for (const [n, call] of CALLS.entries()) await storage.statistics.insert(statisticsRow(call, n));
      await expect(
        storage.transaction(async (tx) => {
          await tx.statistics.insert(statisticsRow([1, F, 0, '304', 0.1, 'EUR'], 99));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await expectTheCallsNumbers(storage);
      // A period on half hours (a zone like Asia/Kolkata) is read from the calls: its hours start on the half hour.
      expect(await storage.callCharts.perHour({ fromSeconds: F - HOUR / 2, toSeconds: F + 24 * HOUR - HOUR / 2, ownerId: null })).toEqual([
        { startSeconds: F - HOUR / 2, answered: 1, notAnswered: 1 },
        { startSeconds: F + HOUR / 2, answered: 2, notAnswered: 1 },
        { startSeconds: F + 5 * HOUR - HOUR / 2, answered: 2, notAnswered: 0 },
      ]);
    });
  });

  test('a call and its rollup count are written by one statement on PostgreSQL (a data-modifying WITH), two on SQLite', async () => {
    let statements = 0;
    await onScratchDatabase(
      async (database) => {
        const storage = createStorage(database.db, { rollupStripes: 3 });
        const [call, ...more] = CALLS;
        const written = await storage.transaction(async (tx) => {
          await tx.statistics.insert(statisticsRow(call!, 0));
          statements = 0;
          for (const [n, other] of more.entries()) await tx.statistics.insert(statisticsRow(other, n + 1));
          return statements;
        });
        expect(written).toBe(more.length * (dialect.name === 'postgres' ? 1 : 2));
        await expectTheCallsNumbers(storage);
        // A call that cannot be inserted counts nowhere: its count went with it.
        const countedCalls = async () => {
          const row = await database.db
            .selectFrom('call_statistics_hourly')
            .select((eb) => eb.fn.sum<number>('calls').as('n'))
            .executeTakeFirstOrThrow();
          return Number(row.n);
        };
        const before = await countedCalls();
        await expect(storage.statistics.insert(statisticsRow(call!, 0))).rejects.toThrow();
        expect(await countedCalls()).toBe(before);
      },
      { onQueryTime: () => statements++ },
    );
  });

  test('a rollup spread over stripes counts the same: the charts sum every stripe', async () => {
    await onScratchDatabase(async (database) => {
      const storage = createStorage(database.db, {
        groupCommits: dialect.name === 'sqlite',
        rollupStripes: 3,
        inTransaction: database.inTransaction,
      });
      for (const [n, call] of CALLS.entries()) await storage.statistics.insert(statisticsRow(call, n));
      const stripes = await database.db.selectFrom('call_statistics_hourly').select('stripe').distinct().orderBy('stripe').execute();
      expect(stripes.map((s) => s.stripe)).toEqual([0, 1, 2]);
      await expectTheCallsNumbers(storage);
    });
  });

  test('statistic totals summed from the rollup equal the calls counted, and come from the rollup', async () => {
    await onScratchDatabase(async (database) => {
      const storage = createStorage(database.db, {
        groupCommits: dialect.name === 'sqlite',
        rollupStripes: 3,
        inTransaction: database.inTransaction,
      });
      for (const [n, call] of CALLS.entries()) await storage.statistics.insert(statisticsRow(call, n));
      const on = (
        column: string,
        operator: FilterOperator,
        values: (string | number)[],
        columnKind: ColumnKind = 'number',
      ): FilterCondition => ({
        kind: 'compare',
        columns: [column],
        columnKind,
        operator,
        values,
      });
      const day = [on('call_start_date', 'gte', [F]), on('call_start_date', 'lt', [F + 24 * HOUR])];
      const restated: FilterCondition[][] = [
        [],
        day,
        [on('call_start_date', 'gt', [F - 1]), on('call_start_date', 'lte', [F + 24 * HOUR - 1])],
        [on('call_start_date', 'between', [F + HOUR, F + 5 * HOUR - 1])],
        [...day, on('call_duration', 'gt', [0])],
        [on('call_duration', 'gte', [11]), on('call_duration', 'lte', [600])],
        [on('call_duration', 'lt', [1])],
        [on('portal_user_id', 'in', [1, 3]), on('call_failed_code', 'eq', ['200'], 'string')],
        [on('call_failed_code', 'neq', ['200'], 'string'), on('cost_currency', 'neq', ['USD'], 'string')],
        [on('portal_user_id', 'eq', [2]), on('cost_currency', 'contains', ['us'], 'string')],
      ];
      const countedOnly: FilterCondition[][] = [
        [on('call_start_date', 'gte', [F + 1])],
        [on('call_duration', 'gt', [5])],
        [on('call_duration', 'gte', [0])],
        [on('call_failed_code', 'in', ['200', '304'], 'string')],
        [on('phone_number', 'contains', ['555'], 'string')],
      ];
      const counted = async (conditions: FilterCondition[]) => {
        const row = await database.db
          .selectFrom('call_statistics')
          .where((eb) => filterPredicate(eb, conditions))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      const total = async (conditions: FilterCondition[]) =>
        (await storage.statistics.list(conditions, [], { offset: 0, limit: 1, count: true })).total;
      for (const conditions of [...restated, ...countedOnly]) {
        expect({ conditions, total: await total(conditions) }).toEqual({ conditions, total: await counted(conditions) });
      }
      expect(restated.every((c) => rollupConditions(c) !== null)).toBe(true);
      expect(countedOnly.every((c) => rollupConditions(c) === null)).toBe(true);
      // A rollup row with no call behind it shows in the restated totals only: they are read from the rollup.
      await database.db
        .insertInto('call_statistics_hourly')
        .values({
          hour_start: F,
          portal_user_id: 1,
          answered: 1,
          duration_bucket: 6,
          cost_currency: 'EUR',
          calls: 5,
          duration_sum: 0,
          cost_sum: 0,
          stripe: 99,
        })
        .execute();
      expect(await total(day)).toBe((await counted(day)) + 5);
      expect(await total([on('call_start_date', 'gte', [F + 1])])).toBe(await counted([on('call_start_date', 'gte', [F + 1])]));
    });
  });

  test("an employee's rollup sums are read from an index alone, whatever the rollup is filtered on", async () => {
    await onScratchDatabase(async (database) => {
      const storage = createStorage(database.db);
      for (const [n, call] of CALLS.entries()) await storage.statistics.insert(statisticsRow(call, n));
      // Every column the statistics total and the charts filter the rollup on, and every one they add up.
      const query = sql<{ detail: string }>`select sum(calls), sum(duration_sum), sum(cost_sum) from call_statistics_hourly
        where portal_user_id = 2 and hour_start >= ${F} and hour_start < ${F + 24 * HOUR}
          and answered = 1 and duration_bucket >= 2 and cost_currency = 'EUR'`;
      const plan = await database.db.transaction().execute(async (trx) => {
        if (dialect.name === 'sqlite')
          return (await sql<{ detail: string }>`explain query plan ${query}`.execute(trx)).rows.map((r) => r.detail);
        // Only an index-only scan is left to the planner: without a covering index it must fall back to a disabled plan.
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_bitmapscan = off`.execute(trx);
        await sql`set local enable_indexscan = off`.execute(trx);
        const rows = (await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx)).rows;
        return rows.map((r) => r['QUERY PLAN']);
      });
      const indexOnly =
        dialect.name === 'sqlite'
          ? /USING COVERING INDEX call_statistics_hourly_user_sums/
          : /Index Only Scan using call_statistics_hourly_user_sums/;
      expect(plan.join('\n')).toMatch(indexOnly);
    });
  });

  test('a wipe empties the rollup with the calls', async () => {
    await onScratchDatabase(async (database) => {
      const storage = createStorage(database.db);
      for (const [n, call] of CALLS.entries()) await storage.statistics.insert(statisticsRow(call, n));
      expect(await storage.callCharts.hourly.perEmployee(all)).toHaveLength(2);
      await storage.wipeData();
      expect(await database.db.selectFrom('call_statistics_hourly').selectAll().execute()).toEqual([]);
      expect(await storage.callCharts.hourly.perEmployee(all)).toEqual([]);
    });
  });

  test('migration 023 fills the rollup from the calls a portal already has', async () => {
    const scratch = await dialect.setup();
    try {
      const before = rawKysely(scratch.location);
      try {
        await migrate(before, dialect.name, '022-call-events');
        for (const [n, call] of CALLS.entries()) await before.insertInto('call_statistics').values(statisticsRow(call, n)).execute();
      } finally {
        await before.destroy();
      }
      const database = await openDatabase({ location: scratch.location });
      try {
        await expectTheCallsNumbers(createStorage(database.db));
      } finally {
        await database.close();
      }
    } finally {
      await scratch.cleanup();
    }
  });
});

/**
 * A statistics row of the chart tests: who, when, how long, the outcome and the cost; the rest fixed,
 * and every nullable column left out (the columns a finish always writes).
 */
function chartCallRow(callId: string, user: number, start: number, duration: number, code: string, cost: number, currency: string) {
  return {
    call_id: callId,
    portal_user_id: user,
    portal_number: 'REST_APP:1',
    phone_number: '+1 555',
    call_category: 'external',
    call_type: 2,
    call_duration: duration,
    call_start_date: start,
    call_status: code === '200' ? 1 : 0,
    cost,
    cost_currency: currency,
    call_failed_code: code,
    call_failed_reason: '',
    rest_app_id: 1,
    rest_app_name: 'PBX',
  };
}

function rawKysely(location: string): Kysely<any> {
  return location.startsWith('postgres')
    ? new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location, max: 1 }) }) })
    : new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(location) }) });
}
