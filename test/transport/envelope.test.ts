import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(() => t.close());

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe('the success envelope (A13–A15)', () => {
  test('A13/A14: result and a time block with exactly the eight fields and their JSON types', async () => {
    const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.current` });
    const body = res.json();
    expect(Object.keys(body)).toEqual(['result', 'time']);
    expect(Object.keys(body.time)).toEqual([
      'start',
      'finish',
      'duration',
      'processing',
      'date_start',
      'date_finish',
      'operating_reset_at',
      'operating',
    ]);
    for (const key of ['start', 'finish', 'duration', 'processing', 'operating']) expect(typeof body.time[key]).toBe('number');
    expect(Number.isInteger(body.time.operating_reset_at)).toBe(true);
    expect(body.time.finish).toBeGreaterThanOrEqual(body.time.start);
    expect(body.time.duration).toBeCloseTo(body.time.finish - body.time.start, 6);
    expect(body.time.date_start).toMatch(ISO_WITH_OFFSET);
  });

  test('C4: with nothing accumulated, operating is 0 and operating_reset_at is start + 600; then the time adds up', async () => {
    const call = async () => (await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}profile` })).json().time;
    const first = await call();
    expect(first.operating).toBe(0);
    expect(first.operating_reset_at).toBe(Math.floor(first.start) + 600);
    const second = await call();
    expect(second.operating).toBeGreaterThan(0);
    // The window is anchored at the first counted call.
    expect(second.operating_reset_at).toBe(first.operating_reset_at);
  });

  test("A14/A15: date_start carries the portal zone's offset (Europe/Berlin in winter: +01:00)", async () => {
    const { time } = (await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.current` })).json();
    // The test clock stands at 2026-03-10T10:00:00Z.
    expect(time.date_start).toBe('2026-03-10T11:00:00+01:00');
  });

  test('A15: another zone, another offset; UTC prints +00:00, not Z', async () => {
    for (const [zone, expected] of [
      ['Asia/Tokyo', '2026-03-10T19:00:00+09:00'],
      ['UTC', '2026-03-10T10:00:00+00:00'],
      ['America/New_York', '2026-03-10T06:00:00-04:00'],
    ]) {
      const other = await startTestPortal({ timeZone: zone });
      try {
        const { time, result } = (await other.portal.app.inject({ method: 'GET', url: `${other.webhookPath}user.current` })).json();
        expect(time.date_start).toBe(expected);
        expect(result.DATE_REGISTER).toBe(expected);
      } finally {
        await other.close();
      }
    }
  });

  test('A13: a list answer orders result, next, total, time', async () => {
    for (let i = 0; i < 50; i++) await t.portal.services.users.add({ name: `Filler${i}` });
    const body = (await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.get` })).json();
    expect(Object.keys(body)).toEqual(['result', 'next', 'total', 'time']);
    expect(typeof body.next).toBe('number');
    expect(typeof body.total).toBe('number');
  });

  test('A22: result may be any JSON type (here an object of booleans)', async () => {
    const body = (await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}method.get?name=scope` })).json();
    expect(body.result).toEqual({ isExisting: true, isAvailable: true });
  });
});

describe('the error envelope (A16, A17)', () => {
  test('A16: exactly error and error_description; no result, no time', async () => {
    const res = await t.portal.app.inject({ method: 'GET', url: '/rest/user.current' });
    expect(res.json()).toEqual({ error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  test('A20: with --require-https, plain HTTP answers INVALID_REQUEST "Https required" before anything else', async () => {
    const strict = await startTestPortal({ requireHttps: true });
    try {
      const res = await strict.portal.app.inject({ method: 'GET', url: '/rest/no.such.method' });
      expect(res.json()).toEqual({ error: 'INVALID_REQUEST', error_description: 'Https required' });
      expect(res.statusCode).toBe(400);
    } finally {
      await strict.close();
    }
  });
});
