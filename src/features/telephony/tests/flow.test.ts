import { stringify } from 'qs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';

/**
 * The whole lifecycle as a PBX connector drives it, in the wire styles of the real clients (CLIENTS.md):
 * register (new number → lead) → finish → statistics row → activity on the lead → notification.
 */
type Style = {
  name: string;
  call: (t: TestPortal, method: string, params: Record<string, unknown>) => Promise<{ status: number; body: any }>;
};

const styles: Style[] = [
  {
    name: '@2bad/bitrix: GET with PHP-style keys in the query string',
    call: async (t, method, params) => {
      const res = await t.portal.app.inject({
        method: 'GET',
        url: `/rest/${method}?${stringify({ ...params, auth: t.demo.app.accessToken })}`,
      });
      return { status: res.statusCode, body: res.json() };
    },
  },
  {
    name: 'b24jssdk: JSON POST to /rest//method with bx24_* query parameters',
    call: async (t, method, params) => {
      const res = await t.portal.app.inject({
        method: 'POST',
        url: `/rest//${method}?bx24_request_id=${crypto.randomUUID()}&bx24_sdk_ver=2.2.0&bx24_sdk_type=b24js`,
        payload: { ...params, auth: t.demo.app.accessToken },
      });
      return { status: res.statusCode, body: res.json() };
    },
  },
  {
    name: 'CRest: form-urlencoded POST to method.json',
    call: async (t, method, params) => {
      const res = await t.portal.app.inject({
        method: 'POST',
        url: `/rest/${method}.json`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: stringify({ ...params, auth: t.demo.app.accessToken }),
      });
      return { status: res.statusCode, body: res.json() };
    },
  },
];

describe.each(styles)('the call lifecycle — $name', (style) => {
  let t: TestPortal;
  beforeAll(async () => {
    t = await startTestPortal();
  });
  afterAll(() => t.close());

  test('E3/E12/E13/E37/E38/E42/F8/I19: register → finish → statistics → activity → notification', async () => {
    const call = (method: string, params: Record<string, unknown>) => style.call(t, method, params);

    const registered = await call('telephony.externalcall.register', {
      USER_PHONE_INNER: '101',
      PHONE_NUMBER: '+1 (202) 555-0147',
      TYPE: 2,
      CALL_START_DATE: '2026-03-10 11:19:39',
      CRM_CREATE: 1,
      CRM_SOURCE: 'CALL',
      LINE_NUMBER: '+4930100200',
      EXTERNAL_CALL_ID: 'asterisk-1741601979.42',
    });
    expect(registered.status).toBe(200);
    const { CALL_ID, CRM_CREATED_LEAD } = registered.body.result;
    expect(typeof CRM_CREATED_LEAD).toBe('number');

    const finished = await call('telephony.externalCall.finish', { CALL_ID, USER_PHONE_INNER: '102', DURATION: '95', STATUS_CODE: '200' });
    expect(finished.status).toBe(200);
    expect(finished.body.result).toMatchObject({
      CALL_ID,
      PORTAL_USER_ID: 3,
      CALL_DURATION: 95,
      CALL_STATUS: 1,
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID: CRM_CREATED_LEAD,
    });

    const stats = await call('voximplant.statistic.get', { FILTER: { CALL_ID } });
    expect(stats.body.total).toBe(1);
    expect(stats.body.result[0]).toMatchObject({
      CALL_ID,
      PORTAL_USER_ID: '3',
      PORTAL_NUMBER: '+4930100200',
      EXTERNAL_CALL_ID: 'asterisk-1741601979.42',
      CALL_START_DATE: '2026-03-10T11:19:39+01:00',
      CALL_DURATION: '95',
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID: String(CRM_CREATED_LEAD),
      CRM_ACTIVITY_ID: String(finished.body.result.CRM_ACTIVITY_ID),
    });

    const activity = await call('crm.activity.get', { id: finished.body.result.CRM_ACTIVITY_ID });
    expect(activity.body.result).toMatchObject({
      OWNER_TYPE_ID: '1',
      OWNER_ID: String(CRM_CREATED_LEAD),
      RESPONSIBLE_ID: '3',
      TYPE_ID: '2',
      DIRECTION: '1',
    });

    // The notification went to the finishing user (3): read it with their own token.
    const tokens = await t.portal.services.portal.issueTokens(t.demo.app.id, 3);
    const notes = await t.portal.app.inject({ method: 'GET', url: `/rest/im.notify.get?auth=${tokens.accessToken}` });
    const body = notes.json().result;
    expect(body.total_count).toBe(1);
    expect(body.notifications[0]).toMatchObject({ notify_module: 'voximplant', author_id: 0, notify_read: 'N' });
    expect(body.notifications[0].text).toContain('+1 (202) 555-0147');
  });
});
