import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startPortal, type RunningPortal } from '../../src/index.js';
import { createScratchPostgres, POSTGRES_ENABLED } from '../helpers/databases.js';
import { EventReceiver } from '../helpers/event-receiver.js';

const running: RunningPortal[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((portal) => portal.close()));
});

async function start(options: Parameters<typeof startPortal>[0] = {}) {
  const portal = await startPortal(options);
  running.push(portal);
  return portal;
}

async function rest(portal: RunningPortal, method: string, params: Record<string, unknown> = {}, token = portal.app.accessToken) {
  const res = await fetch(`${portal.baseUrl}/rest/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth: token }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('startPortal', () => {
  test('starts in memory on a free loopback port with the demo data, fast; two portals are independent', async () => {
    const began = performance.now();
    const a = await start();
    expect(performance.now() - began).toBeLessThan(3000);
    const b = await start();
    expect(a.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(b.baseUrl).not.toBe(a.baseUrl);
    expect(a.webhookUrl.startsWith(`${a.baseUrl}/rest/1/`)).toBe(true);
    expect(a.users.map((u) => u.innerNumber)).toEqual(['100', '101', '102', '103']);
    expect(a.app.scopes).toEqual(['telephony', 'crm', 'user', 'im']);
    expect((await rest(a, 'profile')).body.result.ID).toBe('1');
    // Each portal has its own data and clock.
    await rest(a, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+49 30 1', TYPE: 1 });
    a.clock.advance('2h');
    expect((await rest(a, 'profile')).body.error).toBe('expired_token');
    expect((await rest(b, 'profile')).status).toBe(200);
    expect(Math.abs(b.clock.now().getTime() - Date.now())).toBeLessThan(1000);
    expect(a.requests({ method: 'telephony.externalCall.register' })).toHaveLength(1);
    expect(b.requests({ method: 'telephony.externalCall.register' })).toHaveLength(0);
  });

  test('reset() puts the demo data back and updates the credentials in place; the old ones are unknown', async () => {
    const portal = await start({ clock: 'manual' });
    const old = { ...portal.app };
    const heldApp = portal.app;
    const { body } = await rest(portal, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+49 30 2', TYPE: 1 });
    await rest(portal, 'telephony.externalCall.finish', { CALL_ID: body.result.CALL_ID, USER_ID: 2, DURATION: 5 });
    expect((await rest(portal, 'voximplant.statistic.get')).body.total).toBe(1);
    const frozenAt = portal.clock.now().getTime();
    await portal.reset();
    expect(portal.app.accessToken).not.toBe(old.accessToken);
    expect(heldApp.accessToken).toBe(portal.app.accessToken);
    expect((await rest(portal, 'profile', {}, old.accessToken)).body.error).toBe('invalid_token');
    expect((await rest(portal, 'voximplant.statistic.get')).body).toMatchObject({ result: [], total: 0 });
    expect(portal.requests()).toHaveLength(2);
    // The clock stays where the test put it.
    expect(portal.clock.now().getTime()).toBe(frozenAt);
    await portal.reset({ empty: true });
    expect(portal.users).toEqual([]);
  });

  test('the clock: manual starts frozen; advance takes "90m" or ms; set takes ISO or a Date; resume runs on; bad input throws', async () => {
    const portal = await start({ clock: 'manual' });
    const t0 = portal.clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(portal.clock.now().getTime()).toBe(t0);
    expect(portal.clock.advance('90m').getTime()).toBe(t0 + 90 * 60_000);
    expect(portal.clock.advance(500).getTime()).toBe(t0 + 90 * 60_000 + 500);
    expect(portal.clock.set('2030-01-01T00:00:00Z').toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(portal.clock.set(new Date(Date.UTC(2031, 0, 1))).toISOString()).toBe('2031-01-01T00:00:00.000Z');
    expect(() => portal.clock.advance('soon')).toThrow(/not a duration/);
    expect(() => portal.clock.set('yesterday')).toThrow(/not a date/);
    expect(portal.clock.now().toISOString()).toBe('2031-01-01T00:00:00.000Z');
    portal.clock.resume();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(portal.clock.now().getTime()).toBeGreaterThan(Date.UTC(2031, 0, 1));
    portal.clock.freeze();
    const frozen = portal.clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(portal.clock.now().getTime()).toBe(frozen);
  });

  test('a seed object or file is the starting data, also after reset; loopback handlers get events', async () => {
    const receiver = await new EventReceiver().listen();
    const dir = mkdtempSync(join(tmpdir(), 'extcall-embed-'));
    try {
      const seed = {
        users: [{ name: 'Ida', innerNumber: '501', admin: true }],
        apps: [{ name: 'PBX', scopes: ['telephony', 'user'] }],
        webhooks: [{ scopes: ['telephony', 'user'] }],
      };
      const file = join(dir, 'seed.json');
      writeFileSync(file, JSON.stringify(seed));
      const portal = await start({ seed: file, data: dir, limits: true });
      expect(portal.users).toEqual([{ id: 1, name: 'Ida', innerNumber: '501' }]);
      await rest(portal, 'event.bind', { event: 'ONVOXIMPLANTCALLINIT', handler: receiver.url });
      await rest(portal, 'telephony.externalCall.register', { USER_ID: 1, PHONE_NUMBER: '+49 30 3', TYPE: 1 });
      await receiver.waitFor(1);
      await expect.poll(async () => (await portal.events({ state: 'delivered' })).length).toBe(1);
      await portal.reset();
      expect(portal.users).toEqual([{ id: 1, name: 'Ida', innerNumber: '501' }]);
      expect(await portal.events()).toEqual([]);
      await portal.close();
      running.pop();
      // The same directory again: the portal starts over from the seed.
      const again = await start({ seed, data: dir });
      expect(again.users).toEqual([{ id: 1, name: 'Ida', innerNumber: '501' }]);
      expect((await rest(again, 'user.current')).body.result.ID).toBe('1');
    } finally {
      await receiver.close();
      // Closed before the directory goes: the database file must not vanish under an open portal.
      await Promise.all(running.splice(0).map((portal) => portal.close()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.runIf(POSTGRES_ENABLED)('on PostgreSQL: a call, a reset with ids from 1 again, and a restart over a used database', async () => {
    const scratch = await createScratchPostgres();
    try {
      const portal = await start({ database: scratch.url });
      const { body } = await rest(portal, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+49 30 4', TYPE: 1 });
      await rest(portal, 'telephony.externalCall.finish', { CALL_ID: body.result.CALL_ID, USER_ID: 2, DURATION: 5 });
      await portal.reset();
      expect(portal.users.map((u) => u.id)).toEqual([1, 2, 3, 4]);
      expect((await rest(portal, 'voximplant.statistic.get')).body).toMatchObject({ result: [], total: 0 });
      await portal.close();
      running.pop();
      const again = await start({ database: scratch.url });
      expect(again.app.id).toBe(1);
      expect((await rest(again, 'profile')).body.result.ID).toBe('1');
      await again.close();
      running.pop();
    } finally {
      await scratch.drop();
    }
  });

  test('the admin routes answer on the listening port: GET /_extcall/clock', async () => {
    const portal = await start({ clock: 'manual' });
    const res = await fetch(`${portal.baseUrl}/_extcall/clock`);
    expect(await res.json()).toMatchObject({ nowMs: portal.clock.now().getTime(), frozen: true });
  });
});
