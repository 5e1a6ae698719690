/* global document, window, getComputedStyle */
// The charts of the charts page: fetches the period's numbers (the same ones the page's tables show)
// and draws them with Chart.js, loaded before this module as a classic script (window.Chart).

const container = document.getElementById('charts');
const status = document.getElementById('charts-status');

function colours() {
  const style = getComputedStyle(container);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    answered: read('--chart-answered', '#1a7f37'),
    missed: read('--chart-missed', '#cf222e'),
    neutral: read('--chart-neutral', '#1f6feb'),
  };
}

function draw(id, config) {
  const canvas = document.getElementById(id);
  if (!canvas) return;
  new window.Chart(canvas, {
    ...config,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      ...config.options,
    },
  });
}

function answeredSeries(labels, rows, colour, stacked) {
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'Answered', data: rows.map((r) => r.answered), backgroundColor: colour.answered },
        { label: 'Not answered', data: rows.map((r) => r.notAnswered), backgroundColor: colour.missed },
      ],
    },
    options: {
      scales: { x: { stacked, ticks: { precision: 0 } }, y: { stacked, beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
}

function render(summary) {
  const colour = colours();
  draw(
    'chart-hours',
    answeredSeries(
      summary.hoursOfDay.map((h) => `${String(h.hour).padStart(2, '0')}:00`),
      summary.hoursOfDay,
      colour,
      true,
    ),
  );
  draw(
    'chart-days',
    answeredSeries(
      summary.days.map((d) => d.date),
      summary.days,
      colour,
      true,
    ),
  );
  const employees = answeredSeries(
    summary.employees.map((e) => e.name),
    summary.employees,
    colour,
    true,
  );
  draw('chart-employees', { ...employees, options: { ...employees.options, indexAxis: 'y' } });
  draw('chart-durations', {
    type: 'bar',
    data: {
      labels: summary.durations.map((d) => d.label),
      datasets: [{ label: 'Calls', data: summary.durations.map((d) => d.calls), backgroundColor: colour.neutral }],
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

async function start() {
  if (!container || !window.Chart) return;
  try {
    const response = await fetch(container.dataset.source, { headers: { accept: 'application/json' } });
    const body = await response.json();
    if (!response.ok) throw new Error(body.message || `HTTP ${response.status}`);
    render(body);
  } catch (error) {
    container.classList.add('charts-failed');
    if (status) status.textContent = `The charts could not be drawn (${error.message}); the numbers are in the tables.`;
  }
}

void start();
