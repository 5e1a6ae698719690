import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../../test/helpers/databases.js';
import { defaultConfig } from '../../../kernel/config.js';
import { createPortal, type Portal } from '../../../portal.js';
import { seedDemoPortal, type DemoPortal } from '../../platform/demo-portal.js';

describe.each(DIALECTS)('POST /_extcall/reset on $name', (dialect) => {
  let portal: Portal;
  let demo: DemoPortal;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const database = await dialect.setup();
    cleanup = database.cleanup;
    portal = await createPortal(defaultConfig({ database: database.location, rateLimit: null }), { deliverEvents: false });
    demo = await seedDemoPortal(portal.services, 'http://127.0.0.1:8080');
  });
  afterAll(async () => {
    await portal.close();
    await cleanup();
  });

  async function call(method: string, params: Record<string, unknown>, token: string) {
    const res = await portal.app.inject({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: token } });
    return { status: res.statusCode, body: res.json() };
  }
  async function reset(body?: unknown) {
    const res = await portal.app.inject({
      method: 'POST',
      url: '/_extcall/reset',
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, body: res.json() };
  }
  const count = async (table: 'users' | 'call_statistics' | 'crm_statuses' | 'oauth_tokens') =>
    Number(
      (
        await portal.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('after register and finish, a reset empties the statistics, forgets the old credentials and seeds a working demo portal', async () => {
    const statusesBefore = await count('crm_statuses');
    const { body: registered } = await call(
      'telephony.externalCall.register',
      { USER_ID: 2, PHONE_NUMBER: '+49 30 555', TYPE: 1 },
      demo.app.accessToken,
    );
    await call('telephony.externalCall.finish', { CALL_ID: registered.result.CALL_ID, USER_ID: 2, DURATION: 30 }, demo.app.accessToken);
    expect((await call('voximplant.statistic.get', {}, demo.app.accessToken)).body.total).toBe(1);
    // A token checked a moment ago sits in the credential cache: the reset must forget it too.
    const reused = await portal.services.portal.issueTokens(demo.app.id, 3);
    expect((await call('profile', {}, reused.accessToken)).status).toBe(200);
    let hookRuns = 0;
    const leave = portal.services.control.onReset(() => void hookRuns++);

    const answer = await reset({});
    leave();
    expect(answer.status).toBe(200);
    const fresh = answer.body.portal as DemoPortal;
    expect(Object.keys(fresh)).toEqual(['baseUrl', 'webhookUrl', 'app', 'users']);
    expect(hookRuns).toBe(1);
    // Ids start again from 1, as on a fresh portal.
    expect(fresh.users.map((u) => u.id)).toEqual([1, 2, 3, 4]);
    expect(fresh.app.id).toBe(1);
    expect(fresh.app.accessToken).not.toBe(demo.app.accessToken);

    for (const old of [demo.app.accessToken, reused.accessToken]) {
      expect(await call('profile', {}, old)).toEqual({
        status: 401,
        body: { error: 'invalid_token', error_description: 'Unable to get application by token' },
      });
    }
    const stats = await call('voximplant.statistic.get', {}, fresh.app.accessToken);
    expect(stats.status).toBe(200);
    expect(stats.body.result).toEqual([]);
    const hook = await portal.app.inject({ method: 'GET', url: `${new URL(fresh.webhookUrl).pathname}user.current` });
    expect(hook.json().result.ID).toBe('1');
    // The dictionaries the migrations wrote are back, not lost with the rest.
    expect(await count('crm_statuses')).toBe(statusesBefore);
    expect((await call('crm.status.list', {}, fresh.app.accessToken)).body.result.length).toBeGreaterThan(0);
    demo = fresh;
  });

  test('{"empty": true} leaves the portal without data and answers portal null; a later reset seeds it again', async () => {
    expect(await reset({ empty: true })).toEqual({ status: 200, body: { portal: null } });
    expect(await count('users')).toBe(0);
    expect(await count('oauth_tokens')).toBe(0);
    expect((await call('profile', {}, demo.app.accessToken)).body.error).toBe('invalid_token');
    const again = (await reset()).body.portal as DemoPortal;
    expect(again.users[0]!.id).toBe(1);
    expect((await call('profile', {}, again.app.accessToken)).body.result.ID).toBe('1');
    demo = again;
  });

  test.each([[{ empty: 'yes' }], [{ empty: true, more: 1 }], [[true]]])('a bad body %j answers 400 and changes nothing', async (body) => {
    const users = await count('users');
    const answer = await reset(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('INVALID_REQUEST');
    expect(await count('users')).toBe(users);
    expect((await call('profile', {}, demo.app.accessToken)).status).toBe(200);
  });

  test('the clock is left alone by a reset', async () => {
    portal.clock.advance(3_600_000);
    const before = portal.clock.state().offsetMs;
    await reset();
    expect(portal.clock.state().offsetMs).toBeGreaterThanOrEqual(before - 1000);
    portal.clock.restore();
  });
});
