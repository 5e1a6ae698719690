import type { FastifyRequest } from 'fastify';
import type { ConsoleViewer } from '../../features/console/console-access.js';
import { OWNER_TYPE_ID } from '../../features/crm/crm-types.js';
import { readFilterTerms } from '../../kernel/filter-grammar.js';
import { consoleError } from '../../kernel/errors/console-error.js';
import { RestError } from '../../kernel/errors/rest-error.js';
import { PAGE_SIZE } from '../../kernel/paging.js';
import { parsePortalDate } from '../../kernel/portal-time.js';
import type { CrmObjectType, UserRow } from '../../storage/schema.js';
import type { ConsoleRoutes } from './console-routes.js';
import { html, type SafeHtml } from './html.js';
import { consolePage } from './layout.js';
import { formatDuration, userName } from './present.js';

/**
 * The CRM section: lists and records of the four kinds, with their timelines.
 *
 * The REST API does not restrict the CRM per employee today (every caller with the crm scope sees every
 * record), so the console shows every signed-in person the CRM exactly as the REST API shows it to them.
 */

/** One kind of CRM record as the console names it in its URLs. */
interface CrmKind {
  type: CrmObjectType;
  slug: 'contacts' | 'companies' | 'leads' | 'deals';
  plural: string;
  singular: string;
  /** The search fields its list filter allows, each with its filter key. */
  search: ReadonlyArray<{ name: string; label: string; filterKey: string; inputMode?: string }>;
  /** Columns one may sort by (crm.*.list `order` fields), with their headings. */
  sortable: Readonly<Record<string, string>>;
  /** The fields shown on a record's page, in order, when they hold something. */
  mainFields: readonly string[];
}

const NAME_SEARCH = [
  { name: 'name', label: 'First name contains', filterKey: '%NAME' },
  { name: 'lastName', label: 'Last name contains', filterKey: '%LAST_NAME' },
] as const;
const TITLE_SEARCH = { name: 'title', label: 'Title contains', filterKey: '%TITLE' } as const;
const COMMUNICATION_SEARCH = [
  { name: 'phone', label: 'Phone', filterKey: 'PHONE', inputMode: 'tel' },
  { name: 'email', label: 'E-mail', filterKey: 'EMAIL', inputMode: 'email' },
] as const;

const KINDS: readonly CrmKind[] = [
  {
    type: 'CONTACT',
    slug: 'contacts',
    plural: 'Contacts',
    singular: 'Contact',
    search: [...NAME_SEARCH, ...COMMUNICATION_SEARCH],
    sortable: { ID: 'ID', LAST_NAME: 'Name', DATE_MODIFY: 'Modified' },
    mainFields: [
      'HONORIFIC',
      'NAME',
      'SECOND_NAME',
      'LAST_NAME',
      'POST',
      'TYPE_ID',
      'SOURCE_ID',
      'BIRTHDATE',
      'ADDRESS',
      'COMMENTS',
      'DATE_CREATE',
      'DATE_MODIFY',
    ],
  },
  {
    type: 'COMPANY',
    slug: 'companies',
    plural: 'Companies',
    singular: 'Company',
    search: [TITLE_SEARCH, ...COMMUNICATION_SEARCH],
    sortable: { ID: 'ID', TITLE: 'Title', DATE_MODIFY: 'Modified' },
    mainFields: [
      'TITLE',
      'COMPANY_TYPE',
      'INDUSTRY',
      'EMPLOYEES',
      'REVENUE',
      'CURRENCY_ID',
      'ADDRESS',
      'COMMENTS',
      'DATE_CREATE',
      'DATE_MODIFY',
    ],
  },
  {
    type: 'LEAD',
    slug: 'leads',
    plural: 'Leads',
    singular: 'Lead',
    search: [TITLE_SEARCH, ...NAME_SEARCH, ...COMMUNICATION_SEARCH],
    sortable: { ID: 'ID', TITLE: 'Title', STATUS_ID: 'Stage', DATE_MODIFY: 'Modified' },
    mainFields: [
      'TITLE',
      'NAME',
      'SECOND_NAME',
      'LAST_NAME',
      'COMPANY_TITLE',
      'POST',
      'STATUS_ID',
      'SOURCE_ID',
      'SOURCE_DESCRIPTION',
      'OPPORTUNITY',
      'CURRENCY_ID',
      'COMMENTS',
      'DATE_CREATE',
      'DATE_MODIFY',
    ],
  },
  {
    type: 'DEAL',
    slug: 'deals',
    plural: 'Deals',
    singular: 'Deal',
    search: [TITLE_SEARCH],
    sortable: { ID: 'ID', TITLE: 'Title', STAGE_ID: 'Stage', OPPORTUNITY: 'Amount', DATE_MODIFY: 'Modified' },
    mainFields: [
      'TITLE',
      'TYPE_ID',
      'STAGE_ID',
      'PROBABILITY',
      'OPPORTUNITY',
      'CURRENCY_ID',
      'BEGINDATE',
      'CLOSEDATE',
      'CLOSED',
      'COMMENTS',
      'DATE_CREATE',
      'DATE_MODIFY',
    ],
  },
];

/** How many activities and comments a record's timeline shows at most (the newest). */
const TIMELINE_LIMIT = 200;
/** crm.activity TYPE_ID of a call. */
const CALL_ACTIVITY_TYPE = '2';

interface CrmQuery {
  search: Record<string, string>;
  sort: string;
  order: 'asc' | 'desc';
  page: number;
}

export function registerCrmPages(routes: ConsoleRoutes): void {
  for (const kind of KINDS) {
    routes.page(`/console/crm/${kind.slug}`, async (viewer, request) => listPage(routes, viewer, kind, request));
    routes.page(`/console/crm/${kind.slug}/:id`, async (viewer, request) => recordPage(routes, viewer, kind, request));
  }
}

// ---- the list ---------------------------------------------------------------------------------

async function listPage(routes: ConsoleRoutes, viewer: ConsoleViewer, kind: CrmKind, request: FastifyRequest): Promise<SafeHtml> {
  const query = readCrmQuery(kind, request);
  const filter: Record<string, unknown> = {};
  for (const field of kind.search) if (query.search[field.name]) filter[field.filterKey] = query.search[field.name];
  const page = await routes.services.crm.list(kind.type, {
    filter: readFilterTerms(filter),
    order: [{ field: query.sort, direction: query.order }],
    select: kind.type === 'DEAL' ? ['*'] : ['*', 'PHONE', 'EMAIL'],
    page: { offset: (query.page - 1) * PAGE_SIZE, limit: PAGE_SIZE, count: true },
  });
  const names = await userNames(routes);
  const total = page.total ?? page.items.length;
  return consolePage({
    title: kind.plural,
    viewer,
    section: 'crm',
    styles: ['crm.css'],
    body: html`<h1>CRM: ${kind.plural}</h1>
      ${kindTabs(kind)} ${searchForm(kind, query)}
      <p class="muted" id="crm-total">${total} ${total === 1 ? kind.singular.toLowerCase() : kind.plural.toLowerCase()}</p>
      ${recordsTable(kind, page.items, names, query)} ${pager(kind, query, total)}`,
  });
}

function readCrmQuery(kind: CrmKind, request: FastifyRequest): CrmQuery {
  const q = request.query as Record<string, unknown>;
  const text = (name: string) => (typeof q[name] === 'string' ? (q[name] as string).trim().slice(0, 200) : '');
  const search: Record<string, string> = {};
  for (const field of kind.search) search[field.name] = text(field.name);
  const sort = text('sort').toUpperCase();
  const page = Number.parseInt(text('page'), 10);
  return {
    search,
    sort: sort in kind.sortable ? sort : 'ID',
    order: text('order').toLowerCase() === 'asc' ? 'asc' : 'desc',
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 1_000_000) : 1,
  };
}

function kindTabs(current: CrmKind): SafeHtml {
  return html`<nav class="tabs" aria-label="CRM record kinds">
    <ul>
      ${KINDS.map(
        (kind) =>
          html`<li><a href="/console/crm/${kind.slug}" ${kind === current ? html` aria-current="page"` : ''}>${kind.plural}</a></li>`,
      )}
    </ul>
  </nav>`;
}

function searchForm(kind: CrmKind, query: CrmQuery): SafeHtml {
  return html`<form
    class="filters panel"
    method="get"
    action="/console/crm/${kind.slug}"
    role="search"
    aria-label="Search ${kind.plural.toLowerCase()}"
  >
    ${kind.search.map(
      (field) =>
        html`<label
          >${field.label}
          <input
            name="${field.name}"
            value="${query.search[field.name]}"
            ${field.inputMode ? html` inputmode="${field.inputMode}"` : ''}
            size="16"
        /></label>`,
    )}
    <input type="hidden" name="sort" value="${query.sort}" />
    <input type="hidden" name="order" value="${query.order}" />
    <button type="submit" class="primary">Search</button>
    <a class="button" href="/console/crm/${kind.slug}">Clear</a>
  </form>`;
}

function recordsTable(kind: CrmKind, items: readonly Record<string, unknown>[], names: Map<number, string>, query: CrmQuery): SafeHtml {
  if (items.length === 0) return html`<p class="panel">No ${kind.plural.toLowerCase()} match.</p>`;
  const heading = (field: string) => {
    const active = query.sort === field;
    const next = active && query.order === 'desc' ? 'asc' : 'desc';
    const sort = active ? (query.order === 'desc' ? 'descending' : 'ascending') : 'none';
    return html`<th scope="col" aria-sort="${sort}" ${field === 'ID' || field === 'OPPORTUNITY' ? html` class="num"` : ''}>
      <a href="${listLink(kind, query, { sort: field, order: next, page: 1 })}"
        >${kind.sortable[field]}${active ? (query.order === 'desc' ? ' ↓' : ' ↑') : ''}</a
      >
    </th>`;
  };
  const nameHeading = kind.type === 'CONTACT' ? heading('LAST_NAME') : heading('TITLE');
  const hasCommunications = kind.type !== 'DEAL';
  return html`<div class="table-wrap">
    <table id="crm-table">
      <caption class="sr-only">
        ${kind.plural}
      </caption>
      <thead>
        <tr>
          ${heading('ID')}${nameHeading}
          ${
            kind.type === 'LEAD'
              ? html`${heading('STATUS_ID')}
                  <th scope="col">Person</th>`
              : ''
          }
          ${kind.type === 'DEAL' ? html`${heading('STAGE_ID')}${heading('OPPORTUNITY')}` : ''}
          ${
            hasCommunications
              ? html`<th scope="col">Phone</th>
                  <th scope="col">E-mail</th>`
              : ''
          }
          <th scope="col">Responsible</th>
          ${heading('DATE_MODIFY')}
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (row) =>
            html`<tr>
              <td class="num">${row.ID}</td>
              <td><a href="/console/crm/${kind.slug}/${encodeURIComponent(String(row.ID))}">${recordName(kind, row)}</a></td>
              ${
                kind.type === 'LEAD'
                  ? html`<td>${row.STATUS_ID}</td>
                      <td>${personName(row) || '—'}</td>`
                  : ''
              }
              ${
                kind.type === 'DEAL'
                  ? html`<td>${row.STAGE_ID}</td>
                      <td class="num">${row.OPPORTUNITY} ${row.CURRENCY_ID}</td>`
                  : ''
              }
              ${
                hasCommunications
                  ? html`<td>${firstValue(row.PHONE) ?? '—'}</td>
                      <td>${firstValue(row.EMAIL) ?? '—'}</td>`
                  : ''
              }
              <td>${responsible(row, names)}</td>
              <td>${shortDate(row.DATE_MODIFY)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function pager(kind: CrmKind, query: CrmQuery, total: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return html`<nav class="pager" aria-label="Pages">
    ${query.page > 1 ? html`<a class="button" rel="prev" href="${listLink(kind, query, { page: query.page - 1 })}">&larr; Previous</a>` : ''}
    <span>Page ${query.page} of ${pages}</span>
    ${query.page < pages ? html`<a class="button" rel="next" href="${listLink(kind, query, { page: query.page + 1 })}">Next &rarr;</a>` : ''}
  </nav>`;
}

function listLink(kind: CrmKind, query: CrmQuery, changes: Partial<Omit<CrmQuery, 'search'>>): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged.search)) if (value) params.set(key, value);
  params.set('sort', merged.sort);
  params.set('order', merged.order);
  if (merged.page !== 1) params.set('page', String(merged.page));
  return `/console/crm/${kind.slug}?${params.toString()}`;
}

// ---- one record -------------------------------------------------------------------------------

async function recordPage(routes: ConsoleRoutes, viewer: ConsoleViewer, kind: CrmKind, request: FastifyRequest): Promise<SafeHtml> {
  const { id: idText } = request.params as { id: string };
  if (!/^\d{1,9}$/.test(idText)) throw consoleError('NOT_FOUND');
  const id = Number(idText);
  const { crm } = routes.services;
  let record: Record<string, unknown>;
  try {
    record = await crm.get(kind.type, id);
  } catch (error) {
    if (error instanceof RestError) throw consoleError('NOT_FOUND');
    throw error;
  }
  const titles = crm.fieldDescriptors(kind.type) as Record<string, { title?: string }>;
  const names = await userNames(routes);
  const timeline = await timelineOf(routes, viewer, kind, id, names);
  const name = recordName(kind, record);
  return consolePage({
    title: `${kind.singular}: ${name}`,
    viewer,
    section: 'crm',
    styles: ['crm.css'],
    body: html`<p><a href="/console/crm/${kind.slug}">&larr; ${kind.plural}</a></p>
      ${kindTabs(kind)}
      <h1>${kind.singular}: ${name}</h1>
      <div class="grid">
        <section class="panel" aria-labelledby="crm-fields-heading">
          <h2 id="crm-fields-heading">Details</h2>
          <dl class="fields" id="crm-fields">
            <dt>ID</dt>
            <dd>${record.ID}</dd>
            <dt>Responsible</dt>
            <dd id="crm-responsible">${responsible(record, names)}</dd>
            ${kind.mainFields
              .filter((field) => !isEmpty(record[field]))
              .map(
                (field) =>
                  html`<dt>${titles[field]?.title ?? field}</dt>
                    <dd>${displayValue(record[field])}</dd>`,
              )}
            ${relatedLinks(kind, record)}
          </dl>
        </section>
        ${kind.type === 'DEAL' ? '' : communications(record)}
      </div>
      <section aria-labelledby="crm-timeline-heading">
        <h2 id="crm-timeline-heading">Timeline</h2>
        ${timeline}
      </section>`,
  });
}

/** The company of a contact, and the contact and company of a deal or a lead, as links. */
function relatedLinks(kind: CrmKind, record: Record<string, unknown>): SafeHtml {
  const link = (label: string, slug: string, value: unknown) =>
    isEmpty(value) || value === '0'
      ? ''
      : html`<dt>${label}</dt>
          <dd><a href="/console/crm/${slug}/${encodeURIComponent(String(value))}">${label} #${value}</a></dd>`;
  if (kind.type === 'CONTACT') return html`${link('Company', 'companies', record.COMPANY_ID)}`;
  if (kind.type === 'DEAL' || kind.type === 'LEAD')
    return html`${link('Contact', 'contacts', record.CONTACT_ID)}${link('Company', 'companies', record.COMPANY_ID)}`;
  return html``;
}

function communications(record: Record<string, unknown>): SafeHtml {
  const entries = (value: unknown) => (Array.isArray(value) ? (value as Array<Record<string, unknown>>) : []);
  const phones = entries(record.PHONE);
  const emails = entries(record.EMAIL);
  const item = (scheme: 'tel' | 'mailto', entry: Record<string, unknown>) =>
    html`<li><a href="${scheme}:${String(entry.VALUE)}">${entry.VALUE}</a> <span class="muted">${entry.VALUE_TYPE}</span></li>`;
  return html`<section class="panel" aria-labelledby="crm-communications-heading">
    <h2 id="crm-communications-heading">Phones and e-mails</h2>
    <h3>Phones</h3>
    ${
      phones.length > 0
        ? html`<ul class="crm-communications" id="crm-phones">
            ${phones.map((p) => item('tel', p))}
          </ul>`
        : html`<p class="muted">None</p>`
    }
    <h3>E-mails</h3>
    ${
      emails.length > 0
        ? html`<ul class="crm-communications" id="crm-emails">
            ${emails.map((e) => item('mailto', e))}
          </ul>`
        : html`<p class="muted">None</p>`
    }
  </section>`;
}

/** One entry of a record's timeline, dated for sorting. */
interface TimelineItem {
  at: string;
  ms: number;
  markup: SafeHtml;
}

async function timelineOf(
  routes: ConsoleRoutes,
  viewer: ConsoleViewer,
  kind: CrmKind,
  id: number,
  names: Map<number, string>,
): Promise<SafeHtml> {
  const { activities, timeline, statistics, config } = routes.services;
  const page = { offset: 0, limit: TIMELINE_LIMIT, count: false };
  const ownerTypeId = OWNER_TYPE_ID[kind.type];
  const activityRows = (
    await activities.list({ filter: [], order: [{ field: 'START_TIME', direction: 'desc' }], select: ['*'], page }, [
      { ownerTypeId, ownerId: id },
    ])
  ).items;
  const comments = (await timeline.list({ entityType: kind.type, entityId: id, ids: null, authorIds: null, order: [], select: [], page }))
    .items;
  const dated = (at: unknown) => ({ at: String(at ?? ''), ms: parsePortalDate(String(at ?? ''), config.timeZone) ?? 0 });
  const items: TimelineItem[] = [];
  for (const activity of activityRows) {
    const isCall = String(activity.TYPE_ID) === CALL_ACTIVITY_TYPE;
    const callId = isCall ? await statistics.callIdOfActivity(Number(activity.ID), viewer.user) : null;
    items.push({
      ...dated(activity.START_TIME),
      markup: isCall ? callEntry(activity, callId, names, config.timeZone) : activityEntry(activity, names),
    });
  }
  for (const comment of comments) items.push({ ...dated(comment.CREATED), markup: commentEntry(comment, names) });
  if (items.length === 0) return html`<p class="panel muted">Nothing has happened here yet.</p>`;
  items.sort((a, b) => b.ms - a.ms);
  return html`<ol class="timeline" id="crm-timeline">
    ${items.map((item) => html`<li><time datetime="${item.at}">${shortDate(item.at)}</time>${item.markup}</li>`)}
  </ol>`;
}

function callEntry(activity: Record<string, unknown>, callId: string | null, names: Map<number, string>, timeZone: string): SafeHtml {
  const direction = String(activity.DIRECTION) === '1' ? 'Incoming call' : String(activity.DIRECTION) === '2' ? 'Outgoing call' : 'Call';
  const start = parsePortalDate(String(activity.START_TIME ?? ''), timeZone);
  const end = parsePortalDate(String(activity.END_TIME ?? ''), timeZone);
  const duration = start !== null && end !== null && end >= start ? formatDuration((end - start) / 1000) : null;
  return html`<span class="badge">${direction}</span>
    <strong>${activity.SUBJECT}</strong>
    ${duration ? html`<span class="muted">· duration ${duration}</span>` : ''}
    <span class="muted">· ${names.get(Number(activity.RESPONSIBLE_ID)) ?? `user ${activity.RESPONSIBLE_ID}`}</span>
    ${callId ? html` · <a href="/console/calls/${encodeURIComponent(callId)}">call details</a>` : ''}`;
}

const ACTIVITY_TYPES: Record<string, string> = { '1': 'Meeting', '2': 'Call', '3': 'Task', '4': 'E-mail', '6': 'Activity' };

function activityEntry(activity: Record<string, unknown>, names: Map<number, string>): SafeHtml {
  const label = ACTIVITY_TYPES[String(activity.TYPE_ID)] ?? 'Activity';
  return html`<span class="badge">${label}</span>
    <strong>${activity.SUBJECT}</strong>
    ${activity.COMPLETED === 'Y' ? html`<span class="muted">· done</span>` : html`<span class="muted">· open</span>`}
    <span class="muted">· ${names.get(Number(activity.RESPONSIBLE_ID)) ?? `user ${activity.RESPONSIBLE_ID}`}</span>`;
}

function commentEntry(comment: Record<string, unknown>, names: Map<number, string>): SafeHtml {
  return html`<span class="badge">Comment</span>
    <span class="muted">${names.get(Number(comment.AUTHOR_ID)) ?? `user ${comment.AUTHOR_ID}`}:</span>
    <p class="crm-comment">${comment.COMMENT}</p>`;
}

// ---- small helpers ----------------------------------------------------------------------------

async function userNames(routes: ConsoleRoutes): Promise<Map<number, string>> {
  const users: UserRow[] = await routes.services.users.all();
  return new Map(users.map((u) => [u.id, userName(u)]));
}

function recordName(kind: CrmKind, row: Record<string, unknown>): string {
  const fallback = `${kind.singular} #${String(row.ID)}`;
  if (kind.type === 'CONTACT') return personName(row) || fallback;
  return String(row.TITLE ?? '') || personName(row) || fallback;
}

function personName(row: Record<string, unknown>): string {
  return [row.NAME, row.SECOND_NAME, row.LAST_NAME].filter((p) => typeof p === 'string' && p !== '').join(' ');
}

function responsible(row: Record<string, unknown>, names: Map<number, string>): string {
  const id = Number(row.ASSIGNED_BY_ID);
  return names.get(id) ?? (id > 0 ? `user ${id}` : '—');
}

function firstValue(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const first = value[0] as Record<string, unknown>;
  return typeof first.VALUE === 'string' ? first.VALUE : null;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function displayValue(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value)) return shortDate(value);
  if (value === 'Y') return 'yes';
  if (value === 'N') return 'no';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A portal date (2026-03-10T11:00:00+01:00) as people read it. */
function shortDate(value: unknown): string {
  const text = String(value ?? '');
  return text ? text.replace('T', ' ').slice(0, 16) : '—';
}
