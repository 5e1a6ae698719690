import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, expectError, ok } from '../../../../test/helpers/rest-calls.js';

let t: TestPortal;
let callId: string;
let activityId: number;
beforeEach(async () => {
  t = await startTestPortal();
  const registered = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 });
  callId = registered.CALL_ID;
  activityId = (await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 30 })).CRM_ACTIVITY_ID;
});
afterEach(() => t.close());

const ATTACH = 'telephony.call.attachTranscription';
const messages = [
  { SIDE: 'Client', START_TIME: 0, STOP_TIME: 3, MESSAGE: 'Hello, I would like to order.' },
  { SIDE: 'User', START_TIME: 3, STOP_TIME: 6, MESSAGE: 'Sure, what would you like?' },
];

describe('telephony.call.attachTranscription (E66, E67)', () => {
  test('E66: {TRANSCRIPT_ID: int}; the statistics row shows it; E67 reads it back through the activity', async () => {
    const before = (await ok(t, 'voximplant.statistic.get', { FILTER: { CALL_ID: callId } }))[0];
    expect([before.TRANSCRIPT_ID, before.TRANSCRIPT_PENDING]).toEqual([null, 'N']);
    const { TRANSCRIPT_ID } = await ok(t, ATTACH, { CALL_ID: callId, MESSAGES: messages, COST: 0.12, COST_CURRENCY: 'USD' });
    expect(typeof TRANSCRIPT_ID).toBe('number');
    const [row] = await ok(t, 'voximplant.statistic.get', { FILTER: { CALL_ID: callId } });
    expect([row.TRANSCRIPT_ID, row.TRANSCRIPT_PENDING]).toEqual([String(TRANSCRIPT_ID), 'N']);
    expect(await ok(t, 'crm.activity.call.getTranscript', { activityId })).toEqual({
      transcription: 'Client: Hello, I would like to order.\nUser: Sure, what would you like?',
    });
  });

  test('E66: a second transcript replaces the first with a new ID', async () => {
    const first = await ok(t, ATTACH, { CALL_ID: callId, MESSAGES: messages });
    const second = await ok(t, ATTACH, { CALL_ID: callId, MESSAGES: [{ SIDE: 'User', START_TIME: 0, STOP_TIME: 1, MESSAGE: 'Bye' }] });
    expect(second.TRANSCRIPT_ID).not.toBe(first.TRANSCRIPT_ID);
    expect((await ok(t, 'crm.activity.call.getTranscript', { activityId })).transcription).toBe('User: Bye');
  });

  test('E67: null without a transcript; unknown activity → NOT_FOUND "Element not found"', async () => {
    expect(await ok(t, 'crm.activity.call.getTranscript', { activityId })).toBeNull();
    const res = await callApp(t, 'crm.activity.call.getTranscript', { activityId: 999 });
    expect(res.body).toEqual({ error: 'NOT_FOUND', error_description: 'Element not found' });
    expect(res.status).toBe(400);
  });

  test('E66: form-encoded MESSAGES (PHP-style keys) work like JSON', async () => {
    const query =
      'CALL_ID=' +
      encodeURIComponent(callId) +
      '&MESSAGES[0][SIDE]=User&MESSAGES[0][START_TIME]=0&MESSAGES[0][STOP_TIME]=2&MESSAGES[0][MESSAGE]=Hi';
    const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}${ATTACH}?${query}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().result.TRANSCRIPT_ID).toEqual(expect.any(Number));
  });

  const cases: Array<[string, () => Record<string, unknown>, string]> = [
    ['CALL_ID missing', () => ({ MESSAGES: messages }), 'CALL_ID should be set'],
    ['MESSAGES missing', () => ({ CALL_ID: callId }), 'MESSAGES should be an array'],
    ['MESSAGES a string', () => ({ CALL_ID: callId, MESSAGES: 'hello' }), 'MESSAGES should be an array'],
    [
      'a wrong SIDE (case-sensitive)',
      () => ({ CALL_ID: callId, MESSAGES: [messages[0], { ...messages[1], SIDE: 'user' }] }),
      'MESSAGES[1][SIDE] should be either Client or User',
    ],
    [
      'a negative START_TIME',
      () => ({ CALL_ID: callId, MESSAGES: [{ ...messages[0], START_TIME: -1 }] }),
      'MESSAGES[0][START_TIME] should be greater or equal to zero',
    ],
    [
      'STOP_TIME 0',
      () => ({ CALL_ID: callId, MESSAGES: [{ ...messages[0], STOP_TIME: 0 }] }),
      'MESSAGES[0][STOP_TIME] should be greater than zero',
    ],
    ['an empty MESSAGE', () => ({ CALL_ID: callId, MESSAGES: [{ ...messages[0], MESSAGE: '  ' }] }), 'MESSAGES[0][MESSAGE] is empty'],
    [
      'a call that is not finished',
      () => ({ CALL_ID: 'externalCall.nope.1', MESSAGES: messages }),
      'Call externalCall.nope.1 is not found. Is it finished?',
    ],
  ];
  test.each(cases)('E66: %s → ERROR_CORE, nothing stored', async (_name, build, description) => {
    await expectError(t, ATTACH, build(), 400, 'ERROR_CORE', description);
    expect((await ok(t, 'voximplant.statistic.get', { FILTER: { CALL_ID: callId } }))[0].TRANSCRIPT_ID).toBeNull();
  });
});
