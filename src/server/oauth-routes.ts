import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../domain/auth/oauth-server.js';
import type { Services } from '../domain/services.js';
import { RestError } from '../rest/errors.js';
import { readParams } from './read-params.js';

/** The authorisation server's token endpoint (B4–B6), GET or POST, with or without the trailing slash. */
export function registerOAuthRoutes(app: FastifyInstance, services: Services): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const params = await readParams(request);
      return reply.type('application/json; charset=utf-8').send(await services.oauth.grant(params));
    } catch (error) {
      if (error instanceof OAuthError) return reply.code(error.status).send({ error: error.code, error_description: error.description });
      // Unreadable input (bad encoding, too deep) is the client's mistake here too.
      if (error instanceof RestError && error.status < 500) return reply.code(400).send({ error: 'invalid_request', error_description: error.description });
      throw error;
    }
  };
  app.route({ method: ['GET', 'POST'], url: '/oauth/token/', handler });
  app.route({ method: ['GET', 'POST'], url: '/oauth/token', handler });
}
