import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extcall, startServer } from '../helpers/cli-process.js';

/** Issue 10: commands that drive a running server through its admin API, found by --data, --url or EXTCALL_URL. */
describe('commands against a running server', () => {
  let data: string;
  let server: ChildProcess;
  let banner: string;
  let demo: { baseUrl: string; webhookUrl: string; app: { accessToken: string } };
  const readDemo = () => JSON.parse(readFileSync(join(data, 'demo-portal.json'), 'utf8')) as typeof demo;

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'extcall-remote-'));
    ({ child: server, stdout: banner } = await startServer(['--data', data, '--no-limits'], {
      env: { EXTCALL_INTERNAL_DEMO_REFRESH_MS: '100' },
    }));
    demo = readDemo();
  });
  afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(data, { recursive: true, force: true });
  });

  test('demo-portal.json never holds an expiring token: moving the clock near its expiry rewrites it', async () => {
    // First: the clock tests below move time far enough to renew it themselves.
    const before = readDemo();
    expect(extcall(['clock', 'advance', '55m', '--data', data]).code).toBe(0);
    let after = readDemo();
    for (let i = 0; i < 50 && after.app.accessToken === before.app.accessToken; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = readDemo();
    }
    expect(after.app.accessToken).not.toBe(before.app.accessToken);
    const info = await fetch(`${after.baseUrl}/rest/app.info?auth=${after.app.accessToken}`);
    expect(info.status).toBe(200);
    extcall(['clock', 'restore', '--data', data]);
  });

  test('console-link prints a one-time link into the console; the start-up banner printed one too', async () => {
    const fromBanner = /^console: +(\S+)/m.exec(banner)?.[1];
    expect(fromBanner).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/console\/sign-in\?token=[\w-]{20,}$/);
    const printed = extcall(['console-link', '--data', data]);
    expect(printed.code, printed.stderr).toBe(0);
    const url = printed.stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/console\/sign-in\?token=[\w-]{20,}$/);
    for (const link of [fromBanner!, url]) {
      const signedIn = await fetch(link, { redirect: 'manual' });
      expect(signedIn.status).toBe(302);
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      expect((await fetch(`${demo.baseUrl}/console/calls`, { headers: { cookie } })).status).toBe(200);
      expect((await fetch(link, { redirect: 'manual' })).status).toBe(403);
    }
    const asEmployee = JSON.parse(extcall(['console-link', '--user', '2', '--json', '--data', data]).stdout);
    expect(asEmployee).toMatchObject({ userId: 2 });
    const refused = extcall(['console-link', '--user', '999', '--data', data]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no user with id 999');
  });

  test('clock: show, advance, freeze, resume and restore, by --data and by --url', () => {
    const shown = extcall(['clock', '--data', data]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^portal time: \d{4}-\d\d-\d\dT[\d:.]+Z \(running, the machine's time\)\n$/);

    const advanced = extcall(['clock', 'advance', '2h', '--url', demo.baseUrl, '--json']);
    expect(advanced.code, advanced.stderr).toBe(0);
    const clock = JSON.parse(advanced.stdout);
    expect(clock.frozen).toBe(false);
    expect(Math.abs(clock.offsetMs - 7_200_000)).toBeLessThan(5000);

    const frozen = extcall(['clock', 'freeze'], { env: { EXTCALL_URL: demo.baseUrl } });
    // Frozen, the offset shrinks as the machine's time goes on: a millisecond later it reads 1h 59m 59s 999ms.
    expect(frozen.stdout).toMatch(/\(frozen, \+(2h( \d+s)?|1h 59m \d+s)( \d+ms)? from the machine's\)/);
    const set = JSON.parse(extcall(['clock', 'set', '2030-01-01T09:00:00Z', '--data', data, '--json']).stdout);
    expect(set).toMatchObject({ now: '2030-01-01T09:00:00.000Z', frozen: true });
    expect(JSON.parse(extcall(['clock', 'resume', '--data', data, '--json']).stdout).frozen).toBe(false);
    expect(extcall(['clock', 'restore', '--data', data]).stdout).toContain("(running, the machine's time)");
  });

  test("the server's refusal is printed with exit 2; a server that is not there is one line and exit 1", async () => {
    const refused = extcall(['clock', 'advance', 'soon', '--data', data]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^error: the server at ${demo.baseUrl} refused: .*soon.*\\n$`));

    const typo = extcall(['clock', '--url', '127.0.0.1:8080']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('error: "127.0.0.1:8080" is not an http or https URL\n');

    const closed = `http://127.0.0.1:${await freePort()}`;
    const nowhere = extcall(['requests', '--url', closed]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toBe(
      `error: no extcall server answers at ${closed} (ECONNREFUSED); start one with \`extcall serve\`, or name it with --url (env EXTCALL_URL)\n`,
    );
  });

  test('requests: a line per call, filtered by method and errors; --json gives the entries', async () => {
    await fetch(`${demo.webhookUrl}user.get`);
    await fetch(`${demo.webhookUrl}no.such.method`);
    const all = extcall(['requests', '--data', data]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^#\d+ {2}\S+ {2}200 {2}user\.get {2}webhook \d+ user 1 {2}\d+ ms$/m);
    const errors = extcall(['requests', '--errors', '--data', data]).stdout;
    expect(errors).toContain('no.such.method');
    expect(errors).not.toMatch(/ user\.get /);
    const json = JSON.parse(extcall(['requests', '--method', 'USER.GET', '--json', '--data', data]).stdout);
    expect(json.length).toBeGreaterThan(0);
    expect(json.every((entry: { method: string }) => entry.method.toLowerCase() === 'user.get')).toBe(true);
  });

  test('requests clear empties the journal', async () => {
    await fetch(`${demo.webhookUrl}user.current`);
    expect(extcall(['requests', '--data', data]).stdout).toContain('user.current');
    const cleared = extcall(['requests', 'clear', '--data', data]);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(extcall(['requests', '--data', data]).stdout).toBe('(none)\n');
  });

  test('requests --follow prints calls as they arrive', async () => {
    const follower = spawn(process.execPath, [resolve('bin/extcall.js'), 'requests', '--follow', '--method', 'profile', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const seen = new Promise<void>((done) =>
        follower.stdout!.on('data', (chunk) => {
          out += chunk;
          if (out.includes(' profile ')) done();
        }),
      );
      // The stream starts with the backlog; a call made after it is streamed too.
      await new Promise((r) => setTimeout(r, 1000));
      await fetch(`${demo.webhookUrl}profile`);
      await seen;
      expect(out).toMatch(/^#\d+ {2}\S+ {2}200 {2}profile /m);
    } finally {
      follower.kill('SIGTERM');
    }
  });

  test('fault add, list and clear change what the portal answers', async () => {
    const added = extcall(['fault', 'add', 'fail', '--method', 'user.get', '--error', 'ACCESS_DENIED', '--times', '2', '--data', data]);
    expect(added.code, added.stderr).toBe(0);
    const id = Number(/^fault (\d+) set: fail /.exec(added.stdout)![1]);
    const faulted = await fetch(`${demo.webhookUrl}user.get`);
    expect(faulted.status).not.toBe(200);
    expect((await faulted.json()).error).toBe('ACCESS_DENIED');
    const listed = JSON.parse(extcall(['fault', 'list', '--json', '--data', data]).stdout);
    expect(listed).toEqual([expect.objectContaining({ id, kind: 'fail', method: 'user.get', remaining: 1, hits: 1 })]);
    expect(extcall(['fault', 'list', '--data', data]).stdout).toMatch(new RegExp(`^${id} +fail +.*method=user\\.get`, 'm'));
    expect(extcall(['fault', 'clear', String(id), '--data', data]).stdout).toMatch(new RegExp(`^removed fault ${id}: fail `));
    expect((await fetch(`${demo.webhookUrl}user.get`)).status).toBe(200);

    const bad = extcall(['fault', 'add', 'no_such_kind', '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: the server at .* refused: /);
    expect(extcall(['fault', 'clear', '--data', data]).stdout).toBe('removed 0 faults\n');
  });

  test('events lists deliveries; retrying one that does not exist is the server refusing', () => {
    const listed = extcall(['events', '--json', '--data', data]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(listed.stdout))).toBe(true);
    expect(extcall(['events', '--failed', '--data', data]).stdout).toBe('(none)\n');
    const retried = extcall(['events', 'retry', '999999', '--data', data]);
    expect(retried.code).toBe(2);
    expect(retried.stderr).toMatch(/^error: the server at .* refused: .*999999/);
  });

  test('reset brings the starting data back with new credentials, saved to demo-portal.json; --empty leaves nothing', async () => {
    const old = readDemo();
    const reset = extcall(['reset', '--json', '--data', data]);
    expect(reset.code, reset.stderr).toBe(0);
    const portal = JSON.parse(reset.stdout);
    expect(portal.webhookUrl).not.toBe(old.webhookUrl);
    expect(readDemo()).toEqual(portal);
    expect((await fetch(`${portal.webhookUrl}user.get`)).status).toBe(200);

    const emptied = extcall(['reset', '--empty', '--data', data]);
    expect(emptied.stdout).toBe('portal reset: empty\n');
    expect(existsSync(join(data, 'demo-portal.json'))).toBe(false);
    expect((await fetch(`${portal.webhookUrl}user.get`)).status).not.toBe(200);
    expect(extcall(['reset', '--data', data]).stdout).toMatch(/^portal reset: 4 users\nwebhook URL: {2}http/);
    expect(existsSync(join(data, 'demo-portal.json'))).toBe(true);
  });
});

/** A port nothing listens on (taken and let go). */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}
