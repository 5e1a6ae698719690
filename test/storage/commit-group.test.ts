import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { CommitGroup } from '../../src/storage/commit-group.js';
import { CompiledStatements } from '../../src/storage/compiled-statements.js';
import { openDatabase, type Db, type OpenDatabase } from '../../src/storage/database.js';
import { createStorage, type Storage } from '../../src/storage/storage.js';

let dir: string;
let database: OpenDatabase;
let storage: Storage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'extcall-group-'));
  database = await openDatabase({ location: join(dir, 'extcall.sqlite') });
  storage = createStorage(database.db, { groupCommits: true, inTransaction: database.inTransaction });
});

afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

test('units of work that arrive together commit in one transaction; a failing one is rolled back alone', async () => {
  const transactions = vi.spyOn(database.db, 'transaction');
  const units = Array.from({ length: 20 }, (_, i) =>
    storage.transaction(async (tx) => {
      await tx.settings.set(`key-${i}`, `value-${i}`);
      if (i === 7) throw new Error('unit 7 changed its mind');
      return i;
    }),
  );
  const outcomes = await Promise.allSettled(units);

  expect(transactions).toHaveBeenCalledTimes(1);
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(19);
  expect(outcomes[7]).toMatchObject({ status: 'rejected', reason: new Error('unit 7 changed its mind') });
  expect(await storage.settings.get('key-7')).toBeUndefined();
  expect(await storage.settings.get('key-6')).toBe('value-6');
  expect(await storage.settings.get('key-19')).toBe('value-19');
});

test('a unit sees what the units before it in the same group wrote', async () => {
  const first = storage.transaction((tx) => tx.settings.set('shared', 'one'));
  const second = storage.transaction(async (tx) => tx.settings.get('shared'));
  await first;
  expect(await second).toBe('one');
});

/** SQLite's temp_store as a transaction sees it: 2 keeps statement journals in memory, 1 on disk. */
async function journalsIn(trx: Db): Promise<number> {
  return (await sql<{ temp_store: number }>`pragma temp_store`.execute(trx)).rows[0]!.temp_store;
}

test('grouped units keep their statement journals in memory; a large unit runs alone, in order, with its journal on disk', async () => {
  const group = new CommitGroup<Db>(database.db, (trx) => trx, new CompiledStatements(database.inTransaction));
  const transactions = vi.spyOn(database.db, 'transaction');
  const seen = await Promise.all([
    group.run(journalsIn),
    group.run(journalsIn),
    group.runLarge(journalsIn),
    group.run(journalsIn),
    group.run(journalsIn),
  ]);
  expect(seen).toEqual([2, 2, 1, 2, 2]);
  // The two before it, the large one, the two after it.
  expect(transactions).toHaveBeenCalledTimes(3);
});

test('a failing large unit leaves the journals of the next groups in memory', async () => {
  const group = new CommitGroup<Db>(database.db, (trx) => trx, new CompiledStatements(database.inTransaction));
  const large = group.runLarge(async () => {
    throw new Error('the wipe failed');
  });
  const after = group.run(journalsIn);
  await expect(large).rejects.toThrow('the wipe failed');
  expect(await after).toBe(2);
});

test('a portal wipe is a large unit: it runs with its statement journal on disk', async () => {
  await storage.settings.set('kept', 'no');
  const large = vi.spyOn(CommitGroup.prototype, 'runLarge');
  await storage.wipeData();
  expect(large).toHaveBeenCalledTimes(1);
  expect(await storage.settings.get('kept')).toBeUndefined();
});
