import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { ok } from '../../../../test/helpers/rest-calls.js';
import { EventReceiver, ofEvent } from '../../../../test/helpers/event-receiver.js';

/**
 * Issue 13 (H11 revised): the default outgoing line may be an outgoing webhook bound to
 * ONEXTERNALCALLSTART, as asterlink is set up; a click-to-call then reaches that webhook alone.
 */
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

const startEvents = async () => (await t.portal.storage.events.all()).filter((e) => e.event === 'ONEXTERNALCALLSTART');

async function viaWebhook(method: string, params: Record<string, unknown>) {
  const res = await t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}${method}`, payload: params });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().result;
}

describe('click-to-call through an outgoing webhook (issue 13, H11 revised)', () => {
  test('the default line is an outgoing webhook: its handler gets the form-encoded POST with its own application_token and the data; the bound app gets nothing', async () => {
    await ok(t, 'event.bind', { event: 'ONEXTERNALCALLSTART', handler: `${receiver.url}?app` });
    const hook = await t.portal.services.outgoingWebhooks.add('ONEXTERNALCALLSTART', `${receiver.url}?hook`);
    await t.portal.services.defaultLines.set({ outgoingWebhook: hook.id });
    // The connector's number, a line of the portal (added through the incoming webhook).
    await viaWebhook('telephony.externalLine.add', { NUMBER: '+12025550100', NAME: 'Main' });

    const started = await t.portal.services.portalCalls.clickToCall({ userId: 3, phone: '+1 (202) 555-0147' });
    expect(started).toMatchObject({ appId: null, outgoingWebhookId: hook.id, CALL_ID: expect.stringMatching(/^externalCall\./) });

    const [event] = await receiver.waitFor(1, ofEvent('ONEXTERNALCALLSTART'));
    expect(event!.path).toBe('/handler?hook');
    expect(event!.contentType).toBe('application/x-www-form-urlencoded');
    // What asterlink reads: r.FormValue("auth[application_token]"), "data[USER_ID]", "data[CALL_ID]", "data[PHONE_NUMBER_INTERNATIONAL]".
    const form = new URLSearchParams(event!.raw);
    expect(form.get('auth[application_token]')).toBe(hook.applicationToken);
    expect(form.get('data[USER_ID]')).toBe('3');
    expect(form.get('data[CALL_ID]')).toBe(started.CALL_ID);
    expect(form.get('data[PHONE_NUMBER_INTERNATIONAL]')).toBe('+12025550147');
    expect(event!.fields.data).toEqual({
      PHONE_NUMBER: '+1 (202) 555-0147',
      PHONE_NUMBER_INTERNATIONAL: '+12025550147',
      EXTENSION: '',
      USER_ID: '3',
      CALL_LIST_ID: '0',
      LINE_NUMBER: '+12025550100',
      IS_MOBILE: '0',
      CALL_ID: started.CALL_ID,
      CRM_ENTITY_TYPE: '',
      CRM_ENTITY_ID: '',
    });
    // H5: only the portal's identity and the webhook's own token, nothing to call back with.
    expect(Object.keys(event!.fields.auth).sort()).toEqual([
      'application_token',
      'client_endpoint',
      'domain',
      'member_id',
      'server_endpoint',
    ]);
    expect((await startEvents()).map((e) => e.binding_id)).toEqual([hook.id]);

    // The connector dials, then finishes the call the portal registered, through its incoming webhook.
    expect(
      await viaWebhook('telephony.externalcall.finish', { CALL_ID: started.CALL_ID, USER_ID: 3, DURATION: 30, STATUS_CODE: '200' }),
    ).toMatchObject({
      CALL_ID: started.CALL_ID,
      PORTAL_NUMBER: '+12025550100',
      REST_APP_ID: '',
      REST_APP_NAME: '',
    });
  });

  test('the default line is the app: outgoing webhooks bound to ONEXTERNALCALLSTART get nothing (H11)', async () => {
    await ok(t, 'event.bind', { event: 'ONEXTERNALCALLSTART', handler: `${receiver.url}?app` });
    await t.portal.services.outgoingWebhooks.add('ONEXTERNALCALLSTART', `${receiver.url}?hook`);
    await t.portal.services.defaultLines.set({ app: t.demo.app.id });
    const started = await t.portal.services.portalCalls.clickToCall({ userId: 2, phone: '+1 202 555 0147' });
    expect(started).toMatchObject({ appId: t.demo.app.id, outgoingWebhookId: null });
    const [event] = await receiver.waitFor(1, ofEvent('ONEXTERNALCALLSTART'));
    expect(event!.path).toBe('/handler?app');
    expect(event!.fields.auth.access_token).toEqual(expect.any(String));
    expect(await startEvents()).toHaveLength(1);
  });

  test("a user's own default wins over the portal's; a line named for one click wins over both; a stale default no longer counts", async () => {
    await ok(t, 'event.bind', { event: 'ONEXTERNALCALLSTART', handler: `${receiver.url}?app` });
    const hook = await t.portal.services.outgoingWebhooks.add('ONEXTERNALCALLSTART', `${receiver.url}?hook`);
    const lines = t.portal.services.defaultLines;
    await lines.set({ outgoingWebhook: hook.id });
    await lines.set({ app: t.demo.app.id }, 2);
    expect([await lines.get(), await lines.get(2), await lines.get(3)]).toEqual([
      { outgoingWebhook: hook.id },
      { app: t.demo.app.id },
      null,
    ]);

    const click = (userId: number, named: { appId?: number; outgoingWebhookId?: number } = {}) =>
      t.portal.services.portalCalls.clickToCall({ userId, phone: '+1 202 555 0147', ...named });
    expect((await click(2)).appId).toBe(t.demo.app.id);
    expect((await click(3)).outgoingWebhookId).toBe(hook.id);
    expect((await click(3, { appId: t.demo.app.id })).appId).toBe(t.demo.app.id);
    expect((await click(2, { outgoingWebhookId: hook.id })).outgoingWebhookId).toBe(hook.id);
    await receiver.waitFor(4, ofEvent('ONEXTERNALCALLSTART'));
    expect(receiver.received.map((e) => e.path).sort()).toEqual(['/handler?app', '/handler?app', '/handler?hook', '/handler?hook']);

    // The webhook is deleted: the portal's default points nowhere, and the only telephony app takes the click.
    await t.portal.services.outgoingWebhooks.delete(hook.id);
    expect((await click(3)).appId).toBe(t.demo.app.id);
    await lines.clear(2);
    expect(await lines.get(2)).toBeNull();
  });

  test('only an outgoing webhook for ONEXTERNALCALLSTART or an installed app can be a line', async () => {
    const end = await t.portal.services.outgoingWebhooks.add('ONVOXIMPLANTCALLEND', receiver.url);
    await expect(t.portal.services.defaultLines.set({ outgoingWebhook: end.id })).rejects.toThrow(
      /no outgoing webhook with id \d+ for ONEXTERNALCALLSTART/,
    );
    await expect(t.portal.services.defaultLines.set({ app: 99 })).rejects.toThrow(/no installed application with id 99/);
    await expect(t.portal.services.defaultLines.set({ app: t.demo.app.id }, 99)).rejects.toThrow(/no user with id 99/);
  });

  test('H12: callback requests keep reaching both the app and the outgoing webhooks; with no telephony app, the webhooks alone', async () => {
    await ok(t, 'event.bind', { event: 'ONEXTERNALCALLBACKSTART', handler: `${receiver.url}?app` });
    const hook = await t.portal.services.outgoingWebhooks.add('ONEXTERNALCALLBACKSTART', `${receiver.url}?hook`);
    expect(await t.portal.services.portalCalls.callback({ phone: '+1 202 555 0147' })).toEqual({ appId: t.demo.app.id });
    const both = await receiver.waitFor(2);
    expect(both.map((e) => e.path).sort()).toEqual(['/handler?app', '/handler?hook']);

    await t.portal.services.portal.uninstallApp(t.demo.app.id);
    expect(await t.portal.services.portalCalls.callback({ phone: '+1 202 555 0148' })).toEqual({ appId: null });
    const [alone] = (await receiver.waitFor(3)).slice(2);
    expect(alone!.path).toBe('/handler?hook');
    expect(alone!.fields.auth.application_token).toBe(hook.applicationToken);
    expect(alone!.fields.data.PHONE_NUMBER).toBe('+1 202 555 0148');
  });
});
