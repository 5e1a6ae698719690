import { Kysely, Migrator, PostgresDialect, SqliteDialect, type CreateTableBuilder } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import type { MigrationContext } from '../../src/storage/migrations/migration.js';
import { DIALECTS } from '../helpers/databases.js';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { callApp, ok } from '../helpers/rest-calls.js';
import { MP3 } from './helpers.js';

let t: TestPortal;
let tokens: Record<'admin' | 'owner' | 'colleague', string>;
let callId: string;
let activityId: number;
beforeEach(async () => {
  t = await startTestPortal();
  const token = async (userId: number) => (await t.portal.services.portal.issueTokens(t.demo.app.id, userId)).accessToken;
  tokens = { admin: t.demo.app.accessToken, owner: await token(2), colleague: await token(3) };
  callId = (await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 })).CALL_ID;
  activityId = (await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 30 })).CRM_ACTIVITY_ID;
  await ok(t, 'telephony.externalCall.attachRecord', { CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: MP3.toString('base64') });
});
afterEach(() => t.close());

async function signedLink(): Promise<URL> {
  const activity = await ok(t, 'crm.activity.get', { id: activityId });
  return new URL(activity.FILES[0].url);
}

const open = (path: string, token?: string) => t.portal.app.inject({ method: 'GET', url: token ? `${path}?auth=${token}` : path });

describe('issue 8 item 4: who may open a recording', () => {
  test("issue 8 item 4: a colleague's token opens neither the recording nor its integer id; the owner's and an administrator's do", async () => {
    const link = await signedLink();
    // The colleague does not see the call in the statistics — and so not its recording either.
    expect((await callApp(t, 'voximplant.statistic.get', { FILTER: { CALL_ID: callId } }, tokens.colleague)).body.result).toEqual([]);
    const denied = await open(link.pathname, tokens.colleague);
    expect(denied.statusCode).toBe(404);
    expect(denied.json()).toEqual({ error: 'NOT_FOUND', error_description: 'No such recording' });

    // Nor is it handed a signed link through the call's activity.
    expect((await callApp(t, 'crm.activity.get', { id: activityId }, tokens.colleague)).body.result.FILES).toBeUndefined();
    expect((await callApp(t, 'crm.activity.get', { id: activityId }, tokens.owner)).body.result.FILES).toHaveLength(1);

    for (const who of ['owner', 'admin'] as const) {
      const res = await open(link.pathname, tokens[who]);
      expect(res.statusCode, who).toBe(200);
      expect(res.rawPayload.equals(MP3), who).toBe(true);
    }
  });

  test('issue 8 item 4: URLs carry a random public id; RECORD_FILE_ID stays the documented integer and opens nothing as a URL', async () => {
    const link = await signedLink();
    const [, , publicId, name] = link.pathname.split('/');
    expect(publicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(name).toBe('call.mp3');
    const [row] = await ok(t, 'voximplant.statistic.get', { FILTER: { CALL_ID: callId } });
    expect(Number.isInteger(row.RECORD_FILE_ID)).toBe(true);
    expect((await ok(t, 'crm.activity.get', { id: activityId })).FILES[0].id).toBe(row.RECORD_FILE_ID);
    // Walking the integers finds nothing, whoever asks.
    for (const id of [row.RECORD_FILE_ID, 1, 2, 3]) {
      expect((await open(`/records/${id}/call.mp3`, tokens.admin)).statusCode).toBe(404);
    }
  });

  test('issue 8 item 4: a signed link is a grant by itself; a link signed for one recording opens no other', async () => {
    const link = await signedLink();
    const res = await open(link.pathname + link.search);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(MP3)).toBe(true);
    // The colleague's own call and recording: the first link's signature does not carry over.
    const other = (await ok(t, 'telephony.externalCall.register', { USER_ID: 3, PHONE_NUMBER: '+1 555 0100', TYPE: 2 })).CALL_ID;
    const otherActivity = (await ok(t, 'telephony.externalCall.finish', { CALL_ID: other, USER_ID: 3, DURATION: 5 })).CRM_ACTIVITY_ID;
    await ok(t, 'telephony.externalCall.attachRecord', { CALL_ID: other, FILENAME: 'other.mp3', FILE_CONTENT: MP3.toString('base64') });
    const otherPath = new URL((await ok(t, 'crm.activity.get', { id: otherActivity })).FILES[0].url).pathname;
    expect((await open(otherPath + link.search)).statusCode).toBe(401);
    expect((await open(otherPath, tokens.colleague)).statusCode).toBe(200);
    expect((await open(otherPath, tokens.owner)).statusCode).toBe(404);
  });
});

/** The schema as it was before migration 013, with recordings in it. */
async function migrateUpTo(location: string, dialect: 'sqlite' | 'postgres', last: string): Promise<Kysely<any>> {
  const db =
    dialect === 'postgres'
      ? new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location, max: 2 }) }) })
      : new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(location) }) });
  const context: MigrationContext = {
    dialect,
    idColumn: <T extends string>(table: CreateTableBuilder<T, never>) =>
      table.addColumn('id', 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
      ),
  };
  const upTo = MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.name === last) + 1);
  const provider = {
    getMigrations: async () => Object.fromEntries(upTo.map((m) => [m.name, { up: (k: Kysely<any>) => m.up(k, context) }])),
  };
  const { error } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error;
  return db;
}

describe.each(DIALECTS)('issue 8 item 4: migration 013 on $name', (dialect) => {
  test('issue 8 item 4: recordings stored before the upgrade get distinct random public ids', async () => {
    const scratch = await dialect.setup();
    try {
      const old = await migrateUpTo(scratch.location, dialect.name, '012-rate-buckets');
      const row = { call_id: 'externalCall.x.1', filename: 'a.mp3', content_type: 'audio/mpeg', size: 1, blob_key: 'k', created_at: 1 };
      await old
        .insertInto('recordings')
        .values([row, { ...row, blob_key: 'k2' }])
        .execute();
      await old.destroy();

      const database = await openDatabase({ location: scratch.location });
      try {
        const ids = (await database.db.selectFrom('recordings').select('public_id').execute()).map((r) => r.public_id);
        expect(ids).toHaveLength(2);
        for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(new Set(ids).size).toBe(2);
        // Unique: a second recording can never answer to the same URL.
        await expect(
          database.db
            .insertInto('recordings')
            .values({ ...row, public_id: ids[0]! })
            .execute(),
        ).rejects.toThrow();
      } finally {
        await database.close();
      }
    } finally {
      await scratch.cleanup();
    }
  });
});
