import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../kernel/config.js';
import { errorEnvelope, restError, type RestError } from '../kernel/errors/rest-error.js';

/** Longer than the 60 s idle timeout of common proxies and load balancers, so that they close first. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

export type ClientTimeouts = Pick<ServerConfig, 'headersTimeoutMs' | 'requestTimeoutMs' | 'minBodyRate' | 'bodyLimit' | 'recordingLimit'>;

/**
 * Server options against slow clients (slowloris), for the plain and the TLS listener alike: headers
 * within `headersTimeoutMs`; the whole request within `requestTimeoutMs` plus one second for every
 * `minBodyRate` bytes that did arrive (see watchBodyArrival). Sockets are not given an idle timeout
 * (Fastify's connectionTimeout): it would also cut a handler that takes long, e.g. a RECORD_URL download.
 */
export function slowClientOptions(t: ClientTimeouts) {
  // The largest body at the lowest rate: Node's own last resort, above any deadline watchBodyArrival sets.
  const ceiling = t.requestTimeoutMs + Math.ceil((Math.max(t.bodyLimit, t.recordingLimit) / t.minBodyRate) * 1000);
  return {
    fastify: { requestTimeout: ceiling, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, clientErrorHandler: answerClientError },
    node: { headersTimeout: Math.min(t.headersTimeoutMs, ceiling), requestTimeout: ceiling, connectionsCheckingInterval: checkEveryMs(t) },
  };
}

/** How often late requests are looked for: Node's default of 30 s would let a slow client stay that much longer. */
function checkEveryMs(t: ClientTimeouts): number {
  return Math.max(25, Math.min(1000, Math.floor(Math.min(t.headersTimeoutMs, t.requestTimeoutMs) / 4)));
}

interface Watch {
  request: FastifyRequest;
  socket: Socket;
  startedMs: number;
  startBytes: number;
}

/**
 * A body must arrive within `requestTimeoutMs`, extended by one second for every `minBodyRate` bytes
 * received: a 50 MB recording over a slow uplink goes on, a client trickling a byte now and then is
 * answered 408 and disconnected at about `requestTimeoutMs`.
 */
export function watchBodyArrival(app: FastifyInstance, t: ClientTimeouts): void {
  const watched = new Set<Watch>();
  const sweep = setInterval(() => {
    const now = performance.now();
    for (const watch of watched) {
      if (watch.request.raw.complete || watch.socket.destroyed) {
        watched.delete(watch);
        continue;
      }
      const received = watch.socket.bytesRead - watch.startBytes;
      if (now - watch.startedMs <= t.requestTimeoutMs + (received / t.minBodyRate) * 1000) continue;
      watched.delete(watch);
      watch.request.log.info({ receivedBytes: received }, 'request body arrived too slowly: connection closed');
      answerAndClose(watch.socket, restError('REQUEST_TIMEOUT'));
    }
  }, checkEveryMs(t));
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    // Injected requests (tests) have no real socket to count bytes on.
    if (raw.complete || !hasBody(raw.headers) || typeof raw.socket?.bytesRead !== 'number') return done();
    const watch: Watch = { request, socket: raw.socket, startedMs: performance.now(), startBytes: raw.socket.bytesRead };
    watched.add(watch);
    const forget = () => watched.delete(watch);
    raw.once('end', forget);
    reply.raw.once('close', forget);
    done();
  });
}

function hasBody(headers: FastifyRequest['raw']['headers']): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/** Node's parser errors (bad HTTP, headers too large or too slow) answered with the Bitrix envelope. */
function answerClientError(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    this.log.info('request headers arrived too slowly: connection closed');
    return answerAndClose(socket, restError('REQUEST_TIMEOUT'));
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') return answerAndClose(socket, restError('HEADERS_TOO_LARGE'));
  answerAndClose(socket, restError('NOT_HTTP'));
}

function answerAndClose(socket: Socket, error: RestError): void {
  // An answer already under way on this connection must not be corrupted: then only close.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify(errorEnvelope(error));
    socket.write(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
