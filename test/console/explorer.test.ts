import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { signInConsole, type ConsoleSession } from '../helpers/console.js';
import { ok } from '../helpers/rest-calls.js';

const run = promisify(execFile);

let t: TestPortal;
beforeEach(async () => {
  t = await startTestPortal();
});
afterEach(() => t.close());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  curl: string;
}

/** Posts to the explorer as the script does, reaching the console at `host`. */
async function explore(session: ConsoleSession, fields: Record<string, unknown>, host = 'localhost') {
  const res = await t.portal.app.inject({
    method: 'POST',
    url: '/console/explorer/call',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, host },
    payload: fields,
  });
  return { status: res.statusCode, json: res.json() as Answer & { refused?: string; message?: string } };
}

function withoutTime(body: string): unknown {
  const { time: _time, ...rest } = JSON.parse(body) as Record<string, unknown>;
  return rest;
}

describe('console API explorer', () => {
  test('the page lists every method with its scope and loads its script', async () => {
    const session = await signInConsole(t, 2);
    const page = await session.get('/console/explorer');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<option value="user\.current" data-scope="[a-z_]+"><\/option>/);
    expect(page.body).toContain('<option value="telephony.externalCall.register" data-scope="telephony">');
    expect(page.body).toContain('<script type="module" src="/console/assets/explorer.js"></script>');
    const script = await t.portal.app.inject({ method: 'GET', url: '/console/assets/explorer.js' });
    expect(script.statusCode).toBe(200);
  });

  test('user.current as the app returns the signed-in user; the curl command gives the same against a listening server', async () => {
    await t.portal.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.portal.app.server.address() as AddressInfo).port;
    const admin = await signInConsole(t);
    const { status, json } = await explore(
      admin,
      { method: 'user.current', params: '{}', credential: 'app', appId: t.demo.app.id },
      `127.0.0.1:${port}`,
    );
    expect(status).toBe(200);
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/application\/json/);
    const body = JSON.parse(json.body) as { result: Record<string, unknown> };
    expect(body.result.ID).toBe('1');
    expect(json.curl).toMatch(
      /^curl -sS -X POST -H 'content-type: application\/json' --data '\{.*"auth":"[0-9a-f]+".*\}' 'http:\/\/127\.0\.0\.1:\d+\/rest\/user\.current\.json'$/,
    );
    const { stdout } = await run('sh', ['-c', json.curl]);
    expect(withoutTime(stdout)).toEqual(withoutTime(json.body));

    // The call went through the REST pipeline: the journal has it, as a token call of the app for user 1.
    const [entry] = t.portal.services.journal.list({ method: 'user.current' });
    expect(entry!.auth).toMatchObject({ kind: 'token', appId: t.demo.app.id, userId: 1 });

    // Quotes in the parameters survive the shell.
    await ok(t, 'crm.contact.add', { fields: { NAME: "Sinéad O'Brien" } });
    const quoted = await explore(
      admin,
      {
        method: 'crm.contact.list',
        params: JSON.stringify({ filter: { '%NAME': "O'Brien" }, select: ['ID', 'NAME'] }),
        credential: 'app',
        appId: t.demo.app.id,
      },
      `127.0.0.1:${port}`,
    );
    expect(JSON.parse(quoted.json.body).result).toHaveLength(1);
    const fromShell = await run('sh', ['-c', quoted.json.curl]);
    expect(withoutTime(fromShell.stdout)).toEqual(withoutTime(quoted.json.body));
  });

  test('an employee calls as themselves; a webhook of theirs only', async () => {
    const employee = await signInConsole(t, 2);
    const asApp = await explore(employee, { method: 'user.current', params: '', credential: 'app', appId: t.demo.app.id });
    expect(JSON.parse(asApp.json.body).result.ID).toBe('2');

    // The demo webhook belongs to the administrator.
    const refused = await explore(employee, { method: 'user.current', credential: 'webhook', webhook: t.demo.webhookUrl });
    expect(refused.status).toBe(400);
    expect(refused.json.refused).toBe('BAD_INPUT');
    const admin = await signInConsole(t);
    const asHook = await explore(admin, { method: 'user.current', credential: 'webhook', webhook: t.demo.webhookUrl });
    expect(asHook.json.status).toBe(200);
    expect(JSON.parse(asHook.json.body).result.ID).toBe('1');
    expect(asHook.json.curl).toContain(`/rest/1/`);
    const code = new URL(t.demo.webhookUrl).pathname.split('/')[3]!;
    const byCode = await explore(admin, { method: 'user.current', credential: 'webhook', webhook: code });
    expect(JSON.parse(byCode.json.body).result.ID).toBe('1');
  });

  test('an unknown method gets the REST answer; a bad credential choice or parameters a console error; no token, no call', async () => {
    const admin = await signInConsole(t);
    const unknown = await explore(admin, { method: 'no.such.method', params: '{}', credential: 'app', appId: t.demo.app.id });
    expect(unknown.status).toBe(200);
    expect(unknown.json.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(unknown.json.body).error).toBe('ERROR_METHOD_NOT_FOUND');

    const before = t.portal.services.journal.list().length;
    for (const fields of [
      { method: 'user.current', params: '{}' },
      { method: 'user.current', params: '{}', credential: 'app', appId: 999 },
      { method: 'user.current', params: '{}', credential: 'webhook', webhook: 'not a url at all' },
      { method: 'user.current', params: '{}', credential: 'webhook', webhook: 'nosuchcode123' },
      { method: 'user.current', params: '{oops', credential: 'app', appId: t.demo.app.id },
      { method: 'user.current', params: '[1]', credential: 'app', appId: t.demo.app.id },
      { method: '../admin', params: '{}', credential: 'app', appId: t.demo.app.id },
    ]) {
      const res = await explore(admin, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.json.refused, JSON.stringify(res.json)).toBe('BAD_INPUT');
    }
    const forged = await t.portal.app.inject({
      method: 'POST',
      url: '/console/explorer/call',
      headers: { cookie: admin.cookie, 'x-csrf-token': 'wrong' },
      payload: { method: 'user.current', credential: 'app', appId: t.demo.app.id },
    });
    expect(forged.statusCode).toBe(403);
    expect(t.portal.services.journal.list()).toHaveLength(before);
  });
});
