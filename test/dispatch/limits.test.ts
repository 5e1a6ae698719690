import { afterEach, describe, expect, test } from 'vitest';
import { createPortal, type Portal } from '../../src/portal.js';
import { createScratchPostgres, POSTGRES_ENABLED } from '../helpers/databases.js';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';

let t: TestPortal;
afterEach(() => t?.close());

async function call(method: string, options: { ip?: string; token?: string; params?: Record<string, unknown> } = {}) {
  const res = await t.portal.app.inject({
    method: 'POST',
    url: `/rest/${method}`,
    remoteAddress: options.ip ?? '10.0.0.1',
    payload: { ...options.params, auth: options.token ?? t.demo.app.accessToken },
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

describe('the request-rate leaky bucket (C1–C3)', () => {
  test('C1/C3: from an empty bucket X requests pass, X+1 gets 503 QUERY_LIMIT_EXCEEDED; the level drains continuously', async () => {
    t = await startTestPortal({ rateLimit: { burst: 5, drainPerSecond: 2 } });
    for (let i = 0; i < 5; i++) expect((await call('profile')).status).toBe(200);
    const refused = await call('profile');
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    expect(refused.headers['retry-after']).toBe('1');
    // Refused requests add nothing: half a second drains exactly one request's worth.
    for (let i = 0; i < 3; i++) expect((await call('profile')).status).toBe(503);
    t.clock.advanceSeconds(0.5);
    expect((await call('profile')).status).toBe(200);
    expect((await call('profile')).status).toBe(503);
    // A steady rate at the drain rate never fails.
    for (let i = 0; i < 10; i++) {
      t.clock.advanceSeconds(0.5);
      expect((await call('profile')).status).toBe(200);
    }
  });

  test('C2: the bucket is per client address; a batch counts as one request', async () => {
    t = await startTestPortal({ rateLimit: { burst: 3, drainPerSecond: 2 } });
    const cmd = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i}`, 'profile']));
    for (let i = 0; i < 3; i++) expect((await call('batch', { params: { cmd } })).status).toBe(200);
    expect((await call('profile')).status).toBe(503);
    expect((await call('profile', { ip: '10.0.0.2' })).status).toBe(200);
  });

  test('a flood of 10,000 requests from one address gets 503s; another address is still served', async () => {
    t = await startTestPortal({ rateLimit: { burst: 50, drainPerSecond: 2 } });
    const other = await t.portal.services.portal.addApp({ name: 'Other PBX', scopes: 'telephony,user' });
    let passed = 0;
    let refused = 0;
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all(Array.from({ length: 500 }, () => call('profile', { ip: '10.0.0.66' })));
      for (const a of answers) {
        if (a.status === 200) passed++;
        else if (a.status === 503) refused++;
        else expect.fail(`status ${a.status}`);
      }
      expect((await call('user.current', { ip: '10.0.0.77', token: other.tokens.accessToken })).status).toBe(200);
    }
    expect(passed).toBe(50);
    expect(refused).toBe(9950);
  });
});

describe('the operating-time limit (C4–C7)', () => {
  test('C5: the call that crosses the limit completes; later calls of that method and caller get 429 until the window moves on', async () => {
    t = await startTestPortal({ operatingLimitSeconds: 1e-9 });
    expect((await call('user.get')).status).toBe(200);
    const blocked = await call('user.get');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({ error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' });
    // Other methods and other callers are not affected.
    expect((await call('profile')).status).toBe(200);
    expect((await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}user.get` })).statusCode).toBe(200);
    t.clock.advanceSeconds(600);
    expect((await call('user.get')).status).toBe(200);
  });

  test("C4/C6: operating reports the pair's seconds in the window, reset_at when its oldest bucket leaves", async () => {
    t = await startTestPortal();
    const first = (await call('user.get')).body.time;
    t.clock.advanceSeconds(120);
    const second = (await call('user.get')).body.time;
    expect(second.operating).toBeGreaterThan(0);
    expect(second.operating_reset_at).toBe(first.operating_reset_at);
    expect(second.operating_reset_at).toBe(Math.floor(first.start) + 600);
    // C6: without --operating-limit nothing is refused, however much time accumulates.
    for (let i = 0; i < 30; i++) expect((await call('user.get')).status).toBe(200);
  });

  test('C7: batch itself is not metered; each command counts against its own method', async () => {
    t = await startTestPortal({ operatingLimitSeconds: 1e-9 });
    const res = await call('batch', { params: { cmd: { a: 'user.get', b: 'user.get', c: 'profile' } } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.result.result)).toEqual(['a', 'c']);
    expect(res.body.result.result_error.b.error).toBe('OPERATION_TIME_LIMIT');
    expect((await call('batch', { params: { cmd: { c: 'scope' } } })).status).toBe(200);
  });
});

describe('OVERLOAD_LIMIT (C8)', () => {
  test('an administrator blocks the portal or one application; lifting restores service', async () => {
    t = await startTestPortal();
    const other = await t.portal.services.portal.addApp({ name: 'Other', scopes: 'user' });
    await t.portal.services.overload.block(t.demo.app.id);
    const blocked = await call('profile');
    expect(blocked.status).toBe(503);
    expect(blocked.body).toEqual({ error: 'OVERLOAD_LIMIT', error_description: 'REST API is blocked due to overload' });
    expect((await call('profile', { token: other.tokens.accessToken })).status).toBe(200);
    await t.portal.services.overload.block();
    expect((await call('profile', { token: other.tokens.accessToken })).status).toBe(503);
    await t.portal.services.overload.lift(other.app.id);
    expect((await call('profile', { token: other.tokens.accessToken })).status).toBe(503);
    await t.portal.services.overload.lift();
    expect((await call('profile')).status).toBe(200);
  });
});

describe.runIf(POSTGRES_ENABLED)('C2 across instances on PostgreSQL', () => {
  test('two instances on one database share the bucket of a client address', async () => {
    const scratch = await createScratchPostgres();
    const a = await startTestPortal({ database: scratch.url, rateLimit: { burst: 4, drainPerSecond: 2 } });
    const b = await createPortal(a.portal.services.config, { clock: a.clock, deliverEvents: false });
    try {
      const hit = async (portal: Portal) =>
        (
          await portal.app.inject({
            method: 'POST',
            url: '/rest/profile',
            remoteAddress: '10.1.1.1',
            payload: { auth: a.demo.app.accessToken },
          })
        ).statusCode;
      expect([await hit(a.portal), await hit(b), await hit(a.portal), await hit(b)]).toEqual([200, 200, 200, 200]);
      expect(await hit(b)).toBe(503);
      expect(await hit(a.portal)).toBe(503);
      a.clock.advanceSeconds(0.5);
      expect(await hit(b)).toBe(200);
      expect(await hit(a.portal)).toBe(503);
    } finally {
      await b.close();
      await a.close();
      await scratch.drop();
    }
  });
});
