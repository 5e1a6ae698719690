import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleViewer } from '../../features/console/console-access.js';
import type { Services } from '../../features/services.js';
import type { Dispatcher } from '../../dispatch/dispatcher.js';
import { ConsoleError, consoleError } from '../../kernel/errors/console-error.js';
import { SafeHtml, html } from './html.js';
import { plainPage } from './layout.js';

/** The name of the console's session cookie. */
export const SESSION_COOKIE = 'extcall_console';

/** How a console route is guarded: signed in always; administrators only when asked. */
export interface ConsoleRouteOptions {
  adminOnly?: boolean;
}

type ViewerHandler<T> = (viewer: ConsoleViewer, request: FastifyRequest, reply: FastifyReply) => Promise<T>;

/**
 * What each console section registers its routes through: every route finds the signed-in viewer
 * first (pages send a signed-out person to the sign-in page's explanation, scripts get 401 JSON),
 * and every form post or script write carries the session's CSRF token.
 */
export class ConsoleRoutes {
  constructor(
    readonly app: FastifyInstance,
    readonly services: Services,
    readonly dispatcher: Dispatcher,
  ) {}

  /** An HTML page; the handler returns the whole page (consolePage) or answers the reply itself. */
  page(path: string, handler: ViewerHandler<SafeHtml | FastifyReply | void>, options: ConsoleRouteOptions = {}): void {
    this.app.get(path, async (request, reply) => {
      try {
        const viewer = await this.require(request, options);
        const page = await handler(viewer, request, reply);
        if (page instanceof SafeHtml) return sendHtml(reply, page);
        return reply;
      } catch (error) {
        if (error instanceof ConsoleError) return sendConsoleError(reply, error);
        throw error;
      }
    });
  }

  /** JSON for the console's scripts (GET). */
  json(path: string, handler: ViewerHandler<unknown>, options: ConsoleRouteOptions = {}): void {
    this.app.get(path, async (request, reply) => this.answerJson(request, reply, handler, options, false));
  }

  /**
   * A write (POST): a form field `_csrf` or the header `x-csrf-token` must match the session. A form
   * post is answered by the handler (usually a redirect); a script's post gets the handler's value as JSON.
   */
  action(path: string, handler: ViewerHandler<unknown>, options: ConsoleRouteOptions = {}): void {
    this.app.post(path, async (request, reply) => this.answerJson(request, reply, handler, options, true));
  }

  /** The signed-in viewer of a request, or null (for streams that answer by themselves). */
  async viewerOf(request: FastifyRequest): Promise<ConsoleViewer | null> {
    const sessionId = request.cookies[SESSION_COOKIE];
    return sessionId ? this.services.consoleAccess.viewer(sessionId) : null;
  }

  /** The viewer, or a ConsoleError saying why not. */
  async require(request: FastifyRequest, options: ConsoleRouteOptions = {}): Promise<ConsoleViewer> {
    const viewer = await this.viewerOf(request);
    if (!viewer) throw consoleError('SIGNED_OUT');
    if (options.adminOnly && !viewer.isAdmin) throw consoleError('ADMINISTRATORS_ONLY');
    return viewer;
  }

  private async answerJson(
    request: FastifyRequest,
    reply: FastifyReply,
    handler: ViewerHandler<unknown>,
    options: ConsoleRouteOptions,
    write: boolean,
  ): Promise<unknown> {
    try {
      const viewer = await this.require(request, options);
      if (write && csrfTokenOf(request) !== viewer.csrfToken) throw consoleError('FORM_EXPIRED');
      const value = await handler(viewer, request, reply);
      if (reply.sent) return reply;
      if (value instanceof SafeHtml) return sendHtml(reply, value);
      return reply.header('cache-control', 'no-store').send(value);
    } catch (error) {
      if (!(error instanceof ConsoleError)) throw error;
      const wantsHtml = write && !request.headers['x-csrf-token'];
      if (wantsHtml) return sendConsoleError(reply, error);
      return reply.code(error.status).header('cache-control', 'no-store').send({ refused: error.key, message: error.message });
    }
  }
}

function csrfTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  return body && typeof body._csrf === 'string' ? body._csrf : undefined;
}

export function sendHtml(reply: FastifyReply, page: SafeHtml): FastifyReply {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    )
    .send(page.text);
}

/** A refusal as a page of its own: the catalogue's status and sentence, under `title` (by default from the status). */
export function sendConsoleError(reply: FastifyReply, error: ConsoleError, title = titleOf(error)): FastifyReply {
  return sendHtml(reply.code(error.status), plainPage(title, html`<p>${error.message}</p>`));
}

function titleOf(error: ConsoleError): string {
  return error.status === 404 ? 'Not found' : error.status === 401 ? 'Signed out' : 'Not allowed';
}
