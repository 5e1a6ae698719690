import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, traces } from '../../../../test/helpers/rest-calls.js';

/**
 * Fault switches through the admin API (/_extcall/faults): each reproduces a cloud refusal with its
 * exact code, description and status, changes nothing when it hits, and stops when removed or used up.
 */
let t: TestPortal;

beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(async () => {
  await t.close();
});

async function setFault(spec: Record<string, unknown>) {
  const res = await t.portal.app.inject({ method: 'POST', url: '/_extcall/faults', payload: spec });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

async function faultsListed(): Promise<Array<Record<string, any>>> {
  return (await t.portal.app.inject({ method: 'GET', url: '/_extcall/faults' })).json().faults;
}

async function hook(method: string, query = '') {
  const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}${method}${query ? `?${query}` : ''}` });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

function refused(res: { status: number; body: Record<string, any> }, status: number, error: string, description: string) {
  expect(res.body).toEqual({ error, error_description: description });
  expect(res.status).toBe(status);
}

const REGISTER = { USER_ID: 2, PHONE_NUMBER: '+1 202 555 0147', TYPE: 2 };

describe('the admin API', () => {
  test('POST answers 201 with the fault; GET lists it; DELETE one and all remove them', async () => {
    const set = await setFault({ kind: 'limit', error: 'OVERLOAD_LIMIT', method: 'user.current', times: 2 });
    expect(set.status).toBe(201);
    expect(set.body.fault).toMatchObject({
      kind: 'limit',
      error: 'OVERLOAD_LIMIT',
      method: 'user.current',
      times: 2,
      remaining: 2,
      hits: 0,
    });
    expect(set.body.fault.createdAt).toBe(new Date(t.clock.nowMs()).toISOString());
    const second = (await setFault({ kind: 'payment_required', appId: t.demo.app.id })).body.fault;
    expect((await faultsListed()).map((f) => f.id)).toEqual([set.body.fault.id, second.id]);

    const removed = await t.portal.app.inject({ method: 'DELETE', url: `/_extcall/faults/${set.body.fault.id}` });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().fault.id).toBe(set.body.fault.id);
    const again = await t.portal.app.inject({ method: 'DELETE', url: `/_extcall/faults/${set.body.fault.id}` });
    expect(again.json()).toEqual({ error: 'NOT_FOUND', error_description: `No fault with id ${set.body.fault.id}` });
    expect(again.statusCode).toBe(404);

    expect((await t.portal.app.inject({ method: 'DELETE', url: '/_extcall/faults' })).json()).toEqual({ removed: 1 });
    expect(await faultsListed()).toEqual([]);
    expect((await callApp(t, 'user.current')).status).toBe(200);
  });

  test('a bad spec answers 400 INVALID_REQUEST naming the field, and sets nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'kind is required'],
      [
        { kind: 'explode' },
        'kind must be one of: payment_required, method_confirm, restrict_app, limit, fail, deliveries, expire_token, revoke_token, dismiss_user, extranet_user, uninstall_app, delete_app',
      ],
      [{ kind: 'limit', error: 'OVERLOAD_LIMIT', tims: 3 }, 'tims is not a field of a limit fault'],
      [{ kind: 'limit', error: 'ERROR_CORE' }, 'error must be one of: QUERY_LIMIT_EXCEEDED, OVERLOAD_LIMIT, OPERATION_TIME_LIMIT'],
      [{ kind: 'limit', error: 'OVERLOAD_LIMIT', times: 0 }, 'times must be a positive integer, or null for until removed'],
      [{ kind: 'method_confirm', appId: 1, method: 'x', state: 'maybe' }, 'state must be one of: waiting, denied'],
      [{ kind: 'method_confirm', appId: '1', method: 'x', state: 'denied' }, 'appId must be a positive integer'],
      [{ kind: 'restrict_app', appId: 1, userIds: [1, 'two'] }, 'userIds must be a list of positive integers'],
      [{ kind: 'fail', error: 'ERROR_CORE' }, 'method is required'],
      [{ kind: 'fail', method: 'x' }, 'A fail fault takes exactly one of error, status, delayMs and drop'],
      [{ kind: 'fail', method: 'x', drop: true, delayMs: 5 }, 'A fail fault takes exactly one of error, status, delayMs and drop'],
      [{ kind: 'fail', method: 'x', drop: false }, 'drop must be true'],
      [{ kind: 'fail', method: 'x', status: 501 }, 'status must be one of: 500, 502, 503, 504'],
      [{ kind: 'fail', method: 'x', status: 502, body: 'envelope' }, 'body must be one of: empty, html'],
      [{ kind: 'fail', method: 'x', delayMs: 500_000 }, 'delayMs must be a whole number of milliseconds from 0 to 120000'],
      [
        { kind: 'fail', method: 'x', error: 'NO_SUCH_CODE' },
        'error: "NO_SUCH_CODE" is no code or key of the REST catalogue; for another, give an object with code, description and status',
      ],
      [
        { kind: 'fail', method: 'x', error: { code: 'X', description: 'y', status: 200 } },
        'error.status must be an HTTP status from 400 to 599',
      ],
      [{ kind: 'fail', method: 'x', error: { code: 'X', status: 400 } }, 'error.description is required'],
      [{ kind: 'fail', method: 'x', error: 'ERROR_CORE', params: 'CALL_ID=1' }, 'params must be an object'],
      [{ kind: 'deliveries', mode: 'delay' }, 'delayMs is required'],
      [{ kind: 'dismiss_user', userId: 999 }, 'userId: no user with id 999'],
      [{ kind: 'uninstall_app', appId: 999 }, 'appId: no application with id 999'],
      [{ kind: 'expire_token', token: 'nope' }, 'token: the portal has no such access token'],
    ];
    for (const [spec, description] of cases) {
      const res = await setFault(spec);
      expect(res.body, JSON.stringify(spec)).toEqual({ error: 'INVALID_REQUEST', error_description: description });
      expect(res.status).toBe(400);
    }
    expect(await faultsListed()).toEqual([]);
    expect((await callApp(t, 'user.current')).status).toBe(200);
  });

  test('a reset removes every switch', async () => {
    await setFault({ kind: 'payment_required' });
    expect((await t.portal.app.inject({ method: 'POST', url: '/_extcall/reset', payload: {} })).statusCode).toBe(200);
    expect(await faultsListed()).toEqual([]);
  });
});

describe('switches of the caller', () => {
  test('payment_required for the portal: every call 402 PAYMENT_REQUIRED, webhooks too, batch itself', async () => {
    await setFault({ kind: 'payment_required' });
    refused(await callApp(t, 'user.current'), 402, 'PAYMENT_REQUIRED', 'Payment required');
    refused(await hook('user.current'), 402, 'PAYMENT_REQUIRED', 'Payment required');
    refused(await callApp(t, 'batch', { cmd: { a: 'user.current' } }), 402, 'PAYMENT_REQUIRED', 'Payment required');
    expect((await faultsListed())[0]!.hits).toBe(3);
  });

  test('payment_required for one application: its calls and its refresh refused, app.info says PAYMENT_EXPIRED Y', async () => {
    const { fault } = (await setFault({ kind: 'payment_required', appId: t.demo.app.id })).body;
    refused(await callApp(t, 'telephony.externalCall.register', REGISTER), 402, 'PAYMENT_REQUIRED', 'Payment required');
    expect(await traces(t)).toMatchObject({ statistics: 0, activeCalls: 0, leads: 0 });
    expect((await hook('user.current')).status).toBe(200);
    expect((await callApp(t, 'app.info')).body.result.PAYMENT_EXPIRED).toBe('Y');
    const { clientId, clientSecret, refreshToken } = t.demo.app;
    const refresh = await t.portal.app.inject({
      method: 'POST',
      url: '/oauth/token/',
      payload: { grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken },
    });
    expect(refresh.json()).toEqual({ error: 'PAYMENT_REQUIRED', error_description: 'Payment required' });
    expect(refresh.statusCode).toBe(402);

    await t.portal.app.inject({ method: 'DELETE', url: `/_extcall/faults/${fault.id}` });
    expect((await callApp(t, 'app.info')).body.result.PAYMENT_EXPIRED).toBe('N');
    const again = await t.portal.app.inject({
      method: 'POST',
      url: '/oauth/token/',
      payload: { grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken },
    });
    // The refused refresh spent nothing: the same refresh token works now.
    expect(again.statusCode).toBe(200);
  });

  test('method_confirm: that method of that application 401 waiting or 403 denied; other methods go on', async () => {
    await setFault({ kind: 'method_confirm', appId: t.demo.app.id, method: 'voximplant.user.get', state: 'waiting' });
    refused(await callApp(t, 'voximplant.user.get', { USER_ID: 1 }), 401, 'METHOD_CONFIRM_WAITING', 'Waiting for confirmation');
    // Method names are matched in any letter case, as the portal finds methods (A5).
    refused(await callApp(t, 'VoxImplant.User.Get', { USER_ID: 1 }), 401, 'METHOD_CONFIRM_WAITING', 'Waiting for confirmation');
    expect((await callApp(t, 'user.current')).status).toBe(200);
    expect((await hook('voximplant.user.get', 'USER_ID=1')).status).toBe(200);
    await t.portal.app.inject({ method: 'DELETE', url: '/_extcall/faults' });
    await setFault({ kind: 'method_confirm', appId: t.demo.app.id, method: 'voximplant.user.get', state: 'denied' });
    refused(await callApp(t, 'voximplant.user.get', { USER_ID: 1 }), 403, 'METHOD_CONFIRM_DENIED', 'Method call denied');
  });

  test('restrict_app: the application with other users\u2019 tokens 403 user_access_error; its listed users go on', async () => {
    const employee = (await t.portal.services.portal.issueTokens(t.demo.app.id, 2)).accessToken;
    await setFault({ kind: 'restrict_app', appId: t.demo.app.id, userIds: [1] });
    expect((await callApp(t, 'user.current')).status).toBe(200);
    refused(
      await callApp(t, 'crm.lead.add', { fields: { TITLE: 'Blocked' } }, employee),
      403,
      'user_access_error',
      'The user does not have access to the application',
    );
    expect(await traces(t)).toMatchObject({ leads: 0 });
  });
});

describe('one-time actions', () => {
  test('expire_token: 401 expired_token; the refresh token still gives a new pair', async () => {
    const res = await setFault({ kind: 'expire_token', token: t.demo.app.accessToken });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ applied: true, kind: 'expire_token', tokens: 1 });
    refused(await callApp(t, 'user.current'), 401, 'expired_token', 'The access token provided has expired');
    expect(await faultsListed()).toEqual([]);
    const { clientId, clientSecret, refreshToken } = t.demo.app;
    const refresh = await t.portal.app.inject({
      method: 'GET',
      url: `/oauth/token/?grant_type=refresh_token&client_id=${clientId}&client_secret=${clientSecret}&refresh_token=${refreshToken}`,
    });
    expect(refresh.statusCode).toBe(200);
    expect((await callApp(t, 'user.current', {}, refresh.json().access_token)).status).toBe(200);
  });

  test('revoke_token: the token is one the portal does not know, 401 invalid_token', async () => {
    expect((await callApp(t, 'user.current')).status).toBe(200);
    expect((await setFault({ kind: 'revoke_token', token: t.demo.app.accessToken })).body).toEqual({
      applied: true,
      kind: 'revoke_token',
      tokens: 1,
    });
    refused(await callApp(t, 'user.current'), 401, 'invalid_token', 'Unable to get application by token');
  });

  test('dismiss_user: tokens 401 authorization_error, webhooks 403 INVALID_CREDENTIALS, refresh invalid_grant', async () => {
    const user = await t.portal.services.users.add({ name: 'Leaving' });
    const tokens = await t.portal.services.portal.issueTokens(t.demo.app.id, user.id);
    const { code } = await t.portal.services.portal.addWebhook({ userId: user.id, scopes: 'user' });
    expect((await callApp(t, 'user.current', {}, tokens.accessToken)).status).toBe(200);
    expect((await setFault({ kind: 'dismiss_user', userId: user.id })).body).toEqual({
      applied: true,
      kind: 'dismiss_user',
      userId: user.id,
    });
    refused(await callApp(t, 'user.current', {}, tokens.accessToken), 401, 'authorization_error', 'Unable to authorize user');
    const viaHook = await t.portal.app.inject({ method: 'GET', url: `/rest/${user.id}/${code}/user.current` });
    expect(viaHook.json()).toEqual({ error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' });
    expect(viaHook.statusCode).toBe(403);
    const { clientId, clientSecret } = t.demo.app;
    const refresh = await t.portal.app.inject({
      method: 'GET',
      url: `/oauth/token/?grant_type=refresh_token&client_id=${clientId}&client_secret=${clientSecret}&refresh_token=${tokens.refreshToken}`,
    });
    expect(refresh.json().error).toBe('invalid_grant');
  });

  test('extranet_user: tokens and webhooks 403 allowed_only_intranet_user; user.get shows USER_TYPE extranet', async () => {
    const user = await t.portal.services.users.add({ name: 'Guest' });
    const tokens = await t.portal.services.portal.issueTokens(t.demo.app.id, user.id);
    const { code } = await t.portal.services.portal.addWebhook({ userId: user.id, scopes: 'user' });
    expect((await callApp(t, 'user.current', {}, tokens.accessToken)).status).toBe(200);
    await setFault({ kind: 'extranet_user', userId: user.id });
    const description = 'Action allowed only for intranet users';
    refused(await callApp(t, 'user.current', {}, tokens.accessToken), 403, 'allowed_only_intranet_user', description);
    const viaHook = await t.portal.app.inject({ method: 'GET', url: `/rest/${user.id}/${code}/user.current` });
    refused({ status: viaHook.statusCode, body: viaHook.json() }, 403, 'allowed_only_intranet_user', description);
    expect((await callApp(t, 'user.get', { ID: user.id })).body.result[0].USER_TYPE).toBe('extranet');
  });

  test('uninstall_app: tokens 401 ERROR_OAUTH, refresh invalid_client, handlers gone', async () => {
    await callApp(t, 'event.bind', { event: 'ONCRMLEADADD', handler: 'https://example.com/handler' });
    expect((await setFault({ kind: 'uninstall_app', appId: t.demo.app.id })).body).toEqual({
      applied: true,
      kind: 'uninstall_app',
      appId: t.demo.app.id,
    });
    refused(await callApp(t, 'user.current'), 401, 'ERROR_OAUTH', 'Application not installed');
    expect(await t.portal.storage.events.bindingsOfApp(t.demo.app.id)).toEqual([]);
    const { clientId, clientSecret, refreshToken } = t.demo.app;
    const refresh = await t.portal.app.inject({
      method: 'GET',
      url: `/oauth/token/?grant_type=refresh_token&client_id=${clientId}&client_secret=${clientSecret}&refresh_token=${refreshToken}`,
    });
    expect(refresh.json().error).toBe('invalid_client');
    expect(refresh.statusCode).toBe(401);
  });

  test('delete_app: tokens 401 invalid_token as unknown ones; /oauth/token/ 401 APPLICATION_NOT_FOUND', async () => {
    const res = await setFault({ kind: 'delete_app', appId: t.demo.app.id });
    expect(res.body).toMatchObject({ applied: true, kind: 'delete_app', appId: t.demo.app.id });
    expect(res.body.tokens).toBeGreaterThanOrEqual(1);
    refused(await callApp(t, 'user.current'), 401, 'invalid_token', 'Unable to get application by token');
    const { clientId, clientSecret, refreshToken } = t.demo.app;
    const refresh = await t.portal.app.inject({
      method: 'GET',
      url: `/oauth/token/?grant_type=refresh_token&client_id=${clientId}&client_secret=${clientSecret}&refresh_token=${refreshToken}`,
    });
    expect(refresh.json()).toEqual({ error: 'APPLICATION_NOT_FOUND', error_description: 'Application not found' });
    expect(refresh.statusCode).toBe(401);
  });
});

describe('limits and failures of calls', () => {
  test('limit for every call, N times: QUERY_LIMIT_EXCEEDED 503, then calls work again', async () => {
    await setFault({ kind: 'limit', error: 'QUERY_LIMIT_EXCEEDED', times: 2 });
    refused(await callApp(t, 'user.current'), 503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
    refused(await hook('server.time'), 503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
    expect((await callApp(t, 'user.current')).status).toBe(200);
    expect(await faultsListed()).toEqual([]);
  });

  test('limit of one method until removed: OVERLOAD_LIMIT 503 and OPERATION_TIME_LIMIT 429', async () => {
    await setFault({ kind: 'limit', error: 'OPERATION_TIME_LIMIT', method: 'user.current' });
    await setFault({ kind: 'limit', error: 'OVERLOAD_LIMIT', method: 'server.time' });
    for (let i = 0; i < 3; i++) {
      refused(await callApp(t, 'user.current'), 429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.');
    }
    refused(await callApp(t, 'server.time'), 503, 'OVERLOAD_LIMIT', 'REST API is blocked due to overload');
    expect((await callApp(t, 'user.get', { ID: 1 })).status).toBe(200);
    expect((await faultsListed()).map((f) => [f.hits, f.remaining])).toEqual([
      [3, null],
      [1, null],
    ]);
  });

  test('fail with a catalogue code: the next call answers it and writes nothing; the call after works', async () => {
    await setFault({ kind: 'fail', method: 'telephony.externalCall.register', error: 'ERROR_CORE' });
    refused(await callApp(t, 'telephony.externalCall.register', REGISTER), 500, 'ERROR_CORE', 'Unexpected database error');
    expect(await traces(t)).toMatchObject({ statistics: 0, activeCalls: 0, leads: 0 });
    expect((await callApp(t, 'telephony.externalCall.register', REGISTER)).status).toBe(200);
    expect(await traces(t)).toMatchObject({ activeCalls: 1 });
  });

  test('fail with a catalogue key, or with an error described in full, N times', async () => {
    await setFault({ kind: 'fail', method: 'crm.lead.add', error: 'LINE_NOT_FOUND', times: 1 });
    await setFault({
      kind: 'fail',
      method: 'crm.lead.add',
      error: { code: 'ERROR_LEAD_LOCKED', description: 'Locked for {reason}', status: 409 },
      times: 2,
    });
    refused(await callApp(t, 'crm.lead.add', { fields: { TITLE: 'x' } }), 400, 'ERROR_CORE', 'Could not find line with number {number}');
    refused(await callApp(t, 'crm.lead.add', { fields: { TITLE: 'x' } }), 409, 'ERROR_LEAD_LOCKED', 'Locked for {reason}');
    refused(await callApp(t, 'crm.lead.add', { fields: { TITLE: 'x' } }), 409, 'ERROR_LEAD_LOCKED', 'Locked for {reason}');
    expect(await traces(t)).toMatchObject({ leads: 0 });
    expect((await callApp(t, 'crm.lead.add', { fields: { TITLE: 'x' } })).status).toBe(200);
    expect(await traces(t)).toMatchObject({ leads: 1 });
  });

  test('fail only the calls whose parameters match, read as the method reads them', async () => {
    await setFault({ kind: 'fail', method: 'user.get', params: { ID: 2 }, error: 'ACCESS_DENIED', times: null });
    await setFault({ kind: 'fail', method: 'crm.lead.add', params: { fields: { TITLE: 'Poison' } }, error: 'ERROR_CORE', times: null });
    const fault = (await callApp(t, 'user.get', { ID: '2' })).body;
    expect(fault.error).toBe('ACCESS_DENIED');
    expect((await hook('user.get', 'ID=2')).body.error).toBe('ACCESS_DENIED');
    expect((await callApp(t, 'user.get', { ID: 1 })).status).toBe(200);
    // Keys as the readers read them: exact letter case.
    expect((await callApp(t, 'user.get', { id: 2 })).status).toBe(200);
    expect((await callApp(t, 'crm.lead.add', { fields: { TITLE: 'Fine' } })).status).toBe(200);
    expect((await hook('crm.lead.add', 'fields[TITLE]=Poison')).body.error).toBe('ERROR_CORE');
    expect(await traces(t)).toMatchObject({ leads: 1 });
  });

  test('fail with status 500: the INTERNAL_SERVER_ERROR envelope; 502 and 504 as a proxy gives them', async () => {
    await setFault({ kind: 'fail', method: 'user.current', status: 500 });
    await setFault({ kind: 'fail', method: 'user.current', status: 502 });
    await setFault({ kind: 'fail', method: 'user.current', status: 504, body: 'empty' });
    refused(await callApp(t, 'user.current'), 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    const html = await t.portal.app.inject({ method: 'POST', url: '/rest/user.current', payload: { auth: t.demo.app.accessToken } });
    expect(html.statusCode).toBe(502);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain('<title>502 Bad Gateway</title>');
    const empty = await t.portal.app.inject({ method: 'POST', url: '/rest/user.current', payload: { auth: t.demo.app.accessToken } });
    expect(empty.statusCode).toBe(504);
    expect(empty.body).toBe('');
    expect((await callApp(t, 'user.current')).status).toBe(200);
  });

  test('fail with a delay: the call waits, then runs and answers normally', async () => {
    await setFault({ kind: 'fail', method: 'crm.lead.add', delayMs: 300 });
    const began = performance.now();
    const res = await callApp(t, 'crm.lead.add', { fields: { TITLE: 'Late' } });
    expect(performance.now() - began).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
    expect(await traces(t)).toMatchObject({ leads: 1 });
  });

  test('batch: a faulted command answers in its own slot; the other commands run', async () => {
    await setFault({ kind: 'fail', method: 'crm.lead.add', error: 'ERROR_CORE' });
    await setFault({ kind: 'method_confirm', appId: t.demo.app.id, method: 'server.time', state: 'denied' });
    const res = await callApp(t, 'batch', {
      cmd: { lead: 'crm.lead.add?fields[TITLE]=Batch', me: 'user.current', time: 'server.time' },
    });
    expect(res.status).toBe(200);
    expect(res.body.result.result_error).toEqual({
      lead: { error: 'ERROR_CORE', error_description: 'Unexpected database error' },
      time: { error: 'METHOD_CONFIRM_DENIED', error_description: 'Method call denied' },
    });
    expect(res.body.result.result.me.ID).toBe('1');
    expect(await traces(t)).toMatchObject({ leads: 0 });
  });

  test('in code: portal.services.faults has the same switches', async () => {
    const faults = t.portal.services.faults;
    const fault = faults.failNext({ method: 'user.current', error: 'ACCESS_DENIED' });
    expect(fault).toMatchObject({ kind: 'fail', method: 'user.current', times: 1, remaining: 1 });
    expect((await callApp(t, 'user.current')).body.error).toBe('ACCESS_DENIED');
    expect(faults.list()).toEqual([]);
    faults.paymentRequired({ appId: t.demo.app.id });
    expect((await callApp(t, 'user.current')).status).toBe(402);
    expect(faults.clear()).toBe(1);
    await faults.expireToken(t.demo.app.accessToken);
    expect((await callApp(t, 'user.current')).body.error).toBe('expired_token');
    expect(() => faults.limit({ error: 'OVERLOAD_LIMIT', times: -1 })).toThrow(
      'times must be a positive integer, or null for until removed',
    );
    expect(() => faults.add([] as never)).toThrow('A fault spec is a JSON object with a kind');
  });
});
