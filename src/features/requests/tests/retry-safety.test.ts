import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defaultConfig } from '../../../kernel/config.js';
import { seedDemoPortal } from '../../platform/demo-portal.js';
import { createPortal, type Portal } from '../../../portal.js';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { ok, traces } from '../../../../test/helpers/rest-calls.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

/** b24jssdk's wire form: JSON POST, the request id in the query string. */
async function sdkCall(portal: Portal, token: string, method: string, requestId: string, params: Record<string, unknown>) {
  const res = await portal.app.inject({
    method: 'POST',
    url: `/rest/${method}?bx24_request_id=${requestId}&bx24_sdk_ver=2.2.0`,
    payload: { ...params, auth: token },
  });
  return { status: res.statusCode, raw: res.body, body: res.json() };
}

async function registered(phone = '+1 555 0190'): Promise<string> {
  return (await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: phone, TYPE: 2 })).CALL_ID;
}

describe('retry-safe writes (A27)', () => {
  test('a finish retried with the same bx24_request_id gets the original answer byte for byte and writes one row', async () => {
    const callId = await registered();
    const first = await sdkCall(t.portal, t.demo.app.accessToken, 'telephony.externalCall.finish', 'req-1', {
      CALL_ID: callId,
      USER_ID: 2,
      DURATION: 40,
    });
    expect(first.status).toBe(200);
    // The response was lost; the client sends the same request again.
    const retry = await sdkCall(t.portal, t.demo.app.accessToken, 'telephony.externalCall.finish', 'req-1', {
      CALL_ID: callId,
      USER_ID: 2,
      DURATION: 40,
    });
    expect(retry.status).toBe(200);
    expect(retry.raw).toBe(first.raw);
    expect((await traces(t)).statistics).toBe(1);
    // Without a request id, the reference behaviour: the call is gone (E27).
    const plain = await t.portal.app.inject({
      method: 'POST',
      url: '/rest/telephony.externalCall.finish',
      payload: { CALL_ID: callId, USER_ID: 2, auth: t.demo.app.accessToken },
    });
    expect(plain.statusCode).toBe(400);
  });

  test('a read repeated with the same request id runs again and sees what changed meanwhile', async () => {
    const list = () => sdkCall(t.portal, t.demo.app.accessToken, 'voximplant.statistic.get', 'read-1', {});
    const before = await list();
    expect(before.status).toBe(200);
    const callId = await registered();
    await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 5 });
    const after = await list();
    expect(after.body.total).toBe(before.body.total + 1);
    // Its id is not kept: reusing it with other parameters is no conflict either.
    const other = await sdkCall(t.portal, t.demo.app.accessToken, 'voximplant.statistic.get', 'read-1', { start: 50 });
    expect(other.status).toBe(200);
  });

  test('an Idempotency-Key header works the same for register; error answers are kept too', async () => {
    const send = (key: string, params: Record<string, unknown>) =>
      t.portal.app.inject({
        method: 'POST',
        url: '/rest/telephony.externalCall.register',
        headers: { 'idempotency-key': key },
        payload: { ...params, auth: t.demo.app.accessToken },
      });
    const params = { USER_ID: 2, PHONE_NUMBER: '+49 30 2220001', TYPE: 2, EXTERNAL_CALL_ID: 'pbx-1' };
    const a = await send('k-1', params);
    const b = await send('k-1', params);
    expect(b.body).toBe(a.body);
    expect((await traces(t)).activeCalls).toBe(1);

    const bad = { USER_ID: 999, PHONE_NUMBER: '+49 30 2220002', TYPE: 2 };
    const failed = await send('k-2', bad);
    expect(failed.statusCode).toBe(400);
    const again = await send('k-2', bad);
    expect(again.statusCode).toBe(400);
    expect(again.body).toBe(failed.body);
  });

  test('a key reused with other parameters is refused and runs nothing', async () => {
    const callId = await registered();
    await sdkCall(t.portal, t.demo.app.accessToken, 'telephony.externalCall.finish', 'req-2', {
      CALL_ID: callId,
      USER_ID: 2,
      DURATION: 40,
    });
    const other = await registered('+1 555 0191');
    const reused = await sdkCall(t.portal, t.demo.app.accessToken, 'telephony.externalCall.finish', 'req-2', {
      CALL_ID: other,
      USER_ID: 2,
      DURATION: 41,
    });
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({ error: 'INVALID_REQUEST', error_description: 'Idempotency key reused with different parameters' });
    expect((await traces(t)).statistics).toBe(1);
  });

  test('the key belongs to the caller: another user of the app with the same key runs its own request', async () => {
    const first = await registered('+1 555 0192');
    const second = await registered('+1 555 0193');
    const otherUser = (await t.portal.services.portal.issueTokens(t.demo.app.id, 3)).accessToken;
    await sdkCall(t.portal, t.demo.app.accessToken, 'telephony.externalCall.finish', 'same', { CALL_ID: first, USER_ID: 2 });
    const theirs = await sdkCall(t.portal, otherUser, 'telephony.externalCall.finish', 'same', { CALL_ID: second, USER_ID: 3 });
    expect(theirs.status).toBe(200);
    expect(theirs.body.result.CALL_ID).toBe(second);
    expect((await traces(t)).statistics).toBe(2);
  });

  test('concurrent duplicates: both get the one answer, one row is written', async () => {
    const callId = await registered();
    const send = () =>
      sdkCall(t.portal, t.demo.app.accessToken, 'telephony.externalCall.finish', 'req-dup', { CALL_ID: callId, USER_ID: 2, DURATION: 9 });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.status).toBe(200);
    expect(b.raw).toBe(a.raw);
    expect((await traces(t)).statistics).toBe(1);
  });

  describe('issue 8 item 3: a request id claimed by a process that died is not stuck', () => {
    /** A claim as a crashed instance left it: taken, no answer, nothing of the request committed. */
    async function leaveClaim(
      key: string,
      params: Record<string, unknown>,
      owner: { id: string; host: string; pid: number; seenMs: number },
    ) {
      const { fingerprintOf } = await import('../retry-safety.js');
      const db = t.portal.database.db;
      await db.insertInto('server_instances').values({ id: owner.id, host: owner.host, pid: owner.pid, seen_ms: owner.seenMs }).execute();
      await db
        .insertInto('idempotent_requests')
        .values({
          caller: `app:${t.demo.app.id}:user:1`,
          request_key: key,
          fingerprint: fingerprintOf('telephony.externalCall.finish', params),
          owner: owner.id,
          created_at: 1,
        })
        .execute();
    }

    test('same machine, process gone: the retry runs at once, once', async () => {
      const callId = await registered('+1 555 0195');
      const params = { CALL_ID: callId, USER_ID: 2, DURATION: 7 };
      const gonePid = spawnSync(process.execPath, ['-e', '0']).pid!;
      await leaveClaim('crashed-1', params, { id: 'crashed-instance-1', host: hostname(), pid: gonePid, seenMs: Date.now() });
      const began = Date.now();
      const retry = await sdkCall(t.portal, t.demo.app.accessToken, 'telephony.externalCall.finish', 'crashed-1', params);
      expect(retry.status).toBe(200);
      expect(retry.body.result.CALL_ID).toBe(callId);
      expect(Date.now() - began).toBeLessThan(5_000);
      const again = await sdkCall(t.portal, t.demo.app.accessToken, 'telephony.externalCall.finish', 'crashed-1', params);
      expect(again.raw).toBe(retry.raw);
      expect((await traces(t)).statistics).toBe(1);
      // The dead instance's claim itself was taken over, not a second one made beside it.
      const rows = await t.portal.database.db
        .selectFrom('idempotent_requests')
        .selectAll()
        .where('request_key', '=', 'crashed-1')
        .execute();
      expect(rows.map((row) => row.owner)).toEqual([t.portal.services.retrySafety.instance.id]);
    });

    test('another machine whose heartbeat stopped: the retry runs', async () => {
      const callId = await registered('+1 555 0196');
      const params = { CALL_ID: callId, USER_ID: 2, DURATION: 8 };
      await leaveClaim('crashed-2', params, { id: 'crashed-instance-2', host: 'elsewhere', pid: 1, seenMs: Date.now() - 60_000 });
      const retry = await sdkCall(t.portal, t.demo.app.accessToken, 'telephony.externalCall.finish', 'crashed-2', params);
      expect(retry.status).toBe(200);
      expect((await traces(t)).statistics).toBe(1);
    });

    test('an answered request keeps its answer in the same commit as its writes', async () => {
      const callId = await registered('+1 555 0197');
      const first = await sdkCall(t.portal, t.demo.app.accessToken, 'telephony.externalCall.finish', 'kept-1', {
        CALL_ID: callId,
        USER_ID: 2,
      });
      const row = await t.portal.database.db
        .selectFrom('idempotent_requests')
        .selectAll()
        .where('request_key', '=', 'kept-1')
        .executeTakeFirstOrThrow();
      expect(row.body).toBe(first.raw);
      expect(row.owner).toBe(t.portal.services.retrySafety.instance.id);
    });
  });

  test('answers survive a restart of the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'extcall-retry-'));
    const config = defaultConfig({ database: join(dir, 'portal.db'), rateLimit: null });
    try {
      const before = await createPortal(config, { deliverEvents: false });
      const demo = await seedDemoPortal(before.services, 'http://127.0.0.1:8080');
      const token = demo.app.accessToken;
      const reg = await sdkCall(before, token, 'telephony.externalCall.register', 'r-1', {
        USER_ID: 2,
        PHONE_NUMBER: '+1 555 0194',
        TYPE: 2,
      });
      const fin = await sdkCall(before, token, 'telephony.externalCall.finish', 'f-1', {
        CALL_ID: reg.body.result.CALL_ID,
        USER_ID: 2,
        DURATION: 3,
      });
      await before.close();
      const after = await createPortal(config, { deliverEvents: false });
      try {
        const retried = await sdkCall(after, token, 'telephony.externalCall.finish', 'f-1', {
          CALL_ID: reg.body.result.CALL_ID,
          USER_ID: 2,
          DURATION: 3,
        });
        expect(retried.raw).toBe(fin.raw);
        const rows = await after.database.db.selectFrom('call_statistics').selectAll().execute();
        expect(rows).toHaveLength(1);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
