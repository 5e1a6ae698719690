import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleViewer } from '../../features/console/console-access.js';
import type { LiveCard, LiveCardsSnapshot } from '../../features/telephony/live-cards.js';
import { consoleError } from '../../kernel/errors/console-error.js';
import { formatPortalDate } from '../../kernel/portal-time.js';
import { SESSION_COOKIE, type ConsoleRoutes } from './console-routes.js';
import { html, type SafeHtml } from './html.js';
import { consolePage } from './layout.js';
import { callTypeLabel, crmEntityPath, userName } from './present.js';

/** Other instances sharing a PostgreSQL database change cards too: their changes are seen by re-reading this often. */
const POLL_MS = 2000;
/** A comment this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * The live view of call cards: the page, and a server-sent event stream of snapshots that
 * live.js renders. A stream ends when its client leaves or the server closes.
 */
export function registerLivePages(routes: ConsoleRoutes): void {
  const streams = new Set<() => void>();
  // Open streams would keep the server from closing: end them first.
  routes.app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  routes.page('/console/live', async (viewer, request) => {
    const forUserId = pickedUser(viewer, request);
    const snapshot = await routes.services.liveCards.snapshot(viewer.user, forUserId);
    const employees = viewer.isAdmin ? (await routes.services.users.all()).filter((u) => u.active === 1) : [];
    const stream = `/console/live/stream${forUserId !== null ? `?user=${forUserId}` : ''}`;
    return consolePage({
      title: 'Live',
      viewer,
      section: 'live',
      scripts: ['live.js'],
      styles: ['live.css'],
      body: html`<h1>Call cards shown now</h1>
        ${
          viewer.isAdmin
            ? html`<form class="filters panel" method="get" action="/console/live" aria-label="Whose cards">
                <label
                  >Employee
                  <select name="user" id="live-user">
                    <option value="">Everyone</option>
                    ${employees.map(
                      (u) => html`<option value="${u.id}" ${u.id === forUserId ? html` selected` : ''}>${userName(u)}</option>`,
                    )}
                  </select>
                </label>
                <button type="submit" class="primary">Show</button>
              </form>`
            : html`<p class="muted">The cards of calls shown to you.</p>`
        }
        <p class="muted" id="live-status" role="status">Updates as calls come and go.</p>
        <div
          id="live-cards"
          class="live-cards"
          aria-live="polite"
          data-stream="${stream}"
          data-time-zone="${routes.services.config.timeZone}"
        >
          ${renderSnapshot(snapshot, routes.services.config.timeZone)}
        </div>`,
    });
  });

  routes.app.get('/console/live/stream', async (request, reply) => {
    const viewer = await routes.viewerOf(request);
    if (!viewer) {
      const error = consoleError('SIGNED_OUT');
      return reply.code(error.status).header('cache-control', 'no-store').send({ refused: error.key, message: error.message });
    }
    openStream(routes, request, reply, viewer, streams);
    return reply;
  });
}

function openStream(
  routes: ConsoleRoutes,
  request: FastifyRequest,
  reply: FastifyReply,
  first: ConsoleViewer,
  streams: Set<() => void>,
): void {
  const forUserId = pickedUser(first, request);
  const sessionId = request.cookies[SESSION_COOKIE];
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store, no-transform',
    connection: 'keep-alive',
    // Proxies such as nginx must pass each event on at once.
    'x-accel-buffering': 'no',
  });
  out.flushHeaders();
  out.write('retry: 3000\n\n');

  let ended = false;
  let last = '';
  let running = false;
  let again = false;
  let viewer = first;

  /** Sends the snapshot if it differs from the last one sent; one read at a time. */
  const refresh = async (recheckViewer: boolean): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        if (recheckViewer && sessionId) {
          // A session that ended (signed out, expired, user dismissed) ends its stream.
          const current = await routes.services.consoleAccess.viewer(sessionId);
          if (!current) return end();
          viewer = current;
        }
        const snapshot = await routes.services.liveCards.snapshot(viewer.user, forUserId);
        const text = JSON.stringify(snapshot);
        if (ended || text === last) continue;
        last = text;
        out.write(`event: cards\ndata: ${text}\n\n`);
      } while (again && !ended);
    } catch (error) {
      request.log.warn({ err: error }, 'live cards stream: snapshot failed');
    } finally {
      running = false;
    }
  };

  const unsubscribe = routes.services.liveCards.onChange(() => void refresh(false));
  const poll = setInterval(() => void refresh(true), POLL_MS);
  const heartbeat = setInterval(() => {
    if (!ended) out.write(': heartbeat\n\n');
  }, HEARTBEAT_MS);

  function end(): void {
    if (ended) return;
    ended = true;
    clearInterval(poll);
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(end);
    if (!out.writableEnded) out.end();
  }
  streams.add(end);
  request.raw.on('close', end);
  out.on('close', end);
  out.on('error', end);
  void refresh(false);
}

/** Administrators may look at one employee's cards (`?user=`); an employee always sees their own. */
function pickedUser(viewer: ConsoleViewer, request: FastifyRequest): number | null {
  if (!viewer.isAdmin) return viewer.user.id;
  const raw = (request.query as Record<string, unknown>).user;
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

/** The same markup live.js builds, for the first paint and for browsers without scripts. */
function renderSnapshot(snapshot: LiveCardsSnapshot, timeZone: string): SafeHtml {
  if (snapshot.employees.length === 0) return html`<p class="panel muted live-empty">No cards shown now.</p>`;
  return html`${snapshot.employees.map(
    (employee) =>
      html`<section class="panel live-employee" aria-label="Cards of ${employee.name}">
        <h2>${employee.name}</h2>
        <ul class="live-list">
          ${employee.cards.map((card) => renderCard(card, timeZone))}
        </ul>
      </section>`,
  )}`;
}

function renderCard(card: LiveCard, timeZone: string): SafeHtml {
  const since = formatPortalDate(card.startedAt * 1000, timeZone)
    .replace('T', ' ')
    .slice(0, 19);
  return html`<li class="live-card" data-call-id="${card.callId}">
    <a class="live-phone" href="/console/calls/${encodeURIComponent(card.callId)}">${card.phoneNumber}</a>
    <span class="badge">${callTypeLabel(card.callType)}</span>
    <dl class="fields">
      <dt>CRM</dt>
      <dd>
        ${
          card.crm
            ? html`<a href="${crmEntityPath(card.crm.type, card.crm.id)}">${card.crm.title ?? `${card.crm.type} ${card.crm.id}`}</a>`
            : 'not in the CRM'
        }
      </dd>
      ${
        card.crm?.responsible
          ? html`<dt>Responsible</dt>
              <dd>${card.crm.responsible.name}</dd>`
          : ''
      }
      ${
        card.lineNumber
          ? html`<dt>Line</dt>
              <dd>${card.lineNumber}</dd>`
          : ''
      }
      <dt>Since</dt>
      <dd><time datetime="${new Date(card.startedAt * 1000).toISOString()}">${since}</time></dd>
    </dl>
  </li>`;
}
