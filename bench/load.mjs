// Load generation: autocannon, the same for extcall, the bare baseline and the proxy.
import autocannon from 'autocannon';

/**
 * Runs autocannon with `opts` (url, method, body or requests, connections, duration) and resolves its result,
 * with `exact`: p50 and p99 of the 2xx answers to a hundredth of a millisecond (autocannon's own histogram
 * keeps whole milliseconds, too coarse for one connection).
 */
export function runLoad(opts) {
  return new Promise((resolvePromise, reject) => {
    let times = new Float64Array(1 << 16);
    let count = 0;
    const instance = autocannon({ pipelining: 1, ...opts }, (error, result) => {
      if (error) return reject(error);
      const sorted = times.subarray(0, count).sort();
      const at = (q) => (count === 0 ? 0 : sorted[Math.min(count - 1, Math.ceil(q * count) - 1)]);
      resolvePromise({ ...result, exact: { p50: at(0.5), p99: at(0.99) } });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode < 200 || statusCode > 299) return;
      if (count === times.length) {
        const grown = new Float64Array(times.length * 2);
        grown.set(times);
        times = grown;
      }
      times[count++] = responseTime;
    });
  });
}

/** A JSON POST of a fixed body. */
export function postJson(url, body, connections, duration) {
  return runLoad({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration });
}

/** A JSON POST whose body is made per request by `makeBody()`. */
export function postJsonEach(url, makeBody, connections, duration) {
  return runLoad({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    duration,
    requests: [{ setupRequest: (req) => ({ ...req, body: makeBody() }) }],
  });
}

/** A register body with a phone number never used before in this process. */
let registered = 0;
export function registerBody(accessToken) {
  registered += 1;
  return JSON.stringify({
    auth: accessToken,
    USER_PHONE_INNER: '101',
    PHONE_NUMBER: `+1202${String(registered).padStart(7, '0')}`,
    TYPE: 2,
    EXTERNAL_CALL_ID: `b-${process.pid}-${registered}`,
  });
}

/** Hands out the ids of pre-registered calls, each once, as finish bodies. */
export function finishBodies(accessToken, callIds) {
  let next = 0;
  return () => {
    const callId = callIds[next++ % callIds.length];
    return JSON.stringify({ auth: accessToken, CALL_ID: callId, USER_ID: 2, DURATION: 42, ADD_TO_CHAT: 1 });
  };
}

/** The filtered, sorted statistics page every statistics run asks for (user 2, one week, answered calls, page 2). */
export function statisticsBody(accessToken) {
  return JSON.stringify({
    auth: accessToken,
    FILTER: {
      PORTAL_USER_ID: 2,
      '>=CALL_START_DATE': '2025-06-01T00:00:00+00:00',
      '<CALL_START_DATE': '2025-06-08T00:00:00+00:00',
      '>CALL_DURATION': 0,
    },
    SORT: 'CALL_START_DATE',
    ORDER: 'DESC',
    start: 50,
  });
}

/** One request of the statistics page, to print what the runs will be asking for. */
export async function probeStatistics(baseUrl, accessToken) {
  const response = await fetch(`${baseUrl}/rest/voximplant.statistic.get`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: statisticsBody(accessToken),
  });
  const answer = await response.json();
  if (!Array.isArray(answer.result)) throw new Error(`statistic.get answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
  return { total: answer.total, rows: answer.result.length };
}
