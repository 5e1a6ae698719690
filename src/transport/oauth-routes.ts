import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readTokenRequest } from '../features/auth/oauth-server.js';
import type { Services } from '../features/services.js';
import { errorEnvelope, OAuthError, oauthError, RestError } from '../kernel/errors/rest-error.js';
import { readParams } from './read-params.js';

/** The authorisation server's token endpoint (B4–B6), GET or POST, with or without the trailing slash. */
export function registerOAuthRoutes(app: FastifyInstance, services: Services): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const params = await readParams(request);
      const tokenRequest = readTokenRequest(params);
      // Fault switches: a deleted application, or one whose payment is due.
      await services.faults.checkTokenRequest(tokenRequest.clientId);
      return reply.type('application/json; charset=utf-8').send(await services.oauth.grant(tokenRequest));
    } catch (error) {
      return sendOAuthFailure(reply, error);
    }
  };
  app.route({ method: ['GET', 'POST'], url: '/oauth/token/', handler });
  app.route({ method: ['GET', 'POST'], url: '/oauth/token', handler });

  /**
   * The authorization page (B5), for portals that enable it: extcall has no passwords, so the page
   * lets whoever opens it sign in as any active user — a development aid, off by default.
   */
  const authorize = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      if (!services.config.authorizePage) throw oauthError('AUTHORIZE_PAGE_OFF');
      const params = await readParams(request);
      const text = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : '');
      const clientId = text('client_id');
      const userId = Number(text('user_id'));
      if (text('user_id') !== '' && Number.isSafeInteger(userId)) {
        return reply.redirect(await services.oauth.authorize(clientId, userId, text('state')), 302);
      }
      const { app: application, users } = await services.oauth.authorizationRequest(clientId);
      return reply
        .type('text/html; charset=utf-8')
        .send(authorizePage(application.name, application.scopes, clientId, text('state'), users));
    } catch (error) {
      return sendOAuthFailure(reply, error);
    }
  };
  app.get('/oauth/authorize/', authorize);
  app.get('/oauth/authorize', authorize);
}

/** B6: the authorisation server's `{error, error_description}`; anything else is not ours to answer. */
function sendOAuthFailure(reply: FastifyReply, error: unknown) {
  // Unreadable input (bad encoding, too deep) is the client's mistake here too.
  const failure =
    error instanceof OAuthError
      ? error
      : error instanceof RestError && error.status < 500
        ? oauthError('UNREADABLE_REQUEST', { reason: error.description })
        : null;
  if (!failure) throw error;
  return reply.code(failure.status).send(errorEnvelope(failure));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A sign-in form: pick the user who authorises the application. */
function authorizePage(
  appName: string,
  scopes: string,
  clientId: string,
  state: string,
  users: Array<{ id: number; name: string; last_name: string }>,
): string {
  const options = users
    .map(
      (u, i) =>
        `<label><input type="radio" name="user_id" value="${u.id}"${i === 0 ? ' checked' : ''}> ${escapeHtml(`${u.name} ${u.last_name}`.trim())} (ID ${u.id})</label><br>`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Authorise ${escapeHtml(appName)}</title></head>
<body>
<h1>Authorise ${escapeHtml(appName)}</h1>
<p>The application asks for: ${escapeHtml(scopes.split(',').join(', '))}. Sign in as:</p>
<form method="get" action="/oauth/authorize/">
<input type="hidden" name="client_id" value="${escapeHtml(clientId)}">
<input type="hidden" name="state" value="${escapeHtml(state)}">
${options}
<button type="submit">Allow</button>
</form>
</body></html>
`;
}
