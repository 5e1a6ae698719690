// Sends generated requests to a running portal, `concurrency` at a time, and counts the answers.
import http from 'node:http';
import { requestRng } from './prng.mjs';
import { generateRequest } from './requests.mjs';
import { rawRequest, sendRaw } from './raw.mjs';

const ANSWER_TIMEOUT_MS = 30_000;
const POOL_SIZE = 200;

/**
 * Runs requests 0 … count-1 of `seed` (or until `seconds` pass) against `baseUrl`.
 * `portal`: { webhookUrl, app: { clientId, clientSecret, accessToken, refreshToken } } (demo-portal.json).
 * Resolves to { sent, byStatus, errors, failures, durationMs }; a failure is an answer ≥ 500 or none in time.
 */
export async function runFuzz({ baseUrl, portal, seed, count, seconds = Infinity, concurrency = 32, onProgress }) {
  const url = new URL(baseUrl);
  const port = Number(url.port);
  const target = {
    webhookPath: new URL(portal.webhookUrl).pathname,
    token: portal.app.accessToken,
    clientId: portal.app.clientId,
    clientSecret: portal.app.clientSecret,
    refreshToken: portal.app.refreshToken,
    pool: { callIds: [], uploadPaths: [], recordPaths: [] },
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const stats = { sent: 0, byStatus: {}, errors: {}, failures: [], durationMs: 0 };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;

  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const index = next++;
      const r = requestRng(seed, index);
      const request = r.chance(0.02) ? rawRequest(r, target) : generateRequest(r, target);
      const answer = request.raw ? await sendRaw(port, request.raw, ANSWER_TIMEOUT_MS) : await send(agent, port, request);
      stats.sent++;
      if (answer.error) stats.errors[answer.error] = (stats.errors[answer.error] ?? 0) + 1;
      else stats.byStatus[answer.status] = (stats.byStatus[answer.status] ?? 0) + 1;
      // A batch answers 200 with its commands' errors inside: a server fault there counts too.
      const fault =
        answer.status >= 500 || answer.error === 'timeout' || /"INTERNAL_SERVER_ERROR"|Unexpected database error/.test(answer.body ?? '');
      if (fault) stats.failures.push(describe(seed, index, request, answer));
      if (request.valid && answer.status === 200) harvest(target.pool, answer.body);
      if (onProgress && stats.sent % 10_000 === 0) onProgress(stats);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  stats.durationMs = performance.now() - started;
  return stats;
}

function send(agent, port, request) {
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer) => {
      if (!settled) resolve(answer);
      settled = true;
    };
    let req;
    try {
      req = http.request(
        { host: '127.0.0.1', port, method: request.method, path: clientSafePath(request.path), headers: request.headers, agent },
        (res) => {
          const chunks = [];
          let size = 0;
          res.on('data', (chunk) => {
            if (size < 65_536) chunks.push(chunk);
            size += chunk.length;
          });
          res.on('end', () => done({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', () => done({ status: res.statusCode, body: '' }));
        },
      );
    } catch (error) {
      // Node's client refuses some header values outright: nothing was sent.
      return done({ error: `client:${error.code ?? 'refused'}` });
    }
    // When the server answers (413) and closes while the body is still going out, Node's client may
    // raise the write error on a socket it already detached from the request: keep it from crashing us.
    req.on('socket', guardSocket);
    req.setTimeout(ANSWER_TIMEOUT_MS, () => {
      done({ error: 'timeout' });
      req.destroy();
    });
    // The server may answer (413, 431) and close before it read the whole request.
    req.on('error', (error) => done({ error: error.code ?? 'error' }));
    req.end(request.body ?? undefined);
  });
}

const guarded = new WeakSet();
function guardSocket(socket) {
  if (guarded.has(socket)) return;
  guarded.add(socket);
  socket.on('error', () => {});
}

/** Node's client will not send bytes below 0x21 or above 0xff in a path: those go percent-encoded. */
function clientSafePath(path) {
  return path.replace(/[^\u0021-\u00ff]/g, (c) => encodeURIComponent(c).replace(/%(?![0-9A-F]{2})/g, '%25'));
}

/** Call ids, upload URLs and recording links from well-formed calls, for later requests to reuse. */
function harvest(pool, body) {
  const add = (list, value) => {
    list.push(value);
    if (list.length > POOL_SIZE) list.shift();
  };
  for (const match of body.matchAll(/"CALL_ID":"([^"]{1,100})"/g)) add(pool.callIds, match[1]);
  for (const match of body.matchAll(/"uploadUrl":"https?:\/\/[^/"]+(\/[^"]+)"/g)) add(pool.uploadPaths, match[1]);
  for (const match of body.matchAll(/https?:\/\/[^/"]+(\/records\/[^"]+)"/g)) add(pool.recordPaths, match[1].replace(/\\\//g, '/'));
}

/** Enough to replay a failing request: seed and index, and what was sent and answered. */
function describe(seed, index, request, answer) {
  const body = request.raw ?? request.body;
  return {
    seed,
    index,
    label: request.label,
    method: request.method ?? 'RAW',
    path: request.path?.slice(0, 300),
    headers: request.headers
      ? Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v).slice(0, 200)]))
      : undefined,
    body: body ? body.subarray(0, 600).toString('latin1') : null,
    status: answer.status ?? answer.error,
    answer: (answer.body ?? '').slice(0, 400),
  };
}
