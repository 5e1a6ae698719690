import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';
import { EventReceiver, ofEvent } from '../../../../test/helpers/event-receiver.js';

/** ONAPPUNINSTALL (B16): bound like any event, sent when the administrator uninstalls the application. */
let t: TestPortal;
let receiver: EventReceiver;

beforeEach(async () => {
  t = await startTestPortal({ allowPrivateEventHandlers: true });
  receiver = await new EventReceiver().listen();
});
afterEach(async () => {
  await receiver.close();
  await t.close();
});

/** The administrator's uninstall, through the admin API (the fault switch `uninstall_app`). */
async function uninstall(spec: Record<string, unknown>) {
  const res = await t.portal.app.inject({ method: 'POST', url: '/_extcall/faults', payload: { kind: 'uninstall_app', ...spec } });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('binding ONAPPUNINSTALL', () => {
  test('B16/H6/H7/H9: any application may bind it, whatever its scopes; event.get lists it; events names it', async () => {
    expect(await ok(t, 'event.bind', { event: 'onAppUninstall', handler: receiver.url })).toBe(true);
    expect(await ok(t, 'event.get')).toEqual([{ event: 'ONAPPUNINSTALL', handler: receiver.url, auth_type: '0', offline: 0 }]);
    expect(await ok(t, 'events')).toContain('ONAPPUNINSTALL');

    const narrow = await t.portal.services.portal.addApp({ name: 'Telephony only', scopes: 'telephony' });
    const bound = await callApp(t, 'event.bind', { event: 'ONAPPUNINSTALL', handler: receiver.url }, narrow.tokens.accessToken);
    expect(bound.body.result).toBe(true);
    expect((await callApp(t, 'events', {}, narrow.tokens.accessToken)).body.result).toContain('ONAPPUNINSTALL');
  });

  test('B16: an outgoing webhook cannot have it: it is for the application uninstalled', async () => {
    await expect(t.portal.services.outgoingWebhooks.add('ONAPPUNINSTALL', receiver.url)).rejects.toThrow(
      /cannot be sent to an outgoing webhook/,
    );
  });
});

describe('uninstalling', () => {
  test('B16: the bound handler gets event, data[LANGUAGE_ID], data[CLEAN], ts and the token-less auth block', async () => {
    // The application_token the application knows, from an event it received while installed (H17).
    await ok(t, 'event.bind', { event: 'ONAPPTEST', handler: `${receiver.url}?test` });
    await ok(t, 'event.bind', { event: 'ONAPPUNINSTALL', handler: `${receiver.url}?uninstall` });
    await ok(t, 'event.test');
    const [tested] = await receiver.waitFor(1, ofEvent('ONAPPTEST'));
    const applicationToken: string = tested!.fields.auth.application_token;

    expect(await uninstall({ appId: t.demo.app.id, clean: true })).toEqual({
      status: 201,
      body: { applied: true, kind: 'uninstall_app', appId: t.demo.app.id },
    });
    const [event] = await receiver.waitFor(1, ofEvent('ONAPPUNINSTALL'));
    expect(event!.path).toBe('/handler?uninstall');
    expect(event!.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(event!.fields).sort()).toEqual(['auth', 'data', 'event', 'ts']);
    expect(event!.fields.data).toEqual({ LANGUAGE_ID: 'en', CLEAN: '1' });
    expect(event!.fields.ts).toBe(String(Math.floor(t.clock.nowMs() / 1000)));
    const { auth } = event!.fields;
    expect(Object.keys(auth).sort()).toEqual(['application_token', 'client_endpoint', 'domain', 'member_id', 'server_endpoint']);
    expect(auth.application_token).toBe(applicationToken);
    expect(auth).toMatchObject({
      domain: tested!.fields.auth.domain,
      member_id: tested!.fields.auth.member_id,
      client_endpoint: tested!.fields.auth.client_endpoint,
      server_endpoint: tested!.fields.auth.server_endpoint,
    });
    expect(event!.raw).not.toMatch(/access_token|refresh_token/);
    // H6: the bindings went with the application all the same.
    expect(await t.portal.storage.events.bindingsOfApp(t.demo.app.id)).toEqual([]);
  });

  test('B16: without clean, data[CLEAN] is "0"; an application without the binding gets nothing', async () => {
    const other = await t.portal.services.portal.addApp({ name: 'Other', scopes: 'telephony' });
    const bindOther = (event: string) => callApp(t, 'event.bind', { event, handler: `${receiver.url}?other` }, other.tokens.accessToken);
    expect((await bindOther('ONVOXIMPLANTCALLEND')).body.result).toBe(true);
    await ok(t, 'event.bind', { event: 'ONAPPUNINSTALL', handler: `${receiver.url}?demo` });

    expect((await uninstall({ appId: other.app.id })).status).toBe(201);
    expect((await uninstall({ appId: t.demo.app.id })).status).toBe(201);
    const [event] = await receiver.waitFor(1);
    expect(event!.path).toBe('/handler?demo');
    expect(event!.fields.data).toEqual({ LANGUAGE_ID: 'en', CLEAN: '0' });
    const queued = await t.portal.storage.events.all();
    expect(queued.map((row) => row.event)).toEqual(['ONAPPUNINSTALL']);
    expect(receiver.received).toHaveLength(1);
  });

  test('B16/H2: a handler that fails gets it again later, though the application and its bindings are gone', async () => {
    let calls = 0;
    receiver.answer = () => (++calls === 1 ? 500 : 200);
    await ok(t, 'event.bind', { event: 'ONAPPUNINSTALL', handler: receiver.url });
    await t.portal.services.portal.uninstallApp(t.demo.app.id, { clean: true });
    await waitUntil(async () => (await t.portal.storage.events.all())[0]?.attempts === 1);
    t.clock.advanceSeconds(1);
    const [first, second] = await receiver.waitFor(2);
    expect(second!.fields.data).toEqual(first!.fields.data);
    expect(Object.keys(second!.fields.auth)).not.toContain('access_token');
    await waitUntil(async () => (await t.portal.storage.events.all())[0]!.delivered_at !== null);
    const [item] = await t.portal.storage.events.all();
    expect(item!.attempts).toBe(2);
    expect(item!.last_error).toBeNull();
    // The admin API still shows where it went.
    const listed = JSON.stringify((await t.portal.app.inject({ method: 'GET', url: '/_extcall/events' })).json());
    expect(listed).toContain(receiver.url);
    expect(listed).not.toContain('event_handler_id');
  });

  test('B16: clean must be a boolean; a wrong one uninstalls nothing', async () => {
    await ok(t, 'event.bind', { event: 'ONAPPUNINSTALL', handler: receiver.url });
    expect(await uninstall({ appId: t.demo.app.id, clean: 'yes' })).toEqual({
      status: 400,
      body: { error: 'INVALID_REQUEST', error_description: 'clean must be true or false' },
    });
    expect((await callApp(t, 'app.info')).status).toBe(200);
    expect(await t.portal.storage.events.all()).toEqual([]);
  });
});
