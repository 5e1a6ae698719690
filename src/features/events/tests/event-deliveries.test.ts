import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { ok } from '../../../../test/helpers/rest-calls.js';
import { EventReceiver, ofEvent } from '../../../../test/helpers/event-receiver.js';
import type { Delivery } from '../event-deliveries.js';
import { DIALECTS } from '../../../../test/helpers/databases.js';

let t: TestPortal;
let receiver: EventReceiver;

async function deliveries(query = ''): Promise<Delivery[]> {
  const res = await t.portal.app.inject({ method: 'GET', url: `/_extcall/events${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { events: Delivery[] }).events;
}

/** Polls until `check` holds of the deliveries listed by `query`. */
async function eventually(query: string, check: (list: Delivery[]) => boolean): Promise<Delivery[]> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const list = await deliveries(query);
    if (check(list)) return list;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no deliveries matching ${query} in time: ${JSON.stringify(await deliveries())}`);
}

// The queue lives in the database: both kinds answer alike.
describe.each(DIALECTS)('event deliveries (/_extcall/events) on $name', ({ setup }) => {
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const database = await setup();
    cleanup = database.cleanup;
    t = await startTestPortal({ allowPrivateEventHandlers: true, database: database.location });
    receiver = await new EventReceiver().listen();
  });
  afterEach(async () => {
    await receiver.close();
    await t.close();
    await cleanup();
  });

  test('a failed delivery shows attempts, last error and next attempt; retry-now delivers it once the receiver recovers', async () => {
    receiver.answer = () => 500;
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
    const callId = (await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0170', TYPE: 2 })).CALL_ID;
    await receiver.waitFor(1, ofEvent('ONVOXIMPLANTCALLINIT'));

    const [failed] = await eventually('?state=failed', (list) => list.length === 1);
    expect(failed).toMatchObject({
      event: 'ONVOXIMPLANTCALLINIT',
      handler: receiver.url,
      application: t.demo.app.id,
      state: 'failed',
      attempts: 1,
      lastError: 'the handler answered HTTP 500',
      gaveUp: false,
      createdAt: '2026-03-10T11:00:00+01:00',
      // The first retry waits a second on the portal's clock, which this test holds still.
      nextAttemptAt: '2026-03-10T11:00:01+01:00',
      deliveredAt: null,
    });
    expect(failed!.payload).toMatchObject({ event: 'ONVOXIMPLANTCALLINIT', auth: '***', data: { CALL_ID: callId } });
    // The application's token never shows.
    const applicationToken = receiver.received[0]!.fields.auth.application_token as string;
    expect(JSON.stringify(await deliveries())).not.toContain(applicationToken);
    expect(await deliveries('?state=delivered')).toEqual([]);
    expect(await deliveries('?state=pending')).toEqual([]);

    receiver.answer = () => 200;
    const retried = await t.portal.app.inject({ method: 'POST', url: `/_extcall/events/${failed!.id}/retry` });
    expect(retried.statusCode).toBe(200);
    expect((retried.json() as { event: Delivery }).event).toMatchObject({ id: failed!.id, nextAttemptAt: '2026-03-10T11:00:00+01:00' });
    await receiver.waitFor(2, ofEvent('ONVOXIMPLANTCALLINIT'));

    const [delivered] = await eventually('?state=delivered', (list) => list.length === 1);
    expect(delivered).toMatchObject({
      id: failed!.id,
      state: 'delivered',
      attempts: 2,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: '2026-03-10T11:00:00+01:00',
    });
    expect(await deliveries('?state=failed')).toEqual([]);
    expect(receiver.received).toHaveLength(2);
  });

  test('filters by event in any case, limit and after', async () => {
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLEND', handler: receiver.url });
    const callId = (await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0171', TYPE: 2 })).CALL_ID;
    await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 5 });
    const all = await eventually('', (list) => list.length === 2 && list.every((d) => d.state === 'delivered'));
    expect(all.map((d) => d.event)).toEqual(['ONVOXIMPLANTCALLINIT', 'ONVOXIMPLANTCALLEND']);
    expect((await deliveries('?event=onVoximplantCallEnd')).map((d) => d.id)).toEqual([all[1]!.id]);
    expect((await deliveries('?limit=1')).map((d) => d.id)).toEqual([all[1]!.id]);
    expect((await deliveries(`?after=${all[0]!.id}`)).map((d) => d.id)).toEqual([all[1]!.id]);
  });

  test('an unknown id and bad query values are refused and change nothing', async () => {
    for (const [method, url, status, description] of [
      ['POST', '/_extcall/events/999/retry', 404, 'No queued event with id 999'],
      ['POST', '/_extcall/events/abc/retry', 404, 'No queued event with id abc'],
      ['GET', '/_extcall/events?state=lost', 400, 'state must be one of: pending, delivered, failed'],
      ['GET', '/_extcall/events?limit=5000', 400, 'limit must be a whole number from 1 to 1000'],
    ] as const) {
      const res = await t.portal.app.inject({ method, url });
      expect(res.statusCode, url).toBe(status);
      expect(res.json()).toEqual({ error: status === 404 ? 'NOT_FOUND' : 'INVALID_REQUEST', error_description: description });
    }
    expect(await deliveries()).toEqual([]);
  });
});
