// Requests no HTTP client would send: broken request lines, framing and headers, written on a bare socket.
import net from 'node:net';

export function rawRequest(r, target) {
  const path = r.pick([
    `${target.webhookPath}user.get`,
    '/rest/user.get',
    '/_extcall/health',
    '/oauth/token/',
    '/rest/upload.json?token=x',
  ]);
  const head = (lines) => `${lines.join('\r\n')}\r\n\r\n`;
  const text = r.pick([
    () => head([`GET ${path} HTTP/1.1`, 'Host: x', 'Connection: close']),
    () => 'GARBAGE\r\n\r\n',
    () => head(['GET  HTTP/1.1', 'Host: x']),
    () => head([`GET ${path} HTTP/9.9`, 'Host: x']),
    () => `GET ${path} HTTP/1.1\nHost: x\nConnection: close\n\n`,
    () => head([`GET ${path} HTTP/1.1`, 'Host: x', 'no colon here']),
    () => head([`GET ${path} HTTP/1.1`, 'Host: x', 'X-Fold: a', ' continued']),
    () => head([`GET ${path} HTTP/1.1`, 'Host: x', 'X-Nul: a\u0000b']),
    () =>
      `${head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Content-Length: 5', 'Content-Length: 50'])}{"a":1}`,
    () =>
      `${head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Content-Length: 7', 'Transfer-Encoding: chunked'])}{"a":1}`,
    () =>
      `${head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Transfer-Encoding: chunked'])}zz\r\n{"a":1}\r\n0\r\n\r\n`,
    () =>
      `${head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Transfer-Encoding: chunked'])}ffffffffffffffff\r\n{"a":1}\r\n`,
    () =>
      `${head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Transfer-Encoding: chunked'])}7\r\n{"a":1}\r\n0\r\n\r\n`,
    () => `${head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Content-Length: -1'])}{}`,
    () => `${head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Content-Length: 1e3'])}{}`,
    () => `${head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', 'Content-Length: 100'])}{"cut":`,
    () =>
      `${head([`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: multipart/form-data; boundary=b', 'Content-Length: 1000'])}--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nv`,
    () => `${head([`GET ${path} HTTP/1.1`, 'Host: x'])}${head([`GET ${path} HTTP/1.1`, 'Host: x', 'Connection: close'])}`,
    () => head([`GET ${path} HTTP/1.0`]),
    () => head([`GET http://127.0.0.1${path} HTTP/1.1`, 'Host: y', 'Connection: close']),
    () => head(['GET /rest/\u0000user.get HTTP/1.1', 'Host: x']),
    () => head(['GET /rest/\u00ff\u00feuser.get HTTP/1.1', 'Host: x', 'Connection: close']),
    () => '\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003',
    () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    () => head([`GET ${path} HTTP/1.1`, 'Host: x', `X-Big: ${'b'.repeat(70_000)}`]),
    () => head([`GET ${path}?${'q'.repeat(70_000)} HTTP/1.1`, 'Host: x']),
    () => head([`OPTIONS * HTTP/1.1`, 'Host: x', 'Connection: close']),
    () => head([`GET ${path} HTTP/1.1`, 'Host: x', 'Connection: close', 'Expect: 100-continue']),
  ])();
  return { label: 'raw', raw: Buffer.from(text, 'latin1') };
}

/** Writes `bytes`, half-closes, and reads until the server closes; the statuses it answered with. */
export function sendRaw(port, bytes, timeoutMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks = [];
    let size = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ error: 'timeout' });
    }, timeoutMs);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (chunk) => {
      if (size < 65_536) chunks.push(chunk);
      size += chunk.length;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      // Interim answers (100 Continue) are not the answer.
      const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] ([2-5]\d\d)/g)].map((m) => Number(m[1]));
      resolve(statuses.length ? { status: Math.max(...statuses), body: text.slice(0, 2000) } : { error: 'closed' });
    });
  });
}
