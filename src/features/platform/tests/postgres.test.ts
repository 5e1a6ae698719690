import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POSTGRES_ENABLED } from '../../../../test/helpers/databases.js';
import { startPostgresTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callIn } from '../../../../test/helpers/wire-styles.js';

/** Users, notifications and platform methods on PostgreSQL (migration 018): the same answers as on SQLite. */
describe.runIf(POSTGRES_ENABLED)('users, notifications and platform methods on PostgreSQL', () => {
  let t: TestPortal;
  beforeAll(async () => {
    t = await startPostgresTestPortal();
  });
  afterAll(() => t?.close());

  test('app.option.set|get and user.option.set|get overwrite in place', async () => {
    await callIn(t, 'json', 'app.option.set', { options: { a: '1', b: { c: 2 } } });
    await callIn(t, 'form', 'app.option.set', { options: { a: '2' } });
    expect((await callIn(t, 'json', 'app.option.get')).body.result).toEqual({ a: '2', b: { c: 2 } });
    await callIn(t, 'json', 'user.option.set', { options: { a: 'mine' } });
    expect((await callIn(t, 'query', 'user.option.get', { option: 'a' })).body.result).toBe('mine');
  });

  test('placement.bind|get|unbind', async () => {
    await callIn(t, 'json', 'placement.bind', { PLACEMENT: 'CALL_CARD', HANDLER: 'https://pbx.example/card' });
    expect((await callIn(t, 'json', 'placement.get')).body.result).toHaveLength(1);
    expect((await callIn(t, 'json', 'placement.unbind', { PLACEMENT: 'CALL_CARD' })).body.result).toEqual({ count: 2 });
  });

  test('user.add (a taken e-mail in another letter case), user.update, user.search FIND', async () => {
    const added = await callIn(t, 'json', 'user.add', { EMAIL: 'pg.user@corp.test', UF_DEPARTMENT: [1], NAME: 'Greta', WORK_CITY: 'Bonn' });
    expect(typeof added.body.result).toBe('number');
    expect((await callIn(t, 'json', 'user.add', { EMAIL: 'PG.User@corp.test', UF_DEPARTMENT: [1] })).body.error_description).toBe(
      'A user with this email already exists',
    );
    await callIn(t, 'json', 'user.update', { ID: added.body.result, WORK_CITY: 'Köln' });
    const found = await callIn(t, 'json', 'user.search', { FILTER: { FIND: 'GRET' } });
    expect(found.body.result).toHaveLength(1);
    expect(found.body.result[0]).toMatchObject({ NAME: 'Greta', WORK_CITY: 'Köln' });
  });

  test('notifications: personal.add with a tag, read, history search, delete by tag', async () => {
    const anna = { token: (await t.portal.services.portal.issueTokens(t.demo.app.id, 2)).accessToken };
    const id = (await callIn(t, 'json', 'im.notify.personal.add', { USER_ID: 2, MESSAGE: '100% Invoice_1 ready', TAG: 'X' })).body.result;
    await callIn(t, 'json', 'im.notify.read', { ID: id, ONLY_CURRENT: 'Y' }, anna);
    const found = (await callIn(t, 'json', 'im.notify.history.search', { SEARCH_TEXT: '100% invoice_' }, anna)).body.result;
    expect(found.notifications.map((n: { id: number; notify_read: string }) => [n.id, n.notify_read])).toEqual([[id, 'Y']]);
    expect((await callIn(t, 'json', 'im.notify.history.search', { SEARCH_TEXT: 'invoiceX' }, anna)).body.result.total_results).toBe(0);
    expect((await callIn(t, 'json', 'im.notify.delete', { TAG: 'X' })).body.result).toBe(true);
    expect((await callIn(t, 'json', 'im.notify.get', {}, anna)).body.result.total_count).toBe(0);
  });
});
