import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { maskedForeignUrl } from '../kernel/masked-url.js';
import { maskParams } from '../kernel/params/masked-params.js';
import { onCallFinished, type CallRecord } from './call-record.js';

/** The message of the one line each REST call writes. */
export const CALL_LOG_MESSAGE = 'rest call';

/**
 * One log line per REST call, once it is answered: the method, who called (credential kind, app or
 * webhook, user), the answer (status, error code, why the credential was refused) and its duration.
 * At debug level the parameters too, secrets masked. Fastify's own request lines are off for these.
 */
export function logFinishedCalls(app: FastifyInstance, logger: Logger): void {
  onCallFinished(app, (record) => {
    if (!logger.isLevelEnabled('info')) return;
    const fields = callLogFields(record);
    if (logger.isLevelEnabled('debug')) fields.params = record.params === null ? null : maskUrls(maskParams(record.params));
    if (record.status >= 500) logger.error(fields, CALL_LOG_MESSAGE);
    else logger.info(fields, CALL_LOG_MESSAGE);
  });
}

/** URLs in parameters (an event handler, a RECORD_URL) may carry their owner's secret: shown masked. */
function maskUrls(value: unknown): unknown {
  if (typeof value === 'string') return /^https?:\/\//i.test(value) ? maskedForeignUrl(value) : value;
  if (Array.isArray(value)) return value.map(maskUrls);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskUrls(item)]));
  return value;
}

/** The fields of a call's line (without parameters). */
export function callLogFields(record: CallRecord): Record<string, unknown> {
  return {
    method: record.method,
    auth: record.auth.kind,
    appId: record.auth.appId,
    webhookId: record.auth.webhookId,
    userId: record.auth.userId,
    status: record.status,
    ...(record.errorCode === null ? {} : { error: record.errorCode, errorDescription: record.errorDescription }),
    ...(record.authFailure === null ? {} : { authFailure: record.authFailure }),
    ...(record.retry ? { retry: true } : {}),
    ...(record.batch ? { commands: record.batch.length, failedCommands: record.batch.filter((c) => c.errorCode !== null).length } : {}),
    durationMs: Math.round(record.durationMs * 10) / 10,
  };
}
