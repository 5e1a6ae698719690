import http from 'node:http';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { listen } from '../../../transport/app.js';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { callApp, callHookGet, ok } from '../../../../test/helpers/rest-calls.js';
import type { JournalEntry } from '../request-journal.js';

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

async function journal(query = ''): Promise<JournalEntry[]> {
  const res = await t.portal.app.inject({ method: 'GET', url: `/_extcall/requests${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { requests: JournalEntry[] }).requests;
}

describe('the request journal (/_extcall/requests)', () => {
  test('a register call: method, masked credentials, parameters as sent, status and duration', async () => {
    const token = t.demo.app.accessToken;
    const res = await t.portal.app.inject({
      method: 'POST',
      url: '/rest/telephony.externalCall.register.json',
      payload: { USER_PHONE_INNER: '101', PHONE_NUMBER: '+49 30 1234', TYPE: 2, auth: token, client_secret: 'shh-secret' },
    });
    expect(res.statusCode).toBe(200);

    const [entry, ...rest] = await journal();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      id: expect.any(Number),
      at: '2026-03-10T11:00:00+01:00',
      method: 'telephony.externalCall.register',
      httpMethod: 'POST',
      auth: { kind: 'token', appId: t.demo.app.id, webhookId: null, userId: 1 },
      params: { USER_PHONE_INNER: '101', PHONE_NUMBER: '+49 30 1234', TYPE: 2, client_secret: '***' },
      status: 200,
      error: null,
      errorDescription: null,
      retried: false,
    });
    expect(entry!.durationMs).toBeGreaterThan(0);
    expect(entry!.params).not.toHaveProperty('auth');
    // No credential in any form reaches the journal.
    const text = JSON.stringify(await journal());
    expect(text).not.toContain(token);
    expect(text).not.toContain('shh-secret');
  });

  test('an error call shows its code and description; a refused token shows the refusal', async () => {
    await callApp(t, 'no.such.method');
    await callApp(t, 'profile', {}, 'not-a-token');
    const [unknown, refused] = await journal();
    expect(unknown).toMatchObject({
      method: 'no.such.method',
      status: 404,
      error: 'ERROR_METHOD_NOT_FOUND',
      errorDescription: 'Method not found!',
    });
    expect(refused).toMatchObject({
      method: 'profile',
      status: 401,
      error: 'invalid_token',
      errorDescription: 'Unable to get application by token',
      auth: { kind: 'token', appId: null, webhookId: null, userId: null },
    });
  });

  test('a webhook call shows the webhook and its user; a wrong code still shows the user of the path', async () => {
    await callHookGet(t, 'user.current', '');
    await t.portal.app.inject({ method: 'GET', url: '/rest/2/wrongcode/user.current' });
    const [good, wrong] = await journal();
    expect(good).toMatchObject({
      method: 'user.current',
      httpMethod: 'GET',
      status: 200,
      auth: { kind: 'webhook', appId: null, userId: 1 },
    });
    expect(good!.auth.webhookId).toEqual(expect.any(Number));
    expect(wrong).toMatchObject({ status: 401, auth: { kind: 'webhook', userId: 2, webhookId: null } });
    expect(wrong!.error).not.toBeNull();
  });

  test('a request nothing serves is journaled too, its URL masked; the admin API is not', async () => {
    await t.portal.app.inject({ method: 'POST', url: '/api/telephony?auth=abc123' });
    await t.portal.app.inject({ method: 'GET', url: '/_extcall/nothing' });
    const entries = await journal();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      method: '/api/telephony',
      status: 404,
      error: 'NOT_FOUND',
      errorDescription: 'Nothing is served at POST /api/telephony?auth=***',
    });
  });

  test('filters: method in any case, errors, after and limit; bad values are refused and change nothing', async () => {
    await ok(t, 'user.current');
    await callApp(t, 'no.such.method');
    await ok(t, 'user.current');
    const all = await journal();
    expect(all.map((e) => e.method)).toEqual(['user.current', 'no.such.method', 'user.current']);
    expect((await journal('?method=USER.CURRENT')).map((e) => e.id)).toEqual([all[0]!.id, all[2]!.id]);
    expect((await journal('?errors=1')).map((e) => e.method)).toEqual(['no.such.method']);
    expect((await journal(`?after=${all[0]!.id}`)).map((e) => e.id)).toEqual([all[1]!.id, all[2]!.id]);
    expect((await journal('?limit=1')).map((e) => e.id)).toEqual([all[2]!.id]);
    expect((await journal(`?after=${all[0]!.id}&limit=1`)).map((e) => e.id)).toEqual([all[1]!.id]);

    for (const [query, description] of [
      ['?limit=0', 'limit must be a whole number from 1 to 1000000'],
      ['?after=-1', 'after must be a whole number of 0 or more'],
      ['?errors=maybe', 'errors must be one of: 1, 0, true, false'],
    ] as const) {
      const res = await t.portal.app.inject({ method: 'GET', url: `/_extcall/requests${query}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'INVALID_REQUEST', error_description: description });
    }
    expect(await journal()).toHaveLength(3);
  });

  test('DELETE empties the journal, and so does a reset; ids go on increasing', async () => {
    await ok(t, 'user.current');
    const [first] = await journal();
    const res = await t.portal.app.inject({ method: 'DELETE', url: '/_extcall/requests' });
    expect(res.json()).toEqual({ requests: [] });
    expect(await journal()).toEqual([]);
    await ok(t, 'user.current');
    const [second] = await journal();
    expect(second!.id).toBeGreaterThan(first!.id);
    expect((await t.portal.app.inject({ method: 'POST', url: '/_extcall/reset', payload: {} })).statusCode).toBe(200);
    expect(await journal()).toEqual([]);
  });

  test('a batch shows each command with its status and error', async () => {
    await callApp(t, 'batch', { halt: 0, cmd: { me: 'user.current', bad: 'no.such.method?X=1' } });
    const [entry] = await journal();
    expect(entry).toMatchObject({ method: 'batch', status: 200, error: null });
    expect(entry!.batch).toEqual([
      { key: 'me', method: 'user.current', status: 200, error: null, errorDescription: null, nearMisses: [] },
      {
        key: 'bad',
        method: 'no.such.method',
        status: 404,
        error: 'ERROR_METHOD_NOT_FOUND',
        errorDescription: 'Method not found!',
        nearMisses: [],
      },
    ]);
    // A batch with a failed command counts among the errors.
    expect((await journal('?errors=1')).map((e) => e.id)).toEqual([entry!.id]);
  });

  test('a request repeated with its request id is journaled as replayed', async () => {
    const send = () =>
      t.portal.app.inject({
        method: 'POST',
        url: '/rest/telephony.externalCall.register',
        headers: { 'idempotency-key': 'journal-1' },
        payload: { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2, auth: t.demo.app.accessToken },
      });
    const first = await send();
    const second = await send();
    expect(second.body).toBe(first.body);
    expect((await journal()).map((e) => [e.status, e.retried])).toEqual([
      [200, false],
      [200, true],
    ]);
  });

  test('the journal keeps the newest journalSize calls', async () => {
    await t.close();
    t = await startTestPortal({ journalSize: 2 });
    for (let i = 0; i < 5; i++) await callApp(t, `probe.${i}`);
    expect((await journal()).map((e) => e.method)).toEqual(['probe.3', 'probe.4']);
  });
});

describe('following the journal (?follow=1, server-sent events)', () => {
  test('streams the matching backlog, then each new entry, and ends when the server closes', async () => {
    const port = await listen(t.portal.app, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    await ok(t, 'user.current');
    await callApp(t, 'no.such.method');

    const res = await fetch(`${base}/_extcall/requests?follow=1&method=user.current`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = eventsOf(res.body!);

    const backlog = await events.next();
    expect(backlog.value).toMatchObject({ method: 'user.current', status: 200 });

    // Over the real port too: the journal does not care how the call came.
    await fetch(`${base}/rest/no.such.method`);
    await fetch(`${base}${t.webhookPath}user.current`);
    const live = await events.next();
    expect(live.value).toMatchObject({ method: 'user.current', auth: { kind: 'webhook' } });
    expect((live.value as JournalEntry).id).toBeGreaterThan((backlog.value as JournalEntry).id);

    // Closing the portal ends the stream instead of hanging on it.
    expect(t.portal.services.journal.subscriberCount).toBe(1);
    await t.portal.app.close();
    expect((await events.next()).done).toBe(true);
    expect(t.portal.services.journal.subscriberCount).toBe(0);
  });

  test('a client that goes away is forgotten: its connection closes and the journal goes on', async () => {
    const port = await listen(t.portal.app, 0, '127.0.0.1');
    const request = http.get(`http://127.0.0.1:${port}/_extcall/requests?follow=1`);
    const res = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
    expect(res.statusCode).toBe(200);
    const { journal: requests } = t.portal.services;
    expect(requests.subscriberCount).toBe(1);
    request.destroy();
    const server = t.portal.app.server;
    const connections = () => new Promise<number>((resolve) => server.getConnections((_error, count) => resolve(count)));
    for (let waited = 0; (await connections()) > 0 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await connections()).toBe(0);
    expect(requests.subscriberCount).toBe(0);
    await ok(t, 'user.current');
    expect(await journal()).toHaveLength(1);
  });
});

/** The `data:` JSON of each server-sent event of a stream, as an async iterator. */
async function* eventsOf(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf('\n\n'); end !== -1; end = buffered.indexOf('\n\n')) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = event.split('\n').find((line) => line.startsWith('data: '));
      if (data) yield JSON.parse(data.slice('data: '.length)) as unknown;
    }
  }
}
