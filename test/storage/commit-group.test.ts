import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/storage/database.js';
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
