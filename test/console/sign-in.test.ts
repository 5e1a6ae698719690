import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { signInConsole } from '../helpers/console.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

describe('console sign-in', () => {
  test('without a session, / and the pages explain how to sign in (401), scripts get JSON', async () => {
    const root = await t.portal.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(401);
    expect(root.headers['content-type']).toMatch(/text\/html/);
    expect(root.body).toContain('extcall console-link');
    const calls = await t.portal.app.inject({ method: 'GET', url: '/console/calls' });
    expect(calls.statusCode).toBe(401);
  });

  test('a link signs in once: the cookie is HttpOnly, / then leads to the calls; the same link again is refused', async () => {
    const { token } = await t.portal.services.consoleAccess.createSignIn();
    const first = await t.portal.app.inject({ method: 'GET', url: `/console/sign-in?token=${token}` });
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe('/console/calls');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const root = await t.portal.app.inject({ method: 'GET', url: '/', headers: { cookie } });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console/calls');
    const again = await t.portal.app.inject({ method: 'GET', url: `/console/sign-in?token=${token}` });
    expect(again.statusCode).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  test('an expired link and a dismissed user do not sign in; a session ends when its user is dismissed', async () => {
    const { token } = await t.portal.services.consoleAccess.createSignIn();
    t.clock.advanceSeconds(16 * 60);
    expect((await t.portal.app.inject({ method: 'GET', url: `/console/sign-in?token=${token}` })).statusCode).toBe(403);

    const employee = (await t.portal.services.users.all()).find((u) => u.is_admin !== 1)!;
    const session = await signInConsole(t, employee.id);
    expect((await session.get('/console/calls')).status).toBe(200);
    await t.portal.services.users.setActive(employee.id, false);
    expect((await session.get('/console/calls')).status).toBe(401);
    await expect(t.portal.services.consoleAccess.createSignIn(employee.id)).rejects.toThrow(/dismissed/);
  });

  test('signing out needs the form token; after it the cookie opens nothing', async () => {
    const session = await signInConsole(t);
    const forged = await t.portal.app.inject({
      method: 'POST',
      url: '/console/sign-out',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '_csrf=wrong',
    });
    expect(forged.statusCode).toBe(403);
    expect((await session.get('/console/calls')).status).toBe(200);
    const out = await session.post('/console/sign-out', {});
    expect(out.status).toBe(302);
    expect((await session.get('/console/calls')).status).toBe(401);
  });

  test('pages carry a strict content security policy and are not framed', async () => {
    const session = await signInConsole(t);
    const page = await session.get('/console/calls');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  test('the stylesheet and the charting library are served from the package', async () => {
    const css = await t.portal.app.inject({ method: 'GET', url: '/console/assets/console.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    const chart = await t.portal.app.inject({ method: 'GET', url: '/console/vendor/chart.js/chart.umd.min.js' });
    expect(chart.statusCode).toBe(200);
    expect(chart.body.length).toBeGreaterThan(100_000);
    const other = await t.portal.app.inject({ method: 'GET', url: '/console/vendor/chart.js/chart.cjs' });
    expect(other.statusCode).toBe(404);
  });
});
