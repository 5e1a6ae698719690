import type { FastifyRequest } from 'fastify';
import { RestError, restError } from '../kernel/errors/rest-error.js';
import { multipartFailure } from './multipart.js';

/** Maps anything thrown to a catalogued error; only genuine server faults become a 500. */
export function toRestError(error: unknown, request: FastifyRequest): RestError {
  if (error instanceof RestError) return error;
  const status = typeof (error as { statusCode?: unknown })?.statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
  if (status === 413) return restError('BODY_TOO_LARGE', { limit: humanBytes(request.server.initialConfig.bodyLimit ?? 0) });
  // The HTTP layer's own words for the client's mistake.
  if (status >= 400 && status < 500)
    return error instanceof Error ? restError('CLIENT_ERROR', { reason: error.message }) : restError('INVALID_REQUEST');
  const malformed = multipartFailure(error, request);
  if (malformed) return malformed;
  request.log.error({ err: error }, 'unexpected failure');
  return restError('INTERNAL_SERVER_ERROR');
}

function humanBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${bytes} bytes`;
}
