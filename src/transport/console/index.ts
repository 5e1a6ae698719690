import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { Services } from '../../features/services.js';
import type { Dispatcher } from '../../dispatch/dispatcher.js';
import { consoleError } from '../../kernel/errors/console-error.js';
import { ConsoleRoutes, SESSION_COOKIE, sendConsoleError } from './console-routes.js';
import { registerCallsPages } from './calls-pages.js';
import { registerChartsPages } from './charts-pages.js';
import { registerCallPage } from './call-page.js';
import { registerLivePages } from './live-pages.js';
import { registerCrmPages } from './crm-pages.js';
import { registerIntegrationPages } from './integration-pages.js';
import { registerExplorerPages } from './explorer-pages.js';

/** Where the console lives; `/` leads there. */
export const CONSOLE_PREFIX = '/console';

/** The console's stylesheets, scripts and icons: shipped in the package beside dist/ (no CDN). */
const ASSETS_DIR = fileURLToPath(new URL('../../../console-assets/', import.meta.url));
/** Chart.js's browser build, served from the installed package. */
const CHART_JS_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'));

/**
 * The web console: server-rendered pages over the same services the REST API uses, with the same
 * visibility rules for the signed-in user. Sign-in is by one-time links (`extcall console-link`).
 */
export async function registerConsole(app: FastifyInstance, services: Services, dispatcher: Dispatcher): Promise<void> {
  // A context of its own: the cookie parser then runs for console requests only, not for every REST call.
  await app.register(async (scope) => registerConsoleRoutes(scope, services, dispatcher));
}

async function registerConsoleRoutes(app: FastifyInstance, services: Services, dispatcher: Dispatcher): Promise<void> {
  await app.register(cookie);
  await app.register(fastifyStatic, { root: ASSETS_DIR, prefix: `${CONSOLE_PREFIX}/assets/`, maxAge: '1h', index: false });
  await app.register(fastifyStatic, {
    root: CHART_JS_DIR,
    prefix: `${CONSOLE_PREFIX}/vendor/chart.js/`,
    decorateReply: false,
    maxAge: '1d',
    index: false,
    allowedPath: (path) => path === '/chart.umd.min.js',
  });
  const routes = new ConsoleRoutes(app, services, dispatcher);

  for (const entry of ['/', CONSOLE_PREFIX, `${CONSOLE_PREFIX}/`]) {
    app.get(entry, async (request, reply) => {
      if (await routes.viewerOf(request)) return reply.redirect(`${CONSOLE_PREFIX}/calls`);
      return sendConsoleError(reply, consoleError('SIGNED_OUT'), 'extcall console');
    });
  }

  app.get(`${CONSOLE_PREFIX}/sign-in`, async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    const session = typeof token === 'string' && token ? await services.consoleAccess.signIn(token) : null;
    if (!session) {
      return sendConsoleError(reply, consoleError('SIGN_IN_LINK_INVALID'), 'Sign-in link not valid');
    }
    void reply.setCookie(SESSION_COOKIE, session.sessionId, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: session.expiresAt - Math.floor(services.clock.nowMs() / 1000),
    });
    return reply.redirect(`${CONSOLE_PREFIX}/calls`);
  });

  routes.action(`${CONSOLE_PREFIX}/sign-out`, async (_viewer, request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) await services.consoleAccess.signOut(sessionId);
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect('/');
  });

  // Each section of the console registers its pages here.
  registerCallsPages(routes);
  registerChartsPages(routes);
  registerCallPage(routes);
  registerLivePages(routes);
  registerCrmPages(routes);
  registerIntegrationPages(routes);
  registerExplorerPages(routes);
}
