import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { multipart } from '../helpers/http.js';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(() => t.close());

const ids = (res: { json: () => any }) => res.json().result.map((u: { ID: string }) => u.ID);

describe('parameters (A7–A11, A23, A26)', () => {
  test('A7/A8: GET query with PHP-style nested keys and lists', async () => {
    const res = await t.portal.app.inject({
      method: 'GET',
      url: `${t.webhookPath}user.get?FILTER[UF_PHONE_INNER]=101&select[]=ID&select[]=NAME`,
    });
    expect(res.json().result).toEqual([{ ID: '2', NAME: 'Anna' }]);
  });

  test('A8: indexed keys USER_ID[0]=..&USER_ID[1]=.. form a list', async () => {
    const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.get?FILTER[ID][0]=2&FILTER[ID][1]=4` });
    expect(ids(res)).toEqual(['2', '4']);
  });

  test('A7: POST form-urlencoded body', async () => {
    const res = await t.portal.app.inject({
      method: 'POST',
      url: `${t.webhookPath}user.get`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'FILTER%5BUF_PHONE_INNER%5D=102&select%5B%5D=ID',
    });
    expect(res.json().result).toEqual([{ ID: '3' }]);
  });

  test('A7: POST multipart/form-data body', async () => {
    const body = multipart([
      ['FILTER[UF_PHONE_INNER]', '103'],
      ['select[]', 'ID'],
      ['select[]', 'UF_PHONE_INNER'],
    ]);
    const res = await t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}user.get`, ...body });
    expect(res.json().result).toEqual([{ ID: '4', UF_PHONE_INNER: '103' }]);
  });

  test('A7: POST JSON body with typed values', async () => {
    const res = await t.portal.app.inject({
      method: 'POST',
      url: `${t.webhookPath}user.get`,
      payload: { FILTER: { ID: [1, 3] }, select: ['ID'] },
    });
    expect(ids(res)).toEqual(['1', '3']);
  });

  test('A10/CLIENTS: "2" and 2 mean the same; all-string input works', async () => {
    const typed = await t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}user.get`, payload: { start: 2, select: ['ID'] } });
    const strings = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.get?start=2&select[]=ID` });
    expect(ids(typed)).toEqual(['3', '4']);
    expect(ids(strings)).toEqual(ids(typed));
  });

  test('A11: query and body are merged; the body wins for the same key', async () => {
    const res = await t.portal.app.inject({
      method: 'POST',
      url: `${t.webhookPath}user.get?select[]=NAME&FILTER[ID]=1`,
      payload: { FILTER: { ID: 2 } },
    });
    expect(res.json().result).toEqual([{ NAME: 'Anna' }]);
  });

  test('A9: an unescaped & ends the value; %26 keeps it', async () => {
    const split = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}method.get?name=user.get&x` });
    expect(split.json().result).toEqual({ isExisting: true, isAvailable: true });
    const kept = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}method.get?name=user.get%26x` });
    expect(kept.json().result).toEqual({ isExisting: false, isAvailable: false });
  });

  test('A23: auth never reaches the method; unknown parameters (bx24_*) are ignored', async () => {
    const res = await t.portal.app.inject({
      method: 'POST',
      url: '/rest/user.get?bx24_request_id=7c1f&bx24_sdk_ver=2.2.0&bx24_sdk_type=b24js',
      payload: { auth: t.demo.app.accessToken, access_token: 'ignored-too', select: ['ID'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(4);
  });

  test('CLIENTS: access_token= is accepted like auth=', async () => {
    const res = await t.portal.app.inject({ method: 'GET', url: `/rest/user.current?access_token=${t.demo.app.accessToken}` });
    expect(res.json().result.ID).toBe('1');
  });

  test('CLIENTS: JSON null means "not given"', async () => {
    const res = await t.portal.app.inject({
      method: 'POST',
      url: `${t.webhookPath}user.get`,
      payload: { FILTER: null, start: null, select: ['ID'] },
    });
    expect(res.json().total).toBe(4);
  });

  test('A8: purely numeric top-level keys and a JSON list body are positional parameters, not errors', async () => {
    const form = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.current?0=123&1[X]=y` });
    expect(form.statusCode).toBe(200);
    const list = await t.portal.app.inject({
      method: 'POST',
      url: `${t.webhookPath}user.current`,
      headers: { 'content-type': 'application/json' },
      payload: '[1, 2]',
    });
    expect(list.statusCode).toBe(200);
  });
});
