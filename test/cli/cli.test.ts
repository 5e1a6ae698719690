import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extcall, startServer } from '../helpers/cli-process.js';
import { EventReceiver } from '../helpers/event-receiver.js';

describe('extcall serve with a data directory', () => {
  let dir: string;
  let server: ChildProcess;
  let banner: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'extcall-cli-'));
    ({ child: server, stdout: banner } = await startServer(['--data', dir]));
  });
  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test('first start creates the demo portal, prints its credentials and writes demo-portal.json', async () => {
    const demo = JSON.parse(readFileSync(join(dir, 'demo-portal.json'), 'utf8'));
    expect(Object.keys(demo)).toEqual(['baseUrl', 'webhookUrl', 'app', 'users']);
    expect(Object.keys(demo.app)).toEqual(['id', 'clientId', 'clientSecret', 'accessToken', 'refreshToken', 'scopes']);
    expect(demo.app.scopes).toEqual(['telephony', 'crm', 'user', 'im']);
    expect(demo.users).toHaveLength(4);
    expect(demo.users.filter((u: { innerNumber: string | null }) => u.innerNumber).length).toBe(4);
    expect(demo.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/1\/[a-z0-9]{16}\/$/);
    expect(banner).toContain(demo.webhookUrl);
    expect(banner).toContain(demo.app.accessToken);
    expect(banner).toContain(demo.app.refreshToken);
    // Issue 13: the webhook way first, a telephony call through it, the application way beside it.
    expect(banner.indexOf(demo.webhookUrl)).toBeLessThan(banner.indexOf(demo.app.accessToken));
    expect(banner).toContain(`curl '${demo.webhookUrl}telephony.externalcall.register/'`);
    expect(banner).toContain(
      'webhooks:      may call every telephony method (--app-context-only refuses register, finish and externalLine.*)',
    );

    const viaWebhook = await fetch(`${demo.webhookUrl}user.get`);
    expect(viaWebhook.status).toBe(200);
    const body = await viaWebhook.json();
    expect(body.total).toBe(4);
    expect(Object.keys(body)).toEqual(['result', 'total', 'time']);
    const viaToken = await fetch(`${demo.baseUrl}/rest/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: demo.app.accessToken }),
    });
    expect((await viaToken.json()).result.ID).toBe(demo.app.id);

    // B9 revised (issue 13): the demo webhook registers a call, as a connector posts it.
    const registered = await fetch(`${demo.webhookUrl}telephony.externalcall.register/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ USER_ID: 2, PHONE_NUMBER: '+12025550147', TYPE: 2, LINE_NUMBER: '', CRM_CREATE: 0, SHOW: 0 }),
    });
    expect(registered.status).toBe(200);
    expect((await registered.json()).result.CALL_ID).toMatch(/^externalCall\./);
  });

  // The binary runs the bundled CLI (build/bundle.mjs): files found relative to a module must still be found.
  test('the built binary finds what lies beside its modules: the console assets, Chart.js and the package version', async () => {
    const { baseUrl } = JSON.parse(readFileSync(join(dir, 'demo-portal.json'), 'utf8'));
    const stylesheet = await fetch(`${baseUrl}/console/assets/console.css`);
    expect(stylesheet.status).toBe(200);
    expect(stylesheet.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await stylesheet.text()).toBe(readFileSync('console-assets/console.css', 'utf8'));
    const chart = await fetch(`${baseUrl}/console/vendor/chart.js/chart.umd.min.js`);
    expect(chart.status).toBe(200);
    expect((await chart.text()).length).toBeGreaterThan(100_000);
    const health = await (await fetch(`${baseUrl}/_extcall/health`)).json();
    expect(health.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  test('admin commands work on the same data directory while the server runs', async () => {
    const demo = JSON.parse(readFileSync(join(dir, 'demo-portal.json'), 'utf8'));
    const added = extcall(['user', 'add', '--data', dir, '--name', 'Nora', '--last-name', 'Field', '--inner', '150', '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 5, name: 'Nora Field', innerNumber: '150', active: true });
    const found = await (await fetch(`${demo.webhookUrl}user.get?FILTER[UF_PHONE_INNER]=150`)).json();
    expect(found.result.map((u: { ID: string }) => u.ID)).toEqual(['5']);

    const app = extcall(['app', 'add', '--data', dir, '--name', 'PBX', '--scopes', 'telephony,user', '--json']);
    expect(app.code).toBe(0);
    const created = JSON.parse(app.stdout);
    expect(created).toMatchObject({ name: 'PBX', scopes: ['telephony', 'user'] });
    expect(created.clientSecret).toMatch(/^[a-z0-9]{50}$/);
    const scope = await (await fetch(`${demo.baseUrl}/rest/scope?auth=${created.accessToken}`)).json();
    expect(scope.result).toEqual(['telephony', 'user']);

    const issued = extcall(['token', 'issue', '--data', dir, '--app', String(created.id), '--user', '5', '--json']);
    expect(issued.code).toBe(0);
    const me = await (await fetch(`${demo.baseUrl}/rest/user.current?auth=${JSON.parse(issued.stdout).accessToken}`)).json();
    expect(me.result.ID).toBe('5');

    const hook = extcall(['webhook', 'add', '--data', dir, '--user', '5', '--scopes', 'user', '--base-url', demo.baseUrl, '--json']);
    expect(hook.code).toBe(0);
    const hookUrl = JSON.parse(hook.stdout).url;
    expect((await (await fetch(`${hookUrl}profile`)).json()).result).toMatchObject({ ID: '5', ADMIN: false });
    // Revoked from the CLI (another process): the server stops honouring it within its credential cache time.
    const revoked = extcall(['webhook', 'delete', '--data', dir, '--id', String(JSON.parse(hook.stdout).id)]);
    expect(revoked.code, revoked.stderr).toBe(0);
    let answer = await fetch(`${hookUrl}profile`);
    for (let i = 0; i < 70 && answer.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await fetch(`${hookUrl}profile`);
    }
    expect(answer.status).toBe(401);
    const again = extcall(['webhook', 'delete', '--data', dir, '--id', String(JSON.parse(hook.stdout).id)]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('no incoming webhook with id');

    const list = extcall(['user', 'list', '--data', dir, '--json']);
    expect(JSON.parse(list.stdout)).toHaveLength(5);
  });

  test('H5: outgoing webhooks are added, listed and deleted from the CLI; a bad event exits 2', () => {
    const added = extcall([
      'webhook',
      'outgoing',
      'add',
      '--data',
      dir,
      '--event',
      'ONVOXIMPLANTCALLEND',
      '--handler',
      'https://hooks.example/calls',
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const hook = JSON.parse(added.stdout);
    expect(hook).toMatchObject({
      event: 'ONVOXIMPLANTCALLEND',
      handler: 'https://hooks.example/calls',
      applicationToken: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(JSON.parse(extcall(['webhook', 'outgoing', 'list', '--data', dir, '--json']).stdout)).toEqual([
      { id: hook.id, event: 'ONVOXIMPLANTCALLEND', handler: 'https://hooks.example/calls' },
    ]);
    expect(extcall(['webhook', 'outgoing', 'delete', '--data', dir, '--id', String(hook.id)]).code).toBe(0);
    const bad = extcall(['webhook', 'outgoing', 'add', '--data', dir, '--event', 'ONAPPTEST', '--handler', 'https://hooks.example/x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot be sent to an outgoing webhook');
  });

  test('calls list shows what finish recorded, newest first (issue 3: inspection)', async () => {
    const demo = JSON.parse(readFileSync(join(dir, 'demo-portal.json'), 'utf8'));
    const call = async (method: string, params: Record<string, unknown>) =>
      (
        await fetch(`${demo.baseUrl}/rest/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...params, auth: demo.app.accessToken }),
        })
      ).json();
    for (const phone of ['+1 555 0100', '+49 30 999']) {
      const registered = await call('telephony.externalCall.register', { USER_PHONE_INNER: '101', PHONE_NUMBER: phone, TYPE: 2 });
      await call('telephony.externalCall.finish', { CALL_ID: registered.result.CALL_ID, USER_ID: 2, DURATION: 42 });
    }
    const listed = extcall(['calls', 'list', '--data', dir, '--json']);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout);
    expect(rows.map((r: { PHONE_NUMBER: string }) => r.PHONE_NUMBER)).toEqual(['+49 30 999', '+1 555 0100']);
    expect(rows[1]).toMatchObject({ CALL_DURATION: '42', CRM_ENTITY_TYPE: 'CONTACT', PORTAL_USER_ID: '2' });
    const table = extcall(['calls', 'list', '--data', dir, '--limit', '1']);
    expect(table.stdout).toContain('+49 30 999');
    expect(table.stdout).not.toContain('+1 555 0100');
  });

  test('secrets never reach the log: the webhook code and token are masked', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'extcall-log-'));
    const { child } = await startServer(['--data', logDir, '--log-level', 'info']);
    let log = '';
    child.stderr!.on('data', (chunk) => (log += chunk));
    const demo = JSON.parse(readFileSync(join(logDir, 'demo-portal.json'), 'utf8'));
    await fetch(`${demo.webhookUrl}user.current`);
    await fetch(`${demo.baseUrl}/rest/user.current?auth=${demo.app.accessToken}`);
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    rmSync(logDir, { recursive: true, force: true });
    const code = new URL(demo.webhookUrl).pathname.split('/')[3]!;
    expect(log).toContain('user.current');
    expect(log).not.toContain(code);
    expect(log).not.toContain(demo.app.accessToken);
  });
});

describe('extcall exit codes and messages', () => {
  test('--help everywhere exits 0', () => {
    for (const args of [
      ['--help'],
      ['serve', '--help'],
      ['calls', 'list', '--help'],
      ['user', 'add', '--help'],
      ['app', 'add', '--help'],
      ['webhook', 'add', '--help'],
      ['token', 'issue', '--help'],
    ]) {
      const run = extcall(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage:');
    }
  });

  // Eleven runs of the binary, one after another: a minute, not the default 20 s, on a busy machine.
  test('bad flags exit 2 with a clear message', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'extcall-cli-'));
    try {
      // Only serve and seed create a portal (issue 11): the smallest seed gives the commands below one.
      const seed = join(dir, 'seed.json');
      writeFileSync(
        seed,
        JSON.stringify({
          users: [{ name: 'Ada', admin: true }],
          apps: [{ name: 'P', scopes: ['user'] }],
          webhooks: [{ scopes: ['user'] }],
        }),
      );
      expect(extcall(['seed', 'apply', seed, '--data', dir]).code).toBe(0);
      const cases: Array<[string[], RegExp]> = [
        [['serve', '--port', 'abc'], /not a port number/],
        [['serve', '--timezone', 'Mars/Olympus'], /not a known time zone/],
        [['serve', '--memory', '--data', dir], /exclude each other/],
        [['serve', '--memory', '--allow-webhook-telephony', '--app-context-only'], /contradict each other/],
        [['call', 'default-line', '--data', dir, '--app', '1', '--clear'], /exclude each other/],
        [['user', 'add', '--data', dir], /required option '--name/],
        [['app', 'add', '--data', dir, '--name', 'X', '--scopes', 'telephony,teleport'], /unknown scope\(s\): teleport/],
        [['token', 'issue', '--data', dir, '--app', '99'], /no application with id 99/],
        [['webhook', 'add', '--data', dir, '--user', 'x', '--scopes', 'user'], /not a positive integer/],
        [['frobnicate'], /unknown command/],
      ];
      for (const [args, message] of cases) {
        const run = extcall(args);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr, args.join(' ')).toMatch(message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('extcall call start against a running server (issue 4: click-to-call)', () => {
  let dir: string;
  let server: ChildProcess;
  let receiver: EventReceiver;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'extcall-click-'));
    ({ child: server } = await startServer(['--data', dir, '--allow-private-event-handlers']));
    receiver = new EventReceiver();
  });
  afterAll(async () => {
    server?.kill('SIGTERM');
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('H11: the bound app gets ONEXTERNALCALLSTART, even though its handler was down at the first attempt', async () => {
    const demo = JSON.parse(readFileSync(join(dir, 'demo-portal.json'), 'utf8'));
    const call = async (method: string, params: Record<string, unknown>) =>
      (
        await fetch(`${demo.baseUrl}/rest/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...params, auth: demo.app.accessToken }),
        })
      ).json();

    // The handler's host is up but its service crashes: every connection is cut at once.
    let refused = 0;
    const down = net.createServer((socket) => {
      refused += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const port = (down.address() as AddressInfo).port;
    const handler = `http://127.0.0.1:${port}/handler`;
    expect((await call('event.bind', { event: 'ONEXTERNALCALLSTART', handler })).result).toBe(true);

    const started = extcall(['call', 'start', '--data', dir, '--user', '3', '--number', '+49 30 5550123', '--json']);
    expect(started.code, started.stderr).toBe(0);
    const { CALL_ID: callId } = JSON.parse(started.stdout);
    expect(callId).toMatch(/^externalCall\.[0-9a-f]{32}\.\d+$/);

    while (refused === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => down.close(resolve));
    await receiver.listen(port);

    const [event] = await receiver.waitFor(1);
    expect(event!.fields).toMatchObject({
      event: 'ONEXTERNALCALLSTART',
      data: { PHONE_NUMBER: '+49 30 5550123', USER_ID: '3', CALL_ID: callId, EXTENSION: '', CALL_LIST_ID: '0', IS_MOBILE: '0' },
      auth: { domain: new URL(demo.baseUrl).host, client_endpoint: `${demo.baseUrl}/rest/` },
    });
    expect(event!.fields.auth.application_token).toMatch(/^[0-9a-f]{32}$/);
    // The registered call is the app's to finish.
    const finished = await call('telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 3, DURATION: 12 });
    expect(finished.result.CALL_ID).toBe(callId);
  });

  test('issue 13 (H11 revised): an outgoing webhook as the default line gets the click-to-call as a form POST with its own token', async () => {
    // Listening since the test above, unless it was skipped.
    if (receiver.port === 0) await receiver.listen();
    const added = extcall([
      'webhook',
      'outgoing',
      'add',
      '--data',
      dir,
      '--event',
      'ONEXTERNALCALLSTART',
      '--handler',
      `${receiver.url}?hook`,
      '--allow-private-event-handlers',
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const hook = JSON.parse(added.stdout);
    const chosen = extcall(['call', 'default-line', '--data', dir, '--outgoing-webhook', String(hook.id), '--json']);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(JSON.parse(chosen.stdout)).toEqual({ userId: null, line: { outgoingWebhook: hook.id } });
    expect(extcall(['call', 'default-line', '--data', dir]).stdout).toBe(
      `default outgoing line of the portal: outgoing webhook ${hook.id}\n`,
    );

    const started = extcall(['call', 'start', '--data', dir, '--user', '2', '--number', '+1 202 555 0147']);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain(`outgoing webhook ${hook.id}`);
    const callId = /CALL_ID:\s+(\S+)/.exec(started.stdout)![1];

    const [event] = await receiver.waitFor(1, (e) => e.path === '/handler?hook');
    expect(event!.contentType).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(event!.raw);
    expect(form.get('event')).toBe('ONEXTERNALCALLSTART');
    expect(form.get('auth[application_token]')).toBe(hook.applicationToken);
    expect([form.get('data[USER_ID]'), form.get('data[CALL_ID]'), form.get('data[PHONE_NUMBER_INTERNATIONAL]')]).toEqual([
      '2',
      callId,
      '+12025550147',
    ]);

    // A user's own default wins over the portal's; clearing it brings the portal's back.
    expect(extcall(['call', 'default-line', '--data', dir, '--user', '3', '--app', '1']).stdout).toBe(
      'default outgoing line of user 3: application 1\n',
    );
    expect(
      JSON.parse(extcall(['call', 'start', '--data', dir, '--user', '3', '--number', '+1 202 555 0148', '--json']).stdout),
    ).toMatchObject({ appId: 1, outgoingWebhookId: null });
    expect(extcall(['call', 'default-line', '--data', dir, '--user', '3', '--clear']).stdout).toBe(
      "default outgoing line of user 3: none (the portal's default applies)\n",
    );
    expect(extcall(['call', 'default-line', '--data', dir, '--clear']).stdout).toBe(
      'default outgoing line of the portal: none (the only telephony application)\n',
    );
  });

  test('bad input: an unknown user, a number of letters, half a CRM entity: a message and exit code 2', () => {
    const noUser = extcall(['call', 'start', '--data', dir, '--user', '99', '--number', '+49 30 5550123']);
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toBe('error: User is not found or is not active\n');
    const letters = extcall(['call', 'start', '--data', dir, '--user', '2', '--number', 'call me']);
    expect(letters.code).toBe(2);
    expect(letters.stderr).toContain('"call me" is not a phone number');
    const half = extcall(['call', 'start', '--data', dir, '--user', '2', '--number', '+49 30 1', '--entity-type', 'lead']);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('--entity-type and --entity-id go together');
    const callback = extcall(['callback', 'start', '--data', dir, '--number', '+49 30 5550123', '--text', 'after 5']);
    expect(callback.code, callback.stderr).toBe(0);
    expect(callback.stdout).toMatch(/^callback request sent to application \d+\n$/);
  });
});

describe('serve --app-context-only and the old --allow-webhook-telephony (issue 13, B9)', () => {
  const dirs: string[] = [];
  const servers: ChildProcess[] = [];
  afterAll(() => {
    for (const server of servers) server.kill('SIGTERM');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function serve(flag: string) {
    const dir = mkdtempSync(join(tmpdir(), 'extcall-b9-'));
    dirs.push(dir);
    const started = await startServer(['--data', dir, flag]);
    servers.push(started.child);
    const demo = JSON.parse(readFileSync(join(dir, 'demo-portal.json'), 'utf8'));
    const register = (url: string, auth?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ auth, USER_ID: 2, PHONE_NUMBER: '+12025550147', TYPE: 2 }),
      });
    return { ...started, demo, register };
  }

  test('--app-context-only: the webhook gets 403 WRONG_AUTH_TYPE for register, the application registers; the banner says so', async () => {
    const { stdout, demo, register } = await serve('--app-context-only');
    expect(stdout).toContain('webhooks:      refused register, finish and externalLine.* (--app-context-only)');
    const refused = await register(`${demo.webhookUrl}telephony.externalcall.register/`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: 'WRONG_AUTH_TYPE',
      error_description: 'Current authorization type is denied for this method',
    });
    expect((await register(`${demo.baseUrl}/rest/telephony.externalCall.register`, demo.app.accessToken)).status).toBe(200);
  });

  test('--allow-webhook-telephony is still accepted, does nothing, and says so on stderr', async () => {
    const { stderr, demo, register } = await serve('--allow-webhook-telephony');
    expect((await register(`${demo.webhookUrl}telephony.externalcall.register/`)).status).toBe(200);
    for (let i = 0; i < 40 && !stderr().includes('note:'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stderr()).toContain('note: --allow-webhook-telephony (EXTCALL_ALLOW_WEBHOOK_TELEPHONY) does nothing now');
  });
});
