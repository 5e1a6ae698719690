import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { stringify } from 'qs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { redactUrl } from '../../src/transport/credentials.js';
import { multipart } from '../helpers/http.js';
import { ok } from '../helpers/rest-calls.js';
import { MP3, startLoggedPortal } from './helpers.js';

let t: Awaited<ReturnType<typeof startLoggedPortal>>;
beforeEach(async () => {
  t = await startLoggedPortal();
});
afterEach(() => t.close());

describe('issue 8 item 5: no bearer secret reaches the log', () => {
  test('issue 8 item 5: an upload, a signed download and /oauth/token/ refreshes and code exchanges log no secret', async () => {
    const secrets: string[] = [t.demo.app.accessToken, t.demo.app.refreshToken, t.demo.app.clientSecret, t.webhookPath.split('/')[3]!];

    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 });
    const { CRM_ACTIVITY_ID } = await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 30 });
    const { uploadUrl } = await ok(t, 'telephony.externalCall.attachRecord', { CALL_ID, FILENAME: 'call.mp3' });
    const upload = new URL(uploadUrl);
    secrets.push(upload.searchParams.get('token')!);
    const body = multipart([], { field: 'file', name: 'call.mp3', type: 'audio/mpeg', data: MP3 });
    // A client sending a header credential too: the multipart plugin logs the headers at trace level.
    const uploaded = await t.portal.app.inject({
      method: 'POST',
      url: upload.pathname + upload.search,
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${t.demo.app.accessToken}` },
    });
    expect(uploaded.statusCode).toBe(200);

    const activity = await ok(t, 'crm.activity.get', { id: CRM_ACTIVITY_ID });
    const link = new URL(activity.FILES[0].url);
    secrets.push(link.searchParams.get('signature')!);
    const download = await t.portal.app.inject({ method: 'GET', url: link.pathname + link.search });
    expect(download.statusCode).toBe(200);
    // A failing download (wrong signature) is logged too: still masked.
    expect(
      (await t.portal.app.inject({ method: 'GET', url: `${link.pathname}?expires=1&signature=${link.searchParams.get('signature')}` }))
        .statusCode,
    ).toBe(401);

    const client = { client_id: t.demo.app.clientId, client_secret: t.demo.app.clientSecret };
    // By GET, everything is in the query string the request log shows.
    const refreshed = await t.portal.app.inject({
      method: 'GET',
      url: `/oauth/token/?${stringify({ grant_type: 'refresh_token', ...client, refresh_token: t.demo.app.refreshToken })}`,
    });
    expect(refreshed.statusCode).toBe(200);
    secrets.push(refreshed.json().access_token, refreshed.json().refresh_token);
    const viaPost = await t.portal.app.inject({
      method: 'POST',
      url: '/oauth/token/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: stringify({ grant_type: 'refresh_token', ...client, refresh_token: refreshed.json().refresh_token }),
    });
    expect(viaPost.statusCode).toBe(200);
    secrets.push(viaPost.json().access_token, viaPost.json().refresh_token);
    const { code } = await t.portal.services.oauth.issueCode(t.demo.app.id, 3);
    secrets.push(code);
    const exchanged = await t.portal.app.inject({
      method: 'GET',
      url: `/oauth/token/?${stringify({ grant_type: 'authorization_code', ...client, code })}`,
    });
    expect(exchanged.statusCode).toBe(200);
    secrets.push(exchanged.json().access_token, exchanged.json().refresh_token);

    const log = t.logs.text();
    // The log did see these requests: masking, not silence.
    expect(log).toContain('/rest/upload.json?token=***');
    expect(log).toContain('signature=***');
    expect(log).toContain('/oauth/token/?grant_type=refresh_token');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(10);
      expect(log.includes(secret), `a secret (${secret.slice(0, 4)}…) is in the log`).toBe(false);
    }
  });

  test('issue 8 item 5: redactUrl masks the signature and upload token like auth, and keeps the rest', () => {
    expect(redactUrl('/records/AbC_123/call.mp3?expires=1773140400&signature=s3cr3t-sig')).toBe(
      '/records/AbC_123/call.mp3?expires=1773140400&signature=***',
    );
    expect(redactUrl('/rest/upload.json?token=0123abcd')).toBe('/rest/upload.json?token=***');
    expect(redactUrl('/oauth/token/?grant_type=refresh_token&client_id=local.x&client_secret=a&refresh_token=b&code=c')).toBe(
      '/oauth/token/?grant_type=refresh_token&client_id=local.x&client_secret=***&refresh_token=***&code=***',
    );
    expect(redactUrl('/rest/profile?AUTH=x&Signature=y')).toBe('/rest/profile?AUTH=***&Signature=***');
  });
});

/** `extcall serve` with everything logged: what it prints on stdout against what goes to the log (stderr). */
async function serveOnce(): Promise<{ stdout: string; stderr: string; demo: Record<string, any> }> {
  const child = spawn(process.execPath, [resolve('bin/extcall.js'), 'serve', '--memory', '--port', '0', '--log-level', 'trace'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EXTCALL_DATA: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  try {
    const deadline = Date.now() + 15_000;
    while (!/limits:.*\n/.test(stdout)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const field = (name: string) => new RegExp(`${name}:\\s+(\\S+)`).exec(stdout)![1]!;
    const demo = { webhookUrl: field('webhook URL'), accessToken: field('access token'), refreshToken: field('refresh token') };
    // Use the credentials, so the request log has something to show.
    await (await fetch(`${demo.webhookUrl}user.get`)).text();
    await (await fetch(`${new URL(demo.webhookUrl).origin}/rest/profile?auth=${demo.accessToken}`)).text();
    // A call's line is written once its answer went out, which the client may see first: wait for both lines.
    const logged = Date.now() + 10_000;
    while ((stderr.match(/"msg":"rest call"/g) ?? []).length < 2 && Date.now() < logged) await new Promise((r) => setTimeout(r, 20));
    return { stdout, stderr, demo };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

describe('issue 8 item 5: the start-up banner', () => {
  test('issue 8 item 5: extcall serve prints the demo credentials on stdout only, never into the log stream', async () => {
    const { stdout, stderr, demo } = await serveOnce();
    const code = new URL(demo.webhookUrl).pathname.split('/')[3]!;
    for (const secret of [demo.accessToken, demo.refreshToken, code]) {
      expect(stdout).toContain(secret);
      expect(stderr.includes(secret), `a banner secret (${secret.slice(0, 4)}…) is in the log`).toBe(false);
    }
    // The calls were logged (one line each), so the log had the chance to leak them.
    expect(stderr).toContain('"msg":"rest call"');
  });
});
