import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createScratchPostgres } from '../helpers/databases.js';
import { mulberry32 } from '../../fuzz/prng.mjs';

/**
 * The crash suite: `extcall serve` under 50 connections of keyed register+finish pairs is killed
 * with SIGKILL at a random moment, restarted, and every request is sent again with its key. What
 * must hold: each retry of an answered request gets that answer byte for byte; each retry of an
 * unanswered one gets a 200 (the committed answer, or one fresh run); after recovery no call is
 * left half-finished, no finish is lost or doubled, no request id is stuck.
 */
export interface CrashOptions {
  database: 'sqlite' | 'postgres';
  durability: 'normal' | 'full';
  rounds: number;
  connections: number;
  /** Load before each kill, drawn between these bounds (ms). */
  loadMs: [number, number];
  seed: number;
}

export interface CrashReport {
  label: string;
  rounds: number;
  requests: number;
  acknowledgedFinishes: number;
  /** Requests in flight at a kill (sent, never answered). */
  unanswered: number;
  /** Retries of unanswered requests that found their first run committed. */
  foundCommitted: number;
  /** Retries of unanswered requests that ran afresh. */
  ranAfresh: number;
  statisticsRows: number;
  distinctCalls: number;
  /** Everything that did not hold; empty on success. */
  failures: string[];
  seconds: number;
}

const BIN = resolve('bin/extcall.js');

interface Answer {
  status: number;
  body: string;
}

interface Sent {
  method: 'telephony.externalCall.register' | 'telephony.externalCall.finish';
  key: string;
  /** Whether the key travels as b24jssdk's bx24_request_id rather than an Idempotency-Key header. */
  inQuery: boolean;
  params: Record<string, unknown>;
  answer: Answer | null;
}

export async function runCrashSuite(options: CrashOptions): Promise<CrashReport> {
  const label = `${options.database}, durability ${options.durability}`;
  const started = performance.now();
  const random = mulberry32(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'extcall-crash-'));
  const postgres = options.database === 'postgres' ? await createScratchPostgres() : null;
  const serveArgs = ['--data', dataDir, '--durability', options.durability, ...(postgres ? ['--database', postgres.url] : [])];
  const report: CrashReport = {
    label,
    rounds: options.rounds,
    requests: 0,
    acknowledgedFinishes: 0,
    unanswered: 0,
    foundCommitted: 0,
    ranAfresh: 0,
    statisticsRows: 0,
    distinctCalls: 0,
    failures: [],
    seconds: 0,
  };
  const calls = new Set<string>();
  const acknowledged = new Set<string>();
  let server = await startServe(serveArgs);
  const token = (JSON.parse(readFileSync(join(dataDir, 'demo-portal.json'), 'utf8')) as { app: { accessToken: string } }).app.accessToken;
  try {
    for (let round = 1; round <= options.rounds; round++) {
      const load = options.loadMs[0] + random() * (options.loadMs[1] - options.loadMs[0]);
      const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
      const sent: Sent[][] = Array.from({ length: options.connections }, () => []);
      const workers = sent.map((log, worker) => loadWorker(server.port, token, agent, log, `${options.seed}-${round}-${worker}`));
      await sleep(load);
      server.child.kill('SIGKILL');
      await Promise.all(workers);
      await waitForExit(server.child);
      agent.destroy();

      const restartedAt = Date.now();
      server = await startServe(serveArgs);
      const retryAgent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
      // Each worker's requests again, in its order, as a client that saw its connection drop would.
      await Promise.all(sent.map((log) => recover(server.port, token, retryAgent, log, report, calls, acknowledged, restartedAt)));
      retryAgent.destroy();
      report.requests += sent.reduce((sum, log) => sum + log.length, 0);
    }
  } finally {
    await stopServe(server.child);
  }
  await checkDatabase(dataDir, postgres?.url ?? null, report, calls, acknowledged);
  await postgres?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  report.distinctCalls = calls.size;
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}

/** Register, then finish, again and again, until the server dies under it. */
async function loadWorker(port: number, token: string, agent: http.Agent, log: Sent[], prefix: string): Promise<void> {
  for (let n = 0; ; n++) {
    const register: Sent = {
      method: 'telephony.externalCall.register',
      key: `reg-${prefix}-${n}`,
      inQuery: n % 2 === 0,
      params: {
        USER_ID: 2 + (n % 3),
        PHONE_NUMBER: `+1 202 ${String(n % 1000).padStart(3, '0')} ${prefix.replace(/\D/g, '').slice(-4)}`,
        TYPE: 2,
        CRM_CREATE: 1,
      },
      answer: null,
    };
    log.push(register);
    register.answer = await send(port, token, agent, register).catch(() => null);
    if (register.answer?.status !== 200) return;
    const callId = (JSON.parse(register.answer.body) as { result: { CALL_ID: string } }).result.CALL_ID;
    const finish: Sent = {
      method: 'telephony.externalCall.finish',
      key: `fin-${prefix}-${n}`,
      inQuery: n % 2 === 1,
      params: { CALL_ID: callId, USER_ID: register.params.USER_ID, DURATION: (n % 90) + 1 },
      answer: null,
    };
    log.push(finish);
    finish.answer = await send(port, token, agent, finish).catch(() => null);
    if (finish.answer?.status !== 200) return;
  }
}

/** Sends one worker's requests again with their keys, and finishes calls the crash left open. */
async function recover(
  port: number,
  token: string,
  agent: http.Agent,
  log: Sent[],
  report: CrashReport,
  calls: Set<string>,
  acknowledged: Set<string>,
  restartedAt: number,
): Promise<void> {
  for (let i = 0; i < log.length; i++) {
    const request = log[i]!;
    const retry = await send(port, token, agent, request);
    const where = `${request.method} ${request.key}`;
    if (request.answer) {
      if (retry.body !== request.answer.body)
        report.failures.push(`${where}: the retry's answer differs from the one given (${retry.status} ${retry.body.slice(0, 160)})`);
    } else {
      report.unanswered++;
      if (retry.status !== 200) {
        report.failures.push(`${where}: unanswered before the crash, the retry got ${retry.status} ${retry.body.slice(0, 160)}`);
        continue;
      }
    }
    if (retry.status !== 200) continue;
    const result = (JSON.parse(retry.body) as { result: { CALL_ID: string } }).result;
    if (request.method === 'telephony.externalCall.register') {
      calls.add(result.CALL_ID);
      // The crash came before this call's finish was sent: finish it now.
      if (i === log.length - 1) {
        const finish: Sent = {
          method: 'telephony.externalCall.finish',
          key: `${request.key}-recovered`,
          inQuery: false,
          params: { CALL_ID: result.CALL_ID, USER_ID: request.params.USER_ID, DURATION: 1 },
          answer: null,
        };
        const done = await send(port, token, agent, finish);
        if (done.status !== 200)
          report.failures.push(`${finish.key}: finishing a recovered call got ${done.status} ${done.body.slice(0, 160)}`);
      }
    } else {
      acknowledged.add(result.CALL_ID);
      if (request.answer) report.acknowledgedFinishes++;
    }
    if (!request.answer) {
      // A kept answer was made before the crash: its time block says when.
      const startedAt = (JSON.parse(retry.body) as { time?: { start?: number } }).time?.start ?? Number.POSITIVE_INFINITY;
      if (startedAt * 1000 < restartedAt) report.foundCommitted++;
      else report.ranAfresh++;
    }
  }
}

async function checkDatabase(
  dataDir: string,
  postgresUrl: string | null,
  report: CrashReport,
  calls: Set<string>,
  acknowledged: Set<string>,
): Promise<void> {
  const queries = {
    statistics: 'select call_id, crm_activity_id from call_statistics',
    active: 'select count(*) as n from active_calls',
    stuck: 'select count(*) as n from idempotent_requests where status is null',
  };
  let statistics: Array<{ call_id: string; crm_activity_id: number | null }>;
  let active: number;
  let stuck: number;
  if (postgresUrl) {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      statistics = (await client.query(queries.statistics)).rows;
      active = Number((await client.query(queries.active)).rows[0].n);
      stuck = Number((await client.query(queries.stuck)).rows[0].n);
    } finally {
      await client.end();
    }
  } else {
    const db = new Database(join(dataDir, 'extcall.sqlite'), { readonly: true });
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') report.failures.push(`integrity_check: ${String(integrity)}`);
      statistics = db.prepare(queries.statistics).all() as typeof statistics;
      active = Number((db.prepare(queries.active).get() as { n: number }).n);
      stuck = Number((db.prepare(queries.stuck).get() as { n: number }).n);
    } finally {
      db.close();
    }
  }
  report.statisticsRows = statistics.length;
  const stored = new Map<string, number>();
  for (const row of statistics) stored.set(row.call_id, (stored.get(row.call_id) ?? 0) + 1);
  for (const callId of acknowledged) if (!stored.has(callId)) report.failures.push(`finish of ${callId} acknowledged, no statistics row`);
  for (const [callId, count] of stored) if (count > 1) report.failures.push(`${callId} finished ${count} times`);
  for (const callId of calls) if (!stored.has(callId)) report.failures.push(`${callId} registered and never finished`);
  const withoutActivity = statistics.filter((row) => row.crm_activity_id === null).length;
  if (withoutActivity > 0) report.failures.push(`${withoutActivity} statistics rows without their CRM activity`);
  if (active > 0) report.failures.push(`${active} calls still active after every call was finished`);
  if (stuck > 0) report.failures.push(`${stuck} request ids still claimed without an answer`);
}

function send(port: number, token: string, agent: http.Agent, request: Sent): Promise<Answer> {
  const body = JSON.stringify({ ...request.params, auth: token });
  const query = request.inQuery ? `?bx24_request_id=${encodeURIComponent(request.key)}` : '';
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (!request.inQuery) headers['idempotency-key'] = request.key;
  return new Promise((resolvePromise, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: `/rest/${request.method}${query}`, method: 'POST', headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

interface Serving {
  child: ChildProcess;
  port: number;
}

function startServe(args: string[]): Promise<Serving> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--log-level', 'silent', '--no-limits', ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, EXTCALL_DATA: '' },
      },
    );
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
      if (port && stdout.includes('limits:') && stdout.endsWith('\n')) {
        clearTimeout(timer);
        resolvePromise({ child, port: Number(port) });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
    child.once('exit', () => resolvePromise());
  });
}

async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.removeAllListeners('exit');
  const exited = waitForExit(child);
  child.kill('SIGTERM');
  await exited;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}
