import type { TestPortal } from './test-portal.js';

/** A signed-in console browser, as far as inject is concerned: its cookie and its CSRF token. */
export interface ConsoleSession {
  cookie: string;
  csrfToken: string;
  /** GET a console path with the session; the body as text. */
  get(path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }>;
  /** POST a form (or JSON with `json: true`) with the session and its CSRF token. */
  post(
    path: string,
    fields: Record<string, unknown>,
    options?: { json?: boolean },
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }>;
}

/** Signs into the console of `t` as `userId` (default: the first administrator) through a one-time link. */
export async function signInConsole(t: TestPortal, userId?: number): Promise<ConsoleSession> {
  const app = t.portal.app;
  const { token } = await t.portal.services.consoleAccess.createSignIn(userId);
  const signIn = await app.inject({ method: 'GET', url: `/console/sign-in?token=${encodeURIComponent(token)}` });
  if (signIn.statusCode !== 302) throw new Error(`sign-in answered ${signIn.statusCode}: ${signIn.body}`);
  const setCookie = String(signIn.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const page = await app.inject({ method: 'GET', url: '/console/calls', headers: { cookie } });
  const csrfToken = /<meta name="csrf-token" content="([^"]+)"\s*\/?>/.exec(page.body)?.[1];
  if (!csrfToken) throw new Error(`no CSRF token on the calls page (${page.statusCode})`);
  const answer = (res: { statusCode: number; body: string; headers: Record<string, unknown> }) => ({
    status: res.statusCode,
    body: res.body,
    headers: res.headers,
  });
  return {
    cookie,
    csrfToken,
    get: async (path) => answer(await app.inject({ method: 'GET', url: path, headers: { cookie } })),
    post: async (path, fields, options = {}) =>
      answer(
        options.json
          ? await app.inject({ method: 'POST', url: path, headers: { cookie, 'x-csrf-token': csrfToken }, payload: fields })
          : await app.inject({
              method: 'POST',
              url: path,
              headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
              payload: new URLSearchParams(Object.entries({ ...fields, _csrf: csrfToken }).map(([k, v]) => [k, String(v)])).toString(),
            }),
      ),
  };
}
