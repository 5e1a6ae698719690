import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { ok } from '../helpers/rest-calls.js';
import { parseByteRanges } from '../../src/transport/byte-ranges.js';

/** A real-looking MP3: an ID3 header, then frames with varied bytes so that ranges are told apart. */
const MP3 = Buffer.concat([
  Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'),
  Buffer.alloc(10),
  Buffer.from([0xff, 0xfb, 0x90, 0x64]),
  Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 251)),
]);

/** The parts of a multipart/byteranges body: each part's Content-Range and bytes. */
function byteranges(body: Buffer, contentType: string): Array<{ range: string; type: string; bytes: Buffer }> {
  const boundary = /boundary=([^;]+)/.exec(contentType)![1]!;
  const text = body.toString('latin1');
  expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head, ...rest] = part.slice(2).split('\r\n\r\n');
      const bytes = Buffer.from(rest.join('\r\n\r\n').slice(0, -2), 'latin1');
      const header = (name: string) => new RegExp(`^${name}: (.+)$`, 'im').exec(head!)![1]!;
      return { range: header('content-range'), type: header('content-type'), bytes };
    });
}

const stores: Array<[string, () => { dataDir: string | null; cleanup: () => void }]> = [
  ['memory', () => ({ dataDir: null, cleanup: () => {} })],
  [
    'disk',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'extcall-blobs-'));
      return { dataDir: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];

describe.each(stores)('issue 11 item 14: recordings served from the %s blob store', (_name, makeStore) => {
  let t: TestPortal;
  let url: string;
  let cleanup: () => void;
  beforeAll(async () => {
    const store = makeStore();
    cleanup = store.cleanup;
    t = await startTestPortal({ dataDir: store.dataDir });
    const { CALL_ID } = await ok(t, 'telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 555 0100', TYPE: 2 });
    const { CRM_ACTIVITY_ID } = await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 2, DURATION: 30 });
    await ok(t, 'telephony.externalCall.attachRecord', { CALL_ID, FILENAME: 'call.mp3', FILE_CONTENT: MP3.toString('base64') });
    const activity = await ok(t, 'crm.activity.get', { id: CRM_ACTIVITY_ID });
    const link = new URL(activity.FILES[0].url);
    url = link.pathname + link.search;
  });
  afterAll(async () => {
    await t.close();
    cleanup();
  });
  const get = (headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') => t.portal.app.inject({ method, url, headers });

  test('the whole file carries ETag and Last-Modified, and the same ones every time', async () => {
    const whole = await get();
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(MP3)).toBe(true);
    expect(whole.headers['content-type']).toBe('audio/mpeg');
    expect(whole.headers['content-disposition']).toBe('inline; filename="call.mp3"');
    expect(whole.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+-[\w-]+"$/);
    expect(new Date(String(whole.headers['last-modified'])).getTime()).not.toBeNaN();
    expect((await get()).headers.etag).toBe(whole.headers.etag);
  });

  test('two ranges → 206 multipart/byteranges with each range and its Content-Range', async () => {
    const res = await get({ range: 'bytes=0-9, 100-149' });
    expect(res.statusCode).toBe(206);
    const type = String(res.headers['content-type']);
    expect(type).toMatch(/^multipart\/byteranges; boundary=\S+$/);
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    const parts = byteranges(res.rawPayload, type);
    expect(parts.map((p) => p.range)).toEqual([`bytes 0-9/${MP3.length}`, `bytes 100-149/${MP3.length}`]);
    expect(parts.every((p) => p.type === 'audio/mpeg')).toBe(true);
    expect(parts[0]!.bytes.equals(MP3.subarray(0, 10))).toBe(true);
    expect(parts[1]!.bytes.equals(MP3.subarray(100, 150))).toBe(true);
    // HEAD: the same length, no body.
    const head = await get({ range: 'bytes=0-9, 100-149' }, 'HEAD');
    expect(head.statusCode).toBe(206);
    expect(head.rawPayload.length).toBe(0);
  });

  test('a single range still answers 206 with Content-Range; overlapping ranges are merged', async () => {
    const one = await get({ range: 'bytes=100-199' });
    expect(one.statusCode).toBe(206);
    expect(one.headers['content-range']).toBe(`bytes 100-199/${MP3.length}`);
    expect(one.rawPayload.equals(MP3.subarray(100, 200))).toBe(true);
    const overlapping = await get({ range: 'bytes=10-20,15-30' });
    expect(overlapping.headers['content-range']).toBe(`bytes 10-30/${MP3.length}`);
    expect((await get({ range: `bytes=${MP3.length}-` })).statusCode).toBe(416);
  });

  test('a matching If-None-Match → 304 without a body; another tag → 200', async () => {
    const { etag } = (await get()).headers;
    const notModified = await get({ 'if-none-match': String(etag) });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.length).toBe(0);
    expect(notModified.headers.etag).toBe(etag);
    expect((await get({ 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    expect((await get({ 'if-none-match': '"other"' })).statusCode).toBe(200);
    const lastModified = String((await get()).headers['last-modified']);
    expect((await get({ 'if-modified-since': lastModified })).statusCode).toBe(304);
  });

  test('If-Range with a stale ETag → 200 and the whole file; with the current one → the range', async () => {
    const { etag } = (await get()).headers;
    const stale = await get({ range: 'bytes=0-9', 'if-range': '"stale-tag"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.equals(MP3)).toBe(true);
    const current = await get({ range: 'bytes=0-9', 'if-range': String(etag) });
    expect(current.statusCode).toBe(206);
    expect(current.rawPayload.equals(MP3.subarray(0, 10))).toBe(true);
  });
});

describe('issue 11 item 14: the files of file fields are served the same way', () => {
  test('a contact PHOTO link: ETag, 304 on If-None-Match, two ranges → multipart/byteranges', async () => {
    const t = await startTestPortal();
    try {
      const photo = Buffer.from(Array.from({ length: 500 }, (_, i) => i % 256));
      const id = await ok(t, 'crm.contact.add', { fields: { NAME: 'Pic', PHOTO: { fileData: ['pic.jpg', photo.toString('base64')] } } });
      const contact = await ok(t, 'crm.contact.get', { id });
      const link = new URL(contact.PHOTO.showUrl as string);
      const get = (headers: Record<string, string> = {}) =>
        t.portal.app.inject({ method: 'GET', url: link.pathname + link.search, headers });
      const whole = await get();
      expect(whole.statusCode).toBe(200);
      expect(whole.rawPayload.equals(photo)).toBe(true);
      expect(whole.headers['content-disposition']).toBe('inline; filename="pic.jpg"');
      expect((await get({ 'if-none-match': String(whole.headers.etag) })).statusCode).toBe(304);
      const two = await get({ range: 'bytes=0-1,-2' });
      expect(two.statusCode).toBe(206);
      const parts = byteranges(two.rawPayload, String(two.headers['content-type']));
      expect(parts.map((p) => p.range)).toEqual(['bytes 0-1/500', 'bytes 498-499/500']);
      expect(parts[1]!.bytes.equals(photo.subarray(498))).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('issue 11 item 14: Range headers', () => {
  test('parsing: suffixes, open ends, clamping, merging, and what is ignored', () => {
    expect(parseByteRanges(undefined, 100)).toBeNull();
    expect(parseByteRanges('bytes=0-9', 100)).toEqual([{ start: 0, end: 9 }]);
    expect(parseByteRanges('bytes=-10', 100)).toEqual([{ start: 90, end: 99 }]);
    expect(parseByteRanges('bytes=90-', 100)).toEqual([{ start: 90, end: 99 }]);
    expect(parseByteRanges('bytes=90-500', 100)).toEqual([{ start: 90, end: 99 }]);
    expect(parseByteRanges('bytes=50-59,0-9,10-19', 100)).toEqual([
      { start: 0, end: 19 },
      { start: 50, end: 59 },
    ]);
    expect(parseByteRanges('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseByteRanges('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseByteRanges('bytes=200-300, 0-1', 100)).toEqual([{ start: 0, end: 1 }]);
    // A backwards range satisfies nothing (416, as range-parser and the Express family answer it).
    expect(parseByteRanges('bytes=9-1', 100)).toBe('unsatisfiable');
    // Malformed or of another unit: the whole body.
    expect(parseByteRanges('bytes=a-b', 100)).toBeNull();
    expect(parseByteRanges('items=0-1', 100)).toBeNull();
    expect(parseByteRanges(`bytes=${Array.from({ length: 17 }, (_, i) => `${i * 2}-${i * 2}`).join(',')}`, 100)).toBeNull();
  });
});
