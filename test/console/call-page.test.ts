import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { signInConsole } from '../helpers/console.js';
import { callApp, ok } from '../helpers/rest-calls.js';

/** A tiny but real-looking MP3: an ID3 tag, then frames. */
const MP3 = Buffer.concat([
  Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'),
  Buffer.alloc(10),
  Buffer.from([0xff, 0xfb, 0x90, 0x64]),
  Buffer.alloc(4000, 7),
]);

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

const nameOf = (id: number) => t.demo.users.find((u) => u.id === id)!.name;

/** Register (SHOW=1, user 2) → show to user 3 → hide from 3 → finish → recording → transcript. */
async function fullCall(): Promise<string> {
  const { CALL_ID: callId } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2, SHOW: 1 });
  t.clock.advanceSeconds(5);
  expect(await ok(t, 'telephony.externalCall.show', { CALL_ID: callId, USER_ID: [3] })).toBe(true);
  t.clock.advanceSeconds(5);
  expect(await ok(t, 'telephony.externalCall.hide', { CALL_ID: callId, USER_ID: [3] })).toBe(true);
  t.clock.advanceSeconds(50);
  await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 60 });
  await ok(t, 'telephony.externalCall.attachRecord', { CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: MP3.toString('base64') });
  await ok(t, 'telephony.call.attachTranscription', {
    CALL_ID: callId,
    MESSAGES: [
      { SIDE: 'Client', START_TIME: 0, STOP_TIME: 2, MESSAGE: 'Hello, is this support?' },
      { SIDE: 'User', START_TIME: 2, STOP_TIME: 4, MESSAGE: 'Yes, how can I help?' },
    ],
  });
  return callId;
}

describe('the call page', () => {
  test('shows every step of the call in order, its CRM entity and activity, the recording and the transcript', async () => {
    const callId = await fullCall();
    const admin = await signInConsole(t);
    const page = await admin.get(`/console/calls/${encodeURIComponent(callId)}`);
    expect(page.status).toBe(200);

    const timeline = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(page.body)![1]!;
    const kinds = [...timeline.matchAll(/data-kind="([a-z_]+)"/g)].map((m) => m[1]);
    expect(kinds).toEqual([
      'registered',
      'card_shown',
      'card_shown',
      'card_hidden',
      'card_hidden',
      'finished',
      'recording_attached',
      'transcript_attached',
    ]);
    const steps = [...timeline.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) =>
      m[1]!
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(steps[1]).toContain(`Card shown to ${nameOf(2)}`);
    expect(steps[2]).toContain(`Card shown to ${nameOf(3)}`);
    expect(steps[3]).toContain(`Card hidden from ${nameOf(3)}`);
    expect(steps[4]).toContain(`Card closed for ${nameOf(2)} (call finished)`);
    expect(steps[5]).toContain(`Finished by ${nameOf(2)} after 1:00`);
    expect(timeline).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z">/);

    // The demo contact with this number, linked to its console page, and the call's activity.
    const stats = (await ok(t, 'voximplant.statistic.get', { FILTER: { CALL_ID: callId } }))[0];
    expect(stats.CRM_ENTITY_TYPE).toBe('CONTACT');
    expect(page.body).toContain(`href="/console/crm/contacts/${stats.CRM_ENTITY_ID}"`);
    expect(page.body).toContain('Andrew Johnson');
    expect(page.body).toContain(`<dd>${stats.CRM_ACTIVITY_ID}</dd>`);

    expect(page.body).toContain('Hello, is this support?');
    expect(page.body).toContain('Yes, how can I help?');

    const src = /<audio controls preload="metadata" src="([^"]+)"/.exec(page.body)?.[1];
    expect(src).toBeDefined();
    const url = src!.replace(/&amp;/g, '&');
    expect(url.startsWith('/records/')).toBe(true);
    const ranged = await t.portal.app.inject({ method: 'GET', url, headers: { range: 'bytes=0-99' } });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.headers['content-range']).toBe(`bytes 0-99/${MP3.length}`);
    expect(ranged.rawPayload.equals(MP3.subarray(0, 100))).toBe(true);
  });

  test('an active call shows who sees its card; its history so far', async () => {
    const { CALL_ID: callId } = await ok(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '+1 555 0100',
      TYPE: 2,
      SHOW: 1,
    });
    const page = await (await signInConsole(t)).get(`/console/calls/${encodeURIComponent(callId)}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('in progress');
    expect(page.body).toMatch(new RegExp(`Card shown to</dt>\\s*<dd>${nameOf(2)}</dd>`));
    expect(page.body).toContain('No recording attached.');
  });

  test("an employee opens their own call, not another employee's (404, as for a call that does not exist)", async () => {
    const callId = await fullCall();
    const owner = await signInConsole(t, 2);
    expect((await owner.get(`/console/calls/${encodeURIComponent(callId)}`)).status).toBe(200);
    const other = await signInConsole(t, 4);
    const refused = await other.get(`/console/calls/${encodeURIComponent(callId)}`);
    expect(refused.status).toBe(404);
    expect(refused.body).not.toContain('+1 555 0100');
    expect((await other.get('/console/calls/externalCall.nothing.1')).status).toBe(404);
  });

  test('an active call is visible to whoever its card is shown to, not to other employees', async () => {
    const { CALL_ID: callId } = await ok(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '+1 555 0100',
      TYPE: 2,
      SHOW: 0,
    });
    const path = `/console/calls/${encodeURIComponent(callId)}`;
    const third = await signInConsole(t, 3);
    expect((await third.get(path)).status).toBe(404);
    await ok(t, 'telephony.externalCall.show', { CALL_ID: callId, USER_ID: [3] });
    expect((await third.get(path)).status).toBe(200);
    expect((await (await signInConsole(t, 4)).get(path)).status).toBe(404);
  });

  test('a finish that fails and rolls back writes no event', async () => {
    const { CALL_ID: callId } = await ok(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '+1 555 0100',
      TYPE: 2,
      SHOW: 1,
    });
    // The call is claimed first, then the unknown user fails the finish: all of it rolls back.
    const failed = await callApp(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 999, DURATION: 10 });
    expect(failed.status).toBe(400);
    const page = await (await signInConsole(t)).get(`/console/calls/${encodeURIComponent(callId)}`);
    expect(page.body).toContain('in progress');
    expect([...page.body.matchAll(/data-kind="([a-z_]+)"/g)].map((m) => m[1])).toEqual(['registered', 'card_shown']);
    // Finished properly afterwards, the history goes on from there.
    await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 10 });
    const after = await (await signInConsole(t)).get(`/console/calls/${encodeURIComponent(callId)}`);
    expect([...after.body.matchAll(/data-kind="([a-z_]+)"/g)].map((m) => m[1])).toEqual([
      'registered',
      'card_shown',
      'card_hidden',
      'finished',
    ]);
  });
});
