import https from 'node:https';
import { B24Hook, B24OAuth, type AjaxResult } from '@bitrix24/b24jssdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRealServer, type RealServer } from './real-server.js';

/**
 * The official JS SDK (@bitrix24/b24jssdk 2.2.0) driving a running server exactly as its users do:
 * webhook mode over TLS (it refuses plain http), OAuth mode with token refresh, paging, batch with
 * $result, and its retries on rate limits (CLIENTS.md).
 */
let server: RealServer;
let caBefore: unknown;

beforeAll(async () => {
  server = await startRealServer();
  // The SDK's HTTP client (axios) uses Node's global agent: trust the portal's self-signed certificate.
  caBefore = https.globalAgent.options.ca;
  https.globalAgent.options.ca = server.cert;
});
afterAll(async () => {
  https.globalAgent.options.ca = caBefore as string | undefined;
  await server.close();
});

function hook(): B24Hook {
  const b24 = B24Hook.fromWebhookUrl(server.httpsWebhookUrl.replace(/\/$/, ''));
  b24.offClientSideWarning();
  return b24;
}

function oauth(
  base: string,
  tokens: { accessToken: string; refreshToken: string; expires: number },
  onRefresh?: (token: string) => void,
): B24OAuth {
  const b24 = new B24OAuth(
    {
      applicationToken: '',
      userId: 1,
      memberId: '',
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expires: tokens.expires,
      expiresIn: 3600,
      scope: server.demo.app.scopes.join(','),
      domain: new URL(base).host,
      clientEndpoint: `${base}/rest/`,
      serverEndpoint: `${base}/rest/`,
      status: 'L',
    } as ConstructorParameters<typeof B24OAuth>[0],
    { clientId: server.demo.app.clientId, clientSecret: server.demo.app.clientSecret },
  );
  b24.offClientSideWarning();
  if (onRefresh) b24.setCallbackRefreshAuth(async ({ b24OAuthParams }) => onRefresh(b24OAuthParams.accessToken));
  return b24;
}

const resultOf = <T>(answer: AjaxResult<T>): T => {
  expect(answer.isSuccess, answer.getErrorMessages().join('; ')).toBe(true);
  return answer.getData()!.result as T;
};

describe('@bitrix24/b24jssdk, webhook mode over TLS', () => {
  test('a call, the time block it paces itself by, and list paging over several pages', async () => {
    const b24 = hook();
    const users = await b24.actions.v2.call.make<Array<{ ID: string }>>({ method: 'user.get', params: { FILTER: { ACTIVE: true } } });
    expect(resultOf(users).map((u) => u.ID)).toEqual(['1', '2', '3', '4']);
    expect(users.getTotal()).toBe(4);
    expect(users.getData()!.time.operating_reset_at).toBeGreaterThan(0);

    const added = await b24.actions.v2.batchByChunk.make({
      calls: Array.from({ length: 120 }, (_, i) => [
        'crm.contact.add',
        { fields: { NAME: `Client ${i}`, PHONE: [{ VALUE: `+4930777${String(i).padStart(4, '0')}`, VALUE_TYPE: 'WORK' }] } },
      ]),
      options: { isHaltOnError: true },
    });
    expect(added.isSuccess, added.getErrorMessages().join('; ')).toBe(true);
    const all = await b24.actions.v2.callList.make<{ ID: string }>({
      method: 'crm.contact.list',
      params: { select: ['ID', 'NAME'] },
      idKey: 'ID',
    });
    expect(all.isSuccess, all.getErrorMessages().join('; ')).toBe(true);
    expect(all.getData()!.length).toBeGreaterThanOrEqual(120);
    expect(new Set(all.getData()!.map((c) => c.ID)).size).toBe(all.getData()!.length);
  });

  test('a webhook registers and finishes calls, as connectors do (B9 revised, issue 13)', async () => {
    const b24 = hook();
    const { CALL_ID } = resultOf(
      await b24.actions.v2.call.make<{ CALL_ID: string }>({
        method: 'telephony.externalCall.register',
        params: { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 },
      }),
    );
    const finished = resultOf(
      await b24.actions.v2.call.make<Record<string, unknown>>({
        method: 'telephony.externalCall.finish',
        params: { CALL_ID, USER_ID: 2, DURATION: 5 },
      }),
    );
    // The call belongs to no application.
    expect(finished).toMatchObject({ CALL_ID, REST_APP_ID: '', REST_APP_NAME: '' });
  });

  test('on an --app-context-only portal a webhook may not register calls (B9, issue 13): the SDK reports WRONG_AUTH_TYPE without retrying', async () => {
    server.portal.services.config.appContextOnly = true;
    try {
      const answer = await hook()
        .actions.v2.call.make({ method: 'telephony.externalCall.register', params: { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 } })
        .catch((error: unknown) => error);
      expect(String((answer as Error).message ?? answer)).toMatch(/WRONG_AUTH_TYPE|Current authorization type is denied/);
    } finally {
      server.portal.services.config.appContextOnly = false;
    }
  });
});

describe('@bitrix24/b24jssdk, OAuth mode', () => {
  test('batch register → finish by $result, over plain HTTP; one statistics row', async () => {
    const b24 = oauth(server.httpUrl, { ...server.demo.app, expires: Math.floor(Date.now() / 1000) + 3600 });
    const answer = await b24.actions.v2.batch.make({
      calls: {
        reg: {
          method: 'telephony.externalCall.register',
          params: { USER_PHONE_INNER: '101', PHONE_NUMBER: '+49 30 4440001', TYPE: 2, CRM_CREATE: 1 },
        },
        fin: { method: 'telephony.externalCall.finish', params: { CALL_ID: '$result[reg][CALL_ID]', USER_ID: 2, DURATION: 61 } },
      },
      options: { isHaltOnError: true },
    });
    expect(answer.isSuccess, answer.getErrorMessages().join('; ')).toBe(true);
    const data = answer.getData() as Record<string, any>;
    expect(data.fin.CALL_ID).toBe(data.reg.CALL_ID);
    const rows = resultOf(
      await b24.actions.v2.call.make<any[]>({ method: 'voximplant.statistic.get', params: { FILTER: { CALL_ID: data.reg.CALL_ID } } }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].CALL_DURATION).toBe('61');
  });

  test('B4: an access token the SDK knows is stale is refreshed at /oauth/token/ before the call', async () => {
    const fresh = await server.portal.services.portal.issueTokens(server.demo.app.id, 1);
    const refreshed: string[] = [];
    const b24 = oauth(
      server.httpsUrl,
      { accessToken: fresh.accessToken, refreshToken: fresh.refreshToken, expires: Math.floor(Date.now() / 1000) - 10 },
      (t) => refreshed.push(t),
    );
    const me = resultOf(await b24.actions.v2.call.make<{ ID: string }>({ method: 'profile' }));
    expect(me.ID).toBe('1');
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).not.toBe(fresh.accessToken);
  });

  test('401 expired_token from the server: the SDK refreshes and retries once', async () => {
    const fresh = await server.portal.services.portal.issueTokens(server.demo.app.id, 2);
    const refreshed: string[] = [];
    const b24 = oauth(
      server.httpsUrl,
      { accessToken: fresh.accessToken, refreshToken: fresh.refreshToken, expires: Math.floor(Date.now() / 1000) + 3600 },
      (t) => refreshed.push(t),
    );
    server.clock.advanceSeconds(3700);
    try {
      const me = resultOf(await b24.actions.v2.call.make<{ ID: string }>({ method: 'user.current' }));
      expect(me.ID).toBe('2');
      expect(refreshed).toHaveLength(1);
    } finally {
      server.clock.advanceSeconds(-3700);
    }
  });
});

describe('@bitrix24/b24jssdk against the rate limit', () => {
  let limited: RealServer;
  beforeAll(async () => {
    limited = await startRealServer({ rateLimit: { burst: 3, drainPerSecond: 4 } });
  });
  afterAll(() => limited.close());

  test('C1: answers of 503 QUERY_LIMIT_EXCEEDED are retried by the SDK until they pass', async () => {
    const b24 = new B24OAuth(
      {
        applicationToken: '',
        userId: 1,
        memberId: '',
        accessToken: limited.demo.app.accessToken,
        refreshToken: limited.demo.app.refreshToken,
        expires: Math.floor(Date.now() / 1000) + 3600,
        expiresIn: 3600,
        scope: 'user',
        domain: new URL(limited.httpUrl).host,
        clientEndpoint: `${limited.httpUrl}/rest/`,
        serverEndpoint: `${limited.httpUrl}/rest/`,
        status: 'L',
      } as ConstructorParameters<typeof B24OAuth>[0],
      { clientId: limited.demo.app.clientId, clientSecret: limited.demo.app.clientSecret },
      // The SDK's own pacing is opened wide, so that the server's limit is what it meets.
      { restrictionParams: { rateLimit: { burstLimit: 1000, drainRate: 1000, adaptiveEnabled: false }, maxRetries: 5, retryDelay: 300 } },
    );
    b24.offClientSideWarning();
    const statuses: number[] = [];
    limited.portal.app.server.on('request', (_req, res) => res.on('finish', () => statuses.push(res.statusCode)));
    const answers = await Promise.all(Array.from({ length: 6 }, () => b24.actions.v2.call.make<{ ID: string }>({ method: 'profile' })));
    for (const answer of answers) expect(resultOf(answer).ID).toBe('1');
    // The limit was really met: some answers were 503 and the SDK came back for them.
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
  });
});
