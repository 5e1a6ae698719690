import { stringify } from 'qs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, ok } from '../../../../test/helpers/rest-calls.js';

/**
 * Issue 13: `--app-context-only` (config `appContextOnly`) restores the documented refusal (B9, E4,
 * E23, G1): webhooks get WRONG_AUTH_TYPE for register, finish and externalLine.*; the methods the
 * documentation opens to webhooks (B10) stay open.
 */
let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal({ appContextOnly: true });
});
afterEach(() => t.close());

const WRONG_AUTH_TYPE = { error: 'WRONG_AUTH_TYPE', error_description: 'Current authorization type is denied for this method' };

async function viaWebhook(method: string, params: Record<string, unknown> = {}) {
  const res = await t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}${method}`, payload: params });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

describe('--app-context-only (issue 13, B9)', () => {
  test('E4/E23/G1: register, finish and every externalLine method refuse a webhook with 403 WRONG_AUTH_TYPE', async () => {
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 202 555 0147', TYPE: 2 });
    const refused: Array<[string, Record<string, unknown>]> = [
      ['telephony.externalcall.register', { USER_ID: 2, PHONE_NUMBER: '+12025550147', TYPE: 2 }],
      ['telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 5 }],
      ['telephony.externalLine.add', { NUMBER: '100' }],
      ['telephony.externalLine.update', { NUMBER: '100', NAME: 'x' }],
      ['telephony.externalLine.get', {}],
      ['telephony.externalLine.delete', { NUMBER: '100' }],
    ];
    for (const [method, params] of refused) {
      const res = await viaWebhook(method, params);
      expect(res.body, method).toEqual(WRONG_AUTH_TYPE);
      expect(res.status, method).toBe(403);
    }
    // Nothing happened: the call is still the app's to finish.
    expect(await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 5 })).toMatchObject({
      CALL_ID,
      REST_APP_ID: String(t.demo.app.id),
    });
  });

  test('B10: show, hide, attachRecord, searchCrmEntities and attachTranscription stay open to webhooks', async () => {
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2, SHOW: 0 });
    expect((await viaWebhook('telephony.externalCall.show', { CALL_ID, USER_ID: 3 })).body.result).toBe(true);
    expect((await viaWebhook('telephony.externalCall.hide', { CALL_ID, USER_ID: 3 })).body.result).toBe(true);
    expect((await viaWebhook('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '+1 555 0100' })).body.result[0]).toMatchObject({
      CRM_ENTITY_TYPE: 'CONTACT',
    });
    await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 5 });
    const attached = await viaWebhook('telephony.externalCall.attachRecord', { CALL_ID, FILENAME: 'call.mp3' });
    expect(attached.status).toBe(200);
    expect(attached.body.result.uploadUrl).toEqual(expect.any(String));
    const transcript = await viaWebhook('telephony.call.attachTranscription', {
      CALL_ID,
      MESSAGES: [{ SIDE: 'User', START_TIME: 0, STOP_TIME: 2, MESSAGE: 'Hello' }],
    });
    expect(transcript.status).toBe(200);
  });

  test('B19: method.get tells a webhook that register is not available, an application that it is', async () => {
    const check = async (url: string) => (await t.portal.app.inject({ method: 'GET', url })).json().result;
    expect(await check(`${t.webhookPath}method.get?name=telephony.externalCall.register`)).toEqual({
      isExisting: true,
      isAvailable: false,
    });
    expect(await check(`${t.webhookPath}method.get?name=telephony.externalCall.show`)).toEqual({ isExisting: true, isAvailable: true });
    expect(await check(`/rest/method.get?name=telephony.externalCall.register&auth=${t.demo.app.accessToken}`)).toEqual({
      isExisting: true,
      isAvailable: true,
    });
  });

  test('D3: a batch command keeps the refusal under its key; its other commands run', async () => {
    const res = await t.portal.app.inject({
      method: 'GET',
      url: `${t.webhookPath}batch?${stringify({ cmd: { reg: 'telephony.externalCall.register?USER_ID=2&PHONE_NUMBER=1&TYPE=1', me: 'user.current' } })}`,
    });
    const { result } = res.json();
    expect(result.result_error.reg).toEqual(WRONG_AUTH_TYPE);
    expect(result.result.me.ID).toBe('1');
  });

  test('without the setting a webhook registers; with it an application still does', async () => {
    const open = await startTestPortal();
    try {
      const res = await open.portal.app.inject({
        method: 'POST',
        url: `${open.webhookPath}telephony.externalCall.register`,
        payload: { USER_ID: 2, PHONE_NUMBER: '+12025550147', TYPE: 2 },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await open.close();
    }
    expect((await callApp(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+12025550147', TYPE: 2 })).status).toBe(200);
  });
});
