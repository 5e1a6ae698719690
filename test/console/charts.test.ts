import escapeHtml from 'escape-html';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { CONSOLE_ERRORS } from '../../src/kernel/errors/catalogue.js';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { signInConsole, type ConsoleSession } from '../helpers/console.js';
import { ok } from '../helpers/rest-calls.js';

/**
 * Finished calls at wall-clock times of the portal's zone, so both zones below expect the same numbers:
 * Europe/Berlin (whole-hour offsets; DST begins 2026-03-29) is charted from the hourly rollup,
 * Asia/Kolkata (+05:30) from the calls themselves.
 */
const CALLS = [
  { user: 2, start: '2026-03-02T09:15:00', duration: 45, cost: 1.5, currency: 'EUR' },
  { user: 2, start: '2026-03-02T09:40:00', duration: 0, cost: 0, currency: 'EUR' },
  { user: 3, start: '2026-03-05T14:05:00', duration: 200, cost: 2.25, currency: 'USD' },
  { user: 3, start: '2026-03-05T14:50:00', duration: 12, cost: 0.1, currency: 'USD', status: '486' },
  { user: 2, start: '2026-03-29T23:30:00', duration: 700, cost: 3.3, currency: 'EUR' },
  { user: 1, start: '2026-03-31T23:59:59', duration: 5, cost: 0.05, currency: 'EUR' },
  // Outside March: the last minute of February and the first second of April.
  { user: 4, start: '2026-02-28T23:59:00', duration: 5, cost: 9, currency: 'EUR' },
  { user: 2, start: '2026-04-01T00:00:00', duration: 5, cost: 9, currency: 'EUR' },
  // In Berlin the 25-hour day DST ends.
  { user: 3, start: '2026-10-25T23:30:00', duration: 5, cost: 0, currency: 'EUR' },
];

const ZONES = [
  { timeZone: 'Europe/Berlin', readsRollup: true },
  { timeZone: 'Asia/Kolkata', readsRollup: false },
];

describe.each(ZONES)('console charts in $timeZone', ({ timeZone, readsRollup }) => {
  let t: TestPortal;
  let admin: ConsoleSession;
  let employee: ConsoleSession;
  const names = new Map<number, string>();

  beforeAll(async () => {
    t = await startTestPortal({ timeZone });
    for (const call of CALLS) {
      const registered = await ok(t, 'telephony.externalCall.register', {
        USER_ID: call.user,
        PHONE_NUMBER: '+493012345',
        TYPE: 2,
        CALL_START_DATE: DateTime.fromISO(call.start, { zone: timeZone }).toISO({ suppressMilliseconds: true }),
      });
      await ok(t, 'telephony.externalCall.finish', {
        CALL_ID: registered.CALL_ID,
        USER_ID: call.user,
        DURATION: call.duration,
        COST: call.cost,
        COST_CURRENCY: call.currency,
        ...(call.status ? { STATUS_CODE: call.status } : {}),
      });
    }
    for (const user of await t.portal.services.users.all()) names.set(user.id, [user.name, user.last_name].filter(Boolean).join(' '));
    admin = await signInConsole(t, 1);
    employee = await signInConsole(t, 2);
  });
  afterAll(() => t.close());

  const MARCH = '/console/charts/data?from=2026-03-01&to=2026-03-31';

  async function data(session: ConsoleSession, path: string) {
    const res = await session.get(path);
    return { status: res.status, body: JSON.parse(res.body) as Record<string, any> };
  }

  /** Markup with runs of white space made one space, and none between tags. */
  const squeezed = (markup: string) => markup.replace(/\s+/g, ' ').replace(/> </g, '><');

  /** Only the days and hours that had calls. */
  const busy = <T extends { answered: number; notAnswered: number }>(rows: T[]) => rows.filter((r) => r.answered + r.notAnswered > 0);

  test('an administrator gets every call of the period, counted by hour, day, employee, duration and currency', async () => {
    const { status, body } = await data(admin, MARCH);
    expect(status).toBe(200);
    expect(body.period).toEqual({ from: '2026-03-01', to: '2026-03-31', timeZone, days: 31 });
    expect(body.totals).toEqual({ calls: 6, answered: 4, notAnswered: 2 });
    expect(body.hoursOfDay).toHaveLength(24);
    expect(busy(body.hoursOfDay)).toEqual([
      { hour: 9, answered: 1, notAnswered: 1 },
      { hour: 14, answered: 1, notAnswered: 1 },
      { hour: 23, answered: 2, notAnswered: 0 },
    ]);
    expect(body.days).toHaveLength(31);
    expect(busy(body.days)).toEqual([
      { date: '2026-03-02', answered: 1, notAnswered: 1 },
      { date: '2026-03-05', answered: 1, notAnswered: 1 },
      // In Berlin the night of the DST change: a 23-hour day keeps its own late call.
      { date: '2026-03-29', answered: 1, notAnswered: 0 },
      { date: '2026-03-31', answered: 1, notAnswered: 0 },
    ]);
    expect(body.employees).toEqual(
      [
        { userId: 1, name: names.get(1), answered: 1, notAnswered: 0, durationSeconds: 5 },
        { userId: 2, name: names.get(2), answered: 2, notAnswered: 1, durationSeconds: 745 },
        { userId: 3, name: names.get(3), answered: 1, notAnswered: 1, durationSeconds: 212 },
      ].sort((a, b) => a.name!.localeCompare(b.name!)),
    );
    expect(body.durations).toEqual([
      { label: '0 s', calls: 1 },
      { label: '1–10 s', calls: 1 },
      { label: '11–30 s', calls: 1 },
      { label: '31–60 s', calls: 1 },
      { label: '1–3 min', calls: 0 },
      { label: '3–10 min', calls: 1 },
      { label: 'over 10 min', calls: 1 },
    ]);
    expect(body.costs).toEqual([
      { currency: 'EUR', cost: 4.85, calls: 4 },
      { currency: 'USD', cost: 2.35, calls: 2 },
    ]);
  });

  test('an employee gets only their own calls', async () => {
    const { status, body } = await data(employee, MARCH);
    expect(status).toBe(200);
    expect(body.totals).toEqual({ calls: 3, answered: 2, notAnswered: 1 });
    expect(body.employees).toEqual([{ userId: 2, name: names.get(2), answered: 2, notAnswered: 1, durationSeconds: 745 }]);
    expect(busy(body.days as Array<{ date: string; answered: number; notAnswered: number }>).map((d) => d.date)).toEqual([
      '2026-03-02',
      '2026-03-29',
    ]);
    expect(body.durations.map((d: { calls: number }) => d.calls)).toEqual([1, 0, 0, 1, 0, 0, 1]);
    expect(body.costs).toEqual([{ currency: 'EUR', cost: 4.8, calls: 3 }]);
  });

  test('without a period, the last 7 days up to today (2026-03-10 in both zones)', async () => {
    const { body } = await data(admin, '/console/charts/data');
    expect(body.period).toMatchObject({ from: '2026-03-04', to: '2026-03-10', days: 7 });
    expect(body.totals).toEqual({ calls: 2, answered: 1, notAnswered: 1 });
  });

  test('the page has the period form, the presets and every chart with its numbers as a table', async () => {
    const page = await admin.get('/console/charts?from=2026-03-01&to=2026-03-31');
    expect(page.status).toBe(200);
    const body = squeezed(page.body);
    expect(body).toMatch(/<input type="date" name="from" value="2026-03-01" required ?\/?>/);
    expect(body).toMatch(/<a class="button" href="\/console\/charts\?from=2026-03-04&amp;to=2026-03-10"[^>]*>Last 7 days</);
    expect(body).toContain('<script src="/console/vendor/chart.js/chart.umd.min.js"></script>');
    expect(body).toContain('<script type="module" src="/console/assets/charts.js"></script>');
    expect(body).not.toMatch(/<script>|\sstyle=|\son[a-z]+=/);
    for (const id of ['hours', 'days', 'employees', 'durations']) {
      expect(body).toMatch(new RegExp(`<canvas id="chart-${id}" role="img" aria-label="[^"]+"`));
    }
    expect(body.match(/<details><summary>Numbers<\/summary><div class="table-wrap"><table>/g)).toHaveLength(4);
    expect(body).toContain('<th scope="row">3–10 min</th><td class="num">1</td>');
    expect(body).toContain('<th scope="row">2026-03-29</th><td class="num">1</td><td class="num">0</td>');
    expect(body).toContain(
      `<th scope="row">${escapeHtml(names.get(2)!)}</th><td class="num">2</td><td class="num">1</td><td class="num">12:25</td>`,
    );
    expect(body).toContain('<th scope="row">USD</th><td class="num">2.3500</td><td class="num">2</td>');
    expect(body).toContain('6 calls, 4 answered, 2 not answered');
  });

  test('an employee sees only their own numbers on the page', async () => {
    const page = await employee.get('/console/charts?from=2026-03-01&to=2026-03-31');
    expect(page.status).toBe(200);
    expect(page.body).toContain('3 calls of yours');
    expect(page.body).not.toContain(`<th scope="row">${escapeHtml(names.get(3)!)}</th>`);
    expect(page.body).not.toContain('USD');
  });

  test("a reversed, too long or malformed period is refused with the catalogue's message", async () => {
    const reversed = await data(admin, '/console/charts/data?from=2026-03-10&to=2026-03-01');
    expect(reversed).toEqual({
      status: 400,
      body: { refused: 'CHART_PERIOD_REVERSED', message: CONSOLE_ERRORS.CHART_PERIOD_REVERSED.description },
    });
    const page = await admin.get('/console/charts?from=2026-03-10&to=2026-03-01');
    expect(page.status).toBe(400);
    expect(page.body).toContain(escapeHtml(CONSOLE_ERRORS.CHART_PERIOD_REVERSED.description));
    expect(page.body).not.toContain('charts.js');
    const long = await data(admin, '/console/charts/data?from=2025-01-01&to=2026-03-10');
    expect(long.status).toBe(400);
    expect(long.body.refused).toBe('CHART_PERIOD_TOO_LONG');
    expect(long.body.message).toContain('400 days');
    const malformed = await data(admin, '/console/charts/data?from=2026-02-30&to=2026-03-10');
    expect(malformed.body.refused).toBe('CHART_PERIOD_INVALID');
    // A year back from today fits.
    expect((await data(admin, '/console/charts/data?from=2025-03-11&to=2026-03-10')).status).toBe(200);
  });

  test('signed out, the data is refused', async () => {
    const res = await t.portal.app.inject({ method: 'GET', url: MARCH });
    expect(res.statusCode).toBe(401);
  });

  test('a late call of the day DST ends counts in its own day and hour', async () => {
    const { body } = await data(admin, '/console/charts/data?from=2026-10-25&to=2026-10-26');
    expect(busy(body.days)).toEqual([{ date: '2026-10-25', answered: 1, notAnswered: 0 }]);
    expect(busy(body.hoursOfDay)).toEqual([{ hour: 23, answered: 1, notAnswered: 0 }]);
  });

  test(`the numbers come from the ${readsRollup ? 'hourly rollup' : 'calls themselves'}`, async () => {
    const hourly = vi.spyOn(t.portal.storage.callCharts.hourly, 'perHour');
    const calls = vi.spyOn(t.portal.storage.callCharts.calls, 'perHour');
    try {
      expect((await data(admin, MARCH)).body.totals).toEqual({ calls: 6, answered: 4, notAnswered: 2 });
      expect(hourly).toHaveBeenCalledTimes(readsRollup ? 1 : 0);
      expect(calls).toHaveBeenCalledTimes(readsRollup ? 0 : 1);
    } finally {
      hourly.mockRestore();
      calls.mockRestore();
    }
  });
});
