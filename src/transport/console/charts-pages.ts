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

function countsTable(
  caption: string,
  keyHeading: string,
  rows: ReadonlyArray<{ key: string; answered: number; notAnswered: number }>,
): SafeHtml {
  return html`<div class="table-wrap">
    <table>
      <caption class="sr-only">
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${keyHeading}</th>
          <th scope="col" class="num">Answered</th>
          <th scope="col" class="num">Not answered</th>
          <th scope="col" class="num">All</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <th scope="row">${r.key}</th>
              <td class="num">${r.answered}</td>
              <td class="num">${r.notAnswered}</td>
              <td class="num">${r.answered + r.notAnswered}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function employeesTable(summary: ChartSummary): SafeHtml {
  if (summary.employees.length === 0) return html`<p class="muted">No calls in this period.</p>`;
  return html`<div class="table-wrap">
    <table>
      <caption class="sr-only">
        Calls per employee
      </caption>
      <thead>
        <tr>
          <th scope="col">Employee</th>
          <th scope="col" class="num">Answered</th>
          <th scope="col" class="num">Not answered</th>
          <th scope="col" class="num">Total duration</th>
        </tr>
      </thead>
      <tbody>
        ${summary.employees.map(
          (e) =>
            html`<tr>
              <th scope="row">${e.name}</th>
              <td class="num">${e.answered}</td>
              <td class="num">${e.notAnswered}</td>
              <td class="num">${formatDuration(e.durationSeconds)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function durationsTable(summary: ChartSummary): SafeHtml {
  return html`<div class="table-wrap">
    <table>
      <caption class="sr-only">
        Calls by duration
      </caption>
      <thead>
        <tr>
          <th scope="col">Duration</th>
          <th scope="col" class="num">Calls</th>
        </tr>
      </thead>
      <tbody>
        ${summary.durations.map(
          (d) =>
            html`<tr>
              <th scope="row">${d.label}</th>
              <td class="num">${d.calls}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function costsTable(summary: ChartSummary): SafeHtml {
  if (summary.costs.length === 0) return html`<p class="muted">No calls in this period.</p>`;
  return html`<div class="table-wrap">
    <table>
      <caption class="sr-only">
        Cost by currency
      </caption>
      <thead>
        <tr>
          <th scope="col">Currency</th>
          <th scope="col" class="num">Cost</th>
          <th scope="col" class="num">Calls</th>
        </tr>
      </thead>
      <tbody>
        ${summary.costs.map(
          (c) =>
            html`<tr>
              <th scope="row">${c.currency || '—'}</th>
              <td class="num">${c.cost.toFixed(4)}</td>
              <td class="num">${c.calls}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
