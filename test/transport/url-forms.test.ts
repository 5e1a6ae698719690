import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { expectError } from '../helpers/http.js';

let t: TestPortal;
let token: string;
beforeAll(async () => {
  t = await startTestPortal();
  token = t.demo.app.accessToken;
});
afterAll(() => t.close());

const get = (url: string) => t.portal.app.inject({ method: 'GET', url });

describe('URL forms (A1–A6)', () => {
  test('A1: /rest/<method> with an application token; .json gives the same answer', async () => {
    const plain = await get(`/rest/user.current?auth=${token}`);
    const json = await get(`/rest/user.current.json?auth=${token}`);
    expect(plain.statusCode).toBe(200);
    expect(json.json().result).toEqual(plain.json().result);
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  test('A2: /rest/<userId>/<code>/<method>, with .json and .xml suffixes', async () => {
    expect((await get(`${t.webhookPath}user.current`)).json().result.ID).toBe('1');
    expect((await get(`${t.webhookPath}user.current.json`)).json().result.ID).toBe('1');
    const xml = await get(`${t.webhookPath}user.current.xml`);
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<response><result><ID>1<\/ID>/);
  });

  test('A3: a trailing slash after the method on every form', async () => {
    expect((await get(`/rest/user.current/?auth=${token}`)).statusCode).toBe(200);
    expect((await get(`${t.webhookPath}user.current/`)).statusCode).toBe(200);
    expect((await get(`${t.webhookPath}user.current.json/`)).statusCode).toBe(200);
  });

  test('A1/CLIENTS: /rest//<method> (b24jssdk joins client_endpoint and /method)', async () => {
    const res = await t.portal.app.inject({ method: 'POST', url: '/rest//user.current', payload: { auth: token } });
    expect(res.statusCode).toBe(200);
    expect(res.json().result.ID).toBe('1');
  });

  test('A4: errors in XML form too', async () => {
    const res = await get('/rest/user.current.xml');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(res.body).toContain('<error>NO_AUTH_FOUND</error><error_description>Wrong authorization data</error_description>');
  });

  test('A4: lists are repeated <item> elements, null an empty element', async () => {
    const res = await get(`${t.webhookPath}app.info.xml`);
    expect(res.body).toContain('<SCOPE><item>telephony</item>');
    const list = await get(`${t.webhookPath}user.get.xml?FILTER[ID]=1&select[]=ID&select[]=UF_DEPARTMENT`);
    expect(list.body).toContain('<result><item><ID>1</ID><UF_DEPARTMENT><item>1</item></UF_DEPARTMENT></item></result><total>1</total>');
  });

  test('A5: method names in any letter case, also for the webhook form', async () => {
    expect((await get(`/rest/USER.CURRENT?auth=${token}`)).json().result.ID).toBe('1');
    expect((await get(`${t.webhookPath}User.Current`)).json().result.ID).toBe('1');
  });

  test('A6: an unknown method answers 404 ERROR_METHOD_NOT_FOUND after authentication', async () => {
    expectError(await get(`/rest/no.such.method?auth=${token}`), 404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    expectError(await get(`${t.webhookPath}no.such.method`), 404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    // Without credentials the auth error wins (A6 decision).
    expectError(await get('/rest/no.such.method'), 401, 'NO_AUTH_FOUND', 'Wrong authorization data');
  });

  test('A6: an empty method name or a 5,000-character one is "method not found", never a crash', async () => {
    expectError(await get(`/rest/?auth=${token}`), 404, 'ERROR_METHOD_NOT_FOUND');
    expectError(await get(`/rest/${'m'.repeat(5000)}?auth=${token}`), 404, 'ERROR_METHOD_NOT_FOUND');
    expectError(await get(`${t.webhookPath}${'x.'.repeat(2500)}`), 404, 'ERROR_METHOD_NOT_FOUND');
  });

  test('paths outside /rest/ are a plain 404 in the same envelope shape', async () => {
    const res = await get('/nothing/here');
    expect(res.statusCode).toBe(404);
    expect(Object.keys(res.json())).toEqual(['error', 'error_description']);
  });

  test('emulator health endpoint', async () => {
    // The whole body is covered in test/transport/health.test.ts.
    expect((await get('/_extcall/health')).json()).toMatchObject({ status: 'ok', database: { reachable: true } });
  });
});
