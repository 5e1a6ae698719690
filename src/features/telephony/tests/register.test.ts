import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, expectError, ok, traces } from '../../../../test/helpers/rest-calls.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

const REGISTER = 'telephony.externalCall.register';
const base = { USER_ID: 2, PHONE_NUMBER: '+49 30 1234567', TYPE: 2 };

describe('register: answers (E2, E14)', () => {
  test('E2/E14: a new call gets a CALL_ID in the reference format and the exact answer keys', async () => {
    const result = await ok(t, REGISTER, base);
    expect(result.CALL_ID).toMatch(/^externalCall\.[0-9a-f]{32}\.\d+$/);
    expect(Object.keys(result)).toEqual(['CALL_ID', 'CRM_CREATED_LEAD', 'CRM_CREATED_ENTITIES', 'CRM_ENTITY_TYPE', 'CRM_ENTITY_ID']);
    expect(result).toMatchObject({ CRM_CREATED_LEAD: null, CRM_CREATED_ENTITIES: [], CRM_ENTITY_TYPE: null, CRM_ENTITY_ID: null });
  });

  test('E2: the CALL_IDs of calls registered one after another differ and sort by time (the first 12 hex digits)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(String((await ok(t, REGISTER, { ...base, PHONE_NUMBER: `+49 30 123456${i}` })).CALL_ID));
    expect(new Set(ids).size).toBe(ids.length);
    const times = ids.map((id) => id.slice('externalCall.'.length, 'externalCall.'.length + 12));
    expect(times).toEqual([...times].sort());
    const registeredMs = parseInt(times[0]!, 16);
    expect(Math.abs(registeredMs - Date.now())).toBeLessThan(60_000);
  });

  test('E13/E14/I17: CRM_CREATE=1 for an unknown number creates a lead assigned to the registering user', async () => {
    const result = await ok(t, REGISTER, { ...base, CRM_CREATE: 1, CRM_SOURCE: 'WEB' });
    expect(typeof result.CRM_CREATED_LEAD).toBe('number');
    expect(result.CRM_CREATED_ENTITIES).toEqual([{ ENTITY_TYPE: 'LEAD', ENTITY_ID: result.CRM_CREATED_LEAD }]);
    expect(result).toMatchObject({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: result.CRM_CREATED_LEAD });
    const lead = await ok(t, 'crm.lead.get', { id: result.CRM_CREATED_LEAD });
    expect(lead).toMatchObject({ TITLE: '+49 30 1234567 - incoming call', SOURCE_ID: 'WEB', STATUS_ID: 'NEW', ASSIGNED_BY_ID: '2' });
  });

  test('E13: an unknown CRM_SOURCE falls back to CALL', async () => {
    const result = await ok(t, REGISTER, { ...base, CRM_CREATE: 1, CRM_SOURCE: 'NO_SUCH_SOURCE' });
    expect((await ok(t, 'crm.lead.get', { id: result.CRM_CREATED_LEAD })).SOURCE_ID).toBe('CALL');
  });

  test("E13: no lead for an employee's inner number", async () => {
    const result = await ok(t, REGISTER, { ...base, PHONE_NUMBER: '103', CRM_CREATE: 1 });
    expect(result.CRM_CREATED_LEAD).toBeNull();
    expect((await traces(t)).leads).toBe(0);
  });

  test('E12: a known number binds to the existing contact; no lead is created', async () => {
    const contactId = await ok(t, 'crm.contact.add', {
      fields: { NAME: 'Greta', LAST_NAME: 'Lind', PHONE: [{ VALUE: '+49 (30) 123-4567', VALUE_TYPE: 'WORK' }] },
    });
    const result = await ok(t, REGISTER, { ...base, CRM_CREATE: 1 });
    expect(result).toMatchObject({
      CRM_CREATED_LEAD: null,
      CRM_CREATED_ENTITIES: [],
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: contactId,
    });
  });

  test('E12: an explicit CRM_ENTITY_TYPE/ID wins over the number search; a non-existent one is ignored', async () => {
    const companyId = await ok(t, 'crm.company.add', { fields: { TITLE: 'Acme' } });
    const named = await ok(t, REGISTER, { ...base, CRM_ENTITY_TYPE: 'company', CRM_ENTITY_ID: String(companyId) });
    expect(named).toMatchObject({ CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: companyId });
    const missing = await ok(t, REGISTER, { ...base, PHONE_NUMBER: '555', CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 999 });
    expect(missing).toMatchObject({ CRM_ENTITY_TYPE: null, CRM_ENTITY_ID: null });
  });

  test('E18: registering writes no statistics and no activity', async () => {
    await ok(t, REGISTER, { ...base, CRM_CREATE: 1 });
    expect(await traces(t)).toMatchObject({ statistics: 0, activities: 0, activeCalls: 1 });
  });
});

describe('register: users and parameters (E5–E10)', () => {
  test('E6/E7: USER_PHONE_INNER selects the employee; USER_ID wins when both are given', async () => {
    const byInner = await ok(t, REGISTER, { USER_PHONE_INNER: '102', PHONE_NUMBER: '111', TYPE: 1 });
    const both = await ok(t, REGISTER, { USER_ID: 2, USER_PHONE_INNER: '102', PHONE_NUMBER: '111', TYPE: 1 });
    expect(byInner.CALL_ID).not.toBe(both.CALL_ID);
    const rows = await t.portal.database.db.selectFrom('active_calls').select(['call_id', 'user_id']).execute();
    expect(rows.find((r) => r.call_id === byInner.CALL_ID)?.user_id).toBe(3);
    expect(rows.find((r) => r.call_id === both.CALL_ID)?.user_id).toBe(2);
  });

  test('E10: naive local times are read in the portal zone; ISO offsets are honoured', async () => {
    const naive = await ok(t, REGISTER, { ...base, CALL_START_DATE: '2026-03-10 11:19:39.123456' });
    const iso = await ok(t, REGISTER, { ...base, PHONE_NUMBER: '222', CALL_START_DATE: '2026-03-10T11:19:39+03:00' });
    const rows = await t.portal.database.db.selectFrom('active_calls').select(['call_id', 'start_at']).execute();
    // Europe/Berlin is UTC+1 in March.
    expect(rows.find((r) => r.call_id === naive.CALL_ID)?.start_at).toBe(Date.UTC(2026, 2, 10, 10, 19, 39) / 1000);
    expect(rows.find((r) => r.call_id === iso.CALL_ID)?.start_at).toBe(Date.UTC(2026, 2, 10, 8, 19, 39) / 1000);
  });

  test('E4/B9 revised (issue 13): a webhook may register by default', async () => {
    const res = await t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}${REGISTER}`, payload: base });
    expect(res.statusCode).toBe(200);
    expect(res.json().result.CALL_ID).toMatch(/^externalCall\./);
  });

  test('E4/B9 (issue 13): with --app-context-only a webhook is refused', async () => {
    const strict = await startTestPortal({ appContextOnly: true });
    try {
      const res = await strict.portal.app.inject({ method: 'POST', url: `${strict.webhookPath}${REGISTER}`, payload: base });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: 'WRONG_AUTH_TYPE', error_description: 'Current authorization type is denied for this method' });
    } finally {
      await strict.close();
    }
  });

  test('E1/B11: an app without the telephony scope gets insufficient_scope', async () => {
    const { tokens } = await t.portal.services.portal.addApp({ name: 'CRM only', scopes: 'crm' });
    const res = await callApp(t, REGISTER, base, tokens.accessToken);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('insufficient_scope');
  });
});

describe('register: errors write nothing (E6–E11)', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['E6: neither user parameter', { PHONE_NUMBER: '111', TYPE: 2 }, 'USER_ID or USER_PHONE_INNER should be set'],
    ['E9: TYPE missing', { USER_ID: 2, PHONE_NUMBER: '111' }, 'Unknown TYPE'],
    ['E9: TYPE 6', { USER_ID: 2, PHONE_NUMBER: '111', TYPE: 6 }, 'Unknown TYPE'],
    ['E9: TYPE "abc"', { USER_ID: 2, PHONE_NUMBER: '111', TYPE: 'abc' }, 'Unknown TYPE'],
    ['E9: TYPE -1', { USER_ID: 2, PHONE_NUMBER: '111', TYPE: -1 }, 'Unknown TYPE'],
    ['E10: CALL_START_DATE 2026-13-45', { ...base, CALL_START_DATE: '2026-13-45' }, 'CALL_START_DATE should be in the ISO-8601 format.'],
    ['E10: CALL_START_DATE "yesterday"', { ...base, CALL_START_DATE: 'yesterday' }, 'CALL_START_DATE should be in the ISO-8601 format.'],
    ['E10: CALL_START_DATE as a number', { ...base, CALL_START_DATE: 1773130779 }, 'CALL_START_DATE should be in the ISO-8601 format.'],
    ['E8: PHONE_NUMBER missing', { USER_ID: 2, TYPE: 2 }, 'Unsupported phone number format'],
    ['E8: PHONE_NUMBER letters only', { USER_ID: 2, TYPE: 2, PHONE_NUMBER: 'abcdef' }, 'Unsupported phone number format'],
    ['E8: PHONE_NUMBER with letters', { USER_ID: 2, TYPE: 2, PHONE_NUMBER: '+1 555 CALL NOW' }, 'Unsupported phone number format'],
    ['E8: PHONE_NUMBER huge', { USER_ID: 2, TYPE: 2, PHONE_NUMBER: '1'.repeat(10_000) }, 'Unsupported phone number format'],
    ['E8: PHONE_NUMBER as an object', { USER_ID: 2, TYPE: 2, PHONE_NUMBER: { a: 1 } }, 'Unsupported phone number format'],
    ['E7: unknown USER_ID', { ...base, USER_ID: 999 }, 'User is not found or is not active'],
    ['E7: USER_ID "abc"', { ...base, USER_ID: 'abc' }, 'User is not found or is not active'],
    ['E7: unknown USER_PHONE_INNER', { PHONE_NUMBER: '111', TYPE: 2, USER_PHONE_INNER: '999' }, 'User is not found or is not active'],
  ];
  test.each(cases)('%s', async (_name, params, description) => {
    await expectError(t, REGISTER, { CRM_CREATE: 1, ...params }, 400, 'ERROR_CORE', description);
    expect(await traces(t)).toEqual({ statistics: 0, activities: 0, leads: 0, notifications: 0, activeCalls: 0 });
  });

  test('E7: an inactive user is refused', async () => {
    const gone = await t.portal.services.users.add({ name: 'Gone', active: false, innerNumber: '150' });
    await expectError(t, REGISTER, { ...base, USER_ID: gone.id }, 400, 'ERROR_CORE', 'User is not found or is not active');
    await expectError(
      t,
      REGISTER,
      { PHONE_NUMBER: '1', TYPE: 2, USER_PHONE_INNER: '150' },
      400,
      'ERROR_CORE',
      'User is not found or is not active',
    );
  });

  test('E11: check order — the user parameter is checked before TYPE, TYPE before the date, the date before the number', async () => {
    await expectError(
      t,
      REGISTER,
      { TYPE: 9, CALL_START_DATE: 'x', PHONE_NUMBER: 'x' },
      400,
      'ERROR_CORE',
      'USER_ID or USER_PHONE_INNER should be set',
    );
    await expectError(t, REGISTER, { USER_ID: 999, TYPE: 9, CALL_START_DATE: 'x', PHONE_NUMBER: 'x' }, 400, 'ERROR_CORE', 'Unknown TYPE');
    await expectError(
      t,
      REGISTER,
      { USER_ID: 999, TYPE: 1, CALL_START_DATE: 'x', PHONE_NUMBER: 'x' },
      400,
      'ERROR_CORE',
      'CALL_START_DATE should be in the ISO-8601 format.',
    );
    await expectError(t, REGISTER, { USER_ID: 999, TYPE: 1, PHONE_NUMBER: 'x' }, 400, 'ERROR_CORE', 'Unsupported phone number format');
  });
});

describe('register: the 30-minute rule (E15)', () => {
  test('E15: the same app, number, type and user within 30 minutes get the same CALL_ID, nothing new is created', async () => {
    const first = await ok(t, REGISTER, { ...base, CRM_CREATE: 1 });
    t.clock.advanceSeconds(29 * 60);
    const again = await ok(t, REGISTER, { ...base, CRM_CREATE: 1, USER_ID: undefined, USER_PHONE_INNER: '101' });
    expect(again).toEqual({
      CALL_ID: first.CALL_ID,
      CRM_CREATED_LEAD: null,
      CRM_CREATED_ENTITIES: [],
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID: first.CRM_CREATED_LEAD,
    });
    expect(await traces(t)).toMatchObject({ leads: 1, activeCalls: 1 });
  });

  test('E15: after 30 minutes, or with another EXTERNAL_CALL_ID, type, user or line, it is a new call', async () => {
    const first = await ok(t, REGISTER, { ...base, EXTERNAL_CALL_ID: 'pbx-1' });
    // A request without EXTERNAL_CALL_ID does not compare it (E15 c).
    expect((await ok(t, REGISTER, base)).CALL_ID).toBe(first.CALL_ID);
    expect((await ok(t, REGISTER, { ...base, EXTERNAL_CALL_ID: 'pbx-2' })).CALL_ID).not.toBe(first.CALL_ID);
    expect((await ok(t, REGISTER, { ...base, TYPE: 1 })).CALL_ID).not.toBe(first.CALL_ID);
    expect((await ok(t, REGISTER, { ...base, USER_ID: 3 })).CALL_ID).not.toBe(first.CALL_ID);
    expect((await ok(t, REGISTER, { ...base, LINE_NUMBER: '+4930999' })).CALL_ID).not.toBe(first.CALL_ID);
    expect((await ok(t, REGISTER, { ...base, EXTERNAL_CALL_ID: 'pbx-1' })).CALL_ID).toBe(first.CALL_ID);
    t.clock.advanceSeconds(30 * 60 + 1);
    expect((await ok(t, REGISTER, { ...base, EXTERNAL_CALL_ID: 'pbx-1' })).CALL_ID).not.toBe(first.CALL_ID);
  });

  test('E15(a): a finished call is not returned again', async () => {
    const first = await ok(t, REGISTER, base);
    await ok(t, 'telephony.externalCall.finish', { CALL_ID: first.CALL_ID, USER_ID: 2, DURATION: 5 });
    expect((await ok(t, REGISTER, base)).CALL_ID).not.toBe(first.CALL_ID);
  });
});
