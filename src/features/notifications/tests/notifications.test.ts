import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
  for (let i = 0; i < 55; i++) {
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 1, PHONE_NUMBER: `+4930${1000 + i}`, TYPE: 2 });
    await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 1, DURATION: i % 2 === 0 ? 0 : 75 });
  }
});
afterAll(() => t.close());

describe('im.notify.get (I19, E42)', () => {
  test('I19: the answer shape; newest first; 50 a page at most', async () => {
    const result = await ok(t, 'im.notify.get');
    expect(Object.keys(result)).toEqual(['total_count', 'total_unread_count', 'chat_id', 'notifications', 'users']);
    expect([result.total_count, result.total_unread_count, result.notifications.length]).toEqual([55, 55, 50]);
    const [newest] = result.notifications;
    expect(Object.keys(newest)).toEqual([
      'id',
      'chat_id',
      'author_id',
      'date',
      'notify_type',
      'notify_module',
      'notify_event',
      'notify_tag',
      'notify_sub_tag',
      'notify_title',
      'setting_name',
      'text',
      'notify_read',
      'params',
    ]);
    expect(newest).toMatchObject({ author_id: 0, notify_module: 'voximplant', notify_read: 'N', date: '2026-03-10T11:00:00+01:00' });
    expect(newest.text).toBe('Incoming call from +49301054 not answered (code 304).');
    expect(result.notifications[1].text).toBe('Incoming call from +49301053 lasted 1 min 15 s.');
    expect(result.notifications[0].id).toBeGreaterThan(result.notifications[1].id);
  });

  test('I19: LAST_ID + LAST_TYPE page on; LIMIT caps the page; one without the other is an error', async () => {
    const first = await ok(t, 'im.notify.get', { LIMIT: 20 });
    expect(first.notifications).toHaveLength(20);
    const next = await ok(t, 'im.notify.get', { LAST_ID: first.notifications[19].id, LAST_TYPE: 3, LIMIT: 50 });
    expect(next.notifications).toHaveLength(35);
    expect(next.notifications[0].id).toBe(first.notifications[19].id - 1);
    const res = await callApp(t, 'im.notify.get', { LAST_ID: 5 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'LAST_ID_AND_LAST_TYPE',
      error_description: 'Parameters LAST_ID and LAST_TYPE should be used together.',
    });
  });

  test('E42: each user reads only their own notifications', async () => {
    const tokens = await t.portal.services.portal.issueTokens(t.demo.app.id, 2);
    const other = await callApp(t, 'im.notify.get', {}, tokens.accessToken);
    expect(other.body.result.total_count).toBe(0);
  });
});

describe('im.notify and im.notify.system.add (I18)', () => {
  test('I18: a system notification and a personal one reach the user; the result is the new ID', async () => {
    const systemId = await ok(t, 'im.notify.system.add', { USER_ID: 3, MESSAGE: '  Call back the client  ', TAG: 'CB|1' });
    expect(typeof systemId).toBe('number');
    const personalId = await ok(t, 'im.notify', { to: 3, message: 'From the admin' });
    expect(personalId).toBeGreaterThan(systemId);
    const boris = (await t.portal.services.portal.issueTokens(t.demo.app.id, 3)).accessToken;
    const seen = (await callApp(t, 'im.notify.get', {}, boris)).body.result.notifications;
    expect(seen[0]).toMatchObject({ id: personalId, author_id: 1, text: 'From the admin' });
    expect(seen[1]).toMatchObject({ id: systemId, author_id: 0, text: 'Call back the client', notify_tag: 'CB|1' });
  });

  test('I18: USER_ID_EMPTY and MESSAGE_EMPTY; nothing is written', async () => {
    const before = (await ok(t, 'im.notify.get')).total_count;
    expect((await callApp(t, 'im.notify.system.add', { MESSAGE: 'x' })).body).toEqual({
      error: 'USER_ID_EMPTY',
      error_description: "User ID can't be empty",
    });
    expect((await callApp(t, 'im.notify', { USER_ID: 1, MESSAGE: '   ' })).body).toEqual({
      error: 'MESSAGE_EMPTY',
      error_description: "Message can't be empty",
    });
    expect((await callApp(t, 'im.notify.system.add', { USER_ID: 99, MESSAGE: 'x' })).status).toBe(400);
    expect((await ok(t, 'im.notify.get')).total_count).toBe(before);
  });
});
