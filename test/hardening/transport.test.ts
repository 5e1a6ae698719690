import { connect as tlsConnect } from 'node:tls';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultConfig, type ServerConfig } from '../../src/kernel/config.js';
import { seedDemoPortal } from '../../src/features/platform/demo-portal.js';
import { createPortal } from '../../src/portal.js';
import { createLogger } from '../../src/transport/logger.js';
import { loadTlsMaterial } from '../../src/transport/tls.js';
import { serveConfig } from '../../src/cli/options.js';
import { DIALECTS } from '../helpers/databases.js';
import { TestClock } from '../helpers/test-portal.js';
import { expectError, multipart, type Injected } from '../helpers/http.js';

/** A demo portal whose log lines a test can read. */
async function startPortal(overrides: Partial<ServerConfig> = {}, tls?: { cert: string; key: string }) {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  const config = defaultConfig({ database: ':memory:', timeZone: 'Europe/Berlin', rateLimit: null, ...overrides });
  const portal = await createPortal(config, { clock: new TestClock(), logger, tls, deliverEvents: false });
  const demo = await seedDemoPortal(portal.services, 'http://127.0.0.1:8080');
  return { portal, demo, lines, webhookPath: new URL(demo.webhookUrl).pathname };
}

describe('issue 8 item 1: a malformed multipart body is a 400, not a 500', () => {
  let t: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    t = await startPortal();
  });
  afterAll(() => t.portal.close());

  const boundary = 'b0undary';
  const part = `--${boundary}\r\nContent-Disposition: form-data; name="FILTER[ID]"\r\n\r\n1\r\n`;
  const broken: Array<[string, string, string]> = [
    ['no boundary', 'multipart/form-data', 'x'],
    ['an empty boundary', 'multipart/form-data; boundary=', part],
    ['a truncated body', `multipart/form-data; boundary=${boundary}`, part.slice(0, 30)],
    ['no closing delimiter', `multipart/form-data; boundary=${boundary}`, part],
    [
      'a boundary over 250 characters',
      `multipart/form-data; boundary=${'b'.repeat(300)}`,
      `--${'b'.repeat(300)}\r\n\r\n1\r\n--${'b'.repeat(300)}--\r\n`,
    ],
    [
      'a file part cut short',
      `multipart/form-data; boundary=${boundary}`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\nRIFF`,
    ],
  ];

  function expectMalformed(res: Injected): void {
    expectError(res, 400, 'INVALID_REQUEST', /^The multipart body is malformed: /);
  }

  test.each(broken)('issue 8 item 1: /rest/* with %s → 400 INVALID_REQUEST', async (_name, contentType, payload) => {
    const res = await t.portal.app.inject({
      method: 'POST',
      url: `${t.webhookPath}user.get`,
      headers: { 'content-type': contentType },
      payload,
    });
    expectMalformed(res);
  });

  test.each(broken)('issue 8 item 1: the recording upload URL with %s → 400 INVALID_REQUEST', async (_name, contentType, payload) => {
    const res = await t.portal.app.inject({
      method: 'POST',
      url: '/rest/upload.json?token=abc',
      headers: { 'content-type': contentType },
      payload,
    });
    expectMalformed(res);
  });

  test('issue 8 item 1: the XML form of a method answers the same error as XML; OAuth answers invalid_request', async () => {
    const xml = await t.portal.app.inject({
      method: 'POST',
      url: `${t.webhookPath}user.get.xml`,
      headers: { 'content-type': 'multipart/form-data' },
      payload: 'x',
    });
    expect(xml.statusCode).toBe(400);
    expect(xml.body).toContain('INVALID_REQUEST');
    const oauth = await t.portal.app.inject({
      method: 'POST',
      url: '/oauth/token/',
      headers: { 'content-type': 'multipart/form-data' },
      payload: 'x',
    });
    expect(oauth.statusCode).toBe(400);
    expect(oauth.json().error).toBe('invalid_request');
  });

  test('issue 8 item 1: logged at info at most, without a stack; a well-formed body still works', async () => {
    t.lines.length = 0;
    for (const [, contentType, payload] of broken) {
      await t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}user.get`, headers: { 'content-type': contentType }, payload });
    }
    const entries = t.lines.map((line) => JSON.parse(line) as { level: number; msg?: string });
    expect(entries.filter((e) => e.level >= 40)).toEqual([]);
    expect(t.lines.join('\n')).not.toMatch(/"stack"| {4}at /);
    expect(entries.some((e) => e.msg === 'malformed multipart body')).toBe(true);
    const good = await t.portal.app.inject({ method: 'POST', url: `${t.webhookPath}user.get`, ...multipart([['FILTER[ID]', '2']]) });
    expect(good.statusCode).toBe(200);
    expect(good.json().result.map((u: { ID: string }) => u.ID)).toEqual(['2']);
  });
});

/** Hostile JSON numbers, as they appear in a body. */
const HUGE = [
  '1e20',
  '9223372036854775808',
  '18446744073709551616',
  '1e308',
  '-1e20',
  '-9223372036854775809',
  '1e400',
  '-1e400',
  '1.5',
  '-0',
  '2147483648',
];
/** The numeric strings that mean the same as a JSON number, where there is one. */
const SAME_AS_STRING: Array<[string, string]> = [
  ['1e20', '100000000000000000000'],
  ['9223372036854775808', '9223372036854775808'],
  ['-1e20', '-100000000000000000000'],
  ['1.5', '1.5'],
  ['2147483648', '2147483648'],
];
const LIST_METHODS = ['user.get', 'voximplant.statistic.get', 'crm.activity.list', 'crm.lead.list', 'crm.contact.list'];

describe.each(DIALECTS)('issue 8 item 2: huge, non-finite and fractional JSON numbers on $name', (dialect) => {
  let t: Awaited<ReturnType<typeof startPortal>>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const db = await dialect.setup();
    cleanup = db.cleanup;
    t = await startPortal({ database: db.location });
    // One finished call, so that statistics and activities have rows to page over.
    const call = async (method: string, params: Record<string, unknown>) =>
      (await t.portal.app.inject({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: t.demo.app.accessToken } })).json();
    const { result } = await call('telephony.externalCall.register', {
      USER_ID: 2,
      PHONE_NUMBER: '+1 202 555 0147',
      TYPE: 2,
      CRM_CREATE: 1,
    });
    await call('telephony.externalCall.finish', { CALL_ID: result.CALL_ID, USER_ID: 2, DURATION: 30 });
  }, 60_000);
  afterAll(async () => {
    await t.portal.close();
    await cleanup();
  });

  const post = (method: string, body: string) =>
    t.portal.app.inject({
      method: 'POST',
      url: `${t.webhookPath}${method}`,
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
  const withoutTime = (res: Injected) => ({ status: res.statusCode, body: { ...res.json(), time: undefined } });

  test('issue 8 item 2: `start` as a huge JSON number pages like its digits do (no datatype mismatch)', async () => {
    for (const method of LIST_METHODS) {
      for (const number of HUGE) {
        const res = await post(method, `{"start":${number}}`);
        expect(res.statusCode, `${method} start=${number}: ${res.body}`).toBe(200);
      }
      for (const [number, digits] of SAME_AS_STRING) {
        expect(withoutTime(await post(method, `{"start":${number}}`)), `${method} ${number}`).toEqual(
          withoutTime(await post(method, `{"start":"${digits}"}`)),
        );
      }
      // Far beyond the rows: an empty page with the total, and no next.
      const beyond = (await post(method, '{"start":1e20}')).json();
      expect(beyond.result).toEqual([]);
      expect(beyond.next).toBeUndefined();
      expect(beyond.total).toBeGreaterThan(0);
    }
  });

  test('issue 8 item 2: filters on integer columns with huge numbers match nothing (or everything) without a database error', async () => {
    const filters = [
      'ID',
      '>ID',
      '<=ID',
      '!ID',
      '><ID',
      '%ID',
      'CALL_DURATION',
      '>=CALL_DURATION',
      'PORTAL_USER_ID',
      'COST',
      'OWNER_ID',
      'RESPONSIBLE_ID',
      'ASSIGNED_BY_ID',
      'COMPANY_ID',
      'UF_DEPARTMENT',
      'CALL_TYPE',
    ];
    for (const method of LIST_METHODS) {
      const key = method === 'user.get' || method === 'voximplant.statistic.get' ? 'FILTER' : 'filter';
      for (const field of filters) {
        for (const number of HUGE) {
          const res = await post(method, `{"${key}":{"${field}":${field.startsWith('><') ? `[${number},${number}]` : number}}}`);
          expect(res.statusCode, `${method} ${field}=${number}: ${res.body}`).toBe(200);
        }
      }
      expect((await post(method, `{"${key}":{"ID":1e20}}`)).json().result).toEqual([]);
      expect((await post(method, `{"${key}":{"<ID":1e20}}`)).json().total).toBeGreaterThan(0);
      expect((await post(method, `{"${key}":{"ID":"100000000000000000000"}}`)).json().result).toEqual([]);
    }
  });

  test('issue 8 item 2: ids and other integer parameters as huge numbers are not found (or clamped), never a 500', async () => {
    const calls: Array<[string, (n: string) => string]> = [
      ['crm.activity.get', (n) => `{"id":${n}}`],
      ['crm.lead.get', (n) => `{"id":${n}}`],
      ['crm.lead.update', (n) => `{"id":${n},"fields":{"ASSIGNED_BY_ID":${n}}}`],
      ['crm.contact.add', (n) => `{"fields":{"NAME":"N","COMPANY_ID":${n},"ASSIGNED_BY_ID":${n}}}`],
      ['crm.activity.call.getTranscript', (n) => `{"activityId":${n}}`],
      ['im.notify.get', (n) => `{"LAST_ID":${n},"LAST_TYPE":1,"LIMIT":${n}}`],
      ['im.notify.system.add', (n) => `{"USER_ID":${n},"MESSAGE":"x"}`],
      ['telephony.externalCall.register', (n) => `{"USER_ID":${n},"PHONE_NUMBER":"+1 202 555 0100","TYPE":2}`],
      [
        'telephony.externalCall.register',
        (n) =>
          `{"USER_ID":2,"PHONE_NUMBER":"+1 202 555 0100","TYPE":2,"CRM_ENTITY_TYPE":"CONTACT","CRM_ENTITY_ID":${n},"CALL_LIST_ID":${n}}`,
      ],
      ['telephony.externalCall.finish', (n) => `{"CALL_ID":"none","USER_ID":${n},"DURATION":${n},"COST":${n},"VOTE":${n}}`],
      ['telephony.externalCall.show', (n) => `{"CALL_ID":"none","USER_ID":[${n}]}`],
    ];
    for (const [method, body] of calls) {
      for (const number of HUGE) {
        const res = await post(method, body(number));
        expect(res.statusCode, `${method} ${body(number)}: ${res.body}`).toBeLessThan(500);
      }
    }
    const missing = await post('crm.activity.get', '{"id":1e20}');
    expect(missing.json()).toEqual((await post('crm.activity.get', '{"id":"100000000000000000000"}')).json());
    expect(missing.statusCode).toBe(400);
  });

  test('issue 8 item 2: a JSON DURATION of 1e21 is read by value (0, as its digits), not as the "1" of "1e+21"', async () => {
    const call = async (method: string, params: Record<string, unknown>) =>
      (await t.portal.app.inject({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: t.demo.app.accessToken } })).json();
    const { result } = await call('telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 202 555 0148', TYPE: 2 });
    const res = await t.portal.app.inject({
      method: 'POST',
      url: '/rest/telephony.externalCall.finish',
      headers: { 'content-type': 'application/json' },
      payload: `{"auth":"${t.demo.app.accessToken}","CALL_ID":"${result.CALL_ID}","USER_ID":2,"DURATION":1e21}`,
    });
    expect(res.json().result.CALL_DURATION).toBe(0);
  });
});

describe('issue 8 item 10: slow clients are answered 408 and disconnected', () => {
  const SHORT: Partial<ServerConfig> = { headersTimeoutMs: 400, requestTimeoutMs: 800, minBodyRate: 2000 };
  let plain: Awaited<ReturnType<typeof startPortal>>;
  let secure: Awaited<ReturnType<typeof startPortal>>;
  let plainPort: number;
  let tlsPort: number;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'extcall-slow-'));
    plain = await startPortal(SHORT);
    await plain.portal.app.listen({ port: 0, host: '127.0.0.1' });
    plainPort = (plain.portal.app.server.address() as AddressInfo).port;
    const tls = await loadTlsMaterial({ certFile: null, keyFile: null, dataDir: dir, host: '127.0.0.1' });
    secure = await startPortal(SHORT, tls);
    await secure.portal.tlsApp!.listen({ port: 0, host: '127.0.0.1' });
    tlsPort = (secure.portal.tlsApp!.server.address() as AddressInfo).port;
  }, 60_000);
  afterAll(async () => {
    await plain.portal.close();
    await secure.portal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes `chunks` one every `everyMs` until the server closes; what it answered and when it closed. */
  function trickle(
    socket: Socket,
    chunks: Array<string | Buffer>,
    everyMs: number,
  ): Promise<{ answer: string; closedAfterMs: number; sentAll: boolean }> {
    const started = performance.now();
    let answer = '';
    let sent = 0;
    return new Promise((resolve) => {
      const timer = setInterval(() => {
        if (sent < chunks.length && !socket.destroyed) socket.write(chunks[sent++]!);
      }, everyMs);
      socket.on('data', (data) => (answer += data.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, closedAfterMs: performance.now() - started, sentAll: sent === chunks.length });
      });
    });
  }

  const slowHeaders = (path: string) => [...`GET ${path} HTTP/1.1\r\nHost: x\r\nX-Slow: `, ...'a'.repeat(100)];

  test('issue 8 item 10: headers trickled byte by byte → 408 with the Bitrix envelope, connection closed (plain HTTP)', async () => {
    const socket = connect({ host: '127.0.0.1', port: plainPort });
    const { answer, closedAfterMs, sentAll } = await trickle(socket, slowHeaders(`${plain.webhookPath}user.get`), 50);
    expect(sentAll).toBe(false);
    expect(closedAfterMs).toBeLessThan(3000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('{"error":"INVALID_REQUEST","error_description":"The request did not arrive in time"}');
  });

  test('issue 8 item 10: the same on the TLS listener', async () => {
    const socket = tlsConnect({ host: '127.0.0.1', port: tlsPort, rejectUnauthorized: false });
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    const { answer, closedAfterMs, sentAll } = await trickle(socket, slowHeaders(`${secure.webhookPath}user.get`), 50);
    expect(sentAll).toBe(false);
    expect(closedAfterMs).toBeLessThan(3000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('issue 8 item 10: several slow connections at once are all closed; the server keeps answering', async () => {
    const runs = Array.from({ length: 8 }, () =>
      trickle(connect({ host: '127.0.0.1', port: plainPort }), slowHeaders('/_extcall/health'), 50),
    );
    const results = await Promise.all(runs);
    for (const result of results) expect(result.closedAfterMs).toBeLessThan(3000);
    const res = await fetch(`http://127.0.0.1:${plainPort}/_extcall/health`);
    expect(res.status).toBe(200);
  });

  test('issue 8 item 10: a body trickled far below the minimum rate → 408 at about the request timeout', async () => {
    const body = `{"FILTER":{"ID":1},"pad":"${'p'.repeat(200)}"}`;
    const head = `POST ${plain.webhookPath}user.get HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const socket = connect({ host: '127.0.0.1', port: plainPort });
    const { answer, closedAfterMs, sentAll } = await trickle(socket, [head, ...body], 50);
    expect(sentAll).toBe(false);
    expect(closedAfterMs).toBeGreaterThan(700);
    expect(closedAfterMs).toBeLessThan(3000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  test('issue 8 item 10: an upload arriving at the minimum rate or faster goes on past the request timeout', async () => {
    const data = Buffer.alloc(6000, 1);
    const { payload, headers } = multipart([], { field: 'file', name: 'a.wav', type: 'audio/wav', data });
    // 1.5 s at ~4000 bytes/s: twice the minimum rate, longer than the 0.8 s request timeout.
    const chunks = [
      Buffer.from(
        `POST /rest/upload.json?token=none HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: ${headers['content-type']}\r\nContent-Length: ${payload.length}\r\n\r\n`,
      ),
    ];
    for (let at = 0; at < payload.length; at += 400) chunks.push(payload.subarray(at, at + 400));
    const socket = connect({ host: '127.0.0.1', port: plainPort });
    const { answer, closedAfterMs, sentAll } = await trickle(socket, chunks, 100);
    expect(sentAll).toBe(true);
    expect(closedAfterMs).toBeGreaterThan(1000);
    // It reached the upload itself: the token is unknown, which is not a timeout.
    expect(answer).not.toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
  });

  test('issue 8 item 10: `serve` reads the timeouts in seconds from flags and env; headers may not outlast the request', () => {
    const config = serveConfig({ memory: true, headersTimeout: 5, requestTimeout: 30, minBodyRate: 1000 }, {});
    expect([config.headersTimeoutMs, config.requestTimeoutMs, config.minBodyRate]).toEqual([5000, 30_000, 1000]);
    const fromEnv = serveConfig(
      { memory: true },
      { EXTCALL_HEADERS_TIMEOUT: '2.5', EXTCALL_REQUEST_TIMEOUT: '90', EXTCALL_MIN_BODY_RATE: '4096' },
    );
    expect([fromEnv.headersTimeoutMs, fromEnv.requestTimeoutMs, fromEnv.minBodyRate]).toEqual([2500, 90_000, 4096]);
    const defaults = serveConfig({ memory: true }, {});
    expect([defaults.headersTimeoutMs, defaults.requestTimeoutMs, defaults.minBodyRate]).toEqual([10_000, 60_000, 32 * 1024]);
    expect(() => serveConfig({ memory: true, headersTimeout: 90, requestTimeout: 60 }, {})).toThrow(/--headers-timeout/);
  });
});

describe.each(DIALECTS)('issue 8 item 4: causes of 500s the fuzzer found, on $name', (dialect) => {
  let t: Awaited<ReturnType<typeof startPortal>>;
  let cleanup: () => Promise<void>;
  let callId: string;
  beforeAll(async () => {
    const db = await dialect.setup();
    cleanup = db.cleanup;
    t = await startPortal({ database: db.location });
    callId = (await call('telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+1 202 555 0147', TYPE: 2 })).json().result
      .CALL_ID;
    // A lead, so that LIKE patterns are evaluated against a row.
    await call('crm.lead.add', { fields: { TITLE: 'Lead \\ 50% _x_' } });
  }, 60_000);
  afterAll(async () => {
    await t.portal.close();
    await cleanup();
  });

  const call = (method: string, params: Record<string, unknown>) =>
    t.portal.app.inject({ method: 'POST', url: `/rest/${method}`, payload: { ...params, auth: t.demo.app.accessToken } });

  test('issue 8 item 4: a NUL character in a parameter → 400 INVALID_REQUEST (PostgreSQL cannot store one), in a batch command too', async () => {
    expectError(
      await call('user.get', { FILTER: { NAME: 'a\u0000b' } }),
      400,
      'INVALID_REQUEST',
      'Parameters may not contain NUL characters',
    );
    expectError(
      await call('crm.lead.add', { bx24_request_id: '\u0000', fields: { TITLE: 'x' } }),
      400,
      'INVALID_REQUEST',
      'Parameters may not contain NUL characters',
    );
    const batch = await call('batch', { cmd: { a: 'user.get?FILTER[NAME]=%00' } });
    expect(batch.statusCode).toBe(200);
    expect(batch.json().result.result_error.a.error_description).toBe('Parameters may not contain NUL characters');
  });

  test('issue 8 item 4: a LIKE pattern ending in a backslash matches literally instead of failing; % and _ in a substring are literal', async () => {
    for (const filter of [{ '=%TITLE': 'lead \\' }, { TITLE: '%\\' }, { '%TITLE': '\\' }, { '!=%TITLE': 'x\\' }]) {
      const res = await call('crm.lead.list', { filter });
      expect(res.statusCode, `${JSON.stringify(filter)}: ${res.body}`).toBe(200);
    }
    expect((await call('crm.lead.list', { filter: { '%TITLE': '50%' } })).json().total).toBe(1);
    expect((await call('crm.lead.list', { filter: { '%TITLE': '5_%' } })).json().total).toBe(0);
    expect((await call('crm.lead.list', { filter: { '%TITLE': ' \\ ' } })).json().total).toBe(1);
  });

  test('issue 8 item 4: a 70,000-character LIKE pattern matches nothing (SQLite refuses patterns over 50,000 bytes)', async () => {
    const res = await call('user.get', { FILTER: { '%NAME': 'y'.repeat(70_000) } });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(0);
    expect((await call('user.get', { FILTER: { '!%NAME': 'y'.repeat(70_000) } })).json().total).toBeGreaterThan(0);
  });

  test('issue 8 item 4: CRM text longer than its column is cut to it (status ids 50, texts and multifields 255, value types 20)', async () => {
    const long = 'ñ'.repeat(300);
    const added = await call('crm.lead.add', {
      fields: {
        TITLE: long,
        SOURCE_ID: long,
        STATUS_ID: 'S'.repeat(60),
        PHONE: [{ VALUE: `+1${'5'.repeat(300)}`, VALUE_TYPE: 'W'.repeat(30) }],
        EMAIL: [{ VALUE: `${long}@x.y` }],
      },
    });
    expect(added.statusCode, added.body).toBe(200);
    const lead = (await call('crm.lead.get', { id: added.json().result })).json().result;
    expect([
      lead.TITLE.length,
      lead.SOURCE_ID.length,
      lead.STATUS_ID.length,
      lead.PHONE[0].VALUE.length,
      lead.PHONE[0].VALUE_TYPE.length,
    ]).toEqual([255, 50, 50, 255, 20]);
    expect((await call('crm.company.add', { fields: { TITLE: 'c', COMPANY_TYPE: long, INDUSTRY: long } })).statusCode).toBe(200);
    expect((await call('crm.contact.add', { fields: { NAME: 'c', TYPE_ID: long } })).statusCode).toBe(200);
  });

  test('issue 8 item 4: COST_CURRENCY over 10 and CRM_SOURCE over 50 characters → ERROR_CORE naming them, nothing stored', async () => {
    expectError(
      await call('telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, COST_CURRENCY: 'EURO'.repeat(3) }),
      400,
      'ERROR_CORE',
      'COST_CURRENCY is too long (10 characters at most)',
    );
    expectError(
      await call('telephony.externalCall.register', {
        USER_ID: 2,
        PHONE_NUMBER: '+1 202 555 0147',
        TYPE: 2,
        CRM_CREATE: 1,
        CRM_SOURCE: 'S'.repeat(51),
      }),
      400,
      'ERROR_CORE',
      'CRM_SOURCE is too long (50 characters at most)',
    );
    expect((await call('telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 2, COST_CURRENCY: 'EUR' })).statusCode).toBe(200);
  });
});
