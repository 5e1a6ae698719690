import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Logger } from 'pino';
import type { Services } from '../features/services.js';
import type { Caller } from '../features/auth/caller.js';
import type { Dispatcher, DispatchOutcome } from '../dispatch/dispatcher.js';
import { errorEnvelope, restError, RestError } from '../kernel/errors/rest-error.js';
import type { Params } from '../kernel/params/readers.js';
import { unixSeconds } from '../kernel/clock.js';
import { takeCredential, redactUrl, type PresentedCredential } from './credentials.js';
import { timeBlock } from '../dispatch/time-block.js';
import { ENVELOPE_RESPONSE_SCHEMA, successEnvelope } from './envelope.js';
import { registerBodyParsers } from './body-parsers.js';
import { readParams } from './read-params.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { parseRestPath, type RestPath } from './url-forms.js';
import { toXml } from './xml-envelope.js';
import { registerRecordingRoutes } from './recording-routes.js';
import { registerFileRoutes } from './file-routes.js';
import { ADMIN_PREFIX, registerAdminRoutes } from './admin/index.js';
import { registerConsole } from './console/index.js';
import { baseUrlOf } from './base-url.js';
import { carryOutFault } from './fault-actions.js';
import { toRestError } from './error-mapping.js';
import { type RateLimiter } from './rate-limiter.js';
import { slowClientOptions, watchBodyArrival } from './slow-clients.js';
import type { ClaimedRequest, StoredAnswer } from '../features/requests/retry-safety.js';
import { registerObservability, type Observability } from './observability.js';
import { QuietRequestLogs } from './request-log-controller.js';
import { answerProtocolErrors, protocolErrorOptions } from './protocol-errors.js';
import {
  installCallRecords,
  noteCaller,
  noteCredential,
  noteFailure,
  onCallFinished,
  startCallRecord,
  type CallRecord,
} from './call-record.js';

/** Longest request line + headers accepted: a 50-command GET batch is ~10 KB of URL. */
const MAX_HEADER_BYTES = 64 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** Unix milliseconds at arrival, for the `time` block. */
    arrivedMs: number;
    /** performance.now() at arrival: durations are measured on the monotonic clock. */
    arrivedPerf: number;
    /** Set when the request carried a request id: its answer is kept for retries (A27). */
    retryClaim: ClaimedRequest | null;
  }
}

/** The HTTP application of the portal. */
export type HttpApp = FastifyInstance;

export interface AppOptions {
  services: Services;
  dispatcher: Dispatcher;
  logger: Logger | false;
  /** Serve over TLS with this certificate. */
  https?: { cert: string; key: string };
  /** The request-rate limiter, shared by the plain and the TLS listener; null: no limit. */
  rateLimiter?: RateLimiter | null;
  /** The health routes' database probe and the metrics (shared by the plain and the TLS listener). */
  observability: Observability;
}

/**
 * The HTTP face of the portal. The life of a REST call, top to bottom:
 * path (URL forms) → HTTPS rule → parameters (query + body) → credentials → dispatch → envelope.
 */
export async function buildApp({ services, dispatcher, logger, https, rateLimiter = null, observability }: AppOptions): Promise<HttpApp> {
  const { config } = services;
  const slowClients = slowClientOptions(config);
  // Node's own server options: the same header limit and slow-client timeouts on both listeners.
  const nodeOptions = { maxHeaderSize: MAX_HEADER_BYTES, ...slowClients.node, ...protocolErrorOptions.node };
  // Fastify makes each request a child of its logger, some 2 µs a request; a silent one gets it none.
  const requestLogger = logger && logger.isLevelEnabled('fatal') ? logger : false;
  const app = Fastify({
    loggerInstance: requestLogger || undefined,
    logController: new QuietRequestLogs(),
    logger: requestLogger ? undefined : false,
    bodyLimit: config.bodyLimit,
    routerOptions: { maxParamLength: MAX_HEADER_BYTES },
    http: nodeOptions,
    ...slowClients.fastify,
    ...protocolErrorOptions.fastify,
    trustProxy: config.publicUrl !== null,
    ...(https ? { https: { ...https, ...nodeOptions } } : {}),
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  watchBodyArrival(app, config);
  answerProtocolErrors(app);

  app.decorateRequest('arrivedMs', 0);
  app.decorateRequest('arrivedPerf', 0);
  app.decorateRequest('retryClaim', null);
  installCallRecords(app);
  onCallFinished(app, (record) => services.journal.record(record));
  registerObservability(app, logger, observability);
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.retryClaim;
    if (!claim) return payload;
    request.retryClaim = null;
    // Failures get here: their answer is kept (a 4xx, nothing was written) or the key freed (a 5xx).
    try {
      const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
      await services.retrySafety.complete(claim, { status: reply.statusCode, contentType, body: String(payload) });
    } catch (error) {
      request.log.error({ err: error }, 'could not keep the answer for retries');
    } finally {
      services.retrySafety.end(claim);
    }
    return payload;
  });
  app.addHook('onRequest', async (request) => {
    request.arrivedMs = services.clock.nowMs();
    request.arrivedPerf = performance.now();
  });

  registerBodyParsers(app);
  await app.register(multipart, {
    // REST calls read files up to the body limit (readBody); the upload URL up to the recording limit.
    limits: {
      fieldSize: config.bodyLimit,
      fileSize: Math.max(config.bodyLimit, config.recordingLimit),
      fields: 10_000,
      files: 20,
      parts: 10_020,
    },
  });

  // Errors raised before a handler runs (body too large, unreadable body) get the Bitrix envelope too.
  app.setErrorHandler((error, request, reply) => sendError(request, reply, toRestError(error, request), pathOf(request)));
  app.setNotFoundHandler((request, reply) => {
    const url = redactUrl(request.url);
    const error = restError('NOTHING_SERVED', { method: request.method, url });
    // A connector calling a wrong URL shows in the request journal; the admin API's own misses do not.
    if (!url.startsWith(ADMIN_PREFIX)) noteFailure(startCallRecord(request, null, url.split('?')[0]), error);
    void reply.code(404).send(errorEnvelope(error));
  });

  await registerAdminRoutes(app, services);
  await registerConsole(app, services, dispatcher);
  registerRecordingRoutes(app, services);
  registerFileRoutes(app, services);
  registerOAuthRoutes(app, services);

  app.route({
    method: ['GET', 'POST'],
    url: '/rest/*',
    schema: { response: ENVELOPE_RESPONSE_SCHEMA },
    handler: async (request, reply) => {
      const path = pathOf(request);
      if (!path) return reply.callNotFound();
      const record = startCallRecord(request, path);
      if (config.requireHttps && request.protocol !== 'https') throw restError('HTTPS_REQUIRED');
      // C2: one bucket per client address; a batch is one request.
      if (rateLimiter) {
        try {
          await rateLimiter.take(request.ip);
        } catch (error) {
          void reply.header('retry-after', String(Math.max(1, rateLimiter.secondsUntilFree(request.ip))));
          throw error;
        }
      }

      const params = await readParams(request);
      const credential = takeCredential(path, params);
      record.params = params;
      noteCredential(record, credential);
      const auth = await authenticateNoting(credential, services, record);
      if (await services.overload.blocks(auth)) throw restError('OVERLOAD_LIMIT');
      // Fault switches (/_extcall/faults): before anything is written, so a faulted call changes nothing.
      const fault = services.faults.checkCall(auth, path.methodName, params);
      if (fault && (await carryOutFault(fault, request, reply)) === 'answered') return reply;

      // A read is simply run again; keeping its answer would cost a write and serve stale data (A27).
      const requestKey = dispatcher.readsOnly(path.methodName) ? null : requestKeyOf(request, params);
      if (requestKey !== null) {
        const begun = await services.retrySafety.begin(auth, requestKey, path.methodName, params);
        if ('replay' in begun) {
          record.retry = true;
          return sendRaw(reply, begun.replay);
        }
        request.retryClaim = begun.claim;
        return sendRaw(reply, await answerRetrySafely(request, reply, path, params, auth, begun.claim));
      }

      const began = performance.now();
      const call = { auth, baseUrl: baseUrlOf(request, config.publicUrl), trace: record, nearMisses: record.nearMisses };
      const outcome = await dispatcher.dispatch(path.methodName, params, call);
      return sendSuccess(request, reply, path, outcome, performance.now() - began);
    },
  });

  /**
   * A call with a request id (A27): its answer is kept in the same commit as its writes, so after a
   * crash a retry finds both or neither — never a done write whose answer was lost.
   */
  async function answerRetrySafely(
    request: FastifyRequest,
    reply: FastifyReply,
    path: RestPath,
    params: Params,
    auth: Caller,
    claim: ClaimedRequest,
  ): Promise<StoredAnswer> {
    const record = request.callRecord;
    const answer = await services.retrySafety.answerOnce(claim, async () => {
      const began = performance.now();
      const call = { auth, baseUrl: baseUrlOf(request, config.publicUrl), trace: record ?? undefined, nearMisses: record?.nearMisses };
      const outcome = await dispatcher.dispatch(path.methodName, params, call);
      return renderSuccess(request, reply, path, outcome, performance.now() - began);
    });
    request.retryClaim = null;
    return answer;
  }

  function sendSuccess(request: FastifyRequest, reply: FastifyReply, path: RestPath, outcome: DispatchOutcome, processingMs: number) {
    const envelope = successEnvelope(outcome, timeOf(request, outcome, processingMs));
    if (path.format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(envelope));
    return reply.send(envelope);
  }

  /** The bytes `sendSuccess` would send, for keeping. */
  function renderSuccess(
    request: FastifyRequest,
    reply: FastifyReply,
    path: RestPath,
    outcome: DispatchOutcome,
    processingMs: number,
  ): StoredAnswer {
    const envelope = successEnvelope(outcome, timeOf(request, outcome, processingMs));
    if (path.format === 'xml') return { status: 200, contentType: 'text/xml; charset=utf-8', body: toXml(envelope) };
    return { status: 200, contentType: 'application/json; charset=utf-8', body: String(reply.serialize(envelope)) };
  }

  function timeOf(request: FastifyRequest, outcome: DispatchOutcome, processingMs: number) {
    return timeBlock(
      { startedMs: request.arrivedMs, processingMs, operating: outcome.operating },
      request.arrivedMs + (performance.now() - request.arrivedPerf),
      config.timeZone,
    );
  }

  return app;
}

/** Longest request id kept (a UUID is 36 characters). */
const MAX_REQUEST_KEY = 200;

/** The request id of a retry-safe call: an Idempotency-Key header, else b24jssdk's bx24_request_id (A27). */
function requestKeyOf(request: FastifyRequest, params: Params): string | null {
  const header = request.headers['idempotency-key'];
  const raw = (Array.isArray(header) ? header[0] : header) ?? params.bx24_request_id;
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string' && typeof raw !== 'number') throw restError('REQUEST_ID_NOT_TEXT');
  const key = String(raw).trim();
  if (key.length > MAX_REQUEST_KEY) throw restError('REQUEST_ID_TOO_LONG', { max: MAX_REQUEST_KEY });
  return key === '' ? null : key;
}

/** The REST path of a request, or null when it is not a REST call. */
function pathOf(request: FastifyRequest): RestPath | null {
  const raw = request.raw.url ?? request.url;
  const queryAt = raw.indexOf('?');
  return parseRestPath(queryAt === -1 ? raw : raw.slice(0, queryAt));
}

/** `authenticate`, noting on the record who called, or why the credential was refused. */
async function authenticateNoting(credential: PresentedCredential, services: Services, record: CallRecord): Promise<Caller> {
  try {
    const caller = await authenticate(credential, services);
    noteCaller(record, caller);
    return caller;
  } catch (error) {
    if (error instanceof RestError) record.authFailure = error.code;
    throw error;
  }
}

async function authenticate(credential: PresentedCredential, services: Services): Promise<Caller> {
  const now = unixSeconds(services.clock);
  switch (credential.kind) {
    case 'webhook':
      return services.auth.authenticateWebhook(credential.userId, credential.code, now);
    case 'token':
      return services.auth.authenticateAccessToken(credential.token, now);
    case 'none':
      throw restError('NO_AUTH_FOUND');
  }
}

function sendRaw(reply: FastifyReply, answer: StoredAnswer) {
  return reply
    .code(answer.status)
    .type(answer.contentType)
    .serializer((body) => body as string)
    .send(answer.body);
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: RestError, path: RestPath | null) {
  // Errors raised before the REST handler ran (an unreadable or too large body) are recorded too.
  if (path) noteFailure(request.callRecord ?? startCallRecord(request, path), error);
  const envelope = errorEnvelope(error);
  reply.code(error.status);
  if (path?.format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(envelope));
  return reply.type('application/json; charset=utf-8').send(envelope);
}

/** Starts listening; answers the port (0 picks a free one). */
export async function listen(app: HttpApp, port: number, host: string): Promise<number> {
  await app.listen({ port, host });
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : port;
}
