import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { EventReceiver } from '../helpers/event-receiver.js';
import { startLoggedPortal } from '../hardening/helpers.js';
import { maskedForeignUrl } from '../../src/kernel/masked-url.js';

const SECRET = 'handler-secret-77';

describe('issue 11 item 5: one log line per event delivery attempt', () => {
  const receiver = new EventReceiver();
  let t: Awaited<ReturnType<typeof startLoggedPortal>>;
  beforeAll(async () => {
    await receiver.listen();
    t = await startLoggedPortal({ allowPrivateEventHandlers: true });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  test('a failed attempt and the delivery after it: handler masked, HTTP status, reason, next attempt; metrics count both', async () => {
    let calls = 0;
    receiver.answer = () => (++calls === 1 ? 500 : 200);
    const bind = await t.portal.app.inject({
      method: 'POST',
      url: '/rest/event.bind',
      payload: { event: 'ONVOXIMPLANTCALLINIT', handler: `${receiver.url}?secret=${SECRET}`, auth: t.demo.app.accessToken },
    });
    expect(bind.statusCode).toBe(200);
    const registered = await t.portal.app.inject({
      method: 'POST',
      url: '/rest/telephony.externalCall.register',
      payload: { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 1, auth: t.demo.app.accessToken },
    });
    expect(registered.statusCode).toBe(200);

    const attemptLines = () =>
      t.logs.lines.map((line) => JSON.parse(line) as Record<string, any>).filter((line) => line.event === 'ONVOXIMPLANTCALLINIT');
    await vi.waitFor(() => expect(attemptLines()).toHaveLength(1), { timeout: 5000, interval: 50 });
    // The portal's clock dates the backoff: move it past the first wait (1 s).
    t.clock.advanceSeconds(2);
    await vi.waitFor(() => expect(attemptLines()).toHaveLength(2), { timeout: 5000, interval: 50 });

    const [failed, delivered] = attemptLines();
    const handler = `http://127.0.0.1:${receiver.port}/handler?secret=***`;
    expect(failed).toMatchObject({ level: 30, msg: 'event delivery failed: will retry', handler, attempt: 1, httpStatus: 500 });
    expect(typeof failed!.reason).toBe('string');
    expect(new Date(failed!.nextAttemptAt).getTime()).toBe(Date.UTC(2026, 2, 10, 10, 0, 1));
    expect(delivered).toMatchObject({ level: 30, msg: 'event delivered', handler, attempt: 2, httpStatus: 200, nextAttemptAt: null });
    expect(t.logs.text()).not.toContain(SECRET);

    const scraped = (await t.portal.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(scraped).toMatch(/^extcall_event_deliveries_total 1$/m);
    expect(scraped).toMatch(/^extcall_event_delivery_failures_total\{given_up="false"\} 1$/m);
  });

  test('handler URLs lose user info, query values and key-like path segments', () => {
    expect(maskedForeignUrl('https://user:pw@hooks.example.com/a/b?x=1&token=2')).toBe('https://***@hooks.example.com/a/b?x=***&token=***');
    expect(maskedForeignUrl('https://hooks.example.com/T0001/B0002/XyZ123abcDEF456ghi')).toBe('https://hooks.example.com/T0001/B0002/***');
    expect(maskedForeignUrl('not a url')).toBe('***');
  });
});
