// Request bodies in every content type the fuzzer sends, well-formed and broken.
import { formBytes, formPairs, jsonBytes, invalidUtf8 } from './values.mjs';

const WAV = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(40)]);
const MP3 = Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]), Buffer.alloc(64)]);

/** Encodes `tree` one of the ways a client might; returns { contentType, body, label }. */
export function encodeParams(r, tree) {
  return r.weighted([
    [30, () => ({ label: 'json', contentType: r.pick(JSON_TYPES), body: maybeCorrupt(r, jsonBytes(tree)) })],
    [22, () => ({ label: 'form', contentType: r.pick(FORM_TYPES), body: maybeCorrupt(r, formBytes(formPairs(tree), r)) })],
    [14, () => multipartBody(r, formPairs(tree), r.chance(0.3) ? randomFile(r) : null)],
    [
      4,
      () => ({
        label: 'text',
        contentType: r.pick(['text/plain', 'text/plain; charset=utf-8', 'application/xml', 'text/html']),
        body: formBytes(formPairs(tree), r),
      }),
    ],
    [4, () => ({ label: 'no-type', contentType: null, body: r.chance(0.5) ? jsonBytes(tree) : Buffer.alloc(0) })],
    [
      3,
      () => ({
        label: 'weird-type',
        contentType: r.pick(WEIRD_TYPES),
        body: r.chance(0.5) ? jsonBytes(tree) : formBytes(formPairs(tree), r),
      }),
    ],
    [5, () => deepBody(r)],
    [3, () => ({ label: 'json-broken', contentType: 'application/json', body: brokenJson(r, jsonBytes(tree)) })],
    [
      2,
      () => ({
        label: 'empty',
        contentType: r.pick(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']),
        body: Buffer.alloc(0),
      }),
    ],
    [2, () => ({ label: 'many-params', contentType: 'application/x-www-form-urlencoded', body: manyParams(r) })],
    // Just over the default 8 MB body limit: rare, it is 8.5 MB on the wire each time.
    [
      0.05,
      () => ({
        label: 'over-limit',
        contentType: r.pick(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b']),
        body: Buffer.alloc(8.5 * 1024 * 1024, 'a'),
      }),
    ],
  ]);
}

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-8',
  'Application/JSON',
  'application/json;charset=koi8-r',
  'application/json; charset=utf-16',
];
const FORM_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded; charset=windows-1251',
  'application/x-www-form-urlencoded; charset=utf-16le',
];
const WEIRD_TYPES = [
  'application/vnd.api+json',
  'application/json-patch+json',
  'application/octet-stream',
  'application/x-www-form-urlencoded, application/json',
  'multipart/mixed; boundary=abc',
  'multipart/related',
  '*/*',
  ';;;',
  'application/json; charset="',
  'text/plain; charset=\u00ff',
  'application/x-www-form-urlencoded; charset=' + 'x'.repeat(2000),
  'image/png',
  'audio/wav',
  'json',
  'application/',
];

function maybeCorrupt(r, body) {
  if (!r.chance(0.06) || body.length === 0) return body;
  const at = r.int(body.length);
  return Buffer.concat([body.subarray(0, at), invalidUtf8(r), body.subarray(at)]);
}

function brokenJson(r, body) {
  return r.weighted([
    [2, () => body.subarray(0, r.int(body.length + 1))],
    [1, () => Buffer.concat([body, Buffer.from(r.pick(['}', ']', ',', 'x', '\u0000', ' // c', '{}']))])],
    [
      1,
      () =>
        Buffer.from(
          r.pick([
            '"str"',
            '12',
            'null',
            'true',
            '[]',
            '[1,2]',
            '{"a":1,}',
            "{'a':1}",
            '{"a":NaN}',
            '{"a":Infinity}',
            '{"a":-Infinity}',
            '{"a":0x10}',
            '{"a":.5}',
            '{"a":01}',
            '\ufeff{"a":1}',
            '{"a":"\\ud800"}',
            '{"a":"\\u0000"}',
          ]),
        ),
    ],
    [1, () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])],
  ]);
}

function deepBody(r) {
  const depth = r.pick([20, 31, 32, 33, 34, 64, 200, 1000, 5000]);
  return r.weighted([
    [
      1,
      () => ({
        label: 'deep-json',
        contentType: 'application/json',
        body: Buffer.from(`{"FILTER":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`),
      }),
    ],
    [
      1,
      () => ({
        label: 'deep-json-array',
        contentType: 'application/json',
        body: Buffer.from(`{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`),
      }),
    ],
    [
      1,
      () => ({
        label: 'deep-form',
        contentType: 'application/x-www-form-urlencoded',
        body: Buffer.from(`FILTER${'[a]'.repeat(depth)}=1&start=0`),
      }),
    ],
    [
      1,
      () => ({
        label: 'deep-form-lists',
        contentType: 'application/x-www-form-urlencoded',
        body: Buffer.from(`cmd${'[]'.repeat(Math.min(depth, 200))}=user.get`),
      }),
    ],
  ]);
}

function manyParams(r) {
  const count = r.pick([100, 1000, 9999, 10_001, 12_000]);
  return Buffer.from(Array.from({ length: count }, (_, i) => (r.chance(0.5) ? `FILTER[${i}]=${i}` : `p${i}=1`)).join('&'));
}

export function randomFile(r) {
  return {
    field: r.pick(['file', 'FILE_CONTENT', 'files[]', 'fields[FILE]', '__proto__', 'x']),
    name: r.pick(['a.wav', 'a.mp3', '../../etc/passwd', '', 'x'.repeat(300), 'ñ.wav', 'a"b.wav', 'a\r\nb.mp3']),
    type: r.pick(['audio/wav', 'audio/mpeg', 'application/octet-stream', '', 'text/plain']),
    data: r.pick([WAV, MP3, Buffer.alloc(0), r.bytes(r.between(1, 2000)), Buffer.from('RIFF')]),
  };
}

/** A multipart/form-data body, or one of the ways it breaks. */
export function multipartBody(r, pairs, file) {
  const boundary = r.weighted([
    [8, () => `----fuzz${r.alnum(16)}`],
    [1, () => r.alnum(r.pick([1, 70, 71, 200, 253, 300]))],
    [1, () => r.pick(['', '"quoted"', 'a b', '--', 'ñ'])],
  ]);
  const parts = pairs.map(([name, value]) =>
    partBytes(r, boundary, `form-data; name="${name}"`, [], typeof value === 'string' ? Buffer.from(value) : value),
  );
  if (file)
    parts.push(
      partBytes(
        r,
        boundary,
        `form-data; name="${file.field}"; filename="${file.name}"`,
        file.type ? [`Content-Type: ${file.type}`] : [],
        file.data,
      ),
    );
  if (r.chance(0.05)) {
    const many = r.pick([500, 3000, 10_100]);
    for (let i = 0; i < many; i++) parts.push(partBytes(r, boundary, `form-data; name="p${i}"`, [], Buffer.from('1')));
  }
  const closing = Buffer.from(`--${boundary}--\r\n`);
  const whole = Buffer.concat([...parts, closing]);
  const typeWith = (b) => `multipart/form-data; boundary=${b}`;
  return r.weighted([
    [10, { label: 'multipart', contentType: typeWith(boundary), body: whole }],
    [
      2,
      () => ({
        label: 'multipart-no-boundary',
        contentType: r.pick(['multipart/form-data', 'multipart/form-data;', 'multipart/form-data; charset=utf-8']),
        body: whole,
      }),
    ],
    [2, () => ({ label: 'multipart-truncated', contentType: typeWith(boundary), body: whole.subarray(0, r.int(whole.length)) })],
    [2, () => ({ label: 'multipart-no-closing', contentType: typeWith(boundary), body: Buffer.concat(parts) })],
    [1, () => ({ label: 'multipart-wrong-boundary', contentType: typeWith(`${boundary}x`), body: whole })],
    [
      1,
      () => ({
        label: 'multipart-lf-only',
        contentType: typeWith(boundary),
        body: Buffer.from(whole.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'),
      }),
    ],
    [1, () => ({ label: 'multipart-garbage', contentType: typeWith(boundary), body: r.bytes(r.between(0, 3000)) })],
    [
      1,
      () => ({
        label: 'multipart-huge-header',
        contentType: typeWith(boundary),
        body: Buffer.concat([
          partBytes(r, boundary, 'form-data; name="a"', [`X-Big: ${'h'.repeat(r.pick([1000, 90_000, 300_000]))}`], Buffer.from('1')),
          closing,
        ]),
      }),
    ],
    [
      1,
      () => ({
        label: 'multipart-bad-part-header',
        contentType: typeWith(boundary),
        body: Buffer.from(
          `--${boundary}\r\n${r.pick(['Content-Disposition', 'no colon here', ': x', 'Content-Disposition: form-data; name=', 'Content-Disposition: attachment', 'Content-Disposition: form-data; name="a"; filename*=UTF-8\'\'%FF'])}\r\n\r\nv\r\n--${boundary}--\r\n`,
        ),
      }),
    ],
  ]);
}

function partBytes(r, boundary, disposition, headers, data) {
  const head = [`Content-Disposition: ${disposition}`, ...headers];
  if (r.chance(0.03)) head.push(r.pick(['Content-Transfer-Encoding: base64', 'Content-Type: text/plain; charset=koi8-r', 'X: \u00ff']));
  return Buffer.concat([Buffer.from(`--${boundary}\r\n${head.join('\r\n')}\r\n\r\n`, 'latin1'), data, Buffer.from('\r\n')]);
}

/** A well-formed upload of a recording (the upload URL takes field "file"). */
export function recordingUpload(r) {
  const file = { field: 'file', name: r.pick(['a.wav', 'a.mp3']), type: 'audio/wav', data: r.pick([WAV, MP3]) };
  return multipartBody(r, [], file);
}
