import type { FastifyRequest } from 'fastify';
import { RestError, restError } from '../rest/errors.js';
import { multipartFailure } from './multipart.js';

/** Maps anything thrown to a catalogued error; only genuine server faults become a 500. */
export function toRestError(error: unknown, request: FastifyRequest): RestError {
  if (error instanceof RestError) return error;
  const status = typeof (error as { statusCode?: unknown })?.statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
  if (status === 413) return restError('REQUEST_TOO_LARGE', `Request body is too large (limit ${humanBytes(request.server.initialConfig.bodyLimit ?? 0)})`);
  if (status >= 400 && status < 500) {
    const message = error instanceof Error ? error.message : 'Invalid request';
    return restError('INVALID_REQUEST', message);
  }
  const malformed = multipartFailure(error, request);
  if (malformed) return malformed;
  request.log.error({ err: error }, 'unexpected failure');
  return restError('INTERNAL_SERVER_ERROR');
}

function humanBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${bytes} bytes`;
}
