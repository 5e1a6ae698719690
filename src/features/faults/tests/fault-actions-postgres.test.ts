import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POSTGRES_ENABLED } from '../../../../test/helpers/databases.js';
import { startPostgresTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp } from '../../../../test/helpers/rest-calls.js';

/** The one-time fault actions write through the stores: the same answers on PostgreSQL. */
describe.runIf(POSTGRES_ENABLED)('fault actions on PostgreSQL', () => {
  let t: TestPortal;
  beforeAll(async () => {
    t = await startPostgresTestPortal();
  });
  afterAll(() => t?.close());

  async function apply(spec: Record<string, unknown>) {
    return (await t.portal.app.inject({ method: 'POST', url: '/_extcall/faults', payload: spec })).json();
  }

  test('expire every token, revoke one, extranet a user, delete the application', async () => {
    const second = await t.portal.services.portal.issueTokens(t.demo.app.id, 2);
    expect((await apply({ kind: 'expire_token' })).tokens).toBeGreaterThanOrEqual(2);
    expect((await callApp(t, 'user.current', {}, second.accessToken)).body.error).toBe('expired_token');

    const third = await t.portal.services.portal.issueTokens(t.demo.app.id, 3);
    expect(await apply({ kind: 'revoke_token', token: third.accessToken })).toEqual({ applied: true, kind: 'revoke_token', tokens: 1 });
    expect((await callApp(t, 'user.current', {}, third.accessToken)).body.error_description).toBe('Unable to get application by token');

    const fourth = await t.portal.services.portal.issueTokens(t.demo.app.id, 4);
    await apply({ kind: 'extranet_user', userId: 4 });
    expect((await callApp(t, 'user.current', {}, fourth.accessToken)).body.error).toBe('allowed_only_intranet_user');

    const fifth = await t.portal.services.portal.issueTokens(t.demo.app.id, 1);
    expect(await apply({ kind: 'delete_app', appId: t.demo.app.id })).toMatchObject({ applied: true, appId: t.demo.app.id });
    expect((await callApp(t, 'user.current', {}, fifth.accessToken)).body.error).toBe('invalid_token');
    const { clientId, clientSecret, refreshToken } = t.demo.app;
    const refresh = await t.portal.app.inject({
      method: 'GET',
      url: `/oauth/token/?grant_type=refresh_token&client_id=${clientId}&client_secret=${clientSecret}&refresh_token=${refreshToken}`,
    });
    expect(refresh.json().error).toBe('APPLICATION_NOT_FOUND');
  });
});
