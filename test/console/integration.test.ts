import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startPostgresTestPortal, startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { signInConsole } from '../helpers/console.js';
import { callApp, ok } from '../helpers/rest-calls.js';
import { EventReceiver } from '../helpers/event-receiver.js';

let t: TestPortal;
afterEach(() => t.close());

async function hookCall(path: string, method: string) {
  const res = await t.portal.app.inject({ method: 'POST', url: `${path}${method}.json`, payload: {} });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}

/** The rows of the table with id `tableId` on a page. */
function tableOf(body: string, tableId: string): string {
  return new RegExp(`<table id="${tableId}">([\\s\\S]*?)</table>`).exec(body)?.[1] ?? '';
}

describe('console integration', () => {
  beforeEach(async () => {
    t = await startTestPortal();
  });

  test('is for administrators: an employee gets 403 on every page and action', async () => {
    const employee = await signInConsole(t, 2);
    for (const path of ['/console/integration', '/console/integration/deliveries', '/console/integration/journal']) {
      expect((await employee.get(path)).status, path).toBe(403);
    }
    const before = (await t.portal.services.portal.listWebhooks()).length;
    expect((await employee.post('/console/integration/webhooks', { user: 2, 'scopes[]': 'user' })).status).toBe(403);
    expect(await t.portal.services.portal.listWebhooks()).toHaveLength(before);
    expect((await employee.get('/console/calls')).body).not.toContain('href="/console/integration"');
  });

  test('shows the application, its token holders and no secret', async () => {
    const admin = await signInConsole(t);
    const page = await admin.get('/console/integration');
    expect(page.status).toBe(200);
    expect(page.body).toContain(t.demo.app.clientId);
    expect(page.body).toContain('installed');
    expect(page.body).not.toContain(t.demo.app.accessToken);
    expect(page.body).not.toContain(t.demo.app.refreshToken);
    expect(page.body).not.toContain(t.demo.app.clientSecret);
    expect(page.body).not.toContain(new URL(t.demo.webhookUrl).pathname);
  });

  test('a webhook made in the console works until it is revoked there; a post without the form token changes nothing', async () => {
    const admin = await signInConsole(t);
    const created = await admin.post('/console/integration/webhooks', {
      user: 2,
      'scopes[0]': 'user',
      'scopes[1]': 'crm',
      title: 'Console hook',
    });
    expect(created.status).toBe(200);
    const url = /id="new-webhook-url" class="webhook-url" readonly value="([^"]+)"/.exec(created.body)?.[1];
    expect(url).toMatch(/^http:\/\/localhost(:80)?\/rest\/2\/[^/]+\/$/);
    const path = new URL(url!).pathname;
    const current = await hookCall(path, 'user.current');
    expect(current.status).toBe(200);
    expect(current.body.result.ID).toBe('2');

    const hook = (await t.portal.services.portal.listWebhooks()).find((w) => w.title === 'Console hook')!;
    expect(hook.scopes).toBe('user,crm');
    const listed = await admin.get('/console/integration');
    expect(tableOf(listed.body, 'webhooks-table')).toContain('Console hook');
    expect(listed.body).not.toContain(path);

    // Forged posts: no token, a wrong token. Neither revokes nor creates.
    const count = (await t.portal.services.portal.listWebhooks()).length;
    for (const payload of [`x=1`, `_csrf=wrong`]) {
      const forged = await t.portal.app.inject({
        method: 'POST',
        url: `/console/integration/webhooks/${hook.id}/revoke`,
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
      expect(forged.statusCode).toBe(403);
      const forgedAdd = await t.portal.app.inject({
        method: 'POST',
        url: '/console/integration/webhooks',
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `${payload}&user=1&scopes=user`,
      });
      expect(forgedAdd.statusCode).toBe(403);
    }
    expect(await t.portal.services.portal.listWebhooks()).toHaveLength(count);
    expect((await hookCall(path, 'user.current')).status).toBe(200);

    const revoked = await admin.post(`/console/integration/webhooks/${hook.id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect(revoked.headers.location).toBe('/console/integration#webhooks');
    const after = await hookCall(path, 'user.current');
    expect(after.status).toBe(401);
    expect(tableOf((await admin.get('/console/integration')).body, 'webhooks-table')).not.toContain('Console hook');
    expect((await admin.post(`/console/integration/webhooks/${hook.id}/revoke`, {})).status).toBe(404);
  });

  test('a webhook without scopes or with an unknown user is refused with the reason', async () => {
    const admin = await signInConsole(t);
    const count = (await t.portal.services.portal.listWebhooks()).length;
    const noScopes = await admin.post('/console/integration/webhooks', { user: 2 });
    expect(noScopes.status).toBe(400);
    expect(noScopes.body).toContain('at least one scope is needed');
    expect((await admin.post('/console/integration/webhooks', { user: 999, 'scopes[]': 'user' })).status).toBe(400);
    expect(await t.portal.services.portal.listWebhooks()).toHaveLength(count);
  });

  test('the journal shows failed calls and near misses, highlighted with words, filterable, with masked parameters', async () => {
    await callApp(t, 'im.notify.get', { LIMIT: 5, PAGE_SIZE: 10 });
    await callApp(t, 'no.such.method', {});
    await ok(t, 'user.current');
    const admin = await signInConsole(t);
    const page = await admin.get('/console/integration/journal');
    expect(page.status).toBe(200);
    const rows = tableOf(page.body, 'journal-table');
    const nearMissRow = /<tr class="row-near-miss"[^>]*>[\s\S]*?<\/tr>/.exec(rows)?.[0] ?? '';
    expect(nearMissRow).toContain('im.notify.get');
    expect(nearMissRow).toContain('near miss');
    expect(nearMissRow).toContain('<code>PAGE_SIZE</code>: not a parameter of im.notify.get');
    const errorRow = /<tr class="row-error"[^>]*>[\s\S]*?<\/tr>/.exec(rows)?.[0] ?? '';
    expect(errorRow).toContain('no.such.method');
    expect(errorRow).toContain('ERROR_METHOD_NOT_FOUND');
    // The access token is a parameter too: masked.
    expect(page.body).not.toContain(t.demo.app.accessToken);

    const onlyMisses = tableOf((await admin.get('/console/integration/journal?nearMisses=1')).body, 'journal-table');
    expect(onlyMisses).toContain('im.notify.get');
    expect(onlyMisses).not.toContain('no.such.method');
    expect(onlyMisses).not.toContain('user.current');
    const onlyErrors = tableOf((await admin.get('/console/integration/journal?errors=1')).body, 'journal-table');
    expect(onlyErrors).toContain('no.such.method');
    expect(onlyErrors).not.toContain('im.notify.get');
    const byMethod = tableOf((await admin.get('/console/integration/journal?method=USER.CURRENT')).body, 'journal-table');
    expect(byMethod).toContain('user.current');
    expect(byMethod).not.toContain('im.notify.get');
  });
});

describe('console integration: event deliveries', () => {
  let receiver: EventReceiver;
  beforeEach(async () => {
    t = await startTestPortal({ allowPrivateEventHandlers: true });
    receiver = await new EventReceiver().listen();
  });
  afterEach(() => receiver.close());

  async function failedDeliveries() {
    for (let waited = 0; waited < 10_000; waited += 50) {
      const failed = await t.portal.services.deliveries.list({ state: 'failed' });
      if (failed.length > 0) return failed;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no failed delivery in time');
  }

  test('a failed delivery shows its last error and binding; "retry now" re-queues it and it is delivered', async () => {
    const port = receiver.port;
    // Nothing listens on the handler's port: the delivery fails.
    await receiver.close();
    await ok(t, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
    await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0170', TYPE: 2 });
    const [failed] = await failedDeliveries();

    const admin = await signInConsole(t);
    const overview = await admin.get('/console/integration');
    expect(tableOf(overview.body, 'bindings-table')).toContain('ONVOXIMPLANTCALLINIT');
    expect(tableOf(overview.body, 'bindings-table')).toContain(`http://127.0.0.1:${port}/handler`);
    const page = await admin.get('/console/integration/deliveries');
    const row = new RegExp(`<tr class="row-error" id="delivery-${failed!.id}">([\\s\\S]*?)</tr>`).exec(page.body)?.[1] ?? '';
    expect(row).toContain('ONVOXIMPLANTCALLINIT');
    expect(row).toContain('failed');
    expect(row).toContain('last-error');
    expect(row).toContain(failed!.lastError!);
    expect(row).toContain('Retry now');

    await receiver.listen(port);
    const retried = await admin.post(`/console/integration/deliveries/${failed!.id}/retry`, {});
    expect(retried.status).toBe(303);
    await receiver.waitFor(1);
    for (let waited = 0; waited < 10_000; waited += 50) {
      const [delivery] = (await t.portal.services.deliveries.list()).filter((d) => d.id === failed!.id);
      if (delivery?.state === 'delivered') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = await admin.get('/console/integration/deliveries');
    const done = new RegExp(`<tr class="" id="delivery-${failed!.id}">([\\s\\S]*?)</tr>`).exec(after.body)?.[1] ?? '';
    expect(done).toContain('delivered');
    expect(done).not.toContain('Retry now');
    expect((await admin.post('/console/integration/deliveries/99999/retry', {})).status).toBe(404);
  });
});

describe('console integration on PostgreSQL', () => {
  beforeEach(async () => {
    t = await startPostgresTestPortal();
  });

  test('token holders are listed and a webhook is created and revoked', async () => {
    const admin = await signInConsole(t);
    const page = await admin.get('/console/integration');
    expect(page.body).toContain('Users with tokens of');
    const created = await admin.post('/console/integration/webhooks', { user: 3, 'scopes[]': 'user', title: 'PG hook' });
    const url = /id="new-webhook-url" class="webhook-url" readonly value="([^"]+)"/.exec(created.body)?.[1];
    const path = new URL(url!).pathname;
    expect((await hookCall(path, 'user.current')).body.result.ID).toBe('3');
    const hook = (await t.portal.services.portal.listWebhooks()).find((w) => w.title === 'PG hook')!;
    expect((await admin.post(`/console/integration/webhooks/${hook.id}/revoke`, {})).status).toBe(303);
    expect((await hookCall(path, 'user.current')).status).toBe(401);
  });
});
