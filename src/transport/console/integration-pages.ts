import type { FastifyRequest } from 'fastify';
import type { ConsoleViewer } from '../../features/console/console-access.js';
import type { Delivery } from '../../features/events/event-deliveries.js';
import type { TokenSummary } from '../../features/platform/portal-service.js';
import type { JournalEntry, JournalQuery } from '../../features/requests/request-journal.js';
import { consoleError } from '../../kernel/errors/console-error.js';
import { PortalAdminError } from '../../kernel/errors/admin-error.js';
import { RestError } from '../../kernel/errors/rest-error.js';
import { maskedForeignUrl } from '../../kernel/masked-url.js';
import { formatPortalDate } from '../../kernel/portal-time.js';
import { GRANTABLE_SCOPES } from '../../kernel/scopes.js';
import type { AppRow, UserRow, WebhookRow } from '../../storage/schema.js';
import { baseUrlOf } from '../base-url.js';
import type { ConsoleRoutes } from './console-routes.js';
import { html, type SafeHtml } from './html.js';
import { consolePage } from './layout.js';
import { userName } from './present.js';

/** The integration section's pages, in the order of its tabs. */
const TABS = [
  { path: '/console/integration', label: 'Applications and webhooks' },
  { path: '/console/integration/deliveries', label: 'Event deliveries' },
  { path: '/console/integration/journal', label: 'Request journal' },
] as const;
type TabPath = (typeof TABS)[number]['path'];

/** How many deliveries and journal entries a page shows (the newest). */
const SHOWN = 200;
const ADMIN = { adminOnly: true } as const;

/**
 * The integration section (administrators only): applications and their token holders, incoming
 * webhooks (created and revoked here through the same PortalService calls as the CLI), event bindings,
 * the event delivery queue and the request journal. Secrets never show: tokens and webhook codes are
 * stored hashed, so only a new webhook's URL is shown, once, right after it was made.
 */
export function registerIntegrationPages(routes: ConsoleRoutes): void {
  routes.page('/console/integration', async (viewer) => overviewPage(routes, viewer), ADMIN);

  routes.action(
    '/console/integration/webhooks',
    async (viewer, request) => {
      const form = (request.body ?? {}) as Record<string, unknown>;
      const userId = Number(typeof form.user === 'string' ? form.user : NaN);
      if (!Number.isSafeInteger(userId) || userId <= 0) throw consoleError('BAD_INPUT', { reason: 'Choose the user the webhook acts as.' });
      const scopes = formList(form.scopes);
      const title = typeof form.title === 'string' ? form.title.trim().slice(0, 200) : '';
      let created;
      try {
        created = await routes.services.portal.addWebhook({ userId, scopes, title });
      } catch (error) {
        if (error instanceof PortalAdminError) throw consoleError('BAD_INPUT', { reason: error.message });
        throw error;
      }
      const url = `${baseUrlOf(request, routes.services.config.publicUrl)}/rest/${created.webhook.user_id}/${created.code}/`;
      return consolePage({
        title: 'Webhook created',
        viewer,
        section: 'integration',
        styles: ['integration.css'],
        body: html`<h1>Webhook created</h1>
          <section class="panel" aria-labelledby="new-webhook-heading">
            <h2 id="new-webhook-heading">Webhook ${created.webhook.id}</h2>
            <p>Copy its URL now: it is shown only this once (the portal keeps only a hash of its code).</p>
            <label>Webhook URL <input id="new-webhook-url" class="webhook-url" readonly value="${url}" /></label>
            <p class="muted">Scopes: ${created.webhook.scopes.split(',').join(', ')}</p>
          </section>
          <p><a class="button" href="/console/integration#webhooks">Back to the webhooks</a></p>`,
      });
    },
    ADMIN,
  );

  routes.action(
    '/console/integration/webhooks/:id/revoke',
    async (_viewer, request, reply) => {
      const id = idParam(request);
      if (!(await routes.services.portal.revokeWebhook(id))) throw consoleError('NOT_FOUND');
      return reply.redirect('/console/integration#webhooks', 303);
    },
    ADMIN,
  );

  routes.page('/console/integration/deliveries', async (viewer) => deliveriesPage(routes, viewer), ADMIN);

  routes.action(
    '/console/integration/deliveries/:id/retry',
    async (_viewer, request, reply) => {
      const id = idParam(request);
      try {
        await routes.services.deliveries.retryNow(id);
      } catch (error) {
        if (error instanceof RestError) throw consoleError('NOT_FOUND');
        throw error;
      }
      return reply.redirect('/console/integration/deliveries', 303);
    },
    ADMIN,
  );

  routes.page('/console/integration/journal', async (viewer, request) => journalPage(routes, viewer, request), ADMIN);
}

function integrationPage(viewer: ConsoleViewer, title: string, current: TabPath, body: SafeHtml): SafeHtml {
  return consolePage({
    title,
    viewer,
    section: 'integration',
    styles: ['integration.css'],
    body: html`<h1>Integration: ${title}</h1>
      <nav class="tabs" aria-label="Integration pages">
        <ul>
          ${TABS.map((tab) => html`<li><a href="${tab.path}" ${tab.path === current ? html` aria-current="page"` : ''}>${tab.label}</a></li>`)}
        </ul>
      </nav>
      ${body}`,
  });
}

// ---- applications, webhooks, bindings ----------------------------------------------------------

async function overviewPage(routes: ConsoleRoutes, viewer: ConsoleViewer): Promise<SafeHtml> {
  const { portal, users, events, outgoingWebhooks, clock, config } = routes.services;
  const apps = await portal.listApps();
  const everyone = await users.all();
  const names = new Map(everyone.map((u) => [u.id, userName(u)]));
  const tokens = await portal.listTokens();
  const webhooks = await portal.listWebhooks();
  const now = Math.floor(clock.nowMs() / 1000);
  const date = (seconds: number) =>
    formatPortalDate(seconds * 1000, config.timeZone)
      .replace('T', ' ')
      .slice(0, 19);
  const bindings: Array<{ app: string; event: string; handler: string; user: string }> = [];
  for (const app of apps.filter((a) => a.installed === 1)) {
    for (const b of await events.list(app, viewer.user)) {
      const authType = Number(b.auth_type);
      bindings.push({
        app: app.name,
        event: b.event,
        handler: b.handler,
        user: authType === 0 ? 'the acting user' : (names.get(authType) ?? `user ${authType}`),
      });
    }
  }
  for (const hook of await outgoingWebhooks.list())
    bindings.push({ app: 'outgoing webhook', event: hook.event, handler: hook.handler, user: '—' });

  const body = html`<nav aria-label="On this page">
      <ul class="integration-jump">
        <li><a href="#applications">Applications</a></li>
        <li><a href="#webhooks">Incoming webhooks</a></li>
        <li><a href="#bindings">Event bindings</a></li>
      </ul>
    </nav>
    <section id="applications" aria-labelledby="applications-heading">
      <h2 id="applications-heading">Applications</h2>
      ${
        apps.length === 0
          ? html`<p class="panel muted">No applications.</p>`
          : apps.map((app) =>
              appPanel(
                app,
                tokens.filter((t) => t.appId === app.id),
                names,
                now,
                date,
              ),
            )
      }
      <p class="muted">Tokens are stored hashed: they cannot be shown, only who holds them and until when.</p>
    </section>
    <section id="webhooks" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Incoming webhooks</h2>
      ${webhooksTable(webhooks, names, viewer, date)} ${webhookForm(everyone, viewer)}
    </section>
    <section id="bindings" aria-labelledby="bindings-heading">
      <h2 id="bindings-heading">Event bindings</h2>
      ${
        bindings.length === 0
          ? html`<p class="panel muted">No event handlers are bound.</p>`
          : html`<div class="table-wrap">
              <table id="bindings-table">
                <caption class="sr-only">
                  Event bindings
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Handler</th>
                    <th scope="col">Application</th>
                    <th scope="col">Acting as</th>
                  </tr>
                </thead>
                <tbody>
                  ${bindings.map(
                    (b) =>
                      html`<tr>
                        <td>${b.event}</td>
                        <td>${maskedForeignUrl(b.handler)}</td>
                        <td>${b.app}</td>
                        <td>${b.user}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  return integrationPage(viewer, 'Applications and webhooks', '/console/integration', body);
}

function appPanel(
  app: AppRow,
  tokens: readonly TokenSummary[],
  names: Map<number, string>,
  now: number,
  date: (seconds: number) => string,
): SafeHtml {
  const installed = app.installed === 1;
  return html`<div class="panel app-panel">
    <h3>${app.name} <span class="badge ${installed ? 'ok' : 'warn'}">${installed ? 'installed' : 'not installed'}</span></h3>
    <dl class="fields">
      <dt>ID</dt>
      <dd>${app.id}</dd>
      <dt>Client id</dt>
      <dd><code>${app.client_id}</code></dd>
      <dt>Scopes</dt>
      <dd>${app.scopes.split(',').join(', ')}</dd>
    </dl>
    ${
      tokens.length === 0
        ? html`<p class="muted">No user holds a token of it.</p>`
        : html`<div class="table-wrap">
            <table>
              <caption>
                Users with tokens of ${app.name}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col">User</th>
                  <th scope="col">Access token</th>
                  <th scope="col">Refresh token</th>
                </tr>
              </thead>
              <tbody>
                ${tokens.map((token) => {
                  const accessLive = token.accessExpiresAt > now;
                  const refreshLive = !token.refreshed && token.refreshExpiresAt > now;
                  return html`<tr>
                    <td>#${token.id} <span class="muted">(hashed, not shown)</span></td>
                    <td>${names.get(token.userId) ?? `user ${token.userId}`}</td>
                    <td>
                      <span class="badge ${accessLive ? 'ok' : 'bad'}">${accessLive ? 'valid' : 'expired'}</span> until
                      ${date(token.accessExpiresAt)}
                    </td>
                    <td>
                      <span class="badge ${refreshLive ? 'ok' : 'bad'}"
                        >${refreshLive ? 'valid' : token.refreshed ? 'used' : 'expired'}</span
                      >
                      until ${date(token.refreshExpiresAt)}
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
    }
  </div>`;
}

function webhooksTable(
  webhooks: readonly WebhookRow[],
  names: Map<number, string>,
  viewer: ConsoleViewer,
  date: (seconds: number) => string,
): SafeHtml {
  if (webhooks.length === 0) return html`<p class="panel muted">No incoming webhooks.</p>`;
  return html`<div class="table-wrap">
    <table id="webhooks-table">
      <caption class="sr-only">
        Incoming webhooks
      </caption>
      <thead>
        <tr>
          <th scope="col">ID</th>
          <th scope="col">Title</th>
          <th scope="col">User</th>
          <th scope="col">Scopes</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Revoke</th>
        </tr>
      </thead>
      <tbody>
        ${webhooks.map(
          (hook) =>
            html`<tr>
              <td>${hook.id}</td>
              <td>${hook.title || '—'}</td>
              <td>${names.get(hook.user_id) ?? `user ${hook.user_id}`}</td>
              <td>${hook.scopes.split(',').join(', ')}</td>
              <td>${date(hook.created_at)}</td>
              <td>${hook.expires_at === null ? 'never' : date(hook.expires_at)}</td>
              <td>
                <form method="post" action="/console/integration/webhooks/${hook.id}/revoke">
                  <input type="hidden" name="_csrf" value="${viewer.csrfToken}" />
                  <button type="submit" class="danger" aria-label="Revoke webhook ${hook.id}">Revoke</button>
                </form>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function webhookForm(users: readonly UserRow[], viewer: ConsoleViewer): SafeHtml {
  return html`<form class="panel webhook-form" method="post" action="/console/integration/webhooks">
    <h3>New incoming webhook</h3>
    <input type="hidden" name="_csrf" value="${viewer.csrfToken}" />
    <div class="filters">
      <label
        >User it acts as
        <select name="user" required>
          ${users
            .filter((u) => u.active === 1)
            .map((u) => html`<option value="${u.id}" ${u.id === viewer.user.id ? html` selected` : ''}>${userName(u)}</option>`)}
        </select>
      </label>
      <label>Title <input name="title" maxlength="200" /></label>
    </div>
    <fieldset>
      <legend>Scopes</legend>
      ${GRANTABLE_SCOPES.map((scope) => html`<label class="check"><input type="checkbox" name="scopes[]" value="${scope}" /> ${scope}</label>`)}
    </fieldset>
    <button type="submit" class="primary">Create webhook</button>
  </form>`;
}

// ---- event deliveries ---------------------------------------------------------------------------

async function deliveriesPage(routes: ConsoleRoutes, viewer: ConsoleViewer): Promise<SafeHtml> {
  const deliveries = (await routes.services.deliveries.list({ limit: SHOWN })).sort((a, b) => b.id - a.id);
  const apps = new Map((await routes.services.portal.listApps()).map((a) => [a.id, a.name]));
  const body =
    deliveries.length === 0
      ? html`<p class="panel muted">No events were queued yet.</p>`
      : html`<div class="table-wrap">
          <table id="deliveries-table">
            <caption class="sr-only">
              Event deliveries, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Event</th>
                <th scope="col">Handler</th>
                <th scope="col">Application</th>
                <th scope="col">State</th>
                <th scope="col" class="num">Attempts</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Last error</th>
                <th scope="col">Retry</th>
              </tr>
            </thead>
            <tbody>
              ${deliveries.map((d) => deliveryRow(d, apps, viewer))}
            </tbody>
          </table>
        </div>`;
  return integrationPage(viewer, 'Event deliveries', '/console/integration/deliveries', body);
}

function deliveryRow(d: Delivery, apps: Map<number, string>, viewer: ConsoleViewer): SafeHtml {
  const badge = d.state === 'delivered' ? 'ok' : d.state === 'failed' ? 'bad' : 'warn';
  const state = d.gaveUp ? 'failed, given up' : d.state;
  return html`<tr class="${d.state === 'failed' ? 'row-error' : ''}" id="delivery-${d.id}">
    <td>${d.id}</td>
    <td>${d.event}</td>
    <td>${d.handler === null ? html`<span class="muted">unbound</span>` : maskedForeignUrl(d.handler)}</td>
    <td>${d.application === null ? '—' : (apps.get(d.application) ?? `app ${d.application}`)}</td>
    <td><span class="badge ${badge}">${state}</span></td>
    <td class="num">${d.attempts}</td>
    <td>${d.nextAttemptAt ? shortDate(d.nextAttemptAt) : '—'}</td>
    <td class="wrap">
      ${d.lastError ? html`<span class="error-text last-error"><span class="sr-only">Error: </span>${d.lastError}</span>` : '—'}
    </td>
    <td>
      ${
        d.state === 'delivered'
          ? ''
          : html`<form method="post" action="/console/integration/deliveries/${d.id}/retry">
              <input type="hidden" name="_csrf" value="${viewer.csrfToken}" />
              <button type="submit" aria-label="Retry delivery ${d.id} now">Retry now</button>
            </form>`
      }
    </td>
  </tr>`;
}

// ---- the request journal ------------------------------------------------------------------------

async function journalPage(routes: ConsoleRoutes, viewer: ConsoleViewer, request: FastifyRequest): Promise<SafeHtml> {
  const q = request.query as Record<string, unknown>;
  const method = typeof q.method === 'string' ? q.method.trim().slice(0, 100) : '';
  const errors = q.errors === '1';
  const nearMisses = q.nearMisses === '1';
  const query: JournalQuery = { method: method || undefined, errors, nearMisses, limit: SHOWN };
  const entries = routes.services.journal.list(query).reverse();
  const body = html`<form
      class="filters panel"
      method="get"
      action="/console/integration/journal"
      role="search"
      aria-label="Filter the journal"
    >
      <label>Method <input name="method" value="${method}" size="28" /></label>
      <label class="check"><input type="checkbox" name="errors" value="1" ${errors ? html` checked` : ''} /> Errors only</label>
      <label class="check"
        ><input type="checkbox" name="nearMisses" value="1" ${nearMisses ? html` checked` : ''} /> Near misses only</label
      >
      <button type="submit" class="primary">Filter</button>
      <a class="button" href="/console/integration/journal">Clear</a>
    </form>
    <p class="muted">
      REST calls of this server process, newest first: up to ${SHOWN} of the last ${routes.services.journal.capacity} it keeps; parameters
      masked.
    </p>
    ${
      entries.length === 0
        ? html`<p class="panel muted">No calls match.</p>`
        : html`<div class="table-wrap">
            <table id="journal-table">
              <caption class="sr-only">
                Request journal, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Method</th>
                  <th scope="col">Credential</th>
                  <th scope="col" class="num">Status</th>
                  <th scope="col">Error</th>
                  <th scope="col" class="num">Duration</th>
                  <th scope="col">Near misses</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                ${entries.map(journalRow)}
              </tbody>
            </table>
          </div>`
    }`;
  return integrationPage(viewer, 'Request journal', '/console/integration/journal', body);
}

function journalRow(entry: JournalEntry): SafeHtml {
  const misses = [
    ...entry.nearMisses,
    ...(entry.batch ?? []).flatMap((c) => c.nearMisses.map((m) => ({ ...m, parameter: `${c.key}: ${m.parameter}` }))),
  ];
  const failed = entry.status >= 400 || entry.error !== null || (entry.batch?.some((c) => c.error !== null) ?? false);
  const classes = [failed ? 'row-error' : '', misses.length > 0 ? 'row-near-miss' : ''].filter(Boolean).join(' ');
  const credential =
    entry.auth.kind === 'token'
      ? `app ${entry.auth.appId ?? '?'}${entry.auth.userId ? `, user ${entry.auth.userId}` : ''}`
      : entry.auth.kind === 'webhook'
        ? `webhook ${entry.auth.webhookId ?? '?'}${entry.auth.userId ? `, user ${entry.auth.userId}` : ''}`
        : 'none';
  return html`<tr class="${classes}" id="journal-${entry.id}">
    <td>${shortDate(entry.at)}</td>
    <td>${entry.method}${entry.retried ? html` <span class="badge">replayed</span>` : ''}</td>
    <td>${credential}</td>
    <td class="num">${entry.status}</td>
    <td>
      ${failed ? html`<span class="badge bad">error</span> <span class="error-text">${entry.error ?? 'in a batch command'}</span>` : '—'}
    </td>
    <td class="num">${entry.durationMs} ms</td>
    <td>${misses.length > 0 ? html`<span class="badge warn">near miss</span> ${misses.length}` : '—'}</td>
    <td class="wrap">
      <details>
        <summary>Show</summary>
        ${entry.errorDescription ? html`<p class="error-text">${entry.errorDescription}</p>` : ''}
        <p class="muted">${entry.httpMethod} · ${entry.auth.kind}</p>
        <pre class="code">${entry.params === null ? '(parameters unreadable)' : JSON.stringify(entry.params, null, 2)}</pre>
        ${
          misses.length > 0
            ? html`<ul class="near-misses">
                ${misses.map((m) => html`<li><code>${m.parameter}</code>: ${m.detail} <span class="muted">(${m.kind})</span></li>`)}
              </ul>`
            : ''
        }
      </details>
    </td>
  </tr>`;
}

// ---- helpers --------------------------------------------------------------------------------------

function idParam(request: FastifyRequest): number {
  const { id } = request.params as { id: string };
  if (!/^\d{1,15}$/.test(id)) throw consoleError('NOT_FOUND');
  return Number(id);
}

/** A form's list field: `scopes[]=a&scopes[]=b`, `scopes[0]=a`, or one comma-separated text. */
function formList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (value && typeof value === 'object') return Object.values(value).filter((v): v is string => typeof v === 'string');
  return [];
}

function shortDate(value: string): string {
  return value.replace('T', ' ').slice(0, 19);
}
