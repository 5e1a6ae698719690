import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { extcall, startServer } from '../helpers/cli-process.js';

/** Run `npm run build` first: these tests start the built `extcall`. */

const running: ChildProcess[] = [];
afterEach(async () => {
  for (const child of running.splice(0)) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
});

async function serve(level: string) {
  const server = await startServer(['--memory', '--log-level', level]);
  running.push(server.child);
  const field = (name: string) => new RegExp(`${name}:\\s+(\\S+)`).exec(server.stdout)![1]!;
  return { ...server, webhookUrl: field('webhook URL'), accessToken: field('access token'), refreshToken: field('refresh token') };
}

/** The JSON lines on stderr that are REST calls' lines; every stderr line must be JSON (stderr is not a terminal). */
async function callLines(stderr: () => string, expected: number): Promise<Array<Record<string, any>>> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const lines = stderr()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, any>);
    const calls = lines.filter((line) => line.msg === 'rest call');
    if (calls.length >= expected || Date.now() > deadline) return calls;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('issue 11 item 5: one log line per REST call', () => {
  test('info: one JSON line per call on stderr with method, caller, answer and duration; no secret anywhere', async () => {
    const server = await serve('info');
    const origin = new URL(server.webhookUrl).origin;
    const hookCode = new URL(server.webhookUrl).pathname.split('/')[3]!;
    expect((await fetch(`${server.webhookUrl}user.current`)).status).toBe(200);
    const byToken = await fetch(`${origin}/rest/profile.json?auth=${server.accessToken}`);
    expect(byToken.status).toBe(200);
    const refused = await fetch(`${origin}/rest/profile.json?auth=not-a-token-at-all`);
    expect(refused.status).toBe(401);

    const lines = await callLines(server.stderr, 3);
    expect(lines).toHaveLength(3);
    const [hook, app, failed] = lines;
    expect(hook).toMatchObject({ level: 30, method: 'user.current', auth: 'webhook', userId: 1, status: 200 });
    expect(typeof hook!.webhookId).toBe('number');
    expect(app).toMatchObject({ level: 30, method: 'profile', auth: 'token', webhookId: null, status: 200 });
    expect(typeof app!.appId).toBe('number');
    expect(failed).toMatchObject({ method: 'profile', auth: 'token', status: 401, error: 'invalid_token', authFailure: 'invalid_token' });
    for (const line of lines) {
      expect(typeof line.durationMs).toBe('number');
      expect(line).not.toHaveProperty('params');
    }
    // Fastify's own request lines are not written for REST calls.
    expect(server.stderr()).not.toContain('incoming request');
    expect(server.stderr()).not.toContain('request completed');
    for (const secret of [server.accessToken, server.refreshToken, hookCode, 'not-a-token-at-all']) {
      expect(server.stderr().includes(secret), `a secret (${secret.slice(0, 4)}…) is in the log`).toBe(false);
    }
    // The banner stays on stdout, the log on stderr.
    expect(server.stdout).not.toContain('rest call');
    expect(server.stderr()).not.toContain('webhook URL');
  });

  test('--log-format pretty: human-readable lines on stderr, still without secrets', async () => {
    const server = await startServer(['--memory', '--log-level', 'info', '--log-format', 'pretty']);
    running.push(server.child);
    const webhookUrl = /webhook URL:\s+(\S+)/.exec(server.stdout)![1]!;
    expect((await fetch(`${webhookUrl}user.current`)).status).toBe(200);
    await expect.poll(() => server.stderr()).toContain('rest call');
    const line = server
      .stderr()
      .split('\n')
      .find((l) => l.includes('rest call'))!;
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/INFO/);
    expect(server.stderr()).toMatch(/method: "user\.current"/);
    expect(server.stderr()).not.toContain(new URL(webhookUrl).pathname.split('/')[3]!);
  });

  test('debug: the line carries the parameters, secrets masked', async () => {
    const server = await serve('debug');
    const response = await fetch(`${server.webhookUrl}user.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ FILTER: { ID: 1 }, application_token: 'app-token-secret-42', nested: { client_secret: 'nested-secret-43' } }),
    });
    expect(response.status).toBe(200);
    const [line] = await callLines(server.stderr, 1);
    expect(line).toMatchObject({ level: 30, method: 'user.get', status: 200 });
    expect(line!.params).toEqual({ FILTER: { ID: 1 }, application_token: '***', nested: { client_secret: '***' } });
    expect(server.stderr()).not.toContain('app-token-secret-42');
    expect(server.stderr()).not.toContain('nested-secret-43');
    // Other requests keep Fastify's lines, at debug level.
    await fetch(`${new URL(server.webhookUrl).origin}/_extcall/health/live`);
    await expect.poll(() => server.stderr()).toContain('incoming request');
    const generic = server
      .stderr()
      .split('\n')
      .filter((l) => l.includes('incoming request'))
      .map((l) => JSON.parse(l) as { level: number; req: { url: string } });
    expect(generic.every((l) => l.level === 20 && !l.req.url.startsWith('/rest/'))).toBe(true);
  });
});

describe('issue 11 items 5 and 6: the serve flags', () => {
  test('--log-format takes json, pretty or auto; anything else exits 2 with the choices', () => {
    const run = extcall(['serve', '--memory', '--port', '0', '--log-format', 'xml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"xml" is not a log format: json, pretty or auto');
  });

  test('--no-metrics: GET /metrics answers 404; without it, the metrics are served', async () => {
    const off = await startServer(['--memory', '--no-metrics']);
    running.push(off.child);
    const offOrigin = new URL(/webhook URL:\s+(\S+)/.exec(off.stdout)![1]!).origin;
    const refused = await fetch(`${offOrigin}/metrics`);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: string }).error).toBe('NOT_FOUND');
    const on = await startServer(['--memory']);
    running.push(on.child);
    const onOrigin = new URL(/webhook URL:\s+(\S+)/.exec(on.stdout)![1]!).origin;
    const served = await fetch(`${onOrigin}/metrics`);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('# TYPE extcall_rest_requests_total counter');
  });
});
