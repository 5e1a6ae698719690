import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createScratchPostgres, POSTGRES_ENABLED } from '../helpers/databases.js';
import { startServer } from '../helpers/cli-process.js';

describe.runIf(POSTGRES_ENABLED)('issue 8 item 8: first start on PostgreSQL with a --data directory that does not exist yet', () => {
  test('the directory is made and the demo credentials written there work', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'extcall-pg-first-'));
    const dataDir = join(parent, 'not', 'there', 'yet');
    const database = await createScratchPostgres();
    const { child } = await startServer(['--data', dataDir, '--database', database.url]);
    try {
      const file = join(dataDir, 'demo-portal.json');
      expect(existsSync(file)).toBe(true);
      const demo = JSON.parse(readFileSync(file, 'utf8')) as { webhookUrl: string; app: { accessToken: string } };
      const viaWebhook = await fetch(`${demo.webhookUrl}user.current`);
      expect(viaWebhook.status).toBe(200);
      const viaToken = await fetch(`${new URL(demo.webhookUrl).origin}/rest/app.info?auth=${demo.app.accessToken}`);
      expect(viaToken.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await database.drop();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
