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
  const count = async (table: 'call_statistics' | 'crm_leads' | 'notifications' | 'active_calls') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  // The demo portal's own lead (demo-crm.ts) is not a trace of a call.
  const demoLeads = Number(
    (
      await db
        .selectFrom('crm_leads')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('originator_id', '=', 'extcall-demo')
        .executeTakeFirstOrThrow()
    ).n,
  );
  return {
    statistics: await count('call_statistics'),
    // Call activities only: the demo portal's CRM has meetings and e-mails of its own.
    activities: Number(
      (
        await db
          .selectFrom('crm_activities')
          .where('provider_id', '=', 'VOXIMPLANT_CALL')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    leads: (await count('crm_leads')) - demoLeads,
    notifications: await count('notifications'),
    activeCalls: await count('active_calls'),
  };
}
