import { stringify } from 'qs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { runBatch } from '../../src/dispatch/batch.js';
import { readEntityInput } from '../../src/features/crm/entity-input.js';
import { callApp, traces } from '../helpers/rest-calls.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

/** A batch as b24jssdk sends it: JSON POST, command queries URL-encoded. */
async function batch(cmd: unknown, extra: Record<string, unknown> = {}) {
  const res = await callApp(t, 'batch', { cmd, ...extra });
  return { status: res.status, body: res.body, inner: res.body.result };
}

/** A batch as @2bad/bitrix sends it: GET, cmd[key]=<encoded command> through the webhook. */
async function batchGet(cmd: Record<string, string>) {
  const res = await t.portal.app.inject({ method: 'GET', url: `${t.webhookPath}batch?${stringify({ cmd })}` });
  return { status: res.statusCode, body: res.json() };
}

const q = (params: Record<string, unknown>) => stringify(params);

describe('batch (D1–D12)', () => {
  test('D1/D2/D6/D9: register then finish by $result reference, the exact answer shape', async () => {
    const { status, body, inner } = await batch({
      reg: `telephony.externalCall.register?${q({ USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 })}`,
      fin: `telephony.externalCall.finish?${q({ CALL_ID: '$result[reg][CALL_ID]', USER_ID: 2, DURATION: 30 })}`,
      users: 'user.get?FILTER[ACTIVE]=Y',
    });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['result', 'time']);
    // D11: the outer time block has the six basic fields.
    expect(Object.keys(body.time)).toEqual(['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish']);
    expect(Object.keys(inner)).toEqual(['result', 'result_error', 'result_total', 'result_next', 'result_time']);
    expect(inner.result.fin.CALL_ID).toBe(inner.result.reg.CALL_ID);
    expect(inner.result.fin.CALL_DURATION).toBe(30);
    expect(inner.result_error).toEqual([]);
    expect(inner.result_total).toEqual({ users: 4 });
    expect(inner.result_next).toEqual([]);
    expect(Object.keys(inner.result_time)).toEqual(['reg', 'fin', 'users']);
    expect(Object.keys(inner.result_time.reg)).toEqual(['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish']);
    expect((await traces(t)).statistics).toBe(1);
  });

  test('D2: @2bad/bitrix style GET with percent-encoded commands; $result with list indexes', async () => {
    const { status, body } = await batchGet({
      first: 'user.get?FILTER[UF_PHONE_INNER]=102',
      again: `user.get?${q({ ID: '$result[first][0][ID]' })}`,
      note: `scope?${q({ unused: 'id is $result[first][0][ID]!' })}`,
    });
    expect(status).toBe(200);
    expect(body.result.result.again[0].ID).toBe(body.result.result.first[0].ID);
    expect(body.result.result_error).toEqual([]);
  });

  test('D7: without halt every command runs and failures are collected; with halt the rest is skipped', async () => {
    const cmd = { a: 'scope', b: 'no.such.method', c: 'profile' };
    const all = await batch(cmd);
    expect(Object.keys(all.inner.result)).toEqual(['a', 'c']);
    expect(all.inner.result_error).toEqual({ b: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } });
    expect(Object.keys(all.inner.result_time)).toEqual(['a', 'c']);
    const halted = await batch(cmd, { halt: 1 });
    expect(Object.keys(halted.inner.result)).toEqual(['a']);
    expect(Object.keys(halted.inner.result_error)).toEqual(['b']);
  });

  test('D6: a reference to a failed or missing command is empty: the finish fails under its own key', async () => {
    const { inner } = await batch({
      reg: 'telephony.externalCall.register?USER_ID=999&PHONE_NUMBER=5550100&TYPE=2',
      fin: 'telephony.externalCall.finish?CALL_ID=$result[reg][CALL_ID]&USER_ID=2&DURATION=5',
      other: 'telephony.externalCall.finish?CALL_ID=$result[nothing][CALL_ID]&USER_ID=2',
    });
    expect(inner.result).toEqual([]);
    expect(Object.keys(inner.result_error)).toEqual(['reg', 'fin', 'other']);
    expect(inner.result_error.fin.error).toBe('ERROR_CORE');
    expect((await traces(t)).statistics).toBe(0);
  });

  test('D10: cmd as a list answers lists; when command 0 fails, result becomes an object', async () => {
    const ok = await batch(['scope', 'profile']);
    expect(Array.isArray(ok.inner.result)).toBe(true);
    expect(ok.inner.result).toHaveLength(2);
    const failed = await batch(['no.such', 'profile']);
    expect(failed.inner.result).toEqual({ 1: expect.any(Object) });
    expect(Array.isArray(failed.inner.result_error)).toBe(true);
  });

  test('D4: the first 50 commands run; every further key gets ERROR_BATCH_LENGTH_EXCEEDED, status 200', async () => {
    const cmd = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 'profile']));
    const { status, inner } = await batch(cmd);
    expect(status).toBe(200);
    expect(Object.keys(inner.result)).toHaveLength(50);
    expect(inner.result_error).toEqual({ c50: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' } });
  });

  test('D5: a batch inside a batch is refused under its key', async () => {
    const { inner } = await batch({ inner: 'batch?cmd[x]=profile', ok: 'profile' });
    expect(inner.result_error).toEqual({
      inner: { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Method is not allowed for batch usage' },
    });
    expect(Object.keys(inner.result)).toEqual(['ok']);
  });

  test('D3: commands keep every per-method check: scope, auth type, under their key', async () => {
    const narrow = await t.portal.services.portal.addApp({ name: 'user only', scopes: 'user' });
    const res = await callApp(t, 'batch', { cmd: { me: 'user.current', calls: 'voximplant.statistic.get' } }, narrow.tokens.accessToken);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.result.result)).toEqual(['me']);
    expect(res.body.result.result_error.calls.error).toBe('insufficient_scope');
    const hook = await t.portal.app.inject({
      method: 'GET',
      url: `${t.webhookPath}batch?${stringify({ cmd: { bind: 'event.bind?event=ONVOXIMPLANTCALLEND&handler=https://hooks.example/x' } })}`,
    });
    expect(hook.json().result.result_error.bind.error).toBe('WRONG_AUTH_TYPE');
  });

  test('D12: an auth inside a command is ignored: commands run as the batch caller', async () => {
    const other = await t.portal.services.portal.issueTokens(t.demo.app.id, 3);
    const { inner } = await batch({ me: `user.current?auth=${other.accessToken}` });
    expect(inner.result.me.ID).toBe('1');
  });

  test('D8/D2: bad cmd, non-string commands and broken percent-encoding are clear errors, never 500', async () => {
    for (const cmd of [undefined, 'profile', 5]) {
      const res = await callApp(t, 'batch', cmd === undefined ? {} : { cmd });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'ERROR_CORE', error_description: 'cmd must be an array' });
    }
    const { inner } = await batch({ a: { method: 'profile' }, b: 'user.get?FILTER[NAME]=%E0%A4%A', c: 'profile' });
    expect(inner.result_error.a).toEqual({ error: 'ERROR_CORE', error_description: 'Command must be a string' });
    expect(inner.result_error.b.error).toBe('INVALID_REQUEST');
    expect(Object.keys(inner.result)).toEqual(['c']);
  });

  test('E57: attachRecord runs inside a batch like any method', async () => {
    const mp3 = Buffer.concat([
      Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'),
      Buffer.alloc(10),
      Buffer.from([0xff, 0xfb, 0x90, 0x64]),
      Buffer.alloc(500, 1),
    ]);
    const { inner } = await batch({
      reg: `telephony.externalCall.register?${q({ USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 })}`,
      fin: `telephony.externalCall.finish?${q({ CALL_ID: '$result[reg][CALL_ID]', USER_ID: 2, DURATION: 3 })}`,
      rec: `telephony.externalCall.attachRecord?${q({ CALL_ID: '$result[reg][CALL_ID]', FILENAME: 'call.mp3', FILE_CONTENT: mp3.toString('base64') })}`,
    });
    expect(inner.result_error).toEqual([]);
    expect(typeof inner.result.rec.FILE_ID).toBe('number');
  });

  test('a 100 KB command is answered, not crashed on', async () => {
    const { status, inner } = await batch({ big: `profile?junk=${'x'.repeat(100_000)}` });
    expect(status).toBe(200);
    expect(Object.keys(inner.result)).toEqual(['big']);
  });

  test('result_next for a list with another page', async () => {
    for (let i = 0; i < 51; i++) await t.portal.services.crm.add('LEAD', readEntityInput('LEAD', { TITLE: `Lead ${i}` }), 1);
    const { inner } = await batch({ leads: 'crm.lead.list' });
    expect(inner.result_total).toEqual({ leads: expect.any(Number) });
    expect(inner.result_next).toEqual({ leads: 50 });
  });
});

describe('batch references (D6), unit', () => {
  test('a whole-value list expands into indexed parameters; scalars inside text become text; nested paths and indexes', async () => {
    const seen: Record<string, unknown>[] = [];
    const run = async (method: string, params: Record<string, unknown>) => {
      seen.push({ ...params });
      return method === 'source'
        ? { result: { IDS: [1, 5], USER: { NAME: 'Ann', PHONES: ['+1'] } }, operating: null }
        : { result: true, operating: null };
    };
    await runBatch(
      [
        ['src', 'source'],
        [
          'use',
          'target?ID=$result[src][IDS]&TEXT=hello%20$result[src][USER][NAME]&PHONE=$result[src][USER][PHONES][0]&NONE=$result[src][NOPE]',
        ],
      ],
      false,
      run,
      'UTC',
      () => Date.UTC(2026, 2, 10),
    );
    expect(seen[1]).toEqual({ ID: [1, 5], TEXT: 'hello Ann', PHONE: '+1', NONE: '' });
  });
});
