import type { FastifyRequest } from 'fastify';
import { ChartPeriodRefused, MAX_CHART_DAYS, type ChartDates, type ChartSummary } from '../../features/statistics/call-charts.js';
import { consoleError, type ConsoleError } from '../../kernel/errors/console-error.js';
import type { ConsoleViewer } from '../../features/console/console-access.js';
import type { ConsoleRoutes } from './console-routes.js';
import { html, type SafeHtml } from './html.js';
import { consolePage } from './layout.js';
import { formatDuration } from './present.js';

/** The preset periods offered beside the form: label and number of days up to today. */
const PRESETS: ReadonlyArray<{ label: string; days: number }> = [
  { label: 'Today', days: 1 },
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 30 days', days: 30 },
  { label: 'Last 365 days', days: 365 },
];
const DEFAULT_DAYS = 7;

/**
 * The charts section: a period form, and the statistics of that period drawn by charts.js with
 * Chart.js. Every chart's numbers are on the page as a table too, readable without scripts.
 */
export function registerChartsPages(routes: ConsoleRoutes): void {
  const charts = routes.services.callCharts;

  routes.page('/console/charts', async (viewer, request, reply) => {
    const dates = readDates(request, charts.lastDays(DEFAULT_DAYS));
    let summary: ChartSummary | null = null;
    let refusal: ConsoleError | null = null;
    try {
      summary = await charts.summary(dates, viewer.user);
    } catch (error) {
      refusal = refusalOf(error);
      void reply.code(refusal.status);
    }
    const presets = PRESETS.map((preset) => ({ ...preset, ...charts.lastDays(preset.days) }));
    return consolePage({
      title: 'Charts',
      viewer,
      section: 'charts',
      styles: ['charts.css'],
      scripts: summary ? ['charts.js'] : [],
      body: html`<h1>Charts</h1>
        ${periodForm(dates, presets, refusal)} ${summary ? chartsBody(summary, viewer) : ''}`,
    });
  });

  routes.json('/console/charts/data', async (viewer, request) => {
    try {
      return await charts.summary(readDates(request, charts.lastDays(DEFAULT_DAYS)), viewer.user);
    } catch (error) {
      throw refusalOf(error);
    }
  });
}

/** The query's from/to; a missing one falls back to the default period's. */
function readDates(request: FastifyRequest, fallback: ChartDates): ChartDates {
  const q = request.query as Record<string, unknown>;
  const text = (name: 'from' | 'to') => (typeof q[name] === 'string' && q[name] ? (q[name] as string).trim() : fallback[name]);
  return { from: text('from'), to: text('to') };
}

function refusalOf(error: unknown): ConsoleError {
  if (!(error instanceof ChartPeriodRefused)) throw error;
  if (error.problem === 'reversed') return consoleError('CHART_PERIOD_REVERSED');
  if (error.problem === 'too-long') return consoleError('CHART_PERIOD_TOO_LONG', { days: MAX_CHART_DAYS });
  return consoleError('CHART_PERIOD_INVALID');
}

function periodForm(dates: ChartDates, presets: ReadonlyArray<ChartDates & { label: string }>, refusal: ConsoleError | null): SafeHtml {
  const current = presets.find((p) => p.from === dates.from && p.to === dates.to);
  return html`<form class="filters panel" method="get" action="/console/charts" aria-label="Period">
      <label
        >From
        <input
          type="date"
          name="from"
          value="${dates.from}"
          required${refusal ? html` aria-invalid="true" aria-describedby="period-error"` : ''}
      /></label>
      <label
        >To
        <input
          type="date"
          name="to"
          value="${dates.to}"
          required${refusal ? html` aria-invalid="true" aria-describedby="period-error"` : ''}
      /></label>
      <button type="submit" class="primary">Show</button>
    </form>
    <nav class="chart-presets" aria-label="Preset periods">
      <ul>
        ${presets.map(
          (p) =>
            html`<li>
              <a
                class="button"
                href="/console/charts?${new URLSearchParams({ from: p.from, to: p.to }).toString()}"
                ${p === current ? html` aria-current="true"` : ''}
                >${p.label}</a
              >
            </li>`,
        )}
      </ul>
    </nav>
    ${refusal ? html`<p class="panel error-text" id="period-error" role="alert">${refusal.message}</p>` : ''}`;
}

function chartsBody(summary: ChartSummary, viewer: ConsoleViewer): SafeHtml {
  const { period, totals } = summary;
  const source = `/console/charts/data?${new URLSearchParams({ from: period.from, to: period.to }).toString()}`;
  return html`<p class="muted" id="charts-total">
      ${period.from} to ${period.to} (${period.timeZone}): ${totals.calls} calls${viewer.isAdmin ? '' : ' of yours'}, ${totals.answered}
      answered, ${totals.notAnswered} not answered.
    </p>
    <p class="sr-only" id="charts-status" aria-live="polite"></p>
    <script src="/console/vendor/chart.js/chart.umd.min.js"></script>
    <div class="charts" id="charts" data-source="${source}">
      ${chartFigure(
        'hours',
        'Calls by hour of the day',
        'Bar chart of calls by hour of the day, answered and not answered.',
        countsTable(
          'Calls by hour of the day',
          'Hour',
          summary.hoursOfDay.map((h) => ({ ...h, key: `${String(h.hour).padStart(2, '0')}:00` })),
        ),
      )}
      ${chartFigure(
        'days',
        'Calls per day',
        'Bar chart of calls per day, answered and not answered.',
        countsTable(
          'Calls per day',
          'Day',
          summary.days.map((d) => ({ ...d, key: d.date })),
        ),
      )}
      ${chartFigure('employees', 'Answered and not answered calls per employee', 'Stacked bar chart of calls per employee.', employeesTable(summary))}
      ${chartFigure('durations', 'Calls by duration', 'Bar chart of how many calls lasted how long.', durationsTable(summary))}
      <figure class="panel chart chart-costs" id="chart-costs-figure">
        <figcaption>Cost by currency</figcaption>
        ${costsTable(summary)}
      </figure>
    </div>`;
}

function chartFigure(id: string, caption: string, description: string, numbers: SafeHtml): SafeHtml {
  return html`<figure class="panel chart" id="chart-${id}-figure">
    <figcaption id="chart-${id}-caption">${caption}</figcaption>
    <div class="chart-canvas">
      <canvas
        id="chart-${id}"
        role="img"
        aria-label="${description} The numbers are in the table below."
        aria-describedby="chart-${id}-caption"
      ></canvas>
    </div>
    <details>
      <summary>Numbers</summary>
      ${numbers}
    </details>
  </figure>`;
}

/** A row of a numbers table: its heading cell, then the numbers. */
type NumbersRow = readonly [label: unknown, ...numbers: unknown[]];

/** The numbers behind a chart: a heading column, then right-aligned number columns. */
function numbersTable(caption: string, headings: readonly [string, ...string[]], rows: readonly NumbersRow[]): SafeHtml {
  const [keyHeading, ...numberHeadings] = headings;
  return html`<div class="table-wrap">
    <table>
      <caption class="sr-only">
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${keyHeading}</th>
          ${numberHeadings.map((heading) => html`<th scope="col" class="num">${heading}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ([label, ...numbers]) =>
            html`<tr>
              <th scope="row">${label}</th>
              ${numbers.map((value) => html`<td class="num">${value}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function countsTable(
  caption: string,
  keyHeading: string,
  rows: ReadonlyArray<{ key: string; answered: number; notAnswered: number }>,
): SafeHtml {
  return numbersTable(
    caption,
    [keyHeading, 'Answered', 'Not answered', 'All'],
    rows.map((r) => [r.key, r.answered, r.notAnswered, r.answered + r.notAnswered]),
  );
}

function employeesTable(summary: ChartSummary): SafeHtml {
  if (summary.employees.length === 0) return html`<p class="muted">No calls in this period.</p>`;
  return numbersTable(
    'Calls per employee',
    ['Employee', 'Answered', 'Not answered', 'Total duration'],
    summary.employees.map((e) => [e.name, e.answered, e.notAnswered, formatDuration(e.durationSeconds)]),
  );
}

function durationsTable(summary: ChartSummary): SafeHtml {
  return numbersTable(
    'Calls by duration',
    ['Duration', 'Calls'],
    summary.durations.map((d) => [d.label, d.calls]),
  );
}

function costsTable(summary: ChartSummary): SafeHtml {
  if (summary.costs.length === 0) return html`<p class="muted">No calls in this period.</p>`;
  return numbersTable(
    'Cost by currency',
    ['Currency', 'Cost', 'Calls'],
    summary.costs.map((c) => [c.currency || '—', c.cost.toFixed(4), c.calls]),
  );
}
