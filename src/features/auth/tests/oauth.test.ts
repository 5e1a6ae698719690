import { stringify } from 'qs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp } from '../../../../test/helpers/rest-calls.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

/** How b24jssdk and CRest refresh: a form-encoded POST to /oauth/token/. */
async function token(params: Record<string, unknown>, method: 'POST' | 'GET' = 'POST') {
  const res =
    method === 'POST'
      ? await t.portal.app.inject({
          method,
          url: '/oauth/token/',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: stringify(params),
        })
      : await t.portal.app.inject({ method, url: `/oauth/token/?${stringify(params)}` });
  return { status: res.statusCode, body: res.json() };
}

const refreshWith = (refreshToken: string) => ({
  grant_type: 'refresh_token',
  client_id: t.demo.app.clientId,
  client_secret: t.demo.app.clientSecret,
  refresh_token: refreshToken,
});

describe('/oauth/token/ (B4–B6)', () => {
  test('B4/B17: refresh answers the token fields (status L: a local app); the new token works; the old refresh token is single use', async () => {
    const { status, body } = await token(refreshWith(t.demo.app.refreshToken));
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual([
      'access_token',
      'expires',
      'expires_in',
      'scope',
      'domain',
      'server_endpoint',
      'status',
      'client_endpoint',
      'member_id',
      'user_id',
      'refresh_token',
    ]);
    expect(body).toMatchObject({
      expires_in: 3600,
      scope: 'telephony,crm,user,im',
      domain: '127.0.0.1:8080',
      client_endpoint: 'http://127.0.0.1:8080/rest/',
      status: 'L',
      user_id: 1,
    });
    expect(body.expires).toBe(Math.floor(t.clock.nowMs() / 1000) + 3600);
    expect((await callApp(t, 'profile', {}, body.access_token)).status).toBe(200);
    // The old access token stays valid until its own expiry.
    expect((await callApp(t, 'profile')).status).toBe(200);

    const again = await token(refreshWith(t.demo.app.refreshToken));
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
    // The new refresh token works, by GET too.
    expect((await token(refreshWith(body.refresh_token), 'GET')).status).toBe(200);
  });

  test('an expired access token answers 401 expired_token; a refresh brings the client back', async () => {
    t.clock.advanceSeconds(3601);
    const expired = await callApp(t, 'profile');
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('expired_token');
    const fresh = await token(refreshWith(t.demo.app.refreshToken));
    expect((await callApp(t, 'profile', {}, fresh.body.access_token)).body.result.ID).toBe('1');
  });

  test('B6: wrong secret → 401 invalid_client; missing fields → invalid_request; forged or truncated tokens → invalid_grant', async () => {
    const wrong = await token({ ...refreshWith(t.demo.app.refreshToken), client_secret: 'nope' });
    expect(wrong).toEqual({ status: 401, body: { error: 'invalid_client', error_description: 'Invalid client credentials' } });
    expect((await token({ client_id: t.demo.app.clientId })).body.error).toBe('invalid_request');
    expect((await token({ ...refreshWith(''), grant_type: 'password' })).body.error).toBe('invalid_request');
    expect((await token(refreshWith(''))).body.error).toBe('invalid_request');
    for (const forged of ['0'.repeat(64), t.demo.app.refreshToken.slice(0, 20), t.demo.app.accessToken]) {
      const res = await token(refreshWith(forged));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_grant');
    }
    const broken = await t.portal.app.inject({ method: 'GET', url: '/oauth/token/?grant_type=refresh_token&client_id=%E0%A4' });
    expect(broken.statusCode).toBe(400);
    // The original refresh token was never spent by the failures.
    expect((await token(refreshWith(t.demo.app.refreshToken))).status).toBe(200);
  });

  test('B4: a refresh token expires after 180 days; an uninstalled app gets invalid_client', async () => {
    t.clock.advanceSeconds(181 * 24 * 3600);
    expect((await token(refreshWith(t.demo.app.refreshToken))).body.error).toBe('invalid_grant');
    await t.portal.services.portal.uninstallApp(t.demo.app.id);
    expect((await token(refreshWith(t.demo.app.refreshToken))).status).toBe(401);
  });

  test('B5: an authorization code is exchanged once, within 30 seconds', async () => {
    const exchange = (code: string) =>
      token({ grant_type: 'authorization_code', client_id: t.demo.app.clientId, client_secret: t.demo.app.clientSecret, code });
    const { code } = await t.portal.services.oauth.issueCode(t.demo.app.id, 3);
    const granted = await exchange(code);
    expect(granted.status).toBe(200);
    expect(granted.body.user_id).toBe(3);
    expect((await callApp(t, 'user.current', {}, granted.body.access_token)).body.result.ID).toBe('3');
    expect((await exchange(code)).body.error).toBe('invalid_grant');
    const late = await t.portal.services.oauth.issueCode(t.demo.app.id);
    t.clock.advanceSeconds(31);
    expect((await exchange(late.code)).body).toEqual({ error: 'invalid_grant', error_description: 'Invalid authorization code' });
  });
});

describe('/oauth/authorize/ (B5)', () => {
  test('off by default; on, it shows a sign-in page and sends the user back to the configured redirect URI with a code', async () => {
    const created = await t.portal.services.portal.addApp({
      name: 'OAuth <App>',
      scopes: 'telephony,user',
      redirectUri: 'https://app.example/callback?from=portal',
    });
    const off = await t.portal.app.inject({ method: 'GET', url: `/oauth/authorize/?client_id=${created.app.client_id}` });
    expect(off.statusCode).toBe(400);
    expect(off.json().error).toBe('invalid_request');

    const on = await startTestPortal({ authorizePage: true });
    try {
      const app = await on.portal.services.portal.addApp({
        name: 'OAuth <App>',
        scopes: 'telephony,user',
        redirectUri: 'https://app.example/callback?from=portal',
      });
      const page = await on.portal.app.inject({ method: 'GET', url: `/oauth/authorize/?client_id=${app.app.client_id}&state=xyz` });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Authorise OAuth &#60;App&#62;');
      expect(page.body).toContain('value="3"');
      // A redirect_uri in the request is ignored: only the configured one is used.
      const allowed = await on.portal.app.inject({
        method: 'GET',
        url: `/oauth/authorize/?client_id=${app.app.client_id}&state=xyz&user_id=3&redirect_uri=https://evil.example/`,
      });
      expect(allowed.statusCode).toBe(302);
      const back = new URL(allowed.headers.location as string);
      expect(`${back.origin}${back.pathname}`).toBe('https://app.example/callback');
      expect(Object.fromEntries(back.searchParams)).toMatchObject({
        from: 'portal',
        state: 'xyz',
        domain: '127.0.0.1:8080',
        server_domain: '127.0.0.1:8080',
        scope: 'telephony,user',
      });
      const exchanged = await on.portal.app.inject({
        method: 'POST',
        url: '/oauth/token/',
        payload: {
          grant_type: 'authorization_code',
          client_id: app.app.client_id,
          client_secret: app.clientSecret,
          code: back.searchParams.get('code'),
        },
      });
      expect(exchanged.json()).toMatchObject({ user_id: 3, scope: 'telephony,user' });

      const unknown = await on.portal.app.inject({ method: 'GET', url: '/oauth/authorize/?client_id=local.nope' });
      expect(unknown.json()).toEqual({ error: 'invalid_client', error_description: 'The application is not installed on this portal' });
      const noRedirect = await on.portal.app.inject({ method: 'GET', url: `/oauth/authorize/?client_id=${on.demo.app.clientId}` });
      expect(noRedirect.json().error_description).toBe('The application has no redirect URI');
    } finally {
      await on.close();
    }
  });
});
