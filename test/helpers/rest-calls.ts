import { expect } from 'vitest';
import type { TestPortal } from './test-portal.js';

/** Calls a method with the demo app's token as a JSON POST, the way b24jssdk does. */
export async function callApp(t: TestPortal, method: string, params: Record<string, unknown> = {}, token = t.demo.app.accessToken) {
  const res = await t.portal.app.inject({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: token } });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

/** Calls a method through the demo webhook as a GET with PHP-style keys, the way @2bad/bitrix does. */
export async function callHookGet(t: TestPortal, method: string, query: string) {
  const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}${method}?${query}` });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

export async function ok(t: TestPortal, method: string, params: Record<string, unknown> = {}) {
  const { status, body } = await callApp(t, method, params);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.result;
}

export async function expectError(
  t: TestPortal,
  method: string,
  params: Record<string, unknown>,
  status: number,
  error: string,
  description: string,
) {
  const res = await callApp(t, method, params);
  expect(res.body).toEqual({ error, error_description: description });
  expect(res.status).toBe(status);
}

/** Rows and counts that prove whether a call left traces. */
export async function traces(t: TestPortal) {
  const db = t.portal.database.db;
  const count = async (table: 'call_statistics' | 'crm_activities' | 'crm_leads' | 'notifications' | 'active_calls') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    statistics: await count('call_statistics'),
    activities: await count('crm_activities'),
    leads: await count('crm_leads'),
    notifications: await count('notifications'),
    activeCalls: await count('active_calls'),
  };
}
