import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../features/services.js';
import { scopeOfOwner } from '../features/files/files-service.js';
import { errorEnvelope, restError } from '../kernel/errors/rest-error.js';
import { scopeSatisfied } from '../kernel/scopes.js';
import { unixSeconds } from '../kernel/clock.js';
import { toRestError } from './error-mapping.js';
import { sendBlob } from './blob-replies.js';

/**
 * The links of file fields (PHOTO, LOGO, FILES…): a signed link opens its file by itself; otherwise
 * the caller's access token (`?auth=`) or a webhook path (`/rest/<user>/<code>/files/…`) with the
 * scope of the file's owner. A removed file answers 404; a wrong signature asks for credentials.
 */
export function registerFileRoutes(app: FastifyInstance, services: Services): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const file = await authorisedFile(request, services);
      const download = (request.query as Record<string, unknown>).download === 'Y';
      reply.header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="${file.name.replace(/["\\\r\n]/g, '_')}"`);
      return await sendBlob(request, reply, {
        identity: `file:${file.public_id}:${file.blob_key}`,
        size: file.size,
        contentType: file.content_type,
        storedAt: file.created_at,
        read: (range) => services.files.read(file, range),
      });
    } catch (error) {
      const failure = toRestError(error, request);
      return reply.code(failure.status).type('application/json; charset=utf-8').send(errorEnvelope(failure));
    }
  };
  app.route({ method: ['GET', 'HEAD'], url: '/files/:id/:name', handler });
  app.route({ method: ['GET', 'HEAD'], url: '/rest/:userId/:code/files/:id/:name', handler });
}

async function authorisedFile(request: FastifyRequest, services: Services) {
  const params = request.params as { id: string; userId?: string; code?: string };
  const query = request.query as Record<string, unknown>;
  // Public ids are random: telling a missing file apart reveals nothing that can be enumerated.
  const file = await services.files.byPublicId(params.id);
  if (!file) throw restError('NO_SUCH_FILE');
  const signed =
    params.userId === undefined &&
    typeof query.signature === 'string' &&
    (await services.files.verifyLink(params.id, Number(query.expires), query.signature));
  let scopes: ReadonlySet<string> | null = null;
  if (!signed) {
    const now = unixSeconds(services.clock);
    if (params.userId !== undefined) {
      const userId = Number(params.userId);
      if (!Number.isSafeInteger(userId) || userId <= 0) throw restError('NO_SUCH_FILE');
      scopes = (await services.auth.authenticateWebhook(userId, params.code ?? '', now)).scopes;
    } else {
      const token = typeof query.auth === 'string' ? query.auth : '';
      if (!token) throw restError('NO_AUTH_FOUND');
      scopes = (await services.auth.authenticateAccessToken(token, now)).scopes;
    }
  }
  if (scopes && !scopeSatisfied(scopeOfOwner(file.owner_kind), scopes)) throw restError('INSUFFICIENT_SCOPE');
  return file;
}
