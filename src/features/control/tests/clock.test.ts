import { stringify } from 'qs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { EventReceiver } from '../../../../test/helpers/event-receiver.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';

const START = Date.UTC(2026, 2, 10, 10, 0, 0);

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

async function clock(body?: unknown) {
  const res = await t.portal.app.inject(
    body === undefined ? { method: 'GET', url: '/_extcall/clock' } : { method: 'POST', url: '/_extcall/clock', payload: body as object },
  );
  return { status: res.statusCode, body: res.json() };
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the clock routes', () => {
  test('GET /_extcall/clock shows the portal time; advance, set, freeze and restore move it', async () => {
    expect(await clock()).toEqual({ status: 200, body: { now: '2026-03-10T10:00:00.000Z', nowMs: START, frozen: false, offsetMs: 0 } });
    expect((await clock({ advance: '2h' })).body).toMatchObject({ now: '2026-03-10T12:00:00.000Z', offsetMs: 7_200_000 });
    expect((await clock({ advance: 90_000 })).body.nowMs).toBe(START + 7_200_000 + 90_000);
    expect((await clock({ set: '2027-01-01T00:00:00Z' })).body.now).toBe('2027-01-01T00:00:00.000Z');
    expect((await clock({ set: START })).body).toMatchObject({ nowMs: START, offsetMs: 0 });
    expect((await clock({ freeze: true })).body.frozen).toBe(true);
    expect((await clock({ advance: '30s' })).body).toMatchObject({ nowMs: START + 30_000, frozen: true });
    expect((await clock({ freeze: false })).body).toMatchObject({ nowMs: START + 30_000, frozen: false });
    expect((await clock({ restore: true })).body).toEqual({ now: '2026-03-10T10:00:00.000Z', nowMs: START, frozen: false, offsetMs: 0 });
    // The portal object holds the same clock.
    expect(t.portal.clock.nowMs()).toBe(START);
  });

  test.each([
    [{}, 'The clock takes'],
    [[], 'The clock takes'],
    [{ advance: '2h', freeze: true }, 'The clock takes'],
    [{ jump: '2h' }, 'The clock takes'],
    [{ advance: 'soon' }, 'advance: "soon" is not a duration'],
    [{ advance: true }, 'advance: true is not a duration'],
    [{ set: 'tomorrow' }, 'set: "tomorrow" is not a date'],
    [{ set: '2026-03-10T10:00:00' }, 'set: "2026-03-10T10:00:00" is not a date'],
    [{ set: -1 }, 'The clock cannot go before 1970'],
    [{ advance: '-36500d' }, 'The clock cannot go before 1970'],
    [{ freeze: 'yes' }, 'The clock takes'],
    [{ restore: false }, 'The clock takes'],
  ])('a bad body %j answers 400 INVALID_REQUEST and leaves the clock alone', async (body, description) => {
    const res = await clock(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_REQUEST');
    expect(res.body.error_description).toContain(description);
    expect((await clock()).body).toEqual({ now: '2026-03-10T10:00:00.000Z', nowMs: START, frozen: false, offsetMs: 0 });
  });

  test('a body that is not JSON answers 400, never a 5xx', async () => {
    const res = await t.portal.app.inject({
      method: 'POST',
      url: '/_extcall/clock',
      headers: { 'content-type': 'application/json' },
      payload: '{"advance":',
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('everything the portal dates follows its clock', () => {
  test('B2/B4: past its hour the access token answers expired_token; a refresh at /oauth/token/ gives a working pair', async () => {
    expect((await callApp(t, 'profile')).status).toBe(200);
    await clock({ advance: '61m' });
    expect(await callApp(t, 'profile')).toEqual({
      status: 401,
      body: { error: 'expired_token', error_description: 'The access token provided has expired' },
    });
    const refreshed = await t.portal.app.inject({
      method: 'POST',
      url: '/oauth/token/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: stringify({
        grant_type: 'refresh_token',
        client_id: t.demo.app.clientId,
        client_secret: t.demo.app.clientSecret,
        refresh_token: t.demo.app.refreshToken,
      }),
    });
    expect(refreshed.statusCode).toBe(200);
    const pair = refreshed.json();
    // The new pair is dated by the advanced clock: an hour from the portal's now.
    expect(pair.expires).toBe(Math.floor(START / 1000) + 61 * 60 + 3600);
    expect((await callApp(t, 'profile', {}, pair.access_token)).body.result.ID).toBe('1');
  });

  test("E15: a registered call's 30-minute rule follows the clock", async () => {
    const call = { USER_ID: 2, PHONE_NUMBER: '+49 30 1234567', TYPE: 2 };
    const first = await ok(t, 'telephony.externalCall.register', call);
    await clock({ advance: '29m' });
    expect((await ok(t, 'telephony.externalCall.register', call)).CALL_ID).toBe(first.CALL_ID);
    await clock({ advance: '2m' });
    expect((await ok(t, 'telephony.externalCall.register', call)).CALL_ID).not.toBe(first.CALL_ID);
  });

  test('F8: the statistics row and a batch command are dated by the portal clock', async () => {
    // Through the webhook: it does not expire, unlike the demo token once the clock jumps years ahead.
    const hook = async (method: string, params: Record<string, unknown>) => {
      const res = await t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}${method}`, payload: params });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().result;
    };
    await clock({ set: '2030-05-01T08:00:00Z' });
    const { CALL_ID } = await hook('telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+49 30 7654321', TYPE: 1 });
    await hook('telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 10 });
    const [row] = await hook('voximplant.statistic.get', { FILTER: { CALL_ID } });
    expect(new Date(row.CALL_START_DATE).toISOString()).toBe('2030-05-01T08:00:00.000Z');
    const batch = await hook('batch', { cmd: { me: 'profile' } });
    expect(batch.result_time.me.start).toBe(Date.UTC(2030, 4, 1, 8) / 1000);
  });

  test('H2: a failed delivery waits for its backoff on the portal clock; advancing past it makes it due on the next poll', async () => {
    const receiver = await new EventReceiver().listen();
    let calls = 0;
    receiver.answer = () => (++calls === 1 ? 503 : 200);
    try {
      await t.close();
      t = await startTestPortal({ allowPrivateEventHandlers: true });
      await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
      await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 1 });
      const item = async () => (await t.portal.storage.events.all())[0]!;
      await waitUntil(async () => (await item()).attempts === 1);
      expect((await item()).next_attempt_at).toBe(Math.floor(START / 1000) + 1);
      // Real time passes, portal time does not: several polls go by and nothing is sent.
      await new Promise((resolve) => setTimeout(resolve, 1300));
      expect(receiver.received).toHaveLength(1);
      await clock({ advance: '1s' });
      await waitUntil(async () => (await item()).delivered_at !== null);
      expect(receiver.received).toHaveLength(2);
      expect((await item()).attempts).toBe(2);
    } finally {
      await receiver.close();
    }
  });
});
