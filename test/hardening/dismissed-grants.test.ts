import { stringify } from 'qs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { callApp } from '../helpers/rest-calls.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

async function token(params: Record<string, unknown>) {
  const res = await t.portal.app.inject({
    method: 'POST',
    url: '/oauth/token/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: stringify(params),
  });
  return { status: res.statusCode, body: res.json() };
}
const client = () => ({ client_id: t.demo.app.clientId, client_secret: t.demo.app.clientSecret });
const DISMISSED = { error: 'invalid_grant', error_description: 'The user of this grant is dismissed' };

describe('issue 8 item 9: grants of a dismissed employee', () => {
  test("issue 8 item 9: a dismissed user's refresh token answers 400 invalid_grant, issues nothing, and works again after reinstatement", async () => {
    const pair = await t.portal.services.portal.issueTokens(t.demo.app.id, 2);
    await t.portal.services.users.setActive(2, false);
    // The access token was already refused (B14 corrected: 401 authorization_error); now the refresh is too.
    expect((await callApp(t, 'profile', {}, pair.accessToken)).body.error).toBe('authorization_error');
    const tokensBefore = await t.portal.database.db.selectFrom('oauth_tokens').select('id').execute();
    const refused = await token({ grant_type: 'refresh_token', ...client(), refresh_token: pair.refreshToken });
    expect(refused).toEqual({ status: 400, body: DISMISSED });
    expect(await t.portal.database.db.selectFrom('oauth_tokens').select('id').execute()).toEqual(tokensBefore);

    // Not spent by the refusal: an employee who comes back is not logged out of the app.
    await t.portal.services.users.setActive(2, true);
    const back = await token({ grant_type: 'refresh_token', ...client(), refresh_token: pair.refreshToken });
    expect(back.status).toBe(200);
    expect((await callApp(t, 'profile', {}, back.body.access_token)).body.result.ID).toBe('2');
  });

  test('issue 8 item 9: an authorization code issued before the dismissal is refused with invalid_grant; none is issued after', async () => {
    const { code } = await t.portal.services.oauth.issueCode(t.demo.app.id, 3);
    await t.portal.services.users.setActive(3, false);
    expect(await token({ grant_type: 'authorization_code', ...client(), code })).toEqual({ status: 400, body: DISMISSED });
    await expect(t.portal.services.oauth.issueCode(t.demo.app.id, 3)).rejects.toThrow('user 3 is dismissed');
  });
});
