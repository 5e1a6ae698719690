import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../features/auth/caller.js';
import type { RecordedCall } from '../features/requests/recorded-call.js';
import type { RestError } from '../kernel/errors/rest-error.js';
import type { PresentedCredential } from './credentials.js';
import type { RestPath } from './url-forms.js';

/** The record of one REST call, filled as the call goes (see RecordedCall). */
export type CallRecord = RecordedCall;

/** A consumer of finished calls: the request journal, log lines, metrics. Runs after the answer went out. */
export type CallFinished = (record: CallRecord, request: FastifyRequest, reply: FastifyReply) => void;

declare module 'fastify' {
  interface FastifyRequest {
    /** The record of a REST call (or of a request nothing served); null for the other routes. */
    callRecord: CallRecord | null;
  }
}

const consumersByApp = new WeakMap<FastifyInstance, CallFinished[]>();

/** Decorates requests with their record and hands each finished one to the consumers, in the order they subscribed. */
export function installCallRecords(app: FastifyInstance): void {
  const consumers: CallFinished[] = [];
  consumersByApp.set(app, consumers);
  app.decorateRequest('callRecord', null);
  app.addHook('onResponse', async (request, reply) => {
    const record = request.callRecord;
    if (!record) return;
    request.callRecord = null;
    record.status = reply.statusCode;
    record.durationMs = performance.now() - request.arrivedPerf;
    for (const consumer of consumers) {
      try {
        consumer(record, request, reply);
      } catch (error) {
        // One consumer's fault must not keep the others from their record.
        request.log.error({ err: error }, 'a consumer of finished calls failed');
      }
    }
  });
}

/** Subscribes `consumer` to the finished calls of `app` (also after the app is ready); answers the unsubscribe. */
export function onCallFinished(app: FastifyInstance, consumer: CallFinished): () => void {
  const consumers = consumersByApp.get(app);
  if (!consumers) throw new TypeError('call records are not installed on this app');
  consumers.push(consumer);
  return () => {
    const at = consumers.indexOf(consumer);
    if (at !== -1) consumers.splice(at, 1);
  };
}

/** Starts the record of a REST call (or, with no REST path, of a request nothing served, named by its path). */
export function startCallRecord(request: FastifyRequest, path: RestPath | null, unservedName = ''): CallRecord {
  const method = path ? path.methodName : unservedName;
  const record: CallRecord = {
    arrivedMs: request.arrivedMs,
    method,
    resolvedMethod: method.toLowerCase(),
    httpMethod: request.method,
    format: path?.format ?? 'json',
    auth: { kind: path?.webhook ? 'webhook' : 'none', appId: null, webhookId: null, userId: path?.webhook?.userId ?? null },
    authFailure: null,
    params: null,
    status: 0,
    errorCode: null,
    errorDescription: null,
    durationMs: 0,
    nearMisses: [],
    retry: false,
    batch: null,
  };
  request.callRecord = record;
  return record;
}

/** What the credential says before it is checked: its kind, and the user of a webhook path. */
export function noteCredential(record: CallRecord, credential: PresentedCredential): void {
  record.auth.kind = credential.kind;
  if (credential.kind === 'webhook') record.auth.userId = credential.userId;
}

/** Who the checked credential turned out to be. */
export function noteCaller(record: CallRecord, caller: Caller): void {
  record.auth.userId = caller.user.id;
  record.auth.appId = caller.app?.id ?? null;
  record.auth.webhookId = caller.webhookId;
}

/** The error the call was answered with. */
export function noteFailure(record: CallRecord, error: RestError): void {
  record.errorCode = error.code;
  record.errorDescription = error.description;
}
