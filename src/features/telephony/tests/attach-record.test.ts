import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';
import { multipart } from '../../../../test/helpers/http.js';
import { callApp, callHookGet, expectError, ok } from '../../../../test/helpers/rest-calls.js';

/** A tiny but real-looking MP3 (ID3 tag, then frames) and WAV (RIFF/WAVE header). */
const MP3 = Buffer.concat([
  Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'),
  Buffer.alloc(10),
  Buffer.from([0xff, 0xfb, 0x90, 0x64]),
  Buffer.alloc(4000, 7),
]);
const WAV = Buffer.concat([
  Buffer.from('RIFF', 'latin1'),
  Buffer.from([0x24, 0x08, 0, 0]),
  Buffer.from('WAVEfmt ', 'latin1'),
  Buffer.alloc(2000, 3),
]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(500)]);

/** A local HTTP server for RECORD_URL downloads. */
let files: http.Server;
let filesPort = 0;
let redirectPort = 0;
let redirector: http.Server;
beforeAll(async () => {
  files = http.createServer((req, res) => {
    if (req.url === '/rec/call.wav') return res.end(WAV);
    if (req.url === '/rec/broken.mp3') {
      res.statusCode = 500;
      return res.end('oops');
    }
    if (req.url === '/rec/slow.mp3') return setTimeout(() => res.end(MP3), 3000);
    if (req.url === '/rec/moved.wav') {
      res.writeHead(302, { location: '/rec/call.wav' });
      return res.end();
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesPort = (files.address() as AddressInfo).port;
  // Allowed itself, it redirects to the file server, which is not on the allow-list.
  redirector = http.createServer((_req, res) => {
    res.writeHead(302, { location: `http://127.0.0.1:${filesPort}/rec/call.wav` });
    res.end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  redirectPort = (redirector.address() as AddressInfo).port;
});
afterAll(async () => {
  files.closeAllConnections();
  await new Promise((r) => files.close(r));
  await new Promise((r) => redirector.close(r));
});

let t: TestPortal;
let callId: string;
let activityId: number;
beforeEach(async () => {
  t = await startTestPortal({ recordUrlAllowedHosts: [`127.0.0.1:${0}`], recordingLimit: 1024 * 1024, recordUrlTimeoutMs: 1000 });
  const registered = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 });
  callId = registered.CALL_ID;
  activityId = (await ok(t, 'telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, DURATION: 30 })).CRM_ACTIVITY_ID;
});
afterEach(() => t.close());

const ATTACH = 'telephony.externalCall.attachRecord';

async function recordingUrl(): Promise<string> {
  const activity = await ok(t, 'crm.activity.get', { id: activityId });
  return new URL(activity.FILES[0].url).pathname + new URL(activity.FILES[0].url).search;
}

async function statisticsRow() {
  return (await ok(t, 'voximplant.statistic.get', { FILTER: { CALL_ID: callId } }))[0];
}

describe('attachRecord checks (E48–E53)', () => {
  const cases: Array<[string, () => Record<string, unknown>, string]> = [
    [
      'E48: neither RECORD_URL nor FILENAME',
      () => ({ CALL_ID: callId }),
      'Required parameters are not set. Request should contain either URL or FILENAME parameter',
    ],
    [
      'E49: a call that is not finished',
      () => ({ CALL_ID: 'externalCall.x.1', FILENAME: 'a.mp3' }),
      'Call is not found in the statistic table. It looks like it is not finished yet.',
    ],
    ['E51: a URL ending in / gives no name', () => ({ CALL_ID: callId, RECORD_URL: 'https://pbx.example/rec/' }), 'File name is empty'],
    [
      'E51: only wav and mp3',
      () => ({ CALL_ID: callId, FILENAME: 'call.ogg', FILE_CONTENT: MP3.toString('base64') }),
      'Wrong file extension. Only wav and mp3 are allowed',
    ],
    ['E52: empty content', () => ({ CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: '' }), 'File content is empty.'],
    [
      'E52: not Base64',
      () => ({ CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: 'not base64 at all!' }),
      'File content is not properly encoded. Base64 encoding is expected.',
    ],
    [
      'E52: a data: prefix is not Base64',
      () => ({ CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: `data:audio/mpeg;base64,${MP3.toString('base64')}` }),
      'File content is not properly encoded. Base64 encoding is expected.',
    ],
    [
      'an .exe named .mp3',
      () => ({ CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: EXE.toString('base64') }),
      'File content is not mp3 audio',
    ],
    [
      'a wav that is an mp3',
      () => ({ CALL_ID: callId, FILENAME: 'call.wav', FILE_CONTENT: MP3.toString('base64') }),
      'File content is not wav audio',
    ],
    [
      'RECORD_URL file:///etc/passwd',
      () => ({ CALL_ID: callId, RECORD_URL: 'file:///etc/passwd.mp3' }),
      'RECORD_URL must be an http or https URL',
    ],
  ];
  test.each(cases)('%s → ERROR_CORE, nothing attached', async (_name, build, description) => {
    await expectError(t, ATTACH, build(), 400, 'ERROR_CORE', description);
    expect((await statisticsRow()).RECORD_FILE_ID).toBeNull();
  });
});

describe('attachRecord by content (E54)', () => {
  test('E54: FILE_ID; linked to the statistics row and the activity; served back byte-identical and seekable', async () => {
    const { FILE_ID } = await ok(t, ATTACH, { CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: MP3.toString('base64') });
    expect(typeof FILE_ID).toBe('number');
    const row = await statisticsRow();
    expect(row.RECORD_FILE_ID).toBe(FILE_ID);
    expect(row.CALL_RECORD_URL).toBeNull();
    const url = await recordingUrl();
    const whole = await t.portal.app.inject({ method: 'GET', url });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/mpeg');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(MP3)).toBe(true);
    const part = await t.portal.app.inject({ method: 'GET', url, headers: { range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${MP3.length}`);
    expect(part.rawPayload.equals(MP3.subarray(100, 200))).toBe(true);
    const tail = await t.portal.app.inject({ method: 'GET', url, headers: { range: 'bytes=-10' } });
    expect(tail.rawPayload.equals(MP3.subarray(MP3.length - 10))).toBe(true);
    const beyond = await t.portal.app.inject({ method: 'GET', url, headers: { range: `bytes=${MP3.length}-` } });
    expect(beyond.statusCode).toBe(416);
  });

  test('recordings are served only to authorised callers', async () => {
    await ok(t, ATTACH, { CALL_ID: callId, FILENAME: 'call.mp3', FILE_CONTENT: MP3.toString('base64') });
    const url = await recordingUrl();
    const path = url.split('?')[0]!;
    expect((await t.portal.app.inject({ method: 'GET', url: path })).statusCode).toBe(401);
    expect((await t.portal.app.inject({ method: 'GET', url: `${path}?expires=9999999999&signature=forged` })).statusCode).toBe(401);
    expect((await t.portal.app.inject({ method: 'GET', url: `${path}?auth=${t.demo.app.accessToken}` })).statusCode).toBe(200);
    t.clock.advanceSeconds(25 * 3600);
    expect((await t.portal.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });

  test('E54: a second attach replaces the first', async () => {
    const first = await ok(t, ATTACH, { CALL_ID: callId, FILENAME: 'a.mp3', FILE_CONTENT: MP3.toString('base64') });
    const firstUrl = await recordingUrl();
    const second = await ok(t, ATTACH, { CALL_ID: callId, FILENAME: 'b.wav', FILE_CONTENT: WAV.toString('base64') });
    expect(second.FILE_ID).not.toBe(first.FILE_ID);
    expect((await statisticsRow()).RECORD_FILE_ID).toBe(second.FILE_ID);
    expect((await t.portal.app.inject({ method: 'GET', url: firstUrl })).statusCode).toBe(404);
    const served = await t.portal.app.inject({ method: 'GET', url: await recordingUrl() });
    expect(served.headers['content-type']).toBe('audio/wav');
    expect(served.rawPayload.equals(WAV)).toBe(true);
  });
});

describe('attachRecord through a webhook (E47)', () => {
  test('E47/B10: any user may attach, also through an incoming webhook', async () => {
    const res = await callHookGet(
      t,
      ATTACH,
      `CALL_ID=${callId}&FILENAME=call.mp3&FILE_CONTENT=${encodeURIComponent(MP3.toString('base64'))}`,
    );
    expect(res.status).toBe(200);
    expect((await statisticsRow()).RECORD_FILE_ID).toBe(res.body.result.FILE_ID);
  });
});

describe('attachRecord by upload URL (E56)', () => {
  test('E56: FILENAME alone → uploadUrl + fieldName; the multipart upload attaches; the URL works once', async () => {
    const answer = await ok(t, ATTACH, { CALL_ID: callId, FILENAME: 'upload.wav' });
    expect(Object.keys(answer)).toEqual(['uploadUrl', 'fieldName']);
    expect(answer.fieldName).toBe('file');
    const target = new URL(answer.uploadUrl);
    expect(target.pathname).toBe('/rest/upload.json');
    const body = multipart([], { field: 'file', name: 'upload.wav', type: 'audio/wav', data: WAV });
    const uploaded = await t.portal.app.inject({ method: 'POST', url: target.pathname + target.search, ...body });
    expect(uploaded.statusCode).toBe(200);
    expect(Object.keys(uploaded.json())).toEqual(['result', 'time']);
    const fileId = uploaded.json().result.FILE_ID;
    expect((await statisticsRow()).RECORD_FILE_ID).toBe(fileId);
    expect((await t.portal.app.inject({ method: 'GET', url: await recordingUrl() })).rawPayload.equals(WAV)).toBe(true);
    const again = await t.portal.app.inject({ method: 'POST', url: target.pathname + target.search, ...body });
    expect(again.statusCode).toBe(400);
    expect(again.json().error_description).toBe('The upload URL is invalid, already used or expired');
  });

  test('E56: an expired upload URL, a forged one, and a file that is not audio (which does not spend the URL)', async () => {
    const answer = await ok(t, ATTACH, { CALL_ID: callId, FILENAME: 'upload.mp3' });
    const target = new URL(answer.uploadUrl);
    const exe = multipart([], { field: 'file', name: 'upload.mp3', type: 'audio/mpeg', data: EXE });
    const rejected = await t.portal.app.inject({ method: 'POST', url: target.pathname + target.search, ...exe });
    expect(rejected.json()).toEqual({ error: 'ERROR_CORE', error_description: 'File content is not mp3 audio' });
    const forged = await t.portal.app.inject({
      method: 'POST',
      url: '/rest/upload.json?token=abc',
      ...multipart([], { field: 'file', name: 'x.mp3', type: 'audio/mpeg', data: MP3 }),
    });
    expect(forged.statusCode).toBe(400);
    t.clock.advanceSeconds(3601);
    const late = await t.portal.app.inject({
      method: 'POST',
      url: target.pathname + target.search,
      ...multipart([], { field: 'file', name: 'upload.mp3', type: 'audio/mpeg', data: MP3 }),
    });
    expect(late.json().error_description).toBe('The upload URL is invalid, already used or expired');
    expect((await t.portal.storage.statistics.findByCallId(callId))?.record_file_id).toBeNull();
  });

  test('an upload larger than the recording limit → 413, nothing attached', async () => {
    const answer = await ok(t, ATTACH, { CALL_ID: callId, FILENAME: 'big.mp3' });
    const target = new URL(answer.uploadUrl);
    const big = Buffer.concat([MP3, Buffer.alloc(2 * 1024 * 1024)]);
    const res = await t.portal.app.inject({
      method: 'POST',
      url: target.pathname + target.search,
      ...multipart([], { field: 'file', name: 'big.mp3', type: 'audio/mpeg', data: big }),
    });
    expect(res.statusCode).toBe(413);
    expect((await statisticsRow()).RECORD_FILE_ID).toBeNull();
  });
});

describe('attachRecord by download (E55) and its safety', () => {
  async function withAllowed(hosts: string[], run: (portal: TestPortal, id: string) => Promise<void>) {
    const portal = await startTestPortal({ recordUrlAllowedHosts: hosts, recordingLimit: 1024 * 1024, recordUrlTimeoutMs: 1000 });
    try {
      const { CALL_ID } = await ok(portal, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 });
      await ok(portal, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 30 });
      await run(portal, CALL_ID);
    } finally {
      await portal.close();
    }
  }

  test('E50: with RECORD_URL the download wins over FILE_CONTENT, and the name comes from the URL', async () => {
    await withAllowed([`127.0.0.1:${filesPort}`], async (portal, id) => {
      const { FILE_ID } = await ok(portal, ATTACH, {
        CALL_ID: id,
        RECORD_URL: `http://127.0.0.1:${filesPort}/rec/call.wav`,
        FILE_CONTENT: MP3.toString('base64'),
      });
      const activity = (await ok(portal, 'crm.activity.list', { filter: { PROVIDER_ID: 'VOXIMPLANT_CALL' } }))[0];
      const file = (await ok(portal, 'crm.activity.get', { id: activity.ID })).FILES[0];
      expect(file.id).toBe(FILE_ID);
      const served = await portal.portal.app.inject({ method: 'GET', url: new URL(file.url).pathname + new URL(file.url).search });
      expect(served.headers['content-type']).toBe('audio/wav');
      expect(served.rawPayload.equals(WAV)).toBe(true);
    });
  });

  test('E55: a download from an allowed host attaches, also through a redirect; CALL_RECORD_URL keeps the URL', async () => {
    await withAllowed([`127.0.0.1:${filesPort}`], async (portal, id) => {
      const url = `http://127.0.0.1:${filesPort}/rec/moved.wav`;
      const { FILE_ID } = await ok(portal, ATTACH, { CALL_ID: id, RECORD_URL: url });
      const [row] = await ok(portal, 'voximplant.statistic.get', { FILTER: { CALL_ID: id } });
      expect(row).toMatchObject({ RECORD_FILE_ID: FILE_ID, CALL_RECORD_URL: url });
    });
  });

  test('E55: a non-2xx answer → "Server returns HTTP error code 500"; a server that never answers → code 0', async () => {
    await withAllowed([`127.0.0.1:${filesPort}`], async (portal, id) => {
      await expectError(
        portal,
        ATTACH,
        { CALL_ID: id, RECORD_URL: `http://127.0.0.1:${filesPort}/rec/broken.mp3` },
        400,
        'ERROR_CORE',
        'Server returns HTTP error code 500',
      );
      await expectError(
        portal,
        ATTACH,
        { CALL_ID: id, RECORD_URL: `http://127.0.0.1:${filesPort}/rec/missing.mp3` },
        400,
        'ERROR_CORE',
        'Server returns HTTP error code 404',
      );
      await expectError(
        portal,
        ATTACH,
        { CALL_ID: id, RECORD_URL: `http://127.0.0.1:${filesPort}/rec/slow.mp3` },
        400,
        'ERROR_CORE',
        'Server returns HTTP error code 0',
      );
    });
  });

  test('private, loopback and link-local targets are refused unless allowed; a redirect into them too', async () => {
    await withAllowed([`127.0.0.1:${redirectPort}`], async (portal, id) => {
      for (const url of [
        `http://127.0.0.1:${filesPort}/rec/call.wav`,
        'http://169.254.169.254/latest/meta-data/x.mp3',
        'http://[::1]/x.mp3',
        'http://10.0.0.8/x.wav',
        'http://localhost/x.wav',
      ]) {
        const res = await callApp(portal, ATTACH, { CALL_ID: id, RECORD_URL: url });
        expect(res.status, url).toBe(400);
        expect(res.body.error_description, url).toMatch(/private, loopback or link-local/);
      }
      const redirected = await callApp(portal, ATTACH, { CALL_ID: id, RECORD_URL: `http://127.0.0.1:${redirectPort}/x.wav` });
      expect(redirected.body.error_description).toMatch(/private, loopback or link-local/);
      const [row] = await ok(portal, 'voximplant.statistic.get', { FILTER: { CALL_ID: id } });
      expect(row.RECORD_FILE_ID).toBeNull();
    });
  });

  test("E36: finish's RECORD_URL goes through the same downloader, after the commit", async () => {
    const portal = await startTestPortal({ recordUrlAllowedHosts: [`127.0.0.1:${filesPort}`] });
    try {
      const { CALL_ID } = await ok(portal, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 });
      const url = `http://127.0.0.1:${filesPort}/rec/call.wav`;
      await ok(portal, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2, RECORD_URL: url });
      let row: Record<string, unknown> = {};
      for (let i = 0; i < 50 && !row.RECORD_FILE_ID; i++) {
        await new Promise((r) => setTimeout(r, 20));
        [row] = await ok(portal, 'voximplant.statistic.get', { FILTER: { CALL_ID } });
      }
      expect(row).toMatchObject({ RECORD_FILE_ID: expect.any(Number), CALL_RECORD_URL: url });
    } finally {
      await portal.close();
    }
  });
});
