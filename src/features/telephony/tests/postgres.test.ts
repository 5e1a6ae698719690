import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POSTGRES_ENABLED } from '../../../../test/helpers/databases.js';
import { startPostgresTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok, traces } from '../../../../test/helpers/rest-calls.js';

/** The call lifecycle on PostgreSQL: the same answers, the same single winner of concurrent finishes. */
describe.runIf(POSTGRES_ENABLED)('the call lifecycle on PostgreSQL', () => {
  let t: TestPortal;
  beforeAll(async () => {
    t = await startPostgresTestPortal();
  });
  afterAll(() => t?.close());

  test('E3/E37/F8: register with a new lead → finish → statistics row and activity', async () => {
    const registered = await ok(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '+1 202 555 0147',
      TYPE: 2,
      CRM_CREATE: 1,
      CALL_START_DATE: '2026-03-10 11:19:39',
    });
    const finished = await ok(t, 'telephony.externalCall.finish', { CALL_ID: registered.CALL_ID, USER_ID: 3, DURATION: 95 });
    expect(finished).toMatchObject({
      CALL_STATUS: 1,
      CALL_DURATION: 95,
      PORTAL_USER_ID: 3,
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID: registered.CRM_CREATED_LEAD,
    });
    const [row] = await ok(t, 'voximplant.statistic.get', { FILTER: { CALL_ID: registered.CALL_ID } });
    expect(row).toMatchObject({
      CALL_START_DATE: '2026-03-10T11:19:39+01:00',
      COST: '0.0000',
      CALL_DURATION: '95',
      CRM_ENTITY_ID: String(registered.CRM_CREATED_LEAD),
    });
    const activity = await ok(t, 'crm.activity.get', { id: finished.CRM_ACTIVITY_ID });
    expect(activity).toMatchObject({ OWNER_TYPE_ID: '1', RESPONSIBLE_ID: '3' });
    expect((await ok(t, 'crm.lead.get', { id: registered.CRM_CREATED_LEAD })).ASSIGNED_BY_ID).toBe('3');
  });

  test('E45: concurrent finishes of one call on a pool of connections — exactly one wins', async () => {
    // The demo contact Andrew Johnson has +1 555 0100: the call binds to him (E12, E64).
    const registered = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 (555) 0100', TYPE: 1 });
    const { CALL_ID } = registered;
    expect(registered.CRM_ENTITY_TYPE).toBe('CONTACT');
    const before = await traces(t);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => callApp(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 3 })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400).map((r) => r.body.error)).toEqual(Array(7).fill('ERROR_CORE'));
    const after = await traces(t);
    expect(after.statistics - before.statistics).toBe(1);
    expect(after.activities - before.activities).toBe(1);
  });

  test('E27: a failing finish on PostgreSQL changes nothing and the call stays finishable', async () => {
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '777', TYPE: 2 });
    const before = await traces(t);
    const failed = await callApp(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 999 });
    expect(failed.body.error_description).toBe('User is not found or is not active');
    expect(await traces(t)).toEqual(before);
    await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2 });
  });
});
