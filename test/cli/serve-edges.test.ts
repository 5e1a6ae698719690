import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extcall, startServer } from '../helpers/cli-process.js';

/** Issue 11: the sharp edges of `extcall serve` and of the commands that read its data directory. */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'extcall-edges-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('a port in use', () => {
  let blocker: net.Server;
  let port: number;
  beforeAll(async () => {
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  test('serve exits 1 at once with one line naming the address, and creates no data directory', () => {
    const data = join(root, 'never-made');
    const run = extcall(['serve', '--data', data, '--port', String(port)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: 127.0.0.1:${port} is already in use by another program; choose another port with --port, or --port 0 for any free one\n`,
    );
    expect(run.stdout).toBe('');
    expect(existsSync(data)).toBe(false);
  });

  test('an existing empty data directory stays empty: no database, no demo-portal.json, no token', () => {
    const data = join(root, 'empty');
    mkdirSync(data);
    const run = extcall(['serve', '--data', data, '--port', String(port)]);
    expect(run.code).toBe(1);
    expect(readdirSync(data)).toEqual([]);
  });
});

describe('one server per SQLite data directory', () => {
  test('a second serve on the same directory is refused, naming the pid that holds it; the lock goes with the server', async () => {
    const data = join(root, 'locked');
    const first = await startServer(['--data', data]);
    try {
      expect(readFileSync(join(data, 'extcall.lock'), 'utf8').trim()).toBe(String(first.child.pid));
      const second = extcall(['serve', '--data', data, '--port', '0']);
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(
        `error: ${data} is in use by another extcall server (pid ${first.child.pid}); stop it first, or give this one another --data\n`,
      );
      // The first one still serves, untouched.
      const demo = JSON.parse(readFileSync(join(data, 'demo-portal.json'), 'utf8'));
      expect((await fetch(`${demo.webhookUrl}profile`)).status).toBe(200);
    } finally {
      await stopped(first.child);
    }
    expect(existsSync(join(data, 'extcall.lock'))).toBe(false);
    expect(existsSync(join(data, 'server.json'))).toBe(false);
  });

  test('a lock left by a process that is gone is taken over', async () => {
    const data = join(root, 'stale');
    mkdirSync(data);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(data, 'extcall.lock'), `${gone}\n`);
    const server = await startServer(['--data', data]);
    try {
      expect(readFileSync(join(data, 'extcall.lock'), 'utf8').trim()).toBe(String(server.child.pid));
    } finally {
      await stopped(server.child);
    }
  });
});

describe('only serve creates a portal', () => {
  test('admin commands refuse a directory without one (exit 2, the path, a hint about serve) and create nothing', () => {
    const cwd = join(root, 'cwd');
    mkdirSync(cwd);
    const mistyped = extcall(['user', 'list', '--data', './dmeo'], { cwd });
    expect(mistyped.code).toBe(2);
    expect(mistyped.stderr).toBe(
      `error: no portal in ${join(cwd, 'dmeo')}: only \`extcall serve --data ${join(cwd, 'dmeo')}\` creates one; check --data (env EXTCALL_DATA)\n`,
    );
    const byDefault = extcall(['calls', 'list'], { cwd });
    expect(byDefault.code).toBe(2);
    expect(byDefault.stderr).toContain(`no portal in ${join(cwd, 'extcall-data')}`);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('where the running server is', () => {
  let data: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    data = join(root, 'running');
    server = await startServer(['--data', data]);
  });
  afterAll(() => stopped(server.child));

  test('webhook add prints the URL of the server of the data directory, not port 8080', async () => {
    const demo = JSON.parse(readFileSync(join(data, 'demo-portal.json'), 'utf8'));
    const saved = JSON.parse(readFileSync(join(data, 'server.json'), 'utf8'));
    expect(saved).toEqual({ pid: server.child.pid, baseUrl: demo.baseUrl, localUrl: demo.baseUrl, urls: [demo.baseUrl] });
    const added = extcall(['webhook', 'add', '--data', data, '--user', '2', '--scopes', 'user']);
    expect(added.code, added.stderr).toBe(0);
    const url = /: (http\S+)\n$/.exec(added.stdout)![1]!;
    expect(url.startsWith(`${demo.baseUrl}/rest/2/`)).toBe(true);
    expect((await (await fetch(`${url}profile`)).json()).result.ID).toBe('2');
  });

  test('an unknown scope is refused with the list of the scopes there are', () => {
    const run = extcall(['app', 'add', '--data', data, '--name', 'PBX', '--scopes', 'telefony,user']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: unknown scope(s): telefony (the scopes: telephony, crm, user, user_basic, user_brief, im, call)\n');
  });

  test('a command that needs an application and was not given one lists the applications', () => {
    const run = extcall(['token', 'issue', '--data', data]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: name the application with --app (the portal's applications: 1 Demo PBX connector)\n");
  });

  test('the admin token is made, readable by its owner only, and the banner says where the admin API is', () => {
    const token = join(data, 'admin-token');
    expect(readFileSync(token, 'utf8').trim()).toMatch(/^[0-9a-f]{48}$/);
    expect(statSync(token).mode & 0o777).toBe(0o600);
    const demo = JSON.parse(readFileSync(join(data, 'demo-portal.json'), 'utf8'));
    expect(server.stdout).toContain(`admin:         ${demo.baseUrl}/_extcall/ (this machine; other hosts need the token in ${token})`);
  });
});

describe('bad serve options are one clear line and exit 2', () => {
  test('an unknown log level names the allowed ones', () => {
    const run = extcall(['serve', '--memory', '--log-level', 'loud']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"loud" is not a log level: fatal, error, warn, info, debug, trace or silent');
    const fromEnv = extcall(['serve', '--memory'], { env: { EXTCALL_LOG_LEVEL: 'chatty' } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('EXTCALL_LOG_LEVEL: "chatty" is not a log level');
  });

  test('--data naming a file says so, with a hint about --memory', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const run = extcall(['serve', '--data', file, '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: --data ${file} is a file, not a directory; name a directory, or use --memory to keep nothing on disk\n`,
    );
  });

  test('--data in a directory that cannot be written says so, with a hint about --memory', () => {
    // Permission bits do not stop root: as root, /proc stands in (nothing can be made there).
    if (process.getuid?.() === 0) {
      const run = extcall(['serve', '--data', '/proc/extcall-data', '--port', '0']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--data /proc/extcall-data cannot be written (ENOENT)');
      expect(run.stderr).toContain('--memory');
      return;
    }
    const locked = join(root, 'read-only');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const run = extcall(['serve', '--data', join(locked, 'data'), '--port', '0']);
    chmodSync(locked, 0o700);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--data ${join(locked, 'data')} cannot be written (EACCES)`);
    expect(run.stderr).toContain('--memory');
  });
});

describe('serve --seed FILE', () => {
  const SEED = [
    'users:',
    '  - { name: Anna, lastName: Berg, email: anna@example.com, innerNumber: "101", admin: true }',
    '  - { name: Boris, lastName: Klein, innerNumber: "102" }',
    'apps:',
    '  - { name: My PBX connector, scopes: [telephony, user], accessToken: pbx-access-token-0001, refreshToken: pbx-refresh-token-0001 }',
    'webhooks:',
    '  - { user: anna@example.com, scopes: [telephony, user], code: pbxwebhookcode0001 }',
    '',
  ].join('\n');

  test('the first start seeds the portal from the file, and a reset seeds it from the file again', async () => {
    const file = join(root, 'portal.yaml');
    writeFileSync(file, SEED);
    const data = join(root, 'seeded');
    const server = await startServer(['--data', data, '--seed', file]);
    try {
      const demo = JSON.parse(readFileSync(join(data, 'demo-portal.json'), 'utf8'));
      expect(demo.webhookUrl).toBe(`${demo.baseUrl}/rest/1/pbxwebhookcode0001/`);
      expect(demo.app.accessToken).toBe('pbx-access-token-0001');
      expect(demo.users.map((u: { name: string }) => u.name)).toEqual(['Anna Berg', 'Boris Klein']);
      expect(server.stdout).toContain(`webhook URL:   ${demo.webhookUrl}`);
      expect((await (await fetch(`${demo.webhookUrl}user.get`)).json()).total).toBe(2);

      expect(extcall(['reset', '--data', data]).code).toBe(0);
      const again = JSON.parse(readFileSync(join(data, 'demo-portal.json'), 'utf8'));
      expect(again.webhookUrl).toBe(demo.webhookUrl);
      expect((await (await fetch(`${demo.webhookUrl}user.get`)).json()).total).toBe(2);
    } finally {
      await stopped(server.child);
    }
  });

  test('a bad seed file is refused (exit 2, naming the file) before anything is created', () => {
    const file = join(root, 'broken.yaml');
    writeFileSync(file, 'users:\n  - { name: Anna, innerNumber: [1, 2] }\n');
    const data = join(root, 'never-seeded');
    const run = extcall(['serve', '--data', data, '--port', '0', '--seed', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(file);
    expect(existsSync(data)).toBe(false);
  });
});
