import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, expectError, ok, traces } from '../../../../test/helpers/rest-calls.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

const REGISTER = 'telephony.externalCall.register';
const FINISH = 'telephony.externalCall.finish';
const NOT_FOUND = 'Call is not found (call should be registered prior to finishing)';

async function register(params: Record<string, unknown> = {}) {
  return ok(t, REGISTER, { USER_ID: 2, PHONE_NUMBER: '+49 30 1234567', TYPE: 2, CRM_CREATE: 1, ...params });
}

describe('finish: the answer (E31–E35, E40, E41)', () => {
  test('E40/E41: keys, order and JSON types of the answer', async () => {
    const { CALL_ID, CRM_CREATED_LEAD } = await register({ CALL_START_DATE: '2026-03-10T11:00:00+01:00' });
    const result = await ok(t, FINISH, { CALL_ID, USER_ID: 2, DURATION: 95, VOTE: 5 });
    expect(Object.keys(result)).toEqual([
      'CALL_ID',
      'EXTERNAL_CALL_ID',
      'PORTAL_USER_ID',
      'PHONE_NUMBER',
      'PORTAL_NUMBER',
      'INCOMING',
      'CALL_DURATION',
      'CALL_START_DATE',
      'CALL_STATUS',
      'CALL_VOTE',
      'COST',
      'COST_CURRENCY',
      'CALL_FAILED_CODE',
      'CALL_FAILED_REASON',
      'REST_APP_ID',
      'REST_APP_NAME',
      'CRM_ACTIVITY_ID',
      'COMMENT',
      'CRM_ENTITY_TYPE',
      'CRM_ENTITY_ID',
      'ID',
    ]);
    expect(result).toEqual({
      CALL_ID,
      EXTERNAL_CALL_ID: null,
      PORTAL_USER_ID: 2,
      PHONE_NUMBER: '+49 30 1234567',
      PORTAL_NUMBER: `REST_APP:${t.demo.app.id}`,
      INCOMING: '2',
      CALL_DURATION: 95,
      CALL_START_DATE: {},
      CALL_STATUS: 1,
      CALL_VOTE: 5,
      COST: 0,
      COST_CURRENCY: '',
      CALL_FAILED_CODE: '200',
      CALL_FAILED_REASON: '',
      REST_APP_ID: String(t.demo.app.id),
      REST_APP_NAME: 'Demo PBX connector',
      CRM_ACTIVITY_ID: expect.any(Number),
      COMMENT: null,
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID: CRM_CREATED_LEAD,
      ID: expect.any(Number),
    });
  });

  test('E31/E32: STATUS_CODE defaults by DURATION; CALL_STATUS is 1 exactly for 200', async () => {
    const cases: Array<[Record<string, unknown>, string, number]> = [
      [{ DURATION: 95 }, '200', 1],
      [{}, '304', 0],
      [{ DURATION: '0' }, '304', 0],
      [{ DURATION: 10, STATUS_CODE: '486' }, '486', 0],
      [{ DURATION: 10, STATUS_CODE: '505' }, '505', 0],
      [{ DURATION: 0, STATUS_CODE: '603-S' }, '603-S', 0],
      [{ DURATION: 0, STATUS_CODE: 200 }, '200', 1],
    ];
    for (const [params, code, status] of cases) {
      const { CALL_ID } = await register({ PHONE_NUMBER: String(Math.random()).slice(2, 12) });
      const result = await ok(t, FINISH, { CALL_ID, USER_ID: 2, ...params });
      expect([result.CALL_FAILED_CODE, result.CALL_STATUS], JSON.stringify(params)).toEqual([code, status]);
    }
  });

  test('E34/E35: negative DURATION and COST become 0; VOTE outside 1-5 is null; COST and currency are kept', async () => {
    const a = await register({ PHONE_NUMBER: '100200' });
    const r1 = await ok(t, FINISH, { CALL_ID: a.CALL_ID, USER_ID: 2, DURATION: -5, COST: -1, VOTE: 9 });
    expect([r1.CALL_DURATION, r1.COST, r1.CALL_VOTE]).toEqual([0, 0, null]);
    const b = await register({ PHONE_NUMBER: '100201' });
    const r2 = await ok(t, FINISH, {
      CALL_ID: b.CALL_ID,
      USER_ID: 2,
      DURATION: '95',
      COST: '1.25',
      COST_CURRENCY: 'EUR',
      VOTE: '3',
      FAILED_REASON: 'Busy here',
    });
    expect([r2.CALL_DURATION, r2.COST, r2.COST_CURRENCY, r2.CALL_VOTE, r2.CALL_FAILED_REASON]).toEqual([95, 1.25, 'EUR', 3, 'Busy here']);
  });

  test('E39: an unbound call creates no activity', async () => {
    const { CALL_ID } = await register({ CRM_CREATE: 0 });
    const result = await ok(t, FINISH, { CALL_ID, USER_ID: 2, DURATION: 5 });
    expect(result).toMatchObject({ CRM_ACTIVITY_ID: null, CRM_ENTITY_TYPE: null, CRM_ENTITY_ID: null });
    expect((await traces(t)).activities).toBe(0);
  });

  test("F9: PORTAL_NUMBER is the call's line", async () => {
    const { CALL_ID } = await register({ LINE_NUMBER: '+4930555' });
    expect((await ok(t, FINISH, { CALL_ID, USER_ID: 2 })).PORTAL_NUMBER).toBe('+4930555');
  });
});

describe('finish: side effects in one transaction (E30, E37, E38, E42)', () => {
  test('E37/E38: statistics row, activity bound to the lead with the catalogued fields, active call removed', async () => {
    const { CALL_ID, CRM_CREATED_LEAD } = await register({ CALL_START_DATE: '2026-03-10T11:00:00+01:00' });
    const result = await ok(t, FINISH, { CALL_ID, USER_ID: 2, DURATION: 95 });
    expect(await traces(t)).toMatchObject({ statistics: 1, activities: 1, activeCalls: 0, notifications: 1 });
    const activity = await ok(t, 'crm.activity.get', { id: result.CRM_ACTIVITY_ID });
    expect(activity).toMatchObject({
      OWNER_TYPE_ID: '1',
      OWNER_ID: String(CRM_CREATED_LEAD),
      TYPE_ID: '2',
      PROVIDER_ID: 'VOXIMPLANT_CALL',
      PROVIDER_TYPE_ID: 'CALL',
      DIRECTION: '1',
      COMPLETED: 'Y',
      STATUS: '2',
      RESPONSIBLE_ID: '2',
      START_TIME: '2026-03-10T11:00:00+01:00',
      END_TIME: '2026-03-10T11:01:35+01:00',
      SUBJECT: 'Incoming call +49 30 1234567 - incoming call',
    });
  });

  test('E30: the finishing user takes over the auto-created lead and gets the statistics row and notification', async () => {
    const { CALL_ID, CRM_CREATED_LEAD } = await register();
    const result = await ok(t, FINISH, { CALL_ID, USER_PHONE_INNER: '103', DURATION: 30 });
    expect(result.PORTAL_USER_ID).toBe(4);
    expect((await ok(t, 'crm.lead.get', { id: CRM_CREATED_LEAD })).ASSIGNED_BY_ID).toBe('4');
    expect((await ok(t, 'crm.activity.get', { id: result.CRM_ACTIVITY_ID })).RESPONSIBLE_ID).toBe('4');
    const rows = await t.portal.database.db.selectFrom('notifications').select('user_id').execute();
    expect(rows).toEqual([{ user_id: 4 }]);
  });

  test('E30: an entity that existed before keeps its responsible user', async () => {
    const contactId = await ok(t, 'crm.contact.add', { fields: { NAME: 'Old', ASSIGNED_BY_ID: 1, PHONE: [{ VALUE: '+49 30 1234567' }] } });
    const { CALL_ID } = await register();
    await ok(t, FINISH, { CALL_ID, USER_ID: 3, DURATION: 30 });
    expect((await ok(t, 'crm.contact.get', { id: contactId })).ASSIGNED_BY_ID).toBe('1');
  });

  test("E42/E21: ADD_TO_CHAT=0 sends no notification; finish without it takes register's value", async () => {
    const a = await register({ PHONE_NUMBER: '300001' });
    await ok(t, FINISH, { CALL_ID: a.CALL_ID, USER_ID: 2, ADD_TO_CHAT: 0 });
    const b = await register({ PHONE_NUMBER: '300002', ADD_TO_CHAT: 0 });
    await ok(t, FINISH, { CALL_ID: b.CALL_ID, USER_ID: 2 });
    const c = await register({ PHONE_NUMBER: '300003' });
    await ok(t, FINISH, { CALL_ID: c.CALL_ID, USER_ID: 2 });
    expect((await traces(t)).notifications).toBe(1);
  });

  test("E36: RECORD_URL is accepted and kept as the row's CALL_RECORD_URL", async () => {
    const { CALL_ID } = await register();
    await ok(t, FINISH, { CALL_ID, USER_ID: 2, RECORD_URL: 'https://pbx.example/rec/1.mp3' });
    const stats = await ok(t, 'voximplant.statistic.get', { FILTER: { CALL_ID } });
    expect(stats[0].CALL_RECORD_URL).toBe('https://pbx.example/rec/1.mp3');
  });
});

describe('finish: errors change nothing (E23–E29, E45)', () => {
  test('E27: a second finish answers "Call is not found" and writes nothing', async () => {
    const { CALL_ID } = await register();
    await ok(t, FINISH, { CALL_ID, USER_ID: 2, DURATION: 10 });
    const before = await traces(t);
    await expectError(t, FINISH, { CALL_ID, USER_ID: 2, DURATION: 10 }, 400, 'ERROR_CORE', NOT_FOUND);
    expect(await traces(t)).toEqual(before);
  });

  test('E45: two concurrent finishes of one call — exactly one wins', async () => {
    const { CALL_ID } = await register();
    const results = await Promise.all([1, 2, 3, 4].map(() => callApp(t, FINISH, { CALL_ID, USER_ID: 2, DURATION: 10 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && r.body.error_description === NOT_FOUND)).toHaveLength(3);
    expect(await traces(t)).toMatchObject({ statistics: 1, activities: 1, notifications: 1 });
  });

  test("E23/B9 revised (issue 13): a webhook may finish an application's call", async () => {
    const { CALL_ID } = await register();
    const res = await t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}${FINISH}`, payload: { CALL_ID, USER_ID: 2 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().result).toMatchObject({ CALL_ID, REST_APP_ID: String(t.demo.app.id), REST_APP_NAME: 'Demo PBX connector' });
  });

  test("F1: a call another application finishes keeps its own application's id and name", async () => {
    const { CALL_ID } = await register();
    const other = await t.portal.services.portal.addApp({ name: 'Second connector', scopes: ['telephony'] });
    const res = await callApp(t, FINISH, { CALL_ID, USER_ID: 2 }, other.tokens.accessToken);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.result).toMatchObject({ CALL_ID, REST_APP_ID: String(t.demo.app.id), REST_APP_NAME: 'Demo PBX connector' });
  });

  const cases: Array<[string, (callId: string) => Record<string, unknown>, number, string, string]> = [
    ['E25: CALL_ID missing', () => ({ USER_ID: 2 }), 400, 'INVALID_ARGUMENT', 'CALL_ID must be a string'],
    ['E25: CALL_ID a number', () => ({ CALL_ID: 12, USER_ID: 2 }), 400, 'INVALID_ARGUMENT', 'CALL_ID must be a string'],
    ['E25: CALL_ID a list', (id) => ({ CALL_ID: [id], USER_ID: 2 }), 400, 'INVALID_ARGUMENT', 'CALL_ID must be a string'],
    ['E25: CALL_ID an object', (id) => ({ CALL_ID: { id }, USER_ID: 2 }), 400, 'INVALID_ARGUMENT', 'CALL_ID must be a string'],
    ['E26: no user parameter', (id) => ({ CALL_ID: id }), 400, 'ERROR_CORE', 'USER_ID or USER_PHONE_INNER should be set'],
    ['E27: empty CALL_ID', () => ({ CALL_ID: '', USER_ID: 2 }), 400, 'ERROR_CORE', NOT_FOUND],
    ['E27: unknown CALL_ID', () => ({ CALL_ID: 'externalCall.0.1', USER_ID: 2 }), 400, 'ERROR_CORE', NOT_FOUND],
    ['E27: a 100 KB CALL_ID', () => ({ CALL_ID: 'x'.repeat(100_000), USER_ID: 2 }), 400, 'ERROR_CORE', NOT_FOUND],
    ['E28: unknown user', (id) => ({ CALL_ID: id, USER_ID: 999 }), 400, 'ERROR_CORE', 'User is not found or is not active'],
    [
      'E28: unknown inner number',
      (id) => ({ CALL_ID: id, USER_PHONE_INNER: '999' }),
      400,
      'ERROR_CORE',
      'User is not found or is not active',
    ],
    ['E29: the call is checked before the user', () => ({ CALL_ID: 'nope', USER_ID: 999 }), 400, 'ERROR_CORE', NOT_FOUND],
    ['E29: CALL_ID type before the user parameter', () => ({ CALL_ID: 5 }), 400, 'INVALID_ARGUMENT', 'CALL_ID must be a string'],
    [
      'STATUS_CODE "<script>"',
      (id) => ({ CALL_ID: id, USER_ID: 2, STATUS_CODE: '<script>' }),
      400,
      'ERROR_CORE',
      'STATUS_CODE must be a call status code such as 200, 304, 486 or 603-S',
    ],
  ];
  test.each(cases)('%s — and the call stays finishable', async (_name, build, status, error, description) => {
    const { CALL_ID } = await register();
    const before = await traces(t);
    await expectError(t, FINISH, build(CALL_ID), status, error, description);
    expect(await traces(t)).toEqual(before);
    await ok(t, FINISH, { CALL_ID, USER_ID: 2 });
  });
});

describe('finish when the database fails (E43, E44)', () => {
  test('E44: the statistics cannot be saved → 500 ERROR_CORE "Unexpected database error"; the call stays registered; a retry then succeeds', async () => {
    const { CALL_ID } = await register();
    const db = t.portal.database.db;
    await sql`ALTER TABLE call_statistics RENAME TO call_statistics_away`.execute(db);
    const failed = await callApp(t, FINISH, { CALL_ID, USER_ID: 2, DURATION: 10 });
    await sql`ALTER TABLE call_statistics_away RENAME TO call_statistics`.execute(db);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: 'ERROR_CORE', error_description: 'Unexpected database error' });
    // Nothing of the finish was kept: no activity, no notification, the call is still active.
    expect(await traces(t)).toMatchObject({ statistics: 0, activities: 0, notifications: 0, activeCalls: 1 });
    // E43: a finish that succeeds has no ERRORS key (nothing non-fatal can go wrong inside one transaction).
    const retried = await ok(t, FINISH, { CALL_ID, USER_ID: 2, DURATION: 10 });
    expect(retried).not.toHaveProperty('ERRORS');
    expect((await traces(t)).statistics).toBe(1);
  });
});
