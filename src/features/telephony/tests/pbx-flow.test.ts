import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../../test/helpers/test-portal.js';

/**
 * Issue 4's flow over a real port, as a PBX connector drives it with fetch:
 * register → show (two users) → hide → finish → attach the recording → download it back, whole and by range.
 */
const MP3 = Buffer.concat([
  Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'),
  Buffer.alloc(10),
  Buffer.from([0xff, 0xfb, 0x90, 0x64]),
  Buffer.alloc(6000, 9),
]);
const WAV = Buffer.concat([
  Buffer.from('RIFF', 'latin1'),
  Buffer.from([0x24, 0x08, 0, 0]),
  Buffer.from('WAVEfmt ', 'latin1'),
  Buffer.alloc(3000, 5),
]);

let t: TestPortal;
let base: string;
let files: http.Server;
let filesBase: string;

beforeAll(async () => {
  files = http.createServer((req, res) => {
    if (req.url === '/records/call-42.wav') return res.end(WAV);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesBase = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  t = await startTestPortal({ recordUrlAllowedHosts: [new URL(filesBase).host] });
  await t.portal.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.portal.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => files.close(resolve));
});

async function rest(method: string, params: Record<string, unknown>) {
  const res = await fetch(`${base}/rest/${method}.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth: t.demo.app.accessToken }),
  });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.result;
}

/** register → show to two users → hide from one → finish; returns the call and its activity. */
async function finishedCall(phone: string) {
  const { CALL_ID } = await rest('telephony.externalCall.register', {
    USER_PHONE_INNER: '101',
    PHONE_NUMBER: phone,
    TYPE: 2,
    SHOW: 0,
    CRM_CREATE: 1,
  });
  expect(await rest('telephony.externalCall.show', { CALL_ID, USER_ID: [2, 3] })).toBe(true);
  expect(await t.portal.services.callCards.viewers(CALL_ID)).toEqual([2, 3]);
  expect(await rest('telephony.externalCall.hide', { CALL_ID, USER_ID: 3 })).toBe(true);
  expect(await t.portal.services.callCards.viewers(CALL_ID)).toEqual([2]);
  const finished = await rest('telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 95 });
  expect(await t.portal.services.callCards.viewers(CALL_ID)).toEqual([]);
  return { callId: CALL_ID as string, activityId: finished.CRM_ACTIVITY_ID as number };
}

/** The recording as the statistics row and the activity announce it, downloaded whole and by range. */
async function expectServedBack(callId: string, activityId: number, content: Buffer, type: string, fileId: number) {
  const [row] = await rest('voximplant.statistic.get', { FILTER: { CALL_ID: callId } });
  expect(row.RECORD_FILE_ID).toBe(fileId);
  const activity = await rest('crm.activity.get', { id: activityId });
  const url: string = activity.FILES[0].url;
  expect(url.startsWith(`${base}/`)).toBe(true);

  const whole = await fetch(url);
  expect(whole.status).toBe(200);
  expect(whole.headers.get('content-type')).toBe(type);
  expect(Buffer.from(await whole.arrayBuffer()).equals(content)).toBe(true);
  // An audio player seeking into the middle.
  const part = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${content.length}`);
  expect(Buffer.from(await part.arrayBuffer()).equals(content.subarray(1000, 2000))).toBe(true);
}

describe('the PBX flow over HTTP (issue 4, E46–E60)', () => {
  test('by upload URL: FILENAME → uploadUrl → multipart POST → the recording comes back byte-identical and seekable', async () => {
    const { callId, activityId } = await finishedCall('+49 30 7000001');
    const { uploadUrl, fieldName } = await rest('telephony.externalCall.attachRecord', { CALL_ID: callId, FILENAME: 'call.mp3' });
    expect(uploadUrl.startsWith(`${base}/rest/upload.json?`)).toBe(true);
    const form = new FormData();
    form.append(fieldName, new Blob([MP3], { type: 'audio/mpeg' }), 'call.mp3');
    const uploaded = await fetch(uploadUrl, { method: 'POST', body: form });
    expect(uploaded.status).toBe(200);
    const { FILE_ID } = (await uploaded.json()).result;
    await expectServedBack(callId, activityId, MP3, 'audio/mpeg', FILE_ID);
  });

  test('by base64 FILE_CONTENT', async () => {
    const { callId, activityId } = await finishedCall('+49 30 7000002');
    const { FILE_ID } = await rest('telephony.externalCall.attachRecord', {
      CALL_ID: callId,
      FILENAME: 'call.wav',
      FILE_CONTENT: WAV.toString('base64'),
    });
    await expectServedBack(callId, activityId, WAV, 'audio/wav', FILE_ID);
  });

  test('by RECORD_URL served from a local file server', async () => {
    const { callId, activityId } = await finishedCall('+49 30 7000003');
    const { FILE_ID } = await rest('telephony.externalCall.attachRecord', {
      CALL_ID: callId,
      RECORD_URL: `${filesBase}/records/call-42.wav`,
    });
    await expectServedBack(callId, activityId, WAV, 'audio/wav', FILE_ID);
  });
});
