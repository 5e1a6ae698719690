import type { FastifyInstance } from 'fastify';
import type { Services } from '../../features/services.js';
import { PortalAdminError } from '../../kernel/errors/admin-error.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { baseUrlOf } from '../base-url.js';

/**
 * `POST <prefix>/console-link {userId?}`: a one-time link into the web console (`extcall console-link`). A user who
 * cannot have one (unknown, dismissed; no administrator) is refused with the reason, as INVALID_REQUEST.
 */
export function registerConsoleLinkRoutes(admin: FastifyInstance, services: Services, prefix: string): void {
  admin.post(`${prefix}/console-link`, async (request) => {
    const userId = readUserId(request.body);
    try {
      const link = await services.consoleAccess.createSignIn(userId);
      const url = `${baseUrlOf(request, services.config.publicUrl)}/console/sign-in?token=${link.token}`;
      return { url, userId: link.user.id, expiresAt: new Date(link.expiresAt * 1000).toISOString() };
    } catch (error) {
      if (error instanceof PortalAdminError) throw restError('CLIENT_ERROR', { reason: error.message });
      throw error;
    }
  });
}

/** `{}`, no body, or `{"userId": n}`. */
function readUserId(body: unknown): number | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  const given = typeof body === 'object' ? (body as Record<string, unknown>).userId : undefined;
  if (given === undefined) return undefined;
  const id = typeof given === 'string' && /^\d+$/.test(given) ? Number(given) : given;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw restError('CONSOLE_LINK_USER_INVALID');
  return id;
}
