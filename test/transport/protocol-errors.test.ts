import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { listen } from '../../src/transport/app.js';

/** Writes `data` on a fresh connection and answers everything the server sent back before closing. */
function exchange(port: number, data: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.on('error', () => {});
    socket.write(data);
    // A server that waits for more closes at the latest here.
    setTimeout(() => socket.destroy(), 3000).unref();
  });
}

/** The status and the JSON body of a raw answer; the body must be the Bitrix envelope. */
function envelopeOf(answer: string): { status: number; error: string; description: string } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head ?? '')?.[1]);
  expect(head).toMatch(/\r\ncontent-type: application\/json; charset=utf-8/i);
  const body = JSON.parse(rest.join('\r\n\r\n')) as Record<string, string>;
  expect(Object.keys(body)).toEqual(['error', 'error_description']);
  return { status, error: body.error!, description: body.error_description! };
}

describe('issue 11 item 12: transport-level errors answer in the Bitrix envelope', () => {
  let t: TestPortal;
  let port: number;
  beforeAll(async () => {
    t = await startTestPortal({ bodyLimit: 1000 });
    port = await listen(t.portal.app, 0, '127.0.0.1');
  });
  afterAll(() => t.close());

  const get = (target: string, headers = 'Host: x\r\n') => `GET ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`;
  const post = (contentType: string, body: string, extra = '') =>
    `POST ${t.webhookPath}user.current HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;

  const cases: Array<[string, () => string, number, string]> = [
    [
      'a 100 KB query string → 431',
      () => get(`${t.webhookPath}user.current?q=${'a'.repeat(100_000)}`),
      431,
      'Request headers are too large',
    ],
    [
      'a header past the limit → 431',
      () => get(`${t.webhookPath}user.current`, `Host: x\r\nX-Big: ${'b'.repeat(70_000)}\r\n`),
      431,
      'Request headers are too large',
    ],
    ['a request line that is not HTTP → 400', () => 'GARBAGE\r\n\r\n', 400, 'The request is not valid HTTP/1.1'],
    [
      'both Transfer-Encoding and Content-Length → 400',
      () => post('application/json', '{}', 'Transfer-Encoding: chunked\r\n'),
      400,
      'The request is not valid HTTP/1.1',
    ],
    ['an HTTP/2 preface on the HTTP/1.1 port → 400', () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 400, 'The request is not valid HTTP/1.1'],
    ['a URL that does not percent-decode → 400', () => get('/rest/%zz'), 400, 'The URL is not validly percent-encoded'],
    ['the same on a route with parameters → 400', () => get('/records/%zz/x.mp3'), 400, 'The URL is not validly percent-encoded'],
    [
      'an HTTP/1.1 request without Host → 400',
      () => get(`${t.webhookPath}user.current`, ''),
      400,
      'An HTTP/1.1 request needs a Host header',
    ],
    [
      'a body over the limit → 413',
      () => post('application/json', `{"a":"${'x'.repeat(2000)}"}`),
      413,
      'Request body is too large (limit 1000 bytes)',
    ],
    [
      'an Expect other than 100-continue → 417',
      () => post('application/json', '{}', 'Expect: tea\r\n'),
      417,
      'Only "Expect: 100-continue" is understood',
    ],
    [
      'unreadable JSON → 400',
      () => post('application/json', '{a:'),
      400,
      "The request body is not valid JSON: Expected property name or '}' in JSON at position 1",
    ],
    [
      'multipart without a boundary → 400',
      () => post('multipart/form-data', 'ab'),
      400,
      'The multipart body is malformed: Multipart: Boundary not found',
    ],
  ];

  test.each(cases)('%s', async (_name, request, status, description) => {
    const answer = envelopeOf(await exchange(port, request()));
    expect(answer).toEqual({ status, error: 'INVALID_REQUEST', description });
  });

  test.each([
    ['an unknown admin route', 'GET', '/_extcall/nope'],
    ['a wrong method on the health route', 'DELETE', '/_extcall/health'],
    ['a path nothing serves', 'PUT', '/rest'],
  ])('%s → 404 NOT_FOUND', async (_name, method, target) => {
    const answer = envelopeOf(await exchange(port, `${method} ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    expect(answer).toEqual({ status: 404, error: 'NOT_FOUND', description: `Nothing is served at ${method} ${target}` });
  });

  test('an unsupported content type → 400 in the envelope', async () => {
    const answer = envelopeOf(await exchange(port, post('application/xml', '<a/>')));
    expect(answer.status).toBe(400);
    expect(answer.error).toBe('INVALID_REQUEST');
    expect(answer.description).toMatch(/^Unsupported Content-Type application\/xml/);
  });

  test('HTTP/1.0 without Host is still served, and the server keeps serving after all of the above', async () => {
    const answer = await exchange(port, `GET ${t.webhookPath}user.current HTTP/1.0\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"ID":"1"');
  });
});
