import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { expectError, expectStillServing } from '../helpers/http.js';

let t: TestPortal;
beforeAll(async () => {
  t = await startTestPortal();
});
afterAll(() => t.close());
afterEach(async () => {
  // Whatever came in, nothing leaked into prototypes and the server keeps serving.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  await expectStillServing(t);
});

const post = (payload: string | Buffer, contentType: string, url = `${t.webhookPath}user.get`) =>
  t.portal.app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });

describe('malformed requests get a Bitrix-style error, never a 500 (issue: bad input)', () => {
  test('A12: invalid JSON → 400 INVALID_REQUEST naming the problem', async () => {
    expectError(await post('{"FILTER": {', 'application/json'), 400, 'INVALID_REQUEST', /not valid JSON/);
    expectError(await post('{"a":1}}', 'application/json'), 400, 'INVALID_REQUEST', /not valid JSON/);
  });

  test('A12: a JSON scalar body is not a parameter set', async () => {
    expectError(await post('"just a string"', 'application/json'), 400, 'INVALID_REQUEST', 'The JSON body must be an object of parameters');
  });

  test('a body of an unsupported content type is refused, an empty one ignored', async () => {
    expectError(await post('FILTER=1', 'text/plain'), 400, 'INVALID_REQUEST', /Unsupported Content-Type text\/plain/);
    expectError(await post('<xml/>', 'application/xml'), 400, 'INVALID_REQUEST', /Unsupported Content-Type/);
    const empty = await post('', 'text/plain');
    expect(empty.statusCode).toBe(200);
  });

  test('a 10 MB body → 413 INVALID_REQUEST with the limit, nothing read', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    expectError(
      await post(Buffer.concat([Buffer.from('{"x":"'), big, Buffer.from('"}')]), 'application/json'),
      413,
      'INVALID_REQUEST',
      /too large \(limit 8 MB\)/,
    );
    expectError(
      await post(Buffer.concat([Buffer.from('x='), big]), 'application/x-www-form-urlencoded'),
      413,
      'INVALID_REQUEST',
      /too large/,
    );
  });

  test('absurd nesting depth → 400 INVALID_REQUEST, in JSON, query and form', async () => {
    const deepJson = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    expectError(await post(deepJson, 'application/json'), 400, 'INVALID_REQUEST', /nested deeper than 32 levels/);
    const deepArray = `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expectError(await post(deepArray, 'application/json'), 400, 'INVALID_REQUEST');
    const deepKey = `FILTER${'[a]'.repeat(40)}=1`;
    expectError(
      await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.get?${deepKey}` }),
      400,
      'INVALID_REQUEST',
      /nested deeper/,
    );
    expectError(await post(deepKey, 'application/x-www-form-urlencoded'), 400, 'INVALID_REQUEST', /nested deeper/);
  });

  test('invalid UTF-8 in a JSON body, a form body and the query string → 400 INVALID_REQUEST', async () => {
    expectError(
      await post(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 'application/json'),
      400,
      'INVALID_REQUEST',
      'The JSON body is not valid UTF-8',
    );
    expectError(
      await post(Buffer.from([0x61, 0x3d, 0xc3, 0x28]), 'application/x-www-form-urlencoded'),
      400,
      'INVALID_REQUEST',
      'The form body is not valid UTF-8',
    );
    expectError(
      await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.get?NAME=%FF%FE` }),
      400,
      'INVALID_REQUEST',
      /not valid UTF-8/,
    );
  });

  test('a lone % in a value stays literal (as PHP reads it), not an error', async () => {
    const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.get?FILTER[%NAME]=100%` });
    expect(res.statusCode).toBe(200);
  });

  test('A8: __proto__ and constructor keys are refused in query, form and JSON; prototypes stay clean', async () => {
    const urls = ['__proto__[polluted]=1', 'constructor[prototype][polluted]=1', 'FILTER[__proto__][polluted]=1'];
    for (const query of urls) {
      expectError(
        await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.get?${query}` }),
        400,
        'INVALID_REQUEST',
        /is not allowed/,
      );
      expectError(await post(query, 'application/x-www-form-urlencoded'), 400, 'INVALID_REQUEST', /is not allowed/);
    }
    expectError(
      await post('{"__proto__": {"polluted": 1}}', 'application/json'),
      400,
      'INVALID_REQUEST',
      'Parameter name "__proto__" is not allowed',
    );
    expectError(
      await post('{"FILTER": {"constructor": {"prototype": {"polluted": 1}}}}', 'application/json'),
      400,
      'INVALID_REQUEST',
      /is not allowed/,
    );
  });

  test('more than 10,000 parameters → 400 INVALID_REQUEST', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => `p${i}=1`).join('&');
    expectError(await post(many, 'application/x-www-form-urlencoded'), 400, 'INVALID_REQUEST', /More than 10000 parameters/);
  });

  test('a token in the wrong place (Authorization header, cookie, path) → 401 NO_AUTH_FOUND', async () => {
    const token = t.demo.app.accessToken;
    expectError(
      await t.portal.app.inject({ method: 'GET', url: '/rest/user.current', headers: { authorization: `Bearer ${token}` } }),
      401,
      'NO_AUTH_FOUND',
      'Wrong authorization data',
    );
    expectError(
      await t.portal.app.inject({ method: 'GET', url: '/rest/user.current', headers: { cookie: `auth=${token}` } }),
      401,
      'NO_AUTH_FOUND',
    );
    expectError(await t.portal.app.inject({ method: 'GET', url: `/rest/${token}/user.current` }), 401, 'NO_AUTH_FOUND');
  });

  test('a 5,000-character method name with a valid token → 404, with a webhook → 404', async () => {
    expectError(
      await t.portal.app.inject({ method: 'GET', url: `/rest/${'a'.repeat(5000)}?auth=${t.demo.app.accessToken}` }),
      404,
      'ERROR_METHOD_NOT_FOUND',
    );
  });

  test('an oversized request line (100 KB URL) is refused without taking the server down', async () => {
    const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.get?x=${'a'.repeat(100_000)}` });
    expect(res.statusCode).toBeLessThan(500);
  });

  test('bad input writes nothing: a rejected user.get leaves users untouched', async () => {
    const before = (await t.portal.storage.users.all()).length;
    await post('{"__proto__": {"polluted": 1}}', 'application/json');
    expect((await t.portal.storage.users.all()).length).toBe(before);
  });
});
