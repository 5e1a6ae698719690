// Console pages over the generated statistics: each page fetched one at a time, as a person's browser
// would, and timed from request to the last byte. Issue 12 asks every page to answer in < 300 ms.

const WARM_UP = 2;
const SAMPLES = 15;

/** The pages timed: the call list as it opens, filtered, sorted, paged deep; a call; charts; the other sections. */
function consolePages(callId) {
  return [
    ['calls, first page', '/console/calls'],
    ['calls, one employee, one month', '/console/calls?user=2&from=2025-06-01&to=2025-06-30'],
    ['calls, answered, >= 60 s', '/console/calls?outcome=answered&minDuration=60'],
    ['calls, one phone number', `/console/calls?phone=${encodeURIComponent('+15550123456')}`],
    ['calls, sorted by duration', '/console/calls?sort=CALL_DURATION&order=desc'],
    ['calls, page 100', '/console/calls?page=100'],
    ['calls, page 10,000', '/console/calls?page=10000'],
    ['a call', `/console/calls/${encodeURIComponent(callId)}`],
    ['charts page', '/console/charts?from=2025-06-01&to=2025-06-30'],
    ['charts data, 30 days', '/console/charts/data?from=2025-06-01&to=2025-06-30'],
    ['charts data, 365 days', '/console/charts/data?from=2025-01-01&to=2025-12-31'],
    ['live', '/console/live'],
    ['CRM contacts', '/console/crm/contacts'],
    ['integration: journal', '/console/integration/journal'],
  ];
}

/** Signs in through the admin API's one-time link (the bench runs on the same machine: loopback is trusted). */
async function signIn(baseUrl, userId) {
  const linked = await fetch(`${baseUrl}/_extcall/console-link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(userId === undefined ? {} : { userId }),
  });
  if (!linked.ok) throw new Error(`console-link answered ${linked.status}`);
  const { url } = await linked.json();
  const signed = await fetch(url, { redirect: 'manual' });
  const cookie = signed.headers.get('set-cookie')?.split(';')[0];
  if (signed.status !== 302 || !cookie) throw new Error(`console sign-in answered ${signed.status}`);
  return cookie;
}

async function timeOnce(url, cookie) {
  const began = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  await response.arrayBuffer();
  const ms = performance.now() - began;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return ms;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Times every console page as an administrator, and the call list as an employee; one row per page. */
export async function timeConsolePages(baseUrl, callId) {
  const admin = await signIn(baseUrl);
  const employee = await signIn(baseUrl, 2);
  const pages = [
    ...consolePages(callId).map(([name, path]) => ({ name, path, cookie: admin })),
    { name: 'calls, as an employee', path: '/console/calls', cookie: employee },
  ];
  const rows = [];
  for (const { name, path, cookie } of pages) {
    for (let i = 0; i < WARM_UP; i++) await timeOnce(`${baseUrl}${path}`, cookie);
    const samples = [];
    for (let i = 0; i < SAMPLES; i++) samples.push(await timeOnce(`${baseUrl}${path}`, cookie));
    samples.sort((a, b) => a - b);
    rows.push({ name, p50: percentile(samples, 50), p99: percentile(samples, 99), max: samples[samples.length - 1] });
  }
  return rows;
}
