import type { ConsoleViewer } from '../../features/console/console-access.js';
import { LEGACY_WEBHOOK_APP_CLIENT_ID } from '../../features/platform/portal-service.js';
import { consoleError } from '../../kernel/errors/console-error.js';
import { PortalAdminError } from '../../kernel/errors/admin-error.js';
import { baseUrlOf } from '../base-url.js';
import type { ConsoleRoutes } from './console-routes.js';
import { html, type SafeHtml } from './html.js';
import { consolePage } from './layout.js';

/** A method name as a REST path may carry it; anything else is refused before it reaches a URL. */
const METHOD_NAME = /^[A-Za-z0-9_.]{1,100}$/;
/** A webhook URL's user and code: …/rest/<user>/<code>/… */
const WEBHOOK_URL = /\/rest\/(\d{1,9})\/([A-Za-z0-9_-]{1,100})(?:\/|$)/;
const WEBHOOK_CODE = /^[A-Za-z0-9_-]{1,100}$/;
/** A cached explorer token is reused while it has at least this many seconds left. */
const TOKEN_MARGIN_SECONDS = 60;
/** Headers of the REST answer the explorer shows. */
const SHOWN_HEADERS = /^(content-type|retry-after|www-authenticate|x-.*)$/i;

/** What the explorer's script posts. */
interface ExplorerCall {
  method: string;
  params: Record<string, unknown>;
  /** The REST path and body: with the app's token in `auth`, or under the webhook's path. */
  path: string;
  payload: Record<string, unknown>;
}

/** What the explorer answers its script: the REST answer as a client would get it, and how to repeat it. */
export interface ExplorerAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  curl: string;
}

/**
 * The API explorer: any method of the registry, called through the real REST pipeline (inject), so that
 * the journal, fault switches and limits apply exactly as to a client. As an application, the call
 * carries a token issued to the signed-in person (administrators may pick any installed application;
 * nobody acts as someone else); as a webhook, the pasted one (an employee only their own).
 */
export function registerExplorerPages(routes: ConsoleRoutes): void {
  const tokens = new Map<string, string>();

  routes.page('/console/explorer', async (viewer) => explorerPage(routes, viewer));

  routes.action('/console/explorer/call', async (viewer, request): Promise<ExplorerAnswer> => {
    const call = await readCall(routes, viewer, request.body, tokens);
    const base = baseUrlOf(request, routes.services.config.publicUrl);
    const res = await routes.app.inject({
      method: 'POST',
      url: call.path,
      payload: JSON.stringify(call.payload),
      headers: { 'content-type': 'application/json', ...(request.headers.host ? { host: request.headers.host } : {}) },
      remoteAddress: request.ip,
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers))
      if (SHOWN_HEADERS.test(name) && value !== undefined) headers[name] = String(value);
    return { status: res.statusCode, headers, body: res.body, curl: curlCommand(`${base}${call.path}`, call.payload) };
  });
}

async function explorerPage(routes: ConsoleRoutes, viewer: ConsoleViewer): Promise<SafeHtml> {
  const apps = (await routes.services.portal.listApps()).filter((a) => a.installed === 1 && a.client_id !== LEGACY_WEBHOOK_APP_CLIENT_ID);
  const methods = routes.dispatcher.methods();
  return consolePage({
    title: 'API explorer',
    viewer,
    section: 'explorer',
    styles: ['explorer.css'],
    scripts: ['explorer.js'],
    body: html`<h1>API explorer</h1>
      <form id="explorer-form" class="panel explorer-form" method="post" action="/console/explorer/call">
        <input type="hidden" name="_csrf" value="${viewer.csrfToken}" />
        <div class="explorer-method">
          <label for="explorer-method">Method</label>
          <input
            id="explorer-method"
            name="method"
            list="explorer-methods"
            required
            autocomplete="off"
            spellcheck="false"
            placeholder="user.current"
            aria-describedby="explorer-scope"
          />
          <datalist id="explorer-methods">
            ${methods.map((m) => html`<option value="${m.name}" data-scope="${m.scope}"></option>`)}
          </datalist>
          <p id="explorer-scope" class="muted" aria-live="polite">Scope: choose a method (${methods.length} known).</p>
        </div>
        <label for="explorer-params">Parameters (JSON object)</label>
        <textarea id="explorer-params" name="params" rows="8" spellcheck="false">{}</textarea>
        <fieldset class="explorer-credential">
          <legend>Call</legend>
          <div class="choice">
            <label class="check"><input type="radio" name="credential" value="app" checked /> as an application, acting as you</label>
            <label
              >Application
              <select name="appId" id="explorer-app">
                ${apps.map((app) => html`<option value="${app.id}">${app.name} (${app.scopes.split(',').join(', ')})</option>`)}
              </select>
            </label>
          </div>
          <div class="choice">
            <label class="check"><input type="radio" name="credential" value="webhook" /> as a webhook</label>
            <label
              >Webhook URL or code${viewer.isAdmin ? '' : ' (one of yours)'}
              <input
                name="webhook"
                id="explorer-webhook"
                autocomplete="off"
                spellcheck="false"
                placeholder="https://&hellip;/rest/1/abc&hellip;/"
              />
            </label>
          </div>
        </fieldset>
        <button type="submit" class="primary">Call</button>
      </form>
      <section id="explorer-result" class="panel" aria-live="polite" aria-labelledby="explorer-result-heading" hidden>
        <h2 id="explorer-result-heading">Answer</h2>
        <p id="explorer-status"></p>
        <dl class="fields" id="explorer-headers"></dl>
        <pre class="code" id="explorer-body"></pre>
        <h2>The same call with curl</h2>
        <p class="muted">It carries your credential: an access token lives an hour; keep the command to yourself.</p>
        <pre class="code" id="explorer-curl"></pre>
        <button type="button" id="explorer-copy">Copy the command</button>
        <span id="explorer-copied" class="muted" aria-live="polite"></span>
      </section>
      <p id="explorer-error" class="error-text" role="alert" hidden></p>`,
  });
}

/** Reads the explorer's post into a REST call, or refuses the credential choice with a console error. */
async function readCall(routes: ConsoleRoutes, viewer: ConsoleViewer, raw: unknown, tokens: Map<string, string>): Promise<ExplorerCall> {
  const body = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const method = typeof body.method === 'string' ? body.method.trim() : '';
  if (!METHOD_NAME.test(method)) throw consoleError('BAD_INPUT', { reason: 'Give a method name: letters, digits, dots and underscores.' });
  const params = readParams(body.params);
  if (body.credential === 'app') {
    const appId = Number(body.appId);
    const app = (await routes.services.portal.listApps()).find((a) => a.id === appId && a.installed === 1);
    if (!app || app.client_id === LEGACY_WEBHOOK_APP_CLIENT_ID)
      throw consoleError('BAD_INPUT', { reason: 'Choose an installed application.' });
    const token = await tokenFor(routes, app.id, viewer.user.id, tokens);
    return { method, params, path: `/rest/${method}.json`, payload: { ...params, auth: token } };
  }
  if (body.credential === 'webhook') {
    const text = typeof body.webhook === 'string' ? body.webhook.trim() : '';
    const fromUrl = WEBHOOK_URL.exec(text);
    let userId: number | null;
    let code: string;
    if (fromUrl) {
      userId = Number(fromUrl[1]);
      code = fromUrl[2]!;
    } else if (WEBHOOK_CODE.test(text)) {
      code = text;
      userId = await routes.services.portal.webhookOwner(code);
      if (userId === null) throw consoleError('BAD_INPUT', { reason: 'No webhook has this code: paste its whole URL or a valid code.' });
    } else {
      throw consoleError('BAD_INPUT', { reason: 'Paste a webhook URL (…/rest/<user>/<code>/) or its code.' });
    }
    // Nobody but an administrator calls as someone else from the console.
    if (!viewer.isAdmin && userId !== viewer.user.id)
      throw consoleError('BAD_INPUT', { reason: 'You may call only as yourself: use a webhook of yours.' });
    return { method, params, path: `/rest/${userId}/${code}/${method}.json`, payload: params };
  }
  throw consoleError('BAD_INPUT', { reason: 'Choose how to call: as an application or as a webhook.' });
}

function readParams(value: unknown): Record<string, unknown> {
  let parsed: unknown = value;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return {};
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch (error) {
      throw consoleError('BAD_INPUT', { reason: `The parameters are not valid JSON: ${(error as Error).message}` });
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw consoleError('BAD_INPUT', { reason: 'The parameters must be a JSON object.' });
  return parsed as Record<string, unknown>;
}

/** A token of `appId` for `userId`, issued by the portal like any other; reused while it is valid. */
async function tokenFor(routes: ConsoleRoutes, appId: number, userId: number, tokens: Map<string, string>): Promise<string> {
  const { portal, auth, clock } = routes.services;
  const key = `${appId}:${userId}`;
  const now = Math.floor(clock.nowMs() / 1000);
  const cached = tokens.get(key);
  if (cached && (await auth.tokenValidFor(cached, TOKEN_MARGIN_SECONDS, now))) return cached;
  try {
    const issued = await portal.issueTokens(appId, userId);
    tokens.set(key, issued.accessToken);
    return issued.accessToken;
  } catch (error) {
    if (error instanceof PortalAdminError) throw consoleError('BAD_INPUT', { reason: error.message });
    throw error;
  }
}

/** The call as a POSIX shell command line: every argument single-quoted. */
export function curlCommand(url: string, payload: Record<string, unknown>): string {
  return [
    'curl',
    '-sS',
    '-X',
    'POST',
    '-H',
    shellQuote('content-type: application/json'),
    '--data',
    shellQuote(JSON.stringify(payload)),
    shellQuote(url),
  ].join(' ');
}

/** Quotes `text` for a POSIX shell: inside single quotes nothing is special but the quote itself. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
