import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestPortal, type TestPortal } from '../helpers/test-portal.js';
import { callApp, ok } from '../helpers/rest-calls.js';
import { expectError } from '../helpers/http.js';

/** One sample line of the Prometheus text format: name, optional labels, a number (NaN in any case, as Go parses it). */
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|[Nn][Aa][Nn]|[+-]Inf)$/;
const COMMENT = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/;

/** The samples of a scrape, keyed `name{labels}`; throws on a line that is not in the text format. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = COMMENT.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(comment[3]);
        typed.add(comment[2]!);
      }
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const family = sample[1]!.replace(/_(bucket|sum|count)$/, '');
    expect(typed.has(sample[1]!) || typed.has(family), `${sample[1]} has no TYPE`).toBe(true);
    samples.set(`${sample[1]}${sample[2] ?? ''}`, Number(sample[3]));
  }
  return samples;
}

async function scrape(t: TestPortal) {
  const res = await t.portal.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '198.51.100.7' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4; charset=utf-8$/);
  return parseExposition(res.body);
}

const REGISTER = { USER_ID: 1, PHONE_NUMBER: '+12025550147', TYPE: 2, SHOW: 1 };

describe('issue 11 item 6: GET /metrics', () => {
  let t: TestPortal;
  let other: TestPortal;
  beforeAll(async () => {
    t = await startTestPortal();
    other = await startTestPortal();
  });
  afterAll(async () => {
    await t.close();
    await other.close();
  });

  test('after a register and a finish: request counters, latency, gauges, database time, process metrics', async () => {
    const before = await scrape(t);
    expect(before.get('extcall_active_calls')).toBe(0);
    const { CALL_ID } = await ok(t, 'telephony.externalcall.register', REGISTER);
    const during = await scrape(t);
    expect(during.get('extcall_active_calls')).toBe(1);
    expect(during.get('extcall_shown_call_cards')).toBe(1);
    await ok(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 1, DURATION: 12 });
    const refused = await callApp(t, 'telephony.externalCall.finish', { CALL_ID, USER_ID: 1 });
    expect(refused.status).toBe(400);
    await callApp(t, 'no.such.method', {});

    const after = await scrape(t);
    const requests = (labels: string) => after.get(`extcall_rest_requests_total{${labels}}`);
    expect(requests('method="telephony.externalCall.register",status="200",error=""')).toBe(1);
    expect(requests('method="telephony.externalCall.finish",status="200",error=""')).toBe(1);
    expect(requests(`method="telephony.externalCall.finish",status="400",error="${refused.body.error}"`)).toBe(1);
    // Unknown names share one label: a client cannot grow the label set.
    expect(requests('method="unknown",status="404",error="ERROR_METHOD_NOT_FOUND"')).toBe(1);
    expect(after.get('extcall_rest_request_duration_seconds_count{method="telephony.externalCall.finish"}')).toBe(2);
    expect(after.get('extcall_rest_request_duration_seconds_bucket{le="+Inf",method="telephony.externalCall.register"}')).toBe(1);
    expect(after.get('extcall_active_calls')).toBe(0);
    expect(after.get('extcall_shown_call_cards')).toBe(0);
    expect(after.get('extcall_event_queue_depth')).toBe(0);
    expect(after.get('extcall_event_delivery_failures_total{given_up="true"}') ?? 0).toBe(0);
    expect(after.get('extcall_db_query_duration_seconds_count')!).toBeGreaterThan(before.get('extcall_db_query_duration_seconds_count')!);
    expect(after.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect([...after.keys()].some((key) => key.startsWith('nodejs_heap_size_used_bytes'))).toBe(true);
  });

  test('each portal counts its own calls', async () => {
    const mine = (await scrape(t)).get('extcall_rest_requests_total{method="telephony.externalCall.register",status="200",error=""}');
    const theirs = (await scrape(other)).get('extcall_rest_requests_total{method="telephony.externalCall.register",status="200",error=""}');
    expect(mine).toBeGreaterThanOrEqual(1);
    expect(theirs).toBeUndefined();
  });
});

describe('issue 11 item 6: metrics turned off', () => {
  test('metrics: false answers /metrics 404 in the usual envelope', async () => {
    const t = await startTestPortal({ metrics: false });
    try {
      const res = await t.portal.app.inject({ method: 'GET', url: '/metrics' });
      expectError(res, 404, 'NOT_FOUND', 'Nothing is served at GET /metrics');
    } finally {
      await t.close();
    }
  });
});
