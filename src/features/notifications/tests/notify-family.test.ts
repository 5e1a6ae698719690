import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callIn, WIRE_STYLES, type Credential } from '../../../../test/helpers/wire-styles.js';

let t: TestPortal;
/** Anna (user 2), not an administrator, through the demo application. */
let anna: Credential;
beforeEach(async () => {
  t = await startTestPortal();
  anna = { token: (await t.portal.services.portal.issueTokens(t.demo.app.id, 2)).accessToken };
});
afterEach(() => t.close());

async function notifications(credential: Credential = anna) {
  return (await callIn(t, 'json', 'im.notify.get', {}, credential)).body.result as {
    total_count: number;
    total_unread_count: number;
    notifications: Array<Record<string, any>>;
    users: Array<Record<string, any>>;
  };
}

describe('im.notify.personal.add (im.notify.personal.add page)', () => {
  test.each(WIRE_STYLES)(
    'a notification from the caller: result = its ID, read back by im.notify.get with its author (%s)',
    async (style) => {
      const { status, body } = await callIn(
        t,
        style,
        'im.notify.personal.add',
        { USER_ID: 2, MESSAGE: '  Call me back  ', TAG: 'CB|1' },
        'webhook',
      );
      expect(status).toBe(200);
      expect(typeof body.result).toBe('number');
      const got = await notifications();
      expect(got.notifications).toHaveLength(1);
      expect(got.notifications[0]).toMatchObject({
        id: body.result,
        author_id: 1,
        notify_type: 2,
        notify_module: 'rest',
        notify_event: 'rest_notify',
        notify_tag: 'CB|1',
        text: 'Call me back',
        notify_read: 'N',
      });
      expect(got.users).toHaveLength(1);
      expect(got.users[0]).toMatchObject({ id: 1, name: 'Admin Demo', first_name: 'Admin', last_name: 'Demo', active: true, type: 'user' });
      expect(got.users[0]!.phones).toEqual({ inner_phone: '100' });
    },
  );

  test("a TAG replaces the recipient's earlier notification of the same application with that tag", async () => {
    const first = (await callIn(t, 'json', 'im.notify.personal.add', { USER_ID: 2, MESSAGE: 'one', TAG: 'T' })).body.result;
    const second = (await callIn(t, 'json', 'im.notify.personal.add', { USER_ID: 2, MESSAGE: 'two', TAG: 'T' })).body.result;
    expect((await notifications()).notifications.map((n) => n.id)).toEqual([second]);
    expect(second).not.toBe(first);
  });

  test('errors: USER_ID_EMPTY, MESSAGE_EMPTY, ATTACH_ERROR, ATTACH_OVERSIZE — nothing is written', async () => {
    const refused = async (params: Record<string, unknown>, error: string, description: string) =>
      expect(await callIn(t, 'json', 'im.notify.personal.add', params)).toEqual({
        status: 400,
        body: { error, error_description: description },
      });
    await refused({ MESSAGE: 'x' }, 'USER_ID_EMPTY', "User ID can't be empty");
    await refused({ USER_ID: 0, MESSAGE: 'x' }, 'USER_ID_EMPTY', "User ID can't be empty");
    await refused({ USER_ID: 2, MESSAGE: '   ' }, 'MESSAGE_EMPTY', "Message can't be empty");
    await refused({ USER_ID: 2, MESSAGE: 'x', ATTACH: '{not json' }, 'ATTACH_ERROR', 'Incorrect attach params');
    await refused(
      { USER_ID: 2, MESSAGE: 'x', ATTACH: [{ MESSAGE: 'y'.repeat(60_001) }] },
      'ATTACH_OVERSIZE',
      'You have exceeded the maximum allowable size of attach',
    );
    expect((await notifications()).total_count).toBe(0);
    expect((await callIn(t, 'json', 'im.notify.personal.add', { USER_ID: 2, MESSAGE: 'x', ATTACH: [{ MESSAGE: 'ok' }] })).status).toBe(200);
  });
});

describe('im.notify.read, read.list, read.all (their pages)', () => {
  async function three() {
    const ids: number[] = [];
    for (const text of ['a', 'b', 'c'])
      ids.push((await callIn(t, 'json', 'im.notify.system.add', { USER_ID: 2, MESSAGE: text })).body.result);
    return ids as [number, number, number];
  }
  const readFlags = async () => Object.fromEntries((await notifications()).notifications.map((n) => [n.id, n.notify_read]));

  test.each(WIRE_STYLES)(
    'read one (ONLY_CURRENT=Y), every one from an ID up, unread again; no ID → true, nothing changes (%s)',
    async (style) => {
      const [a, b, c] = await three();
      expect((await callIn(t, style, 'im.notify.read', { ID: b, ONLY_CURRENT: 'Y' }, anna)).body.result).toBe(true);
      expect(await readFlags()).toEqual({ [a]: 'N', [b]: 'Y', [c]: 'N' });
      await callIn(t, style, 'im.notify.read', { ID: b }, anna);
      expect(await readFlags()).toEqual({ [a]: 'N', [b]: 'Y', [c]: 'Y' });
      await callIn(t, style, 'im.notify.read', { ID: c, ACTION: 'N', ONLY_CURRENT: 'Y' }, anna);
      expect(await readFlags()).toEqual({ [a]: 'N', [b]: 'Y', [c]: 'N' });
      expect((await callIn(t, style, 'im.notify.read', {}, anna)).body.result).toBe(true);
      expect((await notifications()).total_unread_count).toBe(2);
    },
  );

  test('read.list stops at the first ID that is not positive; ACTION other than Y unreads; no IDS → PARAMS_ERROR', async () => {
    const [a, b, c] = await three();
    expect((await callIn(t, 'form', 'im.notify.read.list', { IDS: [a, 0, c] }, anna)).body.result).toBe(true);
    expect(await readFlags()).toEqual({ [a]: 'Y', [b]: 'N', [c]: 'N' });
    await callIn(t, 'json', 'im.notify.read.list', { IDS: [a], ACTION: 'x' }, anna);
    expect(await readFlags()).toEqual({ [a]: 'N', [b]: 'N', [c]: 'N' });
    expect(await callIn(t, 'json', 'im.notify.read.list', { IDS: 5 }, anna)).toEqual({
      status: 400,
      body: { error: 'PARAMS_ERROR', error_description: 'No IDS param or it is not an array' },
    });
  });

  test("read.all: everything read, the counter after it; another user's notifications are untouched", async () => {
    await three();
    await callIn(t, 'json', 'im.notify.system.add', { USER_ID: 3, MESSAGE: 'for Boris' });
    expect((await callIn(t, 'query', 'im.notify.read.all', {}, anna)).body.result).toEqual({ result: true, newCounter: 0 });
    expect((await notifications()).total_unread_count).toBe(0);
    const boris = { token: (await t.portal.services.portal.issueTokens(t.demo.app.id, 3)).accessToken };
    expect((await notifications(boris)).total_unread_count).toBe(1);
  });
});

describe('im.notify.delete (im.notify.delete page)', () => {
  test.each(WIRE_STYLES)('by ID; by TAG and SUB_TAG of the calling application only (%s)', async (style) => {
    const id = (await callIn(t, style, 'im.notify.personal.add', { USER_ID: 2, MESSAGE: 'x' })).body.result;
    expect((await callIn(t, style, 'im.notify.delete', { ID: id }, anna)).body.result).toBe(true);
    expect((await notifications()).total_count).toBe(0);

    await callIn(t, style, 'im.notify.personal.add', { USER_ID: 2, MESSAGE: 'tagged', TAG: 'T1', SUB_TAG: 'S1' });
    await callIn(t, style, 'im.notify.personal.add', { USER_ID: 2, MESSAGE: 'webhook', TAG: 'T1', CLIENT_ID: 'pbx' }, 'webhook');
    expect((await callIn(t, style, 'im.notify.delete', { SUB_TAG: 'S1' })).body.result).toBe(true);
    expect((await notifications()).notifications.map((n) => n.text)).toEqual(['webhook']);
    expect((await callIn(t, style, 'im.notify.delete', { TAG: 'T1', CLIENT_ID: 'pbx' }, 'webhook')).body.result).toBe(true);
    expect((await notifications()).total_count).toBe(0);
  });

  test("errors: nothing to delete by → PARAMS_ERROR; a webhook deleting by TAG without CLIENT_ID → ACCESS_DENIED; someone else's → false", async () => {
    expect(await callIn(t, 'json', 'im.notify.delete', {})).toEqual({
      status: 400,
      body: { error: 'PARAMS_ERROR', error_description: 'Incorrect params' },
    });
    expect(await callIn(t, 'json', 'im.notify.delete', { TAG: 'T' }, 'webhook')).toEqual({
      status: 403,
      body: { error: 'ACCESS_DENIED', error_description: 'Access denied! Client ID not specified' },
    });
    const id = (await callIn(t, 'json', 'im.notify.system.add', { USER_ID: 3, MESSAGE: 'for Boris' })).body.result;
    expect((await callIn(t, 'json', 'im.notify.delete', { ID: id }, anna)).body.result).toBe(false);
  });
});

describe('im.notify.history.search, im.notify.schema.get (their pages)', () => {
  test.each(WIRE_STYLES)('by text, type and author, newest first; total_results on the first page only (%s)', async (style) => {
    await callIn(t, 'json', 'im.notify.personal.add', { USER_ID: 2, MESSAGE: 'Invoice 1 is ready' }, 'webhook');
    await callIn(t, 'json', 'im.notify.system.add', { USER_ID: 2, MESSAGE: 'Invoice 2 is ready' });
    await callIn(t, 'json', 'im.notify.system.add', { USER_ID: 2, MESSAGE: 'Something else' });
    const found = (await callIn(t, style, 'im.notify.history.search', { SEARCH_TEXT: 'invoice' }, anna)).body.result;
    expect(found).toMatchObject({ chat_id: 2, total_results: 2 });
    expect(found.notifications.map((n: { text: string }) => n.text)).toEqual(['Invoice 2 is ready', 'Invoice 1 is ready']);
    expect(found.users.map((u: { id: number }) => u.id)).toEqual([1]);
    const byAuthor = (await callIn(t, style, 'im.notify.history.search', { SEARCH_AUTHORS: [1] }, anna)).body.result;
    expect(byAuthor.notifications.map((n: { text: string }) => n.text)).toEqual(['Invoice 1 is ready']);
    const page2 = (
      await callIn(t, style, 'im.notify.history.search', { SEARCH_TYPE: 'rest', LIMIT: 2, LAST_ID: found.notifications[0].id }, anna)
    ).body.result;
    expect(page2.total_results).toBeUndefined();
    expect(page2.notifications.map((n: { text: string }) => n.text)).toEqual(['Invoice 1 is ready']);
    expect(
      (await callIn(t, style, 'im.notify.history.search', { SEARCH_TYPE: 'voximplant|default' }, anna)).body.result.notifications,
    ).toEqual([]);
  });

  test('errors: SEARCH_TEXT shorter than 3 with nothing else; a LAST_ID that is not a number', async () => {
    expect(await callIn(t, 'json', 'im.notify.history.search', { SEARCH_TEXT: 'ab' }, anna)).toEqual({
      status: 400,
      body: { error: 'SEARCH_TEXT_ERROR', error_description: "SEARCH_TEXT can't be less than 3 symbols" },
    });
    expect(await callIn(t, 'json', 'im.notify.history.search', { SEARCH_TEXT: 'abc', LAST_ID: 'x' }, anna)).toEqual({
      status: 400,
      body: { error: 'LAST_ID_STRING', error_description: "Last notification ID can't be string" },
    });
    expect((await callIn(t, 'json', 'im.notify.history.search', { SEARCH_DATE: '2026-03-10' }, anna)).status).toBe(200);
  });

  test('schema.get lists the types this portal sends, keyed by module', async () => {
    const { body } = await callIn(t, 'query', 'im.notify.schema.get', {}, 'webhook');
    expect(body.result.rest).toEqual({
      NAME: 'Applications',
      MODULE_ID: 'rest',
      LIST: [{ ID: 'rest|rest_notify', NAME: 'Application notifications' }],
    });
    expect(body.result.voximplant.LIST[0].ID).toBe('voximplant|default');
  });
});

describe('im.notify.answer, im.notify.confirm (their pages)', () => {
  test.each(WIRE_STYLES)('an answer marks the notification read; no handler here, so result_message is false (%s)', async (style) => {
    const id = (await callIn(t, 'json', 'im.notify.system.add', { USER_ID: 2, MESSAGE: 'Accept the shift?' })).body.result;
    expect((await callIn(t, style, 'im.notify.answer', { NOTIFY_ID: id, ANSWER_TEXT: 'Yes' }, anna)).body.result).toEqual({
      result_message: false,
    });
    expect((await notifications()).notifications[0]!.notify_read).toBe('Y');
    expect((await callIn(t, style, 'im.notify.confirm', { NOTIFY_ID: id, NOTIFY_VALUE: 'Y' }, anna)).body.result).toEqual({
      result_message: false,
    });
  });

  test('errors: ID_ERROR, ANSWER_TEXT_ERROR, NOTIFY_VALUE_ERROR', async () => {
    expect(await callIn(t, 'json', 'im.notify.answer', { ANSWER_TEXT: 'x' }, anna)).toEqual({
      status: 400,
      body: { error: 'ID_ERROR', error_description: "Notification ID can't be empty" },
    });
    expect(await callIn(t, 'json', 'im.notify.answer', { NOTIFY_ID: 1 }, anna)).toEqual({
      status: 400,
      body: { error: 'ANSWER_TEXT_ERROR', error_description: "ANSWER_TEXT can't be empty" },
    });
    expect(await callIn(t, 'json', 'im.notify.confirm', { NOTIFY_ID: 1, NOTIFY_VALUE: '' }, anna)).toEqual({
      status: 400,
      body: { error: 'NOTIFY_VALUE_ERROR', error_description: "Notification Value can't be empty" },
    });
  });
});

describe('the call-finished notification (E42) is one of them', () => {
  test('E42: finish notifies; the same read, search and delete methods work on it', async () => {
    const { body } = await callIn(t, 'json', 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+4930555123', TYPE: 2 });
    await callIn(t, 'json', 'telephony.externalCall.finish', { CALL_ID: body.result.CALL_ID, USER_ID: 2, DURATION: 30 });
    const [call] = (await notifications()).notifications;
    expect(call).toMatchObject({ notify_module: 'voximplant', notify_read: 'N', author_id: 0 });
    const found = (await callIn(t, 'json', 'im.notify.history.search', { SEARCH_TYPE: 'voximplant' }, anna)).body.result;
    expect(found.notifications.map((n: { id: number }) => n.id)).toEqual([call!.id]);
    expect(found.users).toEqual([]);
    await callIn(t, 'json', 'im.notify.read', { ID: call!.id, ONLY_CURRENT: 'Y' }, anna);
    expect((await notifications()).total_unread_count).toBe(0);
    expect((await callIn(t, 'json', 'im.notify.delete', { ID: call!.id }, anna)).body.result).toBe(true);
    expect((await notifications()).total_count).toBe(0);
  });
});
