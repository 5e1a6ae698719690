import { B24OAuth } from '@bitrix24/b24jssdk';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startRealServer, type RealServer } from '../../../../test/clients/real-server.js';

/** The official JS SDK meeting fault switches, as an integration's test suite would use them. */
let server: RealServer;

beforeAll(async () => {
  server = await startRealServer();
});
afterAll(() => server.close());

async function sdkFor(userId: number) {
  const tokens = await server.portal.services.portal.issueTokens(server.demo.app.id, userId);
  const refreshed: string[] = [];
  const b24 = new B24OAuth(
    {
      applicationToken: '',
      userId,
      memberId: '',
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expires: Math.floor(Date.now() / 1000) + 3600,
      expiresIn: 3600,
      scope: server.demo.app.scopes.join(','),
      domain: new URL(server.httpUrl).host,
      clientEndpoint: `${server.httpUrl}/rest/`,
      serverEndpoint: `${server.httpUrl}/rest/`,
      status: 'L',
    } as ConstructorParameters<typeof B24OAuth>[0],
    { clientId: server.demo.app.clientId, clientSecret: server.demo.app.clientSecret },
    { restrictionParams: { maxRetries: 1, retryDelay: 50 } },
  );
  b24.offClientSideWarning();
  b24.setCallbackRefreshAuth(async ({ b24OAuthParams }) => void refreshed.push(b24OAuthParams.accessToken));
  return { b24, tokens, refreshed };
}

test('expire_token: the SDK meets 401 expired_token, refreshes its pair and retries the call', async () => {
  const { b24, tokens, refreshed } = await sdkFor(2);
  await server.portal.services.faults.expireToken(tokens.accessToken);
  const answer = await b24.actions.v2.call.make<{ ID: string }>({ method: 'user.current' });
  expect(answer.isSuccess, answer.getErrorMessages().join('; ')).toBe(true);
  expect(answer.getData()!.result.ID).toBe('2');
  expect(refreshed).toHaveLength(1);
  expect(refreshed[0]).not.toBe(tokens.accessToken);
});

test('payment_required for the application: the SDK throws PAYMENT_REQUIRED and nothing was written', async () => {
  const { b24 } = await sdkFor(1);
  const fault = server.portal.services.faults.paymentRequired({ appId: server.demo.app.id });
  try {
    // The SDK throws the portal's error as its AjaxError, code, status and text as the portal sent them.
    await expect(b24.actions.v2.call.make({ method: 'crm.lead.add', params: { fields: { TITLE: 'Unpaid' } } })).rejects.toMatchObject({
      code: 'PAYMENT_REQUIRED',
      status: 402,
      message: 'Payment required',
    });
    const leads = await server.portal.database.db.selectFrom('crm_leads').select('title').where('title', '=', 'Unpaid').execute();
    expect(leads).toEqual([]);
  } finally {
    server.portal.services.faults.remove(fault.id);
  }
  const after = await b24.actions.v2.call.make({ method: 'crm.lead.add', params: { fields: { TITLE: 'Paid' } } });
  expect(after.isSuccess, after.getErrorMessages().join('; ')).toBe(true);
});
