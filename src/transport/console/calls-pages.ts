import type { FastifyRequest } from 'fastify';
import type { ConsoleViewer } from '../../features/console/console-access.js';
import { readFilterTerms } from '../../kernel/filter-grammar.js';
import { PAGE_SIZE } from '../../kernel/paging.js';
import type { UserRow } from '../../storage/schema.js';
import type { ConsoleRoutes } from './console-routes.js';
import { html, type SafeHtml } from './html.js';
import { consolePage } from './layout.js';
import { callTypeLabel, formatDuration, userName } from './present.js';

/** The statistics columns a person may sort by, and their headings. */
const SORTABLE = {
  CALL_START_DATE: 'Started',
  CALL_DURATION: 'Duration',
  PHONE_NUMBER: 'Phone',
  PORTAL_USER_ID: 'Employee',
  COST: 'Cost',
} as const;
type SortField = keyof typeof SORTABLE;

/** What the filter form asks for, read from the query string (every field optional). */
interface CallsQuery {
  user: string;
  phone: string;
  type: string;
  outcome: string;
  from: string;
  to: string;
  minDuration: string;
  sort: SortField;
  order: 'asc' | 'desc';
  page: number;
}

/** The calls section: the statistics as a table, filtered and sorted like voximplant.statistic.get. */
export function registerCallsPages(routes: ConsoleRoutes): void {
  routes.page('/console/calls', async (viewer, request) => {
    const query = readCallsQuery(request);
    const page = await routes.services.statistics.list(
      {
        filter: readFilterTerms(statisticFilter(query)),
        sort: { field: query.sort, direction: query.order },
        page: { offset: (query.page - 1) * PAGE_SIZE, limit: PAGE_SIZE, count: true },
      },
      viewer.user,
    );
    const users = await visibleUsers(routes, viewer);
    const names = new Map(users.map((u) => [u.id, userName(u)]));
    return consolePage({
      title: 'Calls',
      viewer,
      section: 'calls',
      body: html`<h1>Calls</h1>
        ${filterForm(query, users)}
        <p class="muted" id="calls-total">${page.total ?? page.items.length} calls${viewer.isAdmin ? '' : ' of yours'}</p>
        ${callsTable(page.items, names, query)} ${pager(query, page.total ?? 0)}`,
    });
  });
}

function readCallsQuery(request: FastifyRequest): CallsQuery {
  const q = request.query as Record<string, unknown>;
  const text = (name: string) => (typeof q[name] === 'string' ? (q[name] as string).trim() : '');
  const sort = text('sort').toUpperCase();
  const page = Number.parseInt(text('page'), 10);
  return {
    user: text('user'),
    phone: text('phone'),
    type: text('type'),
    outcome: text('outcome'),
    from: text('from'),
    to: text('to'),
    minDuration: text('minDuration'),
    sort: sort in SORTABLE ? (sort as SortField) : 'CALL_START_DATE',
    order: text('order').toLowerCase() === 'asc' ? 'asc' : 'desc',
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 1_000_000) : 1,
  };
}

/** The form's fields as a voximplant.statistic.get FILTER: the console filters exactly as the API does. */
function statisticFilter(query: CallsQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (/^\d+$/.test(query.user)) filter.PORTAL_USER_ID = Number(query.user);
  if (query.phone) filter.PHONE_NUMBER = phoneForms(query.phone);
  if (/^[1-5]$/.test(query.type)) filter.CALL_TYPE = Number(query.type);
  if (query.outcome === 'answered') filter.CALL_FAILED_CODE = '200';
  if (query.outcome === 'missed') filter['!CALL_FAILED_CODE'] = '200';
  if (/^\d{4}-\d{2}-\d{2}$/.test(query.from)) filter['>=CALL_START_DATE'] = `${query.from}T00:00:00`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(query.to)) filter['<=CALL_START_DATE'] = `${query.to}T23:59:59`;
  if (/^\d+$/.test(query.minDuration)) filter['>=CALL_DURATION'] = Number(query.minDuration);
  return filter;
}

/**
 * The number as typed, and with or without its leading "+" and separators: connectors store what the PBX
 * sent, most often E.164. An exact match of a few forms is an index lookup; a substring would read every call.
 */
function phoneForms(typed: string): string[] {
  const digits = typed.replace(/\D/g, '');
  return [...new Set([typed, ...(digits ? [digits, `+${digits}`] : [])])];
}

/** Administrators may filter by anyone; an employee sees only their own calls, so only themselves. */
async function visibleUsers(routes: ConsoleRoutes, viewer: ConsoleViewer): Promise<UserRow[]> {
  return viewer.isAdmin ? routes.services.users.all() : [viewer.user];
}

function filterForm(query: CallsQuery, users: readonly UserRow[]): SafeHtml {
  const option = (value: string, label: string, current: string) =>
    html`<option value="${value}" ${value === current ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters panel" method="get" action="/console/calls" role="search" aria-label="Filter calls">
    <label
      >Employee
      <select name="user">
        ${option('', 'Anyone', query.user)}${users.map((u) => option(String(u.id), userName(u), query.user))}
      </select>
    </label>
    <label>Phone number <input name="phone" value="${query.phone}" inputmode="tel" size="14" /></label>
    <label
      >Type
      <select name="type">
        ${option('', 'Any', query.type)}${[1, 2, 3, 4, 5].map((t) => option(String(t), callTypeLabel(t), query.type))}
      </select>
    </label>
    <label
      >Outcome
      <select name="outcome">
        ${option('', 'Any', query.outcome)}${option('answered', 'Answered', query.outcome)}${option('missed', 'Not answered', query.outcome)}
      </select>
    </label>
    <label>From <input type="date" name="from" value="${query.from}" /></label>
    <label>To <input type="date" name="to" value="${query.to}" /></label>
    <label>Min. duration (s) <input name="minDuration" value="${query.minDuration}" inputmode="numeric" size="5" /></label>
    <input type="hidden" name="sort" value="${query.sort}" />
    <input type="hidden" name="order" value="${query.order}" />
    <button type="submit" class="primary">Filter</button>
    <a class="button" href="/console/calls">Clear</a>
  </form>`;
}

function callsTable(items: readonly Record<string, unknown>[], names: Map<number, string>, query: CallsQuery): SafeHtml {
  if (items.length === 0) return html`<p class="panel">No calls match.</p>`;
  const heading = (field: SortField) => {
    const active = query.sort === field;
    const next = active && query.order === 'desc' ? 'asc' : 'desc';
    const sort = active ? (query.order === 'desc' ? 'descending' : 'ascending') : 'none';
    return html`<th scope="col" aria-sort="${sort}" ${field === 'CALL_DURATION' || field === 'COST' ? html` class="num"` : ''}>
      <a href="${linkWith(query, { sort: field, order: next, page: 1 })}"
        >${SORTABLE[field]}${active ? (query.order === 'desc' ? ' ↓' : ' ↑') : ''}</a
      >
    </th>`;
  };
  return html`<div class="table-wrap">
    <table id="calls-table">
      <caption class="sr-only">
        Finished calls
      </caption>
      <thead>
        <tr>
          ${heading('CALL_START_DATE')}${heading('PORTAL_USER_ID')}${heading('PHONE_NUMBER')}
          <th scope="col">Type</th>
          ${heading('CALL_DURATION')}
          <th scope="col">Outcome</th>
          <th scope="col">CRM</th>
          <th scope="col">Recording</th>
          ${heading('COST')}
        </tr>
      </thead>
      <tbody>
        ${items.map((row) => {
          const userId = Number(row.PORTAL_USER_ID);
          const answered = row.CALL_FAILED_CODE === '200';
          return html`<tr>
            <td>
              <a href="/console/calls/${encodeURIComponent(String(row.CALL_ID))}"
                >${String(row.CALL_START_DATE).replace('T', ' ').slice(0, 19)}</a
              >
            </td>
            <td>${names.get(userId) ?? `user ${userId}`}</td>
            <td>${row.PHONE_NUMBER}</td>
            <td>${callTypeLabel(Number(row.CALL_TYPE))}</td>
            <td class="num">${formatDuration(Number(row.CALL_DURATION))}</td>
            <td>
              <span class="badge ${answered ? 'ok' : 'bad'}"
                >${answered ? 'answered' : `${row.CALL_FAILED_CODE} ${row.CALL_FAILED_REASON}`}</span
              >
            </td>
            <td>${row.CRM_ENTITY_TYPE ? `${row.CRM_ENTITY_TYPE} ${row.CRM_ENTITY_ID}` : '—'}</td>
            <td>${row.RECORD_FILE_ID ? html`<span class="badge ok">recorded</span>` : '—'}</td>
            <td class="num">${row.COST} ${row.COST_CURRENCY}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

function pager(query: CallsQuery, total: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return html`<nav class="pager" aria-label="Pages">
    ${query.page > 1 ? html`<a class="button" rel="prev" href="${linkWith(query, { page: query.page - 1 })}">&larr; Newer</a>` : ''}
    <span>Page ${query.page} of ${pages}</span>
    ${query.page < pages ? html`<a class="button" rel="next" href="${linkWith(query, { page: query.page + 1 })}">Older &rarr;</a>` : ''}
  </nav>`;
}

function linkWith(query: CallsQuery, changes: Partial<CallsQuery>): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) if (value !== '' && !(key === 'page' && value === 1)) params.set(key, String(value));
  return `/console/calls?${params.toString()}`;
}
