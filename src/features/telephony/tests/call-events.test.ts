import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { POSTGRES_ENABLED } from '../../../../test/helpers/databases.js';
import { startPostgresTestPortal, startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';

/** What each call flow writes into the call's history, and who hears that cards changed. */
describe.each([
  { name: 'SQLite', start: () => startTestPortal(), enabled: true },
  { name: 'PostgreSQL', start: () => startPostgresTestPortal(), enabled: POSTGRES_ENABLED },
])('call events on $name', ({ start, enabled }) => {
  let t: TestPortal;
  beforeEach(async () => {
    if (enabled) t = await start();
  });
  afterEach(async () => {
    if (enabled) await t.close();
  });

  const history = async (callId: string) => (await t.portal.storage.callEvents.forCall(callId)).map((e) => [e.kind, e.user_id] as const);

  test.runIf(enabled)("each flow records what the portal did, at the portal's time", async () => {
    const { CALL_ID: callId } = await ok(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '+1 555 0100',
      TYPE: 2,
      SHOW: 0,
    });
    expect(await history(callId)).toEqual([['registered', 2]]);
    // A registration of the same call again with SHOW=1 shows the card; it is no new registration (E15).
    await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2, SHOW: 1 });
    expect(await history(callId)).toEqual([
      ['registered', 2],
      ['card_shown', 2],
    ]);
    // Unknown users are skipped by show; hiding from someone who does not see the card changes nothing.
    await ok(t, 'telephony.externalCall.show', { CALL_ID: callId, USER_ID: [3, 999] });
    await ok(t, 'telephony.externalCall.hide', { CALL_ID: callId, USER_ID: [4] });
    expect((await history(callId)).slice(2)).toEqual([['card_shown', 3]]);
    // Without USER_ID the card closes for everyone who saw it.
    await ok(t, 'telephony.externalCall.hide', { CALL_ID: callId });
    expect((await history(callId)).slice(3)).toEqual([
      ['card_hidden', 2],
      ['card_hidden', 3],
    ]);
    t.clock.advanceSeconds(42);
    await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 3, DURATION: 42 });
    const events = await t.portal.storage.callEvents.forCall(callId);
    const finished = events.at(-1)!;
    expect(finished).toMatchObject({ kind: 'finished', user_id: 3 });
    expect(finished.at).toBe(events[0]!.at + 42);
    expect(JSON.parse(finished.detail!)).toMatchObject({ duration: 42, status: 1, failedCode: '200' });
  });

  test.runIf(enabled)('refused attachments and a rolled-back finish write no event', async () => {
    const { CALL_ID: callId } = await ok(t, 'telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '+1 555 0100',
      TYPE: 2,
      SHOW: 1,
    });
    expect((await callApp(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 999, DURATION: 5 })).status).toBe(400);
    expect(await history(callId)).toEqual([
      ['registered', 2],
      ['card_shown', 2],
    ]);
    await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 5 });
    const notAudio = Buffer.from('plain text, not audio').toString('base64');
    expect(
      (await callApp(t, 'telephony.externalCall.attachRecord', { CALL_ID: callId, FILENAME: 'a.mp3', FILE_CONTENT: notAudio })).status,
    ).toBe(400);
    expect((await history(callId)).map(([kind]) => kind)).toEqual(['registered', 'card_shown', 'card_hidden', 'finished']);
  });

  test.runIf(enabled)(
    'the live view hears of committed register, show, hide and finish, never of a failed one or a rolled-back unit',
    async () => {
      let heard = 0;
      const stop = t.portal.services.liveCards.onChange(() => heard++);
      const { CALL_ID: callId } = await ok(t, 'telephony.externalCall.register', {
        USER_ID: 2,
        PHONE_NUMBER: '+1 555 0100',
        TYPE: 2,
        SHOW: 1,
      });
      expect(heard).toBe(1);
      await ok(t, 'telephony.externalCall.show', { CALL_ID: callId, USER_ID: [3] });
      await ok(t, 'telephony.externalCall.hide', { CALL_ID: callId, USER_ID: [3] });
      expect(heard).toBe(3);
      await callApp(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 999, DURATION: 5 });
      expect(heard).toBe(3);

      // Inside a unit of work that rolls back, the finish it ran is undone and nobody is told.
      const unit = t.portal.storage.holdUnit();
      await unit.run(() => t.portal.services.calls.finish({ ...finishInput(callId) }));
      await unit.rollback();
      expect(heard).toBe(3);
      expect(await t.portal.storage.activeCalls.findByCallId(callId)).toBeDefined();

      await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 5 });
      expect(heard).toBe(4);
      stop();
      await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0111', TYPE: 2 });
      expect(heard).toBe(4);
    },
  );
});

function finishInput(callId: string) {
  return {
    callId,
    user: { userId: 2 },
    duration: 5,
    cost: 0,
    costCurrency: 'USD',
    statusCode: null,
    failedReason: '',
    vote: null,
    addToChat: null,
    recordUrl: null,
  };
}
