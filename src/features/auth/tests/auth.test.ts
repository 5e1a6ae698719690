import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { expectError } from '../../../../test/helpers/http.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

const get = (url: string) => t.portal.app.inject({ method: 'GET', url });

describe('credentials (B1–B3, B14, B15)', () => {
  test('B1: a webhook runs as its owner; a token as its user', async () => {
    expect((await get(`${t.webhookPath}user.current`)).json().result.ID).toBe('1');
    const tokens = await t.portal.services.portal.issueTokens(t.demo.app.id, 2);
    expect((await get(`/rest/user.current?auth=${tokens.accessToken}`)).json().result.ID).toBe('2');
  });

  test('B1: when both a webhook path and auth are present, the path wins', async () => {
    const tokens = await t.portal.services.portal.issueTokens(t.demo.app.id, 3);
    expect((await get(`${t.webhookPath}user.current?auth=${tokens.accessToken}`)).json().result.ID).toBe('1');
    // Even a bogus auth next to a valid webhook path is simply dropped.
    expect((await get(`${t.webhookPath}user.current?auth=bogus`)).statusCode).toBe(200);
  });

  test('B2 corrected: no credentials, or a webhook path whose user does not exist → 401 NO_AUTH_FOUND', async () => {
    const code = t.webhookPath.split('/')[3];
    for (const url of [
      '/rest/user.current',
      '/rest/999/wrongcode123456/user.current',
      `/rest/999/${code}/user.current`,
      `/rest/99999999999999999999/${code}/user.current`,
    ]) {
      expectError(await get(url), 401, 'NO_AUTH_FOUND', 'Wrong authorization data');
    }
  });

  test("B2 corrected: a webhook path of an existing user with a wrong code (or another user's code) → 401 INVALID_CREDENTIALS", async () => {
    const code = t.webhookPath.split('/')[3];
    for (const url of ['/rest/1/wrongcode123456/user.current', `/rest/2/${code}/user.current`]) {
      expectError(await get(url), 401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
    }
  });

  test('B2 corrected: a token the portal never issued (unknown, forged, truncated) → 401 invalid_token, which SDKs refresh on', async () => {
    const token = t.demo.app.accessToken;
    for (const bogus of ['not-a-token', token.slice(0, -1), `${token}0`, 'f'.repeat(64)]) {
      expectError(await get(`/rest/user.current?auth=${bogus}`), 401, 'invalid_token', 'Unable to get application by token');
    }
    // The same through a JSON body, the way b24jssdk sends it.
    const res = await t.portal.app.inject({ method: 'POST', url: '/rest/user.current', payload: { auth: 'f'.repeat(64) } });
    expectError(res, 401, 'invalid_token', 'Unable to get application by token');
  });

  test('B3: an access token works for 3600 s, then answers 401 expired_token', async () => {
    t.clock.advanceSeconds(3599);
    expect((await get(`/rest/user.current?auth=${t.demo.app.accessToken}`)).statusCode).toBe(200);
    t.clock.advanceSeconds(1);
    expectError(
      await get(`/rest/user.current?auth=${t.demo.app.accessToken}`),
      401,
      'expired_token',
      'The access token provided has expired',
    );
    // The webhook has no expiry of its own.
    expect((await get(`${t.webhookPath}user.current`)).statusCode).toBe(200);
  });

  test('B15/B2 corrected: a webhook past its expiry date fails like a wrong code of an existing user', async () => {
    const now = Math.floor(t.clock.nowMs() / 1000);
    const { code } = await t.portal.services.portal.addWebhook({ userId: 2, scopes: 'user', expiresAt: now + 60 });
    expect((await get(`/rest/2/${code}/user.current`)).statusCode).toBe(200);
    t.clock.advanceSeconds(61);
    expectError(await get(`/rest/2/${code}/user.current`), 401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
  });

  test('B2: a token of an uninstalled application → 401 ERROR_OAUTH "Application not installed"', async () => {
    // Used once first, so that a remembered credential would show if uninstalling did not forget it.
    expect((await get(`/rest/user.current?auth=${t.demo.app.accessToken}`)).statusCode).toBe(200);
    await t.portal.services.portal.uninstallApp(t.demo.app.id);
    expectError(await get(`/rest/user.current?auth=${t.demo.app.accessToken}`), 401, 'ERROR_OAUTH', 'Application not installed');
  });

  test("B14 corrected: a dismissed employee's access token → 401 authorization_error; their webhook → 403 INVALID_CREDENTIALS", async () => {
    const user = await t.portal.services.users.add({ name: 'Leaving' });
    const { code } = await t.portal.services.portal.addWebhook({ userId: user.id, scopes: 'user' });
    const tokens = await t.portal.services.portal.issueTokens(t.demo.app.id, user.id);
    expect((await get(`/rest/user.current?auth=${tokens.accessToken}`)).statusCode).toBe(200);
    await t.portal.services.users.setActive(user.id, false);
    expectError(await get(`/rest/${user.id}/${code}/user.current`), 403, 'INVALID_CREDENTIALS', 'Invalid request credentials');
    expectError(await get(`/rest/user.current?auth=${tokens.accessToken}`), 401, 'authorization_error', 'Unable to authorize user');
    // Reinstated, the same token works again: nothing was revoked.
    await t.portal.services.users.setActive(user.id, true);
    expect((await get(`/rest/user.current?auth=${tokens.accessToken}`)).statusCode).toBe(200);
  });

  test('secrets are stored only as hashes', async () => {
    const db = t.portal.database.db;
    const stored = JSON.stringify([
      await db.selectFrom('oauth_tokens').selectAll().execute(),
      await db.selectFrom('webhooks').selectAll().execute(),
      await db.selectFrom('apps').selectAll().execute(),
    ]);
    expect(stored).not.toContain(t.demo.app.accessToken);
    expect(stored).not.toContain(t.demo.app.refreshToken);
    expect(stored).not.toContain(t.demo.app.clientSecret);
    expect(stored).not.toContain(t.webhookPath.split('/')[3]!);
  });
});

describe('scopes and auth types (B9–B12)', () => {
  test("B11: a credential without the method's scope → 403 insufficient_scope", async () => {
    const { code } = await t.portal.services.portal.addWebhook({ userId: 1, scopes: 'telephony' });
    expectError(
      await get(`/rest/1/${code}/user.get`),
      403,
      'insufficient_scope',
      'The request requires higher privileges than provided by the webhook token',
    );
    const { tokens } = await t.portal.services.portal.addApp({ name: 'CRM only', scopes: 'crm' });
    expectError(await get(`/rest/user.current?auth=${tokens.accessToken}`), 403, 'insufficient_scope');
  });

  test('B11: basic methods need no scope; user_basic and user_brief suffice to read users', async () => {
    const { code } = await t.portal.services.portal.addWebhook({ userId: 1, scopes: 'telephony' });
    expect((await get(`/rest/1/${code}/scope`)).json().result).toEqual(['telephony']);
    for (const scope of ['user_basic', 'user_brief']) {
      const hook = await t.portal.services.portal.addWebhook({ userId: 1, scopes: scope });
      expect((await get(`/rest/1/${hook.code}/user.get`)).statusCode).toBe(200);
    }
  });

  test('B12: user_brief hides contact fields (EMAIL), user_basic shows EMAIL, user shows all', async () => {
    const fieldsWith = async (scope: string) => {
      const { code } = await t.portal.services.portal.addWebhook({ userId: 1, scopes: scope });
      return Object.keys((await get(`/rest/1/${code}/user.current`)).json().result);
    };
    const brief = await fieldsWith('user_brief');
    const basic = await fieldsWith('user_basic');
    const full = await fieldsWith('user');
    expect(brief).toContain('UF_PHONE_INNER');
    expect(brief).not.toContain('EMAIL');
    expect(basic).toContain('EMAIL');
    expect(basic).not.toContain('USER_TYPE');
    expect(full).toContain('USER_TYPE');
  });

  test('B9/B11: the scope check comes before the auth-type check (on an --app-context-only portal, issue 13)', async () => {
    const strict = await startTestPortal({ appContextOnly: true });
    try {
      const { code } = await strict.portal.services.portal.addWebhook({ userId: 1, scopes: 'user' });
      const strictGet = (url: string) => strict.portal.app.inject({ method: 'GET', url });
      expectError(await strictGet(`/rest/1/${code}/telephony.externalCall.register`), 403, 'insufficient_scope');
      expectError(
        await strictGet(`${strict.webhookPath}telephony.externalCall.register`),
        403,
        'WRONG_AUTH_TYPE',
        'Current authorization type is denied for this method',
      );
    } finally {
      await strict.close();
    }
  });
});

describe('basic methods (B18, B19, profile)', () => {
  test('B18: app.info with an application token', async () => {
    const res = await get(`/rest/app.info?auth=${t.demo.app.accessToken}`);
    const result = res.json().result;
    expect(Object.keys(result)).toEqual([
      'ID',
      'CODE',
      'VERSION',
      'STATUS',
      'INSTALLED',
      'PAYMENT_EXPIRED',
      'DAYS',
      'LANGUAGE_ID',
      'LICENSE',
      'LICENSE_TYPE',
      'LICENSE_FAMILY',
    ]);
    expect(result).toMatchObject({
      ID: t.demo.app.id,
      CODE: t.demo.app.clientId,
      VERSION: 1,
      STATUS: 'L',
      INSTALLED: true,
      PAYMENT_EXPIRED: 'N',
      DAYS: null,
    });
  });

  test('A18/B18 corrected: app.info through a webhook → {SCOPE: [its scopes], LICENSE}', async () => {
    const res = await get(`${t.webhookPath}app.info`);
    expect(res.statusCode).toBe(200);
    expect(res.json().result).toEqual({ SCOPE: ['telephony', 'crm', 'user', 'im'], LICENSE: 'en_selfhosted' });
  });

  test('B19: scope lists the granted scopes; full=true every scope of the server', async () => {
    expect((await get(`/rest/scope?auth=${t.demo.app.accessToken}`)).json().result).toEqual(['telephony', 'crm', 'user', 'im']);
    const full = (await get(`${t.webhookPath}scope?full=true`)).json().result;
    expect(full).toEqual(expect.arrayContaining(['telephony', 'crm', 'user', 'user_basic', 'user_brief', 'im']));
    expect(full).not.toContain('basic');
  });

  test('B19: method.get — existing and available, existing but not available, unknown, empty', async () => {
    const check = async (query: string, url = t.webhookPath) => (await get(`${url}method.get${query}`)).json().result;
    expect(await check('?name=user.get')).toEqual({ isExisting: true, isAvailable: true });
    expect(await check('?name=USER.GET')).toEqual({ isExisting: true, isAvailable: true });
    // A webhook may register by default (B9 revised, issue 13), but never bind events: event.bind exists but is not available.
    expect(await check('?name=telephony.externalcall.register')).toEqual({ isExisting: true, isAvailable: true });
    expect(await check('?name=event.bind')).toEqual({ isExisting: true, isAvailable: false });
    expect(await check('?name=no.such.method')).toEqual({ isExisting: false, isAvailable: false });
    expect(await check('')).toEqual({ isExisting: false, isAvailable: false });
    expect(await check('?name=')).toEqual({ isExisting: false, isAvailable: false });
  });

  test('profile: the caller in brief, ADMIN a boolean, no user scope needed', async () => {
    const { code } = await t.portal.services.portal.addWebhook({ userId: 2, scopes: 'telephony' });
    const result = (await get(`/rest/2/${code}/profile`)).json().result;
    expect(result).toMatchObject({ ID: '2', ADMIN: false, NAME: 'Anna', LAST_NAME: 'Berg', PERSONAL_GENDER: 'F' });
    expect(typeof result.TIME_ZONE_OFFSET).toBe('number');
    expect((await get(`${t.webhookPath}profile`)).json().result.ADMIN).toBe(true);
  });
});
