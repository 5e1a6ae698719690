import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';

let t: TestPortal;
const callIds: string[] = [];

beforeAll(async () => {
  t = await startTestPortal();
  // 60 finished calls: user 2 takes the even ones, user 3 the odd ones; durations 0..59 seconds.
  for (let i = 0; i < 60; i++) {
    const registered = await ok(t, 'telephony.externalCall.register', {
      USER_ID: i % 2 === 0 ? 2 : 3,
      PHONE_NUMBER: `+4930${String(1000 + i)}`,
      TYPE: i % 3 === 0 ? 1 : 2,
      CALL_START_DATE: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+01:00`,
      EXTERNAL_CALL_ID: `pbx-${i}`,
    });
    callIds.push(registered.CALL_ID);
    await ok(t, 'telephony.externalCall.finish', {
      CALL_ID: registered.CALL_ID,
      USER_ID: i % 2 === 0 ? 2 : 3,
      DURATION: i,
      COST: i / 10,
      COST_CURRENCY: 'EUR',
    });
  }
});
afterAll(() => t.close());

const get = (params: Record<string, unknown>) => callApp(t, 'voximplant.statistic.get', params);

describe('voximplant.statistic.get (F1–F9)', () => {
  test('F6/A13: 50 a page, total always, next only when more rows follow; past the end is []', async () => {
    const first = (await get({})).body;
    expect(first.result).toHaveLength(50);
    expect([first.next, first.total]).toEqual([50, 60]);
    expect(Object.keys(first)).toEqual(['result', 'next', 'total', 'time']);
    const second = (await get({ start: 50 })).body;
    expect(second.result).toHaveLength(10);
    expect(second).not.toHaveProperty('next');
    const past = (await get({ start: 100 })).body;
    expect(past.result).toEqual([]);
    expect(past.total).toBe(60);
  });

  test('F7/F8: key order and string values; RECORD_FILE_ID integer or null; COST with four decimals', async () => {
    const [row] = (await get({ FILTER: { CALL_ID: callIds[7] } })).body.result;
    expect(Object.keys(row)).toEqual([
      'ID',
      'PORTAL_USER_ID',
      'PORTAL_NUMBER',
      'PHONE_NUMBER',
      'CALL_ID',
      'EXTERNAL_CALL_ID',
      'CALL_CATEGORY',
      'CALL_LOG',
      'CALL_DURATION',
      'CALL_START_DATE',
      'CALL_RECORD_URL',
      'CALL_VOTE',
      'COST',
      'COST_CURRENCY',
      'CALL_FAILED_CODE',
      'CALL_FAILED_REASON',
      'CRM_ENTITY_TYPE',
      'CRM_ENTITY_ID',
      'CRM_ACTIVITY_ID',
      'REST_APP_ID',
      'REST_APP_NAME',
      'TRANSCRIPT_ID',
      'TRANSCRIPT_PENDING',
      'SESSION_ID',
      'REDIAL_ATTEMPT',
      'COMMENT',
      'RECORD_DURATION',
      'RECORD_FILE_ID',
      'CALL_TYPE',
    ]);
    expect(row).toMatchObject({
      ID: '8',
      PORTAL_USER_ID: '3',
      PORTAL_NUMBER: `REST_APP:${t.demo.app.id}`,
      PHONE_NUMBER: '+49301007',
      EXTERNAL_CALL_ID: 'pbx-7',
      CALL_CATEGORY: 'external',
      CALL_DURATION: '7',
      CALL_START_DATE: '2026-03-08T10:00:00+01:00',
      CALL_VOTE: null,
      COST: '0.7000',
      COST_CURRENCY: 'EUR',
      CALL_FAILED_CODE: '200',
      TRANSCRIPT_ID: null,
      TRANSCRIPT_PENDING: 'N',
      RECORD_FILE_ID: null,
      REST_APP_ID: String(t.demo.app.id),
      CALL_TYPE: '2',
    });
  });

  test('F3: operators =, !, >=, <, ><, !><, %, ? and lists', async () => {
    const ids = async (filter: Record<string, unknown>) =>
      (await get({ FILTER: filter })).body.result.map((r: { ID: string }) => Number(r.ID));
    expect(await ids({ ID: [1, 7] })).toEqual([1, 7]);
    expect(await ids({ '>=CALL_DURATION': 57 })).toEqual([58, 59, 60]);
    expect(await ids({ '<CALL_DURATION': 2 })).toEqual([1, 2]);
    expect(await ids({ '><CALL_DURATION': [10, 12] })).toEqual([11, 12, 13]);
    expect(await ids({ '!><CALL_DURATION': [2, 57] })).toEqual([1, 2, 59, 60]);
    expect(await ids({ '!ID': [1, 2, 3], '<ID': 6 })).toEqual([4, 5]);
    expect(await ids({ '%EXTERNAL_CALL_ID': '-5', '<ID': 60 })).toEqual([6, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    expect(await ids({ '?PHONE_NUMBER': '1059' })).toEqual([60]);
    expect(await ids({ CALL_FAILED_CODE: '304' })).toEqual([1]);
  });

  test('F3/F4: date filters take ISO 8601; unknown fields are ignored', async () => {
    const body = (await get({ FILTER: { '>=CALL_START_DATE': '2026-03-28T00:00:00+01:00', NO_SUCH: 1 } })).body;
    expect(body.total).toBe(2);
  });

  test('F2/F5: SORT/ORDER in either spelling; CALL_TYPE cannot sort; default ID ascending', async () => {
    const desc = (await get({ SORT: 'CALL_DURATION', ORDER: 'desc' })).body.result.slice(0, 3).map((r: { ID: string }) => r.ID);
    expect(desc).toEqual(['60', '59', '58']);
    const lower = (await get({ sort: 'ID', order: 'DESC' })).body.result[0].ID;
    expect(lower).toBe('60');
    const byType = (await get({ SORT: 'CALL_TYPE', ORDER: 'DESC' })).body.result.slice(0, 2).map((r: { ID: string }) => r.ID);
    expect(byType).toEqual(['1', '2']);
  });

  test('F1: a non-admin sees only their own calls; the admin sees all', async () => {
    const tokens = await t.portal.services.portal.issueTokens(t.demo.app.id, 3);
    const own = await callApp(t, 'voximplant.statistic.get', {}, tokens.accessToken);
    expect(own.body.total).toBe(30);
    expect(new Set(own.body.result.map((r: { PORTAL_USER_ID: string }) => r.PORTAL_USER_ID))).toEqual(new Set(['3']));
    expect((await get({})).body.total).toBe(60);
  });

  test('B10: webhooks may read the statistics (GET with PHP-style keys)', async () => {
    const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}voximplant.statistic.get?FILTER[%3ECALL_DURATION]=58` });
    expect(res.statusCode).toBe(200);
    expect(res.json().result.map((r: { ID: string }) => r.ID)).toEqual(['60']);
  });
});
