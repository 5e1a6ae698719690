import type { FastifyRequest } from 'fastify';

/** The base URL the caller used (or the configured public one), for URLs handed back. */
export function baseUrlOf(request: FastifyRequest, publicUrl: string | null): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}
