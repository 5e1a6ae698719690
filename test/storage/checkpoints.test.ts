import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { openDatabase, WRITER_CHECKPOINT_PAGES } from '../../src/storage/database.js';
import { createStorage } from '../../src/storage/storage.js';

test("under a steady stream of commits the server's SQLite WAL stays bounded: it is copied in the background and starts over", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'extcall-ckpt-'));
  const file = join(dir, 'extcall.sqlite');
  const database = await openDatabase({ location: file, backgroundCheckpoints: true });
  try {
    const storage = createStorage(database.db, { groupCommits: true, inTransaction: database.inTransaction });
    // Twice the writer's checkpoint mark in new pages, committed group after group with no pause: the
    // background checkpoint alone never finds the WAL fully copied, so the WAL would keep every frame.
    const markBytes = WRITER_CHECKPOINT_PAGES * 4096;
    const value = 'x'.repeat(3000);
    const groups = Math.ceil((2 * markBytes) / (50 * value.length));
    let largestWal = 0;
    for (let group = 0; group < groups; group++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => storage.settings.set(`key-${group}-${i}`, value)));
      largestWal = Math.max(largestWal, statSync(`${file}-wal`).size);
    }
    // Past the mark by what was committed while the writer's checkpoint waited for the worker's to end.
    expect(largestWal).toBeLessThan(1.5 * markBytes);
    expect(statSync(file).size).toBeGreaterThan(markBytes);
    const [row] = (await sql<{ n: number }>`select count(*) as n from portal_settings where key like 'key-%'`.execute(database.db)).rows;
    expect(row!.n).toBe(groups * 50);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
