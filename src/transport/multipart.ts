import type { FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { RestError, restError } from '../kernel/errors/rest-error.js';

/** Limits of one multipart read; `fileSize` is also named in the 413 answer. */
export interface PartLimits {
  fileSize: number;
  files?: number;
}

/** @fastify/multipart's codes for a body over one of its limits. */
const TOO_MANY_PARTS = new Set(['FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT', 'FST_FILES_LIMIT']);

/** What busboy (and its Dicer) throw on bytes that are not multipart/form-data. */
const PARSER_FAILURE =
  /^Multipart: |Boundary required|Unexpected end of (multipart data|form)|terminated early|Malformed part header|needle cannot/;

/**
 * Visits each part of a multipart body. Whatever the parser throws while reading (no boundary, a
 * body cut short, no closing delimiter, a broken part header) is the client's mistake: a 400, not a 500.
 */
export async function eachPart(request: FastifyRequest, limits: PartLimits, visit: (part: Multipart) => Promise<void>): Promise<void> {
  try {
    for await (const part of request.parts({ limits })) await visit(part);
  } catch (error) {
    if (error instanceof RestError) throw error;
    throw limitError(error, limits) ?? malformed(error, request);
  }
}

/** A multipart parser failure that escaped `eachPart`, as the client's error; null for anything else. */
export function multipartFailure(error: unknown, request: FastifyRequest): RestError | null {
  return error instanceof Error && PARSER_FAILURE.test(error.message) ? malformed(error, request) : null;
}

function limitError(error: unknown, limits: PartLimits): RestError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return restError('FILE_TOO_LARGE', { limit: limits.fileSize });
  if (typeof code === 'string' && TOO_MANY_PARTS.has(code)) return restError('MULTIPART_TOO_MANY_PARTS');
  if (code === 'FST_PROTO_VIOLATION') return restError('MULTIPART_PROTOTYPE_FIELD');
  return null;
}

function malformed(error: unknown, request: FastifyRequest): RestError {
  const raw = error instanceof Error ? error.message : String(error);
  // busboy's own word for a boundary over 250 characters is about its search "needle".
  const failure = /needle cannot/.test(raw) ? restError('MULTIPART_BOUNDARY_TOO_LONG') : restError('MULTIPART_MALFORMED', { reason: raw });
  // A client's broken body, not a fault of ours: one short line, no stack.
  request.log.info({ reason: failure.description }, 'malformed multipart body');
  return failure;
}
