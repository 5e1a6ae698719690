import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { createStorage } from '../../src/storage/storage.js';

const MB = 1024 * 1024;

test("under a steady stream of commits the server's SQLite WAL stays small: its checkpoints complete and it starts over", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'extcall-ckpt-'));
  const file = join(dir, 'extcall.sqlite');
  const database = await openDatabase({ location: file });
  try {
    const storage = createStorage(database.db, { groupCommits: true, inTransaction: database.inTransaction });
    // Some 24 MB of new pages, committed group after group with no pause: a checkpoint that cannot
    // finish while writers keep appending would leave every frame in the WAL.
    const value = 'x'.repeat(3000);
    for (let group = 0; group < 160; group++)
      await Promise.all(Array.from({ length: 50 }, (_, i) => storage.settings.set(`key-${group}-${i}`, value)));
    expect(statSync(`${file}-wal`).size).toBeLessThan(8 * MB);
    expect(statSync(file).size).toBeGreaterThan(20 * MB);
    const [row] = (await sql<{ n: number }>`select count(*) as n from portal_settings where key like 'key-%'`.execute(database.db)).rows;
    expect(row!.n).toBe(160 * 50);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
