import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'extcall-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The environment without the npm_* variables `npm test` sets, so the nested npm commands behave as typed by hand. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

/**
 * A consumer's test suite, in plain ESM with node:test and node:assert only: it must find everything it
 * needs in the installed package. node:test waits for the process to exit, so a timer or socket left
 * behind by close() would hang it (and the timeout below fails the test).
 */
const CONSUMER_TEST = String.raw`
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal } from 'extcall';

async function call(portal, method, params, token) {
  const res = await fetch(portal.baseUrl + '/rest/' + method, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth: token }),
  });
  return { status: res.status, body: await res.json() };
}

test('two portals: a call, an expired token, a refresh, a reset', async () => {
  const a = await startPortal();
  const b = await startPortal({ clock: 'manual' });
  try {
    assert.notEqual(a.baseUrl, b.baseUrl);
    const registered = await call(a, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+49 30 1234567', TYPE: 1 }, a.app.accessToken);
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    const finished = await fetch(a.webhookUrl + 'telephony.externalCall.finish', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ CALL_ID: registered.body.result.CALL_ID, USER_ID: 2, DURATION: 42 }),
    });
    assert.equal(finished.status, 200);
    assert.equal((await call(a, 'voximplant.statistic.get', {}, a.app.accessToken)).body.total, 1);

    a.clock.advance('2h');
    const expired = await call(a, 'profile', {}, a.app.accessToken);
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error, 'expired_token');
    // The other portal's clock and tokens are its own.
    assert.equal((await call(b, 'profile', {}, b.app.accessToken)).status, 200);

    const refreshed = await fetch(a.baseUrl + '/oauth/token/?' + new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: a.app.clientId,
      client_secret: a.app.clientSecret,
      refresh_token: a.app.refreshToken,
    }));
    assert.equal(refreshed.status, 200);
    const pair = await refreshed.json();
    const again = await call(a, 'profile', {}, pair.access_token);
    assert.equal(again.status, 200);
    assert.equal(again.body.result.ID, '1');

    await a.reset();
    const stats = await call(a, 'voximplant.statistic.get', {}, a.app.accessToken);
    assert.equal(stats.status, 200, JSON.stringify(stats.body));
    assert.deepEqual(stats.body.result, []);
    assert.equal(stats.body.total, 0);
  } finally {
    await a.close();
    await b.close();
  }
});
`;

test(
  'the packed package installs into an empty project and runs a node:test suite with two portals, then lets the process exit',
  { timeout: 180_000 },
  async () => {
    // dist/ is what ships: `npm test` builds it before the suites run (alone: `npm run build` first).
    // --ignore-scripts: packing must not start another build (prepare) while other suites read dist/.
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], { cwd: ROOT, env: cleanEnv() });
    const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const project = join(scratch, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', join(scratch, tarball!), '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: project,
      env: cleanEnv(),
      timeout: 150_000,
    });
    // --ignore-scripts skips better-sqlite3's install script, a native compile of about 50 seconds. The
    // project's own copy was compiled for this same Node and platform: its build/ folder is copied instead.
    cpSync(join(ROOT, 'node_modules/better-sqlite3/build'), join(project, 'node_modules/better-sqlite3/build'), { recursive: true });

    writeFileSync(join(project, 'portal.test.js'), CONSUMER_TEST);
    const outcome = await run(process.execPath, ['--test', 'portal.test.js'], { cwd: project, env: cleanEnv(), timeout: 120_000 }).then(
      (done) => ({ code: 0, output: done.stdout + done.stderr }),
      (failed: { code?: number; stdout?: string; stderr?: string; killed?: boolean }) => ({
        code: failed.killed ? 'killed (still running after 120 s: something kept the process alive)' : failed.code,
        output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
      }),
    );
    expect(outcome.code, outcome.output).toBe(0);
    expect(outcome.output).toMatch(/# pass 1/);
  },
);
