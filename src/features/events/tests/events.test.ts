import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defaultConfig } from '../../../kernel/config.js';
import { seedDemoPortal } from '../../platform/demo-portal.js';
import { createPortal } from '../../../portal.js';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, callHookGet, expectError, ok } from '../../../../test/helpers/rest-calls.js';
import { EventReceiver, ofEvent } from '../../../../test/helpers/event-receiver.js';

let t: TestPortal;
let receiver: EventReceiver;

beforeEach(async () => {
  t = await startTestPortal({ allowPrivateEventHandlers: true });
  receiver = await new EventReceiver().listen();
});
afterEach(async () => {
  // The receiver first: a delivery it holds open must not keep the portal from closing.
  await receiver.close();
  await t.close();
});

/** A token of the demo app for a non-admin employee. */
async function employeeToken(userId = 2): Promise<string> {
  return (await t.portal.services.portal.issueTokens(t.demo.app.id, userId)).accessToken;
}

async function queue() {
  return t.portal.storage.events.all();
}

describe('binding handlers', () => {
  test('H6/H7: bind answers true; event.get lists the binding with a string auth_type and an int offline', async () => {
    expect(await ok(t, 'event.bind', { event: 'onExternalCallStart', handler: receiver.url })).toBe(true);
    expect(await ok(t, 'event.bind', { EVENT: 'ONVOXIMPLANTCALLEND', HANDLER: receiver.url, AUTH_TYPE: 2 })).toBe(true);
    expect(await ok(t, 'event.get')).toEqual([
      { event: 'ONEXTERNALCALLSTART', handler: receiver.url, auth_type: '0', offline: 0 },
      { event: 'ONVOXIMPLANTCALLEND', handler: receiver.url, auth_type: '2', offline: 0 },
    ]);
  });

  test('H6: the catalogued errors of event.bind', async () => {
    await ok(t, 'event.bind', { event: 'ONEXTERNALCALLSTART', handler: receiver.url });
    await expectError(
      t,
      'event.bind',
      { event: 'onexternalcallstart', handler: receiver.url },
      400,
      'ERROR_HANDLER_ALREADY_EXIST',
      'Handler already exists!',
    );
    await expectError(t, 'event.bind', { event: 'ONNOSUCHTHING', handler: receiver.url }, 400, 'ERROR_EVENT_NOT_FOUND', 'Event not found');
    await expectError(t, 'event.bind', { event: 'ONEXTERNALCALLSTART' }, 400, 'ERROR_CORE', 'Handler is not set');

    const employee = await employeeToken();
    const asEmployee = (params: Record<string, unknown>) => callApp(t, 'event.bind', params, employee);
    expect((await asEmployee({ event: 'ONVOXIMPLANTCALLEND', handler: receiver.url, event_type: 'offline' })).body).toEqual({
      error: 'ACCESS_DENIED',
      error_description: 'Access denied! Offline events binding requires administrator access rights',
    });
    const other = await asEmployee({ event: 'ONVOXIMPLANTCALLEND', handler: receiver.url, auth_type: 3 });
    expect(other.status).toBe(403);
    expect(other.body.error_description).toBe('Access denied! Event binding with AUTH_TYPE requires administrator access rights');
    expect((await t.portal.storage.events.bindingsOfApp(t.demo.app.id)).length).toBe(1);
  });

  test('H6(d): an event of a scope the application lacks does not exist for it', async () => {
    const narrow = await t.portal.services.portal.addApp({ name: 'CRM-less', scopes: 'telephony' });
    const res = await callApp(t, 'event.bind', { event: 'ONCRMLEADADD', handler: receiver.url }, narrow.tokens.accessToken);
    expect(res.body).toEqual({ error: 'ERROR_EVENT_NOT_FOUND', error_description: 'Event not found' });
    const telephony = await callApp(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url }, narrow.tokens.accessToken);
    expect(telephony.body.result).toBe(true);
  });

  test('B9: event methods need an application; a webhook gets WRONG_AUTH_TYPE', async () => {
    const res = await callHookGet(t, 'event.bind', `event=ONEXTERNALCALLSTART&handler=${encodeURIComponent(receiver.url)}`);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('WRONG_AUTH_TYPE');
  });

  test('H7: a non-admin sees only their own bindings', async () => {
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLEND', handler: receiver.url, auth_type: 3 });
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url, auth_type: 2 });
    const seen = await callApp(t, 'event.get', {}, await employeeToken(2));
    expect(seen.body.result).toEqual([{ event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url, auth_type: '2', offline: 0 }]);
  });

  test('H8: unbind treats omitted parameters as wildcards and answers the count', async () => {
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLEND', handler: receiver.url });
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLEND', handler: `${receiver.url}?second` });
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url, auth_type: 2 });
    expect(await ok(t, 'event.unbind', { event: 'ONVOXIMPLANTCALLEND', handler: `${receiver.url}?second` })).toEqual({ count: 1 });
    // auth_type 0 targets only the bindings made without one.
    expect(await ok(t, 'event.unbind', { auth_type: 0 })).toEqual({ count: 1 });
    expect(await ok(t, 'event.unbind', { event: 'ONVOXIMPLANTCALLEND' })).toEqual({ count: 0 });
    expect(await ok(t, 'event.unbind', {})).toEqual({ count: 1 });
    expect(await ok(t, 'event.get')).toEqual([]);

    const employee = await employeeToken();
    const res = await callApp(t, 'event.unbind', { event_type: 'offline' }, employee);
    expect(res.body.error_description).toBe('Access denied! Offline events unbinding requires administrator access rights');
    const other = await callApp(t, 'event.unbind', { auth_type: 4 }, employee);
    expect(other.status).toBe(403);
    expect(other.body.error_description).toBe('Access denied! Event unbinding with AUTH_TYPE requires administrator access rights');
  });

  test('H9: events lists the codes the app may bind; SCOPE narrows, FULL lists every code', async () => {
    const all: string[] = await ok(t, 'events');
    for (const code of [
      'ONEXTERNALCALLSTART',
      'ONEXTERNALCALLBACKSTART',
      'ONVOXIMPLANTCALLINIT',
      'ONVOXIMPLANTCALLSTART',
      'ONVOXIMPLANTCALLEND',
    ]) {
      expect(all).toContain(code);
    }
    const crmEvents: string[] = await ok(t, 'events', { SCOPE: 'crm' });
    expect(crmEvents).toEqual(expect.arrayContaining(['ONCRMLEADADD', 'ONCRMLEADUPDATE', 'ONCRMACTIVITYADD', 'ONCRMDEALADD']));
    expect(crmEvents.every((code) => code.startsWith('ONCRM'))).toBe(true);
    const narrow = await t.portal.services.portal.addApp({ name: 'Telephony only', scopes: 'telephony' });
    const narrowList = (await callApp(t, 'events', {}, narrow.tokens.accessToken)).body.result as string[];
    expect(narrowList).not.toContain('ONCRMLEADADD');
    expect((await callApp(t, 'events', { FULL: 'true' }, narrow.tokens.accessToken)).body.result).toContain('ONCRMLEADADD');
  });

  test('H6: uninstalling an application removes its handlers', async () => {
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLEND', handler: receiver.url });
    await t.portal.services.portal.uninstallApp(t.demo.app.id);
    expect(await t.portal.storage.events.bindingsOfApp(t.demo.app.id)).toEqual([]);
  });
});

describe('delivery', () => {
  test('H1/H4/H10: event.test answers 1 and posts ONAPPTEST form-encoded, every scalar a string', async () => {
    await ok(t, 'event.bind', { event: 'ONAPPTEST', handler: receiver.url });
    expect(await ok(t, 'event.test', { any: 'value', nested: { n: 5 } })).toBe(1);
    const [event] = await receiver.waitFor(1);
    expect(event!.contentType).toBe('application/x-www-form-urlencoded');
    expect(event!.raw).toContain('data%5BQUERY%5D%5Bany%5D=value');
    const { fields } = event!;
    expect(Object.keys(fields)).toEqual(['event', 'event_handler_id', 'data', 'ts', 'auth']);
    expect(fields.event).toBe('ONAPPTEST');
    expect(fields.event_handler_id).toMatch(/^\d+$/);
    expect(fields.ts).toMatch(/^\d{10}$/);
    expect(fields.data).toEqual({ QUERY: { any: 'value', nested: { n: '5' } }, LANGUAGE_ID: 'en' });
    expect(Object.keys(fields.auth).sort()).toEqual(
      [
        'access_token',
        'application_token',
        'client_endpoint',
        'domain',
        'expires',
        'expires_in',
        'member_id',
        'scope',
        'server_endpoint',
        'status',
      ].sort(),
    );
    expect(fields.auth).not.toHaveProperty('refresh_token');
    expect(fields.auth.domain).toBe('127.0.0.1:8080');
    expect(fields.auth.client_endpoint).toBe('http://127.0.0.1:8080/rest/');
    expect(fields.auth.member_id).toMatch(/^[0-9a-f]{32}$/);
    // The token in the event works for calling back (H4): it belongs to the user who raised the event.
    const profile = await callApp(t, 'profile', {}, fields.auth.access_token);
    expect(profile.body.result.ID).toBe('1');
  });

  test('H4: events for the same user reuse one access token instead of minting a pair each', async () => {
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
    const before = (await t.portal.database.db.selectFrom('oauth_tokens').selectAll().execute()).length;
    for (const phone of ['+1 555 0171', '+1 555 0172', '+1 555 0173'])
      await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: phone, TYPE: 1 });
    const events = await receiver.waitFor(3);
    expect(new Set(events.map((e) => e.fields.auth.access_token)).size).toBe(1);
    for (const e of events) expect(Number(e.fields.auth.expires_in)).toBeLessThanOrEqual(3600);
    expect((await t.portal.database.db.selectFrom('oauth_tokens').selectAll().execute()).length).toBe(before + 1);
  });

  test('B16/H17: application_token is the same in every event of an app and differs between apps', async () => {
    const other = await t.portal.services.portal.addApp({ name: 'Second', scopes: 'telephony' });
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
    await callApp(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: `${receiver.url}?other` }, other.tokens.accessToken);
    await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0101', TYPE: 1 });
    await callApp(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0102', TYPE: 1 }, other.tokens.accessToken);
    await ok(t, 'telephony.externalCall.register', { USER_ID: 3, PHONE_NUMBER: '+1 555 0103', TYPE: 1 });
    // Call events go to every app bound to them, whichever app registered the call.
    const events = await receiver.waitFor(6);
    const tokensAt = (url: string) =>
      new Set(events.filter((e) => `http://127.0.0.1:${receiver.port}${e.path}` === url).map((e) => e.fields.auth.application_token));
    const demoTokens = [...tokensAt(receiver.url)];
    const otherTokens = [...tokensAt(`${receiver.url}?other`)];
    expect(demoTokens).toHaveLength(1);
    expect(demoTokens[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(otherTokens).toHaveLength(1);
    expect(otherTokens[0]).not.toBe(demoTokens[0]);
    expect(new Set(events.map((e) => e.fields.data.REST_APP_ID))).toEqual(new Set([String(t.demo.app.id), String(other.app.id)]));
  });

  test('E17/E33/H13/H15/H16: register and finish raise INIT, lead and activity events and END with its fields', async () => {
    for (const event of ['ONVOXIMPLANTCALLINIT', 'ONVOXIMPLANTCALLEND', 'ONCRMLEADADD', 'ONCRMLEADUPDATE', 'ONCRMACTIVITYADD']) {
      await ok(t, 'event.bind', { event, handler: receiver.url });
    }
    const registered = await ok(t, 'telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+49 30 1234567',
      TYPE: 2,
      CRM_CREATE: 1,
      CALL_START_DATE: '2026-03-10T11:00:00+01:00',
    });
    const init = (await receiver.waitFor(1, ofEvent('ONVOXIMPLANTCALLINIT')))[0]!;
    expect(init.fields.data).toEqual({
      CALL_ID: registered.CALL_ID,
      CALL_TYPE: '2',
      CALLER_ID: '+49 30 1234567',
      REST_APP_ID: String(t.demo.app.id),
    });
    const leadAdd = (await receiver.waitFor(1, ofEvent('ONCRMLEADADD')))[0]!;
    expect(leadAdd.fields.data).toEqual({ FIELDS: { ID: String(registered.CRM_CREATED_LEAD) } });

    // E15: registering the same number again within 30 minutes is a dedupe hit: no second INIT.
    await ok(t, 'telephony.externalCall.register', { USER_ID: 1, PHONE_NUMBER: '+49 30 1234567', TYPE: 2 });

    const finished = await ok(t, 'telephony.externalCall.finish', {
      CALL_ID: registered.CALL_ID,
      USER_ID: 2,
      DURATION: 42,
      COST: 1.5,
      COST_CURRENCY: 'EUR',
    });
    const end = (await receiver.waitFor(1, ofEvent('ONVOXIMPLANTCALLEND')))[0]!;
    expect(end.fields.data).toEqual({
      CALL_ID: registered.CALL_ID,
      CALL_TYPE: '2',
      PHONE_NUMBER: '+49 30 1234567',
      PORTAL_NUMBER: expect.any(String),
      PORTAL_USER_ID: '2',
      CALL_DURATION: '42',
      CALL_START_DATE: '2026-03-10T11:00:00+01:00',
      COST: '1.5000',
      COST_CURRENCY: 'EUR',
      CALL_FAILED_CODE: '200',
      CALL_FAILED_REASON: '',
      CRM_ACTIVITY_ID: String(finished.CRM_ACTIVITY_ID),
    });
    const activityAdd = (await receiver.waitFor(1, ofEvent('ONCRMACTIVITYADD')))[0]!;
    expect(activityAdd.fields.data).toEqual({ FIELDS: { ID: String(finished.CRM_ACTIVITY_ID) } });
    // The lead created for user 1 went to user 2, who finished the call.
    const leadUpdate = (await receiver.waitFor(1, ofEvent('ONCRMLEADUPDATE')))[0]!;
    expect(leadUpdate.fields.data).toEqual({ FIELDS: { ID: String(registered.CRM_CREATED_LEAD) } });
    // H4: the END event carries a token of the user whose action raised it.
    const whoFinished = await callApp(t, 'profile', {}, end.fields.auth.access_token);
    expect(whoFinished.body.result.ID).toBe('2');
    expect(receiver.received.filter(ofEvent('ONVOXIMPLANTCALLINIT'))).toHaveLength(1);
  });

  test('E22/H11/H13: click-to-call registers the call and sends ONEXTERNALCALLSTART after the handler was down at first', async () => {
    await receiver.close();
    await ok(t, 'event.bind', { event: 'ONEXTERNALCALLSTART', handler: receiver.url });
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
    const line = await ok(t, 'telephony.externalLine.add', { NUMBER: '4930555000', NAME: 'Berlin' });
    expect(line.ID).toEqual(expect.any(Number));

    const started = await t.portal.services.portalCalls.clickToCall({ userId: 3, phone: '+49 30 9876543' });
    // The first attempts fail: nothing listens on the handler's port.
    await waitUntil(async () => (await queue()).every((e) => e.attempts >= 1));
    expect((await queue())[0]!.last_error).toMatch(/ECONNREFUSED/);
    await receiver.listen();
    // The backoff is dated by the portal's clock (frozen in tests): moving it on makes the retry due.
    t.clock.advanceSeconds(60);

    const [event] = await receiver.waitFor(1, ofEvent('ONEXTERNALCALLSTART'));
    expect(event!.fields.data).toEqual({
      PHONE_NUMBER: '+49 30 9876543',
      PHONE_NUMBER_INTERNATIONAL: '+49309876543',
      EXTENSION: '',
      USER_ID: '3',
      CALL_LIST_ID: '0',
      LINE_NUMBER: '4930555000',
      IS_MOBILE: '0',
      CALL_ID: started.CALL_ID,
      CRM_ENTITY_TYPE: '',
      CRM_ENTITY_ID: '',
    });
    // H11: the call is registered: the app can finish it with the CALL_ID it received.
    expect(await ok(t, 'telephony.externalCall.finish', { CALL_ID: started.CALL_ID, USER_ID: 3, DURATION: 5 })).toMatchObject({
      CALL_ID: started.CALL_ID,
    });
    await receiver.waitFor(1, ofEvent('ONVOXIMPLANTCALLINIT'));
    const startEvent = async () => (await queue()).find((e) => e.event === 'ONEXTERNALCALLSTART')!;
    await waitUntil(async () => (await startEvent()).delivered_at !== null);
    expect((await startEvent()).attempts).toBeGreaterThanOrEqual(2);
  });

  test('H12: a callback request sends ONEXTERNALCALLBACKSTART without a CALL_ID', async () => {
    await ok(t, 'event.bind', { event: 'ONEXTERNALCALLBACKSTART', handler: receiver.url });
    const lead = await ok(t, 'crm.lead.add', { fields: { TITLE: 'Web form', PHONE: [{ VALUE: '+49 30 111222', VALUE_TYPE: 'WORK' }] } });
    await t.portal.services.portalCalls.callback({
      phone: '+49 30 111222',
      text: 'Call me after 5',
      crmEntity: { type: 'LEAD', id: lead },
    });
    const [event] = await receiver.waitFor(1);
    expect(event!.fields.event).toBe('ONEXTERNALCALLBACKSTART');
    expect(event!.fields.data).toEqual({
      PHONE_NUMBER: '+49 30 111222',
      TEXT: 'Call me after 5',
      VOICE: '',
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID: String(lead),
      LINE_NUMBER: '',
    });
    // No user raised it: the auth block has no token (H4).
    expect(Object.keys(event!.fields.auth).sort()).toEqual([
      'application_token',
      'client_endpoint',
      'domain',
      'member_id',
      'server_endpoint',
    ]);
  });

  test('a handler answering 500 gets the event again later; the first answer is not the last', async () => {
    let calls = 0;
    receiver.answer = () => (++calls === 1 ? 500 : 200);
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
    await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0199', TYPE: 1 });
    await waitUntil(async () => (await queue())[0]!.attempts === 1);
    // The retry waits a second of the portal's clock, which stands still in tests until moved.
    t.clock.advanceSeconds(1);
    await receiver.waitFor(2);
    await waitUntil(async () => (await queue())[0]!.delivered_at !== null);
    const [item] = await queue();
    expect(item!.attempts).toBe(2);
    expect(item!.last_error).toBeNull();
  });

  test('a handler that never answers does not hold up the REST call that raised the event', async () => {
    receiver.answer = () => null;
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
    await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0111', TYPE: 1 });
    await receiver.waitFor(1);
    // The handler holds the first delivery open; the portal keeps answering meanwhile.
    const second = await callApp(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0112', TYPE: 1 });
    expect(second.status).toBe(200);
    expect((await ok(t, 'voximplant.statistic.get')).length).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  test('H1/H6(e): without the portal allowing it, a handler on a loopback address gets nothing', async () => {
    const strict = await startTestPortal();
    try {
      // Refused at bind time (issue 8 item 7); delivery-time refusals: test/hardening.
      const bound = await callApp(strict, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
      expect(bound.body.error).toBe('ERROR_WRONG_HANDLER_URL');
      expect(bound.body.error_description).toMatch(/private, loopback or link-local/);
      await callApp(strict, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0121', TYPE: 1 });
      expect(await strict.portal.storage.events.all()).toEqual([]);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  test('H3: an application whose installation was withdrawn receives nothing', async () => {
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
    const other = await t.portal.services.portal.addApp({ name: 'Registrar', scopes: 'telephony' });
    await t.portal.storage.apps.setInstalled(t.demo.app.id, false);
    await callApp(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0131', TYPE: 1 }, other.tokens.accessToken);
    expect(await queue()).toEqual([]);
  });
});

test('events queued before a shutdown are delivered after the restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'extcall-events-'));
  const config = defaultConfig({ database: join(dir, 'portal.db'), allowPrivateEventHandlers: true });
  try {
    const first = await createPortal(config, { deliverEvents: false });
    const demo = await seedDemoPortal(first.services, 'http://127.0.0.1:8080');
    const call = async (method: string, params: Record<string, unknown>) =>
      (await first.app.inject({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: demo.app.accessToken } })).json();
    await call('event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
    const registered = await call('telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0141', TYPE: 1 });
    await first.close();
    expect(receiver.received).toHaveLength(0);

    const second = await createPortal(config);
    try {
      const [event] = await receiver.waitFor(1);
      expect(event!.fields.data.CALL_ID).toBe(registered.result.CALL_ID);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('B7/H4: an API-only application gets ONAPPINSTALL with its first tokens, refresh token included, at its install URL', async () => {
  const added = await t.portal.services.portal.addApp({ name: 'Installed PBX', scopes: 'telephony,user' });
  await t.portal.services.installs.announce(added.app, `${receiver.url}?install`, added.tokens.userId);
  const [event] = await receiver.waitFor(1);
  expect(event!.path).toBe('/handler?install');
  expect(event!.fields.event).toBe('ONAPPINSTALL');
  expect(event!.fields.data).toEqual({ VERSION: '1', ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'en' });
  const { auth } = event!.fields;
  expect(Object.keys(auth).sort()).toEqual(
    [
      'access_token',
      'application_token',
      'client_endpoint',
      'domain',
      'expires',
      'expires_in',
      'member_id',
      'refresh_token',
      'scope',
      'server_endpoint',
      'status',
    ].sort(),
  );
  expect(auth.scope).toBe('telephony,user');
  const refreshed = await t.portal.app.inject({
    method: 'POST',
    url: '/oauth/token/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: added.app.client_id,
      client_secret: added.clientSecret,
      refresh_token: auth.refresh_token,
    }).toString(),
  });
  expect(refreshed.statusCode).toBe(200);
  await expect(t.portal.services.installs.announce(added.app, 'ftp://nope', 1)).rejects.toThrow(/http or https/);
});

describe('outgoing webhooks (H5, H12)', () => {
  test('H5: an outgoing webhook gets call events with only the portal identity and its own token', async () => {
    const hook = await t.portal.services.outgoingWebhooks.add('onVoximplantCallEnd', `${receiver.url}?outgoing`);
    expect(hook.applicationToken).toMatch(/^[0-9a-f]{32}$/);
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0161', TYPE: 2 });
    await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 7 });
    const [event] = await receiver.waitFor(1);
    expect(event!.path).toBe('/handler?outgoing');
    expect(event!.fields.data.CALL_ID).toBe(CALL_ID);
    expect(event!.fields.auth).toEqual({
      domain: '127.0.0.1:8080',
      client_endpoint: 'http://127.0.0.1:8080/rest/',
      server_endpoint: 'http://127.0.0.1:8080/rest/',
      member_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      application_token: hook.applicationToken,
    });
    expect(await t.portal.services.outgoingWebhooks.list()).toEqual([
      { id: hook.id, event: 'ONVOXIMPLANTCALLEND', handler: `${receiver.url}?outgoing` },
    ]);
    // Not an application's binding: event.get of the app does not list it.
    expect(await ok(t, 'event.get')).toEqual([]);
  });

  test('H12: callback requests go to outgoing webhooks; ONAPPTEST cannot', async () => {
    await expect(t.portal.services.outgoingWebhooks.add('ONAPPTEST', receiver.url)).rejects.toThrow(
      /cannot be sent to an outgoing webhook/,
    );
    await expect(t.portal.services.outgoingWebhooks.add('ONVOXIMPLANTCALLEND', 'file:///tmp/x')).rejects.toThrow(/http or https/);
    const hook = await t.portal.services.outgoingWebhooks.add('ONEXTERNALCALLBACKSTART', receiver.url);
    await t.portal.services.portalCalls.callback({ phone: '+49 30 5550100' });
    const [event] = await receiver.waitFor(1);
    expect(event!.fields.event).toBe('ONEXTERNALCALLBACKSTART');
    expect(event!.fields.auth.application_token).toBe(hook.applicationToken);
    await t.portal.services.outgoingWebhooks.delete(hook.id);
    expect(await t.portal.services.outgoingWebhooks.list()).toEqual([]);
  });
});
