import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../features/services.js';
import { errorEnvelope, restError } from '../../kernel/errors/rest-error.js';
import { registerConsoleLinkRoutes } from './console-link-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { registerFaultRoutes } from './fault-routes.js';
import { registerJournalRoutes } from './journal-routes.js';

/** Where the admin API lives: out of the way of every REST path. */
export const ADMIN_PREFIX = '/_extcall';

/** Routes anyone may read: load balancers and orchestrators probe them from anywhere. */
const OPEN_PATHS = new Set([`${ADMIN_PREFIX}/health`, `${ADMIN_PREFIX}/health/live`, `${ADMIN_PREFIX}/health/ready`]);

/**
 * The admin API (reset, clock, request journal, event deliveries, faults): for the machine it runs
 * on by default; from elsewhere only with the admin token (`Authorization: Bearer …`).
 */
export async function registerAdminRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (admin) => {
    admin.addHook('onRequest', async (request, reply) => {
      const path = (request.raw.url ?? '').split('?')[0]!;
      if (OPEN_PATHS.has(path) || adminAllowed(request, services.config.adminToken)) return;
      return reply.code(403).send(errorEnvelope(restError('ADMIN_API_REFUSED')));
    });
    // Each part of the admin API registers itself here.
    registerControlRoutes(admin, services, ADMIN_PREFIX);
    registerFaultRoutes(admin, services, ADMIN_PREFIX);
    registerJournalRoutes(admin, services, ADMIN_PREFIX);
    registerConsoleLinkRoutes(admin, services, ADMIN_PREFIX);
    // health, health/live and health/ready: transport/health-routes.ts, registered with the metrics.
  });
}

/** Loopback peers are trusted; others must present the admin token. The socket's address, not X-Forwarded-For. */
export function adminAllowed(request: FastifyRequest, adminToken: string | null): boolean {
  const peer = request.raw.socket.remoteAddress ?? '';
  if (isLoopback(peer)) return true;
  if (!adminToken) return false;
  const header = request.headers.authorization ?? '';
  return header === `Bearer ${adminToken}`;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
