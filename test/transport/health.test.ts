import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../helpers/databases.js';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { openDatabase } from '../../src/storage/database.js';
import { databaseProbe } from '../../src/storage/database-probe.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.name;

describe.each(DIALECTS)('issue 11 item 7: health routes on $name', ({ name, setup }) => {
  let t: TestPortal;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const db = await setup();
    cleanup = db.cleanup;
    t = await startTestPortal({ database: db.location });
  });
  afterAll(async () => {
    await t.close();
    await cleanup();
  });
  const get = (path: string) => t.portal.app.inject({ method: 'GET', url: `/_extcall/${path}`, remoteAddress: '203.0.113.9' });

  test('health reports the version, the database and the uptime, to any peer', async () => {
    const res = await get('health');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['status', 'version', 'database', 'uptimeSeconds']);
    expect(body).toMatchObject({
      status: 'ok',
      version: VERSION,
      database: { kind: name, reachable: true, migration: LATEST, latestMigration: LATEST },
    });
    expect(Number.isInteger(body.uptimeSeconds) && body.uptimeSeconds >= 0).toBe(true);
  });

  test('live and ready answer 200 while the database answers and is migrated', async () => {
    expect((await get('health/live')).json()).toEqual({ status: 'ok' });
    expect((await get('health/live')).statusCode).toBe(200);
    const ready = await get('health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ok');
  });

  test('ready answers 503 with the reason while a migration is missing; live stays 200', async () => {
    const { db } = t.portal.storage;
    await sql`delete from kysely_migration where name = ${LATEST}`.execute(db);
    try {
      const ready = await get('health/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'unavailable',
        reason: 'database-not-migrated',
        database: { reachable: true, latestMigration: LATEST },
      });
      expect(ready.json().database.migration).not.toBe(LATEST);
      expect((await get('health')).json().status).toBe('unavailable');
      expect((await get('health/live')).statusCode).toBe(200);
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${LATEST}, ${new Date().toISOString()})`.execute(db);
    }
    expect((await get('health/ready')).statusCode).toBe(200);
  });
});

describe('issue 11 item 7: the probe of a database that does not answer', () => {
  test('a closed database is reported unreachable, without throwing', async () => {
    const database = await openDatabase({ location: ':memory:' });
    await database.close();
    expect(await databaseProbe(database).check()).toEqual({ kind: 'sqlite', reachable: false, migration: null, latestMigration: LATEST });
  });
});
