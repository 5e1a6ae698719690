import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callIn, WIRE_STYLES } from '../../../../test/helpers/wire-styles.js';
import { ALL_METHODS } from '../../methods.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

/** An access token of the demo application for user `userId` (2: Anna, not an administrator). */
async function tokenOf(userId: number): Promise<{ token: string }> {
  return { token: (await t.portal.services.portal.issueTokens(t.demo.app.id, userId)).accessToken };
}

describe('server.time (server.time page)', () => {
  test.each(WIRE_STYLES)('server.time in the portal zone as YYYY-MM-DDThh:mm:ss±hh:mm (%s)', async (style) => {
    for (const credential of [undefined, 'webhook' as const]) {
      const { status, body } = await callIn(t, style, 'server.time', {}, credential);
      expect(status).toBe(200);
      // The test clock stands at 2026-03-10 10:00 UTC; the portal is in Europe/Berlin.
      expect(body.result).toBe('2026-03-10T11:00:00+01:00');
    }
    t.clock.advanceSeconds(90);
    expect((await callIn(t, style, 'server.time')).body.result).toBe('2026-03-10T11:01:30+01:00');
  });
});

describe('access.name (access.name page)', () => {
  test('names of user and group codes; unknown codes are left out; no codes → false', async () => {
    const { body } = await callIn(t, 'json', 'access.name', { ACCESS: ['U1', 'G2', 'AU', 'U999', 'X7', 'G1'] });
    expect(body.result).toEqual({
      U1: { provider: 'Users', name: 'Admin Demo', provider_id: 'user' },
      G2: { provider: '', name: 'All visitors', provider_id: 'other' },
      AU: { provider: '', name: 'All authorized users', provider_id: 'other' },
      G1: { provider: '', name: 'Administrators', provider_id: 'other' },
    });
    expect((await callIn(t, 'query', 'access.name', { ACCESS: ['U2'] }, 'webhook')).body.result).toEqual({
      U2: { provider: 'Users', name: 'Anna Berg', provider_id: 'user' },
    });
    expect((await callIn(t, 'json', 'access.name', {})).body.result).toBe(false);
    expect((await callIn(t, 'json', 'access.name', { ACCESS: ['X1'] })).body.result).toEqual([]);
  });
});

describe('app.info (app.info page, A18, B18)', () => {
  test.each(WIRE_STYLES)('B18 corrected: a webhook gets {SCOPE, LICENSE}; the application its own block (%s)', async (style) => {
    const hook = await callIn(t, style, 'app.info', {}, 'webhook');
    expect(hook).toEqual({
      status: 200,
      body: expect.objectContaining({ result: { SCOPE: ['telephony', 'crm', 'user', 'im'], LICENSE: 'en_selfhosted' } }),
    });
    const app = await callIn(t, style, 'app.info');
    expect(app.body.result).toMatchObject({ ID: t.demo.app.id, CODE: t.demo.app.clientId, LICENSE: 'en_selfhosted', INSTALLED: true });
  });

  test('B18 corrected: a webhook with fewer scopes lists exactly its own', async () => {
    const { code } = await t.portal.services.portal.addWebhook({ userId: 2, scopes: 'user,im' });
    const res = await t.portal.app.inject({ method: 'GET', url: `/rest/2/${code}/app.info` });
    expect(res.json().result).toEqual({ SCOPE: ['user', 'im'], LICENSE: 'en_selfhosted' });
  });
});

describe('app.option.get|set (app.option.get, app.option.set pages)', () => {
  test.each(WIRE_STYLES)('set, read one, read all, overwrite — values keep their JSON types (%s)', async (style) => {
    expect((await callIn(t, style, 'app.option.get')).body.result).toEqual([]);
    expect((await callIn(t, style, 'app.option.set', { options: { line: '100', mode: 'pbx' } })).body).toMatchObject({ result: true });
    expect((await callIn(t, style, 'app.option.get', { option: 'line' })).body.result).toBe('100');
    expect((await callIn(t, style, 'app.option.get', { option: 'missing' })).body.result).toBeNull();
    await callIn(t, style, 'app.option.set', { options: { mode: 'cloud' } });
    expect((await callIn(t, style, 'app.option.get')).body.result).toEqual({ line: '100', mode: 'cloud' });
  });

  test('JSON values stay typed', async () => {
    await callIn(t, 'json', 'app.option.set', { options: { n: 5, nested: { a: [1, 2] }, flag: true } });
    expect((await callIn(t, 'json', 'app.option.get')).body.result).toEqual({ n: 5, nested: { a: [1, 2] }, flag: true });
  });

  test('options are per application: another app does not see them', async () => {
    await callIn(t, 'json', 'app.option.set', { options: { secret: 'x' } });
    const other = await t.portal.services.portal.addApp({ name: 'Other', scopes: 'crm' });
    expect((await callIn(t, 'json', 'app.option.get', {}, { token: other.tokens.accessToken })).body.result).toEqual([]);
  });

  test('webhooks: 400 AccessException "Application context required"; non-admins may read, not write; empty options', async () => {
    for (const method of ['app.option.get', 'app.option.set']) {
      const res = await callIn(t, 'json', method, { options: { a: 1 } }, 'webhook');
      expect(res).toEqual({ status: 400, body: { error: 'AccessException', error_description: 'Application context required' } });
    }
    const anna = await tokenOf(2);
    expect(await callIn(t, 'json', 'app.option.set', { options: { a: 1 } }, anna)).toEqual({
      status: 400,
      body: { error: 'AccessException', error_description: 'Administrator authorization required' },
    });
    expect((await callIn(t, 'json', 'app.option.get', {}, anna)).status).toBe(200);
    expect(await callIn(t, 'json', 'app.option.set', { options: {} })).toEqual({
      status: 400,
      body: { error: 'ArgumentNullException', error_description: 'options is empty' },
    });
    expect((await callIn(t, 'json', 'app.option.get')).body.result).toEqual([]);
  });
});

describe('placement.bind|unbind|get|list (placement pages)', () => {
  const handler = 'https://pbx.example/call-card/';

  test.each(WIRE_STYLES)('CALL_CARD: list, bind, get, unbind with its count (%s)', async (style) => {
    const list = (await callIn(t, style, 'placement.list')).body.result as string[];
    expect(list).toContain('CALL_CARD');
    expect(list).toContain('CRM_DEAL_LIST_TOOLBAR');
    const bound = await callIn(t, style, 'placement.bind', {
      PLACEMENT: 'CALL_CARD',
      HANDLER: handler,
      TITLE: 'PBX card',
      LANG_ALL: { de: { TITLE: 'PBX-Karte', DESCRIPTION: '', GROUP_NAME: '' } },
    });
    expect(bound.body.result).toBe(true);
    expect((await callIn(t, style, 'placement.get')).body.result).toEqual([
      {
        placement: 'CALL_CARD',
        userId: 0,
        handler,
        options: [],
        title: 'PBX card',
        description: '',
        langAll: { de: { TITLE: 'PBX-Karte', DESCRIPTION: '', GROUP_NAME: '' } },
      },
    ]);
    // The same handler again keeps one registration.
    await callIn(t, style, 'placement.bind', { PLACEMENT: 'CALL_CARD', HANDLER: handler });
    expect((await callIn(t, style, 'placement.get')).body.result).toHaveLength(1);
    expect((await callIn(t, style, 'placement.unbind', { PLACEMENT: 'CALL_CARD', HANDLER: handler })).body.result).toEqual({ count: 2 });
    expect((await callIn(t, style, 'placement.get')).body.result).toEqual([]);
    expect((await callIn(t, style, 'placement.unbind', { PLACEMENT: 'CALL_CARD' })).body.result).toEqual({ count: 0 });
  });

  test('a webhook gets 403 WRONG_AUTH_TYPE for every placement method', async () => {
    for (const method of ['placement.bind', 'placement.unbind', 'placement.get', 'placement.list']) {
      expect(await callIn(t, 'json', method, { PLACEMENT: 'CALL_CARD', HANDLER: handler }, 'webhook')).toEqual({
        status: 403,
        body: {
          error: 'WRONG_AUTH_TYPE',
          error_description: 'Current authorization type is denied for this method Application context required',
        },
      });
    }
  });

  test('non-administrators: 403 ACCESS_DENIED for bind, unbind, get; list is open', async () => {
    const anna = await tokenOf(2);
    for (const method of ['placement.bind', 'placement.unbind', 'placement.get']) {
      expect(await callIn(t, 'json', method, { PLACEMENT: 'CALL_CARD', HANDLER: handler }, anna)).toEqual({
        status: 403,
        body: { error: 'ACCESS_DENIED', error_description: 'Access denied!' },
      });
    }
    expect((await callIn(t, 'json', 'placement.list', {}, anna)).status).toBe(200);
  });

  test("argument errors; a placement outside the application's scopes; USER_ID on CALL_CARD", async () => {
    expect((await callIn(t, 'json', 'placement.bind', { HANDLER: handler })).body).toEqual({
      error: 'ERROR_ARGUMENT',
      error_description: "Argument 'PLACEMENT' is null or empty",
    });
    expect((await callIn(t, 'json', 'placement.bind', { PLACEMENT: 'CALL_CARD' })).body).toEqual({
      error: 'ERROR_ARGUMENT',
      error_description: "Argument 'HANDLER' is null or empty",
    });
    expect((await callIn(t, 'json', 'placement.unbind', { PLACEMENT: ['CALL_CARD'] })).body).toEqual({
      error: 'ERROR_ARGUMENT',
      error_description: "The value of an argument 'PLACEMENT' must be of type string",
    });
    expect(await callIn(t, 'json', 'placement.bind', { PLACEMENT: 'CALL_CARD', HANDLER: 'javascript:alert(1)' })).toEqual({
      status: 400,
      body: { error: 'ERROR_WRONG_HANDLER_URL', error_description: 'Wrong handler URL: the handler is not a valid URL' },
    });
    const crmOnly = await t.portal.services.portal.addApp({ name: 'CRM only', scopes: 'crm' });
    const crm = { token: crmOnly.tokens.accessToken };
    expect((await callIn(t, 'json', 'placement.list', {}, crm)).body.result).not.toContain('CALL_CARD');
    expect(await callIn(t, 'json', 'placement.bind', { PLACEMENT: 'CALL_CARD', HANDLER: handler }, crm)).toEqual({
      status: 400,
      body: { error: 'ERROR_PLACEMENT_NOT_FOUND', error_description: 'Placement not found' },
    });
    expect((await callIn(t, 'json', 'placement.bind', { PLACEMENT: 'CALL_CARD', HANDLER: handler, USER_ID: 2 })).body).toEqual({
      error: 'ERROR_PLACEMENT_USER_MODE',
      error_description: 'User mode is not available',
    });
    expect((await callIn(t, 'json', 'placement.get')).body.result).toEqual([]);
  });

  test('placement.list with SCOPE and FULL', async () => {
    expect((await callIn(t, 'json', 'placement.list', { SCOPE: 'telephony' })).body.result).toEqual(['CALL_CARD', 'TELEPHONY_ANALYTICS']);
    const crmOnly = await t.portal.services.portal.addApp({ name: 'CRM only', scopes: 'crm' });
    expect((await callIn(t, 'query', 'placement.list', { FULL: 'true' }, { token: crmOnly.tokens.accessToken })).body.result).toContain(
      'CALL_CARD',
    );
  });
});

describe('voximplant.user.get (voximplant.user.get page, B20)', () => {
  test.each(WIRE_STYLES)('an administrator reads anyone; unknown IDs are left out (%s)', async (style) => {
    const { status, body } = await callIn(t, style, 'voximplant.user.get', { USER_ID: [1, 2, 999] }, 'webhook');
    expect(status).toBe(200);
    expect(body.result).toEqual([
      { ID: '1', DEFAULT_LINE: null, PHONE_ENABLED: 'N', SIP_SERVER: null, SIP_LOGIN: null, SIP_PASSWORD: null, INNER_NUMBER: '100' },
      { ID: '2', DEFAULT_LINE: null, PHONE_ENABLED: 'N', SIP_SERVER: null, SIP_LOGIN: null, SIP_PASSWORD: null, INNER_NUMBER: '101' },
    ]);
  });

  test('B20: a user reads only their own settings; others → 403 ACCESS_DENIED; no USER_ID → 400 with an empty code', async () => {
    const anna = await tokenOf(2);
    expect((await callIn(t, 'json', 'voximplant.user.get', { USER_ID: 2 }, anna)).body.result).toHaveLength(1);
    expect(await callIn(t, 'json', 'voximplant.user.get', { USER_ID: [2, 3] }, anna)).toEqual({
      status: 403,
      body: { error: 'ACCESS_DENIED', error_description: 'Access denied! You have no permission to query selected users' },
    });
    expect(await callIn(t, 'json', 'voximplant.user.get', {})).toEqual({
      status: 400,
      body: { error: '', error_description: 'Parameter USER_ID is not set' },
    });
  });

  test('the extension follows user.update', async () => {
    await callIn(t, 'json', 'user.update', { ID: 2, UF_PHONE_INNER: '555' });
    expect((await callIn(t, 'json', 'voximplant.user.get', { USER_ID: 2 })).body.result[0].INNER_NUMBER).toBe('555');
  });
});

describe('scope and method.get (scope, method.get pages, B19)', () => {
  test('B19 corrected: scope with full=true lists every permission code of a cloud portal', async () => {
    const full = (await callIn(t, 'query', 'scope', { full: 'true' }, 'webhook')).body.result as string[];
    // The codes of the reference's permissions page.
    const cloud = [
      'ai_admin',
      'biconnector',
      'bizproc',
      'booking',
      'calendar',
      'call',
      'cashbox',
      'catalog',
      'contact_center',
      'crm',
      'documentgenerator',
      'delivery',
      'department',
      'disk',
      'entity',
      'humanresources',
      'humanresources.hcmlink',
      'im',
      'imbot',
      'imconnector',
      'imopenlines',
      'intranet',
      'landing',
      'lists',
      'log',
      'mailservice',
      'main',
      'messageservice',
      'mobile',
      'pay_system',
      'placement',
      'pull',
      'rpa',
      'sale',
      'salescenter',
      'sign.b2e',
      'sonet_group',
      'socialnetwork',
      'task',
      'telephony',
      'timeman',
      'user',
      'user_brief',
      'user_basic',
      'user.userfield',
      'userfieldconfig',
      'userconsent',
      'vote',
    ];
    expect(full).toEqual(expect.arrayContaining(cloud));
    expect(full).not.toContain('basic');
    expect(full).toEqual([...full].sort());
    expect((await callIn(t, 'json', 'scope')).body.result).toEqual(['telephony', 'crm', 'user', 'im']);
  });

  test('method.get knows every method this server answers', async () => {
    for (const { name } of ALL_METHODS) {
      const { body } = await callIn(t, 'json', 'method.get', { name });
      expect(body.result.isExisting, name).toBe(true);
    }
    const names = [
      'user.add',
      'user.update',
      'user.search',
      'user.admin',
      'user.access',
      'user.option.get',
      'user.option.set',
      'im.notify.personal.add',
      'im.notify.delete',
      'im.notify.read',
      'im.notify.read.list',
      'im.notify.read.all',
      'im.notify.history.search',
      'im.notify.schema.get',
      'im.notify.answer',
      'im.notify.confirm',
      'server.time',
      'access.name',
      'app.option.get',
      'app.option.set',
      'placement.bind',
      'placement.unbind',
      'placement.get',
      'placement.list',
      'voximplant.user.get',
    ];
    for (const name of names) {
      expect((await callIn(t, 'query', 'method.get', { name })).body.result, name).toEqual({ isExisting: true, isAvailable: true });
    }
  });
});

describe('inside batch (D1)', () => {
  test("the new methods run as batch commands with the caller's credentials", async () => {
    const { body } = await callIn(t, 'json', 'batch', {
      halt: 0,
      cmd: {
        time: 'server.time',
        admin: 'user.admin',
        names: 'access.name?ACCESS[]=U2',
        option: 'app.option.get',
        notified: 'im.notify.personal.add?USER_ID=2&MESSAGE=hi',
        search: 'user.search?FILTER[FIND]=Klein',
        vox: 'voximplant.user.get?USER_ID=3',
      },
    });
    const result = body.result.result;
    expect(body.result.result_error).toEqual([]);
    expect(result.time).toBe('2026-03-10T11:00:00+01:00');
    expect(result.admin).toBe(true);
    expect(result.names).toEqual({ U2: { provider: 'Users', name: 'Anna Berg', provider_id: 'user' } });
    expect(result.option).toEqual([]);
    expect(typeof result.notified).toBe('number');
    expect(result.search.map((u: { ID: string }) => u.ID)).toEqual(['3']);
    expect(result.vox[0].INNER_NUMBER).toBe('102');
  });
});
