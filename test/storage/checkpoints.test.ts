import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { createStorage } from '../../src/storage/storage.js';

test('the server\'s SQLite WAL is checkpointed in the background, not inside commits', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'extcall-ckpt-'));
  const file = join(dir, 'extcall.sqlite');
  const database = await openDatabase({ location: file, backgroundCheckpoints: true });
  try {
    const storage = createStorage(database.db, { groupCommits: true });
    const sizeBefore = statSync(file).size;
    for (let i = 0; i < 300; i++) await storage.settings.set(`key-${i}`, 'x'.repeat(2000));
    // Commits alone leave the new pages in the WAL: automatic checkpoints are off.
    expect(statSync(file).size).toBe(sizeBefore);
    const deadline = Date.now() + 5000;
    while (statSync(file).size === sizeBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(statSync(file).size).toBeGreaterThan(sizeBefore + 300 * 2000);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
