import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { createStorage } from '../../src/storage/storage.js';

test("the server's SQLite WAL is checkpointed in the background, not inside commits", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'extcall-ckpt-'));
  const file = join(dir, 'extcall.sqlite');
  const database = await openDatabase({ location: file, backgroundCheckpoints: true });
  try {
    // Commits never checkpoint on the request path.
    const setting = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
    expect(setting.rows[0]?.wal_autocheckpoint).toBe(0);
    const storage = createStorage(database.db, { groupCommits: true, inTransaction: database.inTransaction });
    const sizeBefore = statSync(file).size;
    for (let i = 0; i < 300; i++) await storage.settings.set(`key-${i}`, 'x'.repeat(2000));
    // The background thread copies the WAL into the database file within a few seconds.
    const deadline = Date.now() + 10_000;
    while (statSync(file).size < sizeBefore + 300 * 2000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(statSync(file).size).toBeGreaterThan(sizeBefore + 300 * 2000);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
