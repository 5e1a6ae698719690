#!/usr/bin/env node
// A small round-robin HTTP reverse proxy for the benchmark: `node bench/proxy.mjs URL URL…` listens on a
// free port of 127.0.0.1, prints `listening PORT`, and hands each request to the next upstream in turn over
// keep-alive connections (a pool per upstream). Bodies are streamed both ways; an upstream that cannot be
// reached answers 502.
import http from 'node:http';

const upstreams = process.argv.slice(2).map((url) => {
  const { hostname, port } = new URL(url);
  return { hostname, port: Number(port), agent: new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256 }) };
});
if (upstreams.length === 0) {
  process.stderr.write('usage: node bench/proxy.mjs http://host:port [http://host:port…]\n');
  process.exit(2);
}

let next = 0;
const server = http.createServer((req, res) => {
  const upstream = upstreams[next];
  next = (next + 1) % upstreams.length;
  const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress };
  delete headers.connection;
  const outgoing = http.request(
    { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: upstream.agent },
    (answer) => {
      const back = { ...answer.headers };
      delete back.connection;
      delete back['keep-alive'];
      res.writeHead(answer.statusCode ?? 502, back);
      answer.pipe(res);
    },
  );
  outgoing.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('bad gateway');
  });
  req.pipe(outgoing);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
