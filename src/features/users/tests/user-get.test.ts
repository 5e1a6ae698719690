import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
  const users = t.portal.services.users;
  // Users 5..7 next to the demo's 1..4 (Admin 100, Anna 101, Boris 102, Clara 103).
  await users.add({ name: 'Dora', lastName: 'Stein', email: 'dora@corp.test', innerNumber: '104' });
  await users.add({ name: 'Emil', lastName: 'Stein', email: 'emil@corp.test', active: false, innerNumber: '105' });
  await users.add({ name: 'Ivan', lastName: 'Petrov', email: 'ivan@corp.test' });
});
afterAll(() => t.close());

async function userGet(params: Record<string, unknown>) {
  const res = await t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}user.get`, payload: params });
  expect(res.statusCode).toBe(200);
  return res.json() as { result: Array<Record<string, unknown>>; total: number; next?: number };
}
const ids = (body: { result: Array<Record<string, unknown>> }) => body.result.map((u) => u.ID);

describe('user.get filters (I2)', () => {
  test('I2/I6: UF_PHONE_INNER finds the employee behind an extension', async () => {
    const body = await userGet({ FILTER: { UF_PHONE_INNER: '102' } });
    expect(ids(body)).toEqual(['3']);
    expect(body.result[0]).toMatchObject({ NAME: 'Boris', UF_PHONE_INNER: '102' });
  });

  test('I2: ACTIVE true/"Y"/1 keeps only active users; false/"N"/0 only dismissed ones', async () => {
    for (const value of [true, 'Y', 'true', 1]) expect(ids(await userGet({ FILTER: { ACTIVE: value } }))).not.toContain('6');
    for (const value of [false, 'N', 'false', 0]) expect(ids(await userGet({ FILTER: { ACTIVE: value } }))).toEqual(['6']);
  });

  test('I2: an ID list and the @ / !@ prefixes', async () => {
    expect(ids(await userGet({ FILTER: { ID: [2, 4] } }))).toEqual(['2', '4']);
    expect(ids(await userGet({ FILTER: { '@ID': ['2', '3'] } }))).toEqual(['2', '3']);
    expect(ids(await userGet({ FILTER: { '!@ID': [1, 2, 3, 4, 5] } }))).toEqual(['6', '7']);
  });

  test('I2: range prefixes on ID', async () => {
    expect(ids(await userGet({ FILTER: { '>ID': 5 } }))).toEqual(['6', '7']);
    expect(ids(await userGet({ FILTER: { '>=ID': 5, '<ID': 7 } }))).toEqual(['5', '6']);
    expect(ids(await userGet({ FILTER: { '<=ID': '2' } }))).toEqual(['1', '2']);
  });

  test("I2: % contains, !% does not contain, =% and !=% take the client's own wildcards", async () => {
    expect(ids(await userGet({ FILTER: { '%LAST_NAME': 'tei' } }))).toEqual(['5', '6']);
    expect(ids(await userGet({ FILTER: { '!%LAST_NAME': 'tei' } }))).toEqual(['1', '2', '3', '4', '7']);
    expect(ids(await userGet({ FILTER: { '=%NAME': 'D%' } }))).toEqual(['5']);
    expect(ids(await userGet({ FILTER: { '%=NAME': '%a' } }))).toEqual(['2', '4', '5']);
    expect(ids(await userGet({ FILTER: { '!=%NAME': '%a' } }))).toEqual(['1', '3', '6', '7']);
  });

  test('I2: != and ! mean not equal', async () => {
    expect(ids(await userGet({ FILTER: { '!=LAST_NAME': 'Stein', '!NAME': 'Admin' } }))).toEqual(['2', '3', '4', '7']);
  });

  test('I2: the reference example {"filter":{"NAME":"Iv%"}} finds names starting with Iv', async () => {
    expect(ids(await userGet({ filter: { NAME: 'Iv%' } }))).toEqual(['7']);
  });

  test('I2: NAME_SEARCH matches first name, last name or e-mail', async () => {
    expect(ids(await userGet({ FILTER: { NAME_SEARCH: 'stein' } }))).toEqual(['5', '6']);
    expect(ids(await userGet({ FILTER: { NAME_SEARCH: 'ivan@' } }))).toEqual(['7']);
  });

  test('I2: UF_DEPARTMENT matches a member of the department list; USER_TYPE filters by type', async () => {
    expect((await userGet({ FILTER: { UF_DEPARTMENT: 1 } })).total).toBe(7);
    expect((await userGet({ FILTER: { UF_DEPARTMENT: 2 } })).total).toBe(0);
    expect((await userGet({ FILTER: { USER_TYPE: 'employee' } })).total).toBe(7);
    expect((await userGet({ FILTER: { USER_TYPE: 'extranet' } })).total).toBe(0);
  });

  test('I2: date filters read ISO 8601; an unreadable date matches nothing', async () => {
    // The test clock stands at 2026-03-10T10:00:00Z: every user registered then.
    expect((await userGet({ FILTER: { '>=DATE_REGISTER': '2026-03-10T00:00:00+00:00' } })).total).toBe(7);
    expect((await userGet({ FILTER: { '>DATE_REGISTER': '2026-03-11T00:00:00+01:00' } })).total).toBe(0);
    expect((await userGet({ FILTER: { '>DATE_REGISTER': 'yesterday-ish' } })).total).toBe(0);
  });

  test('I2: IS_ONLINE Y lists users active in the last minutes (the caller is)', async () => {
    expect(ids(await userGet({ FILTER: { IS_ONLINE: 'Y' } }))).toEqual(['1']);
    expect(ids(await userGet({ FILTER: { IS_ONLINE: 'N' } }))).not.toContain('1');
  });

  test('I1: filter spelled FILTER or filter, and user fields given at top level', async () => {
    expect(ids(await userGet({ filter: { UF_PHONE_INNER: '101' } }))).toEqual(['2']);
    expect(ids(await userGet({ UF_PHONE_INNER: '103' }))).toEqual(['4']);
    expect(ids(await userGet({ '>ID': 6 }))).toEqual(['7']);
  });

  test('I1/A8: filters through a GET query string with PHP-style keys', async () => {
    const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.get?FILTER[UF_PHONE_INNER]=104&FILTER[%3EID]=1` });
    expect(res.json().result.map((u: { ID: string }) => u.ID)).toEqual(['5']);
  });

  test('unknown filter fields are ignored, not an error', async () => {
    expect((await userGet({ FILTER: { NO_SUCH_FIELD: 'x' } })).total).toBe(7);
  });
});

describe('user.get order, select and paging (I1, I3, I4)', () => {
  test('I3: default order is ID ascending; sort/order and SORT/ORDER both work', async () => {
    expect(ids(await userGet({}))).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(ids(await userGet({ sort: 'ID', order: 'DESC' }))).toEqual(['7', '6', '5', '4', '3', '2', '1']);
    expect(ids(await userGet({ SORT: 'LAST_NAME', ORDER: 'asc' }))).toEqual(['2', '1', '3', '4', '7', '5', '6']);
  });

  test('I4: select with field names and masks; unknown names are skipped silently', async () => {
    const body = await userGet({ FILTER: { ID: 2 }, select: ['ID', 'NAME', 'NOPE'] });
    expect(body.result[0]).toEqual({ ID: '2', NAME: 'Anna' });
    const uf = await userGet({ FILTER: { ID: 2 }, select: ['ID', 'UF_*'] });
    // Every UF_ field of user.add and user.fields that the employee has (UF_TIMEMAN is never set here).
    expect(Object.keys(uf.result[0]!)).toEqual([
      'ID',
      'UF_SKYPE_LINK',
      'UF_ZOOM',
      'UF_EMPLOYMENT_DATE',
      'UF_DEPARTMENT',
      'UF_INTERESTS',
      'UF_SKILLS',
      'UF_WEB_SITES',
      'UF_XING',
      'UF_LINKEDIN',
      'UF_FACEBOOK',
      'UF_TWITTER',
      'UF_SKYPE',
      'UF_DISTRICT',
      'UF_PHONE_INNER',
    ]);
  });

  test('I4: value types: ID string, ACTIVE boolean, UF_DEPARTMENT list of ints, UF_PHONE_INNER string, dates ISO', async () => {
    const [user] = (await userGet({ FILTER: { ID: 3 } })).result;
    expect(user).toMatchObject({ ID: '3', ACTIVE: true, UF_DEPARTMENT: [1], UF_PHONE_INNER: '102' });
    expect(user!.DATE_REGISTER).toBe('2026-03-10T11:00:00+01:00');
    // A user without an inner number has no UF_PHONE_INNER key at all.
    const [ivan] = (await userGet({ FILTER: { ID: 7 } })).result;
    expect(ivan).not.toHaveProperty('UF_PHONE_INNER');
  });

  test('A13/I3: 50 a page with total and next; the last page has no next; start=-1 skips counting', async () => {
    const local = await startTestPortal();
    try {
      for (let i = 0; i < 56; i++) await local.portal.services.users.add({ name: `Bulk${i}` });
      const call = async (payload: Record<string, unknown>) =>
        (await local.portal.app.inject({ method: 'POST', url: `${local.webhookPath}user.get`, payload })).json();
      const first = await call({});
      expect(first.result).toHaveLength(50);
      expect(first.total).toBe(60);
      expect(first.next).toBe(50);
      expect(Object.keys(first)).toEqual(['result', 'next', 'total', 'time']);
      const second = await call({ start: '50' });
      expect(second.result).toHaveLength(10);
      expect(second.result[0].ID).toBe('51');
      expect(second).not.toHaveProperty('next');
      expect(Object.keys(second)).toEqual(['result', 'total', 'time']);
      const uncounted = await call({ start: -1 });
      expect(uncounted.result).toHaveLength(50);
      expect(uncounted.total).toBe(0);
      expect(uncounted).not.toHaveProperty('next');
    } finally {
      await local.close();
    }
  });
});

describe('user.current, user.fields (I5)', () => {
  test("I5: user.current is the webhook owner; with an app token, the token's user", async () => {
    const viaHook = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.current` });
    expect(viaHook.json().result).toMatchObject({ ID: '1', NAME: 'Admin', UF_PHONE_INNER: '100' });
    const tokens = await t.portal.services.portal.issueTokens(t.demo.app.id, 3);
    const viaApp = await t.portal.app.inject({ method: 'GET', url: `/rest/user.current?auth=${tokens.accessToken}` });
    expect(viaApp.json().result).toMatchObject({ ID: '3', NAME: 'Boris' });
  });

  test('I5: user.fields maps UF_PHONE_INNER to "Extension"', async () => {
    const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.fields` });
    expect(res.json().result.UF_PHONE_INNER).toBe('Extension');
  });
});
