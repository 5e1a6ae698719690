#!/usr/bin/env node
// `npm run bench`: extcall against a bare node:http baseline measured in the same run, same load generator.
// Prints req/s and latency for register, finish and a statistics page over 1,000,000 rows, each as a ratio
// to the baseline; time-to-ready and peak RSS of `serve`; checks that every acknowledged finish survives kill -9.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rows: { type: 'string', default: '1000000' },
    quick: { type: 'boolean', default: false },
  },
});
const DURATION = options.quick ? 3 : Number(options.duration);
const CONNECTIONS = Number(options.connections);
const STAT_ROWS = options.quick ? 100_000 : Number(options.rows);
const BIN = resolve('bin/extcall.js');

function log(line = '') {
  process.stdout.write(`${line}\n`);
}

/** Starts a child process and resolves once `ready(stdout)` is true; returns the child and the time it took. */
function startProcess(args, ready, env = {}) {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (ready(out)) resolvePromise({ child, out, readyMs: performance.now() - started });
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => reject(new Error(`process exited (${code}): ${err.slice(-2000)}`)));
  });
}

function stop(child, signal = 'SIGTERM') {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
    child.removeAllListeners('exit');
    child.once('exit', () => resolvePromise());
    child.kill(signal);
  });
}

/** Peak resident memory of a process, in MB (VmHWM). */
function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function runLoad(opts) {
  return new Promise((resolvePromise, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, pipelining: 1, ...opts }, (error, result) =>
      error ? reject(error) : resolvePromise(result),
    );
  });
}

const BASELINE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    let parsed = {};
    try { parsed = body ? JSON.parse(body) : {}; } catch {}
    const out = JSON.stringify({ result: { ok: true, keys: Object.keys(parsed).length }, time: { start: Date.now() / 1000 } });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(out);
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

function summary(name, result, baseline) {
  const rps = result.requests.average;
  const ok2xx = result['2xx'];
  const non2xx = result.non2xx;
  return {
    name,
    rps,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ratio: baseline ? rps / baseline : 1,
    ok2xx,
    non2xx,
    errors: result.errors + result.timeouts,
  };
}

function printRow(row) {
  log(
    `${row.name.padEnd(34)} ${row.rps.toFixed(0).padStart(8)} req/s   p50 ${String(row.p50).padStart(4)} ms   p99 ${String(row.p99).padStart(4)} ms   ` +
      `${(row.ratio * 100).toFixed(1).padStart(5)}% of baseline   (2xx ${row.ok2xx}, other ${row.non2xx}, errors ${row.errors})`,
  );
}

/** Pre-registers `count` active calls straight into the database, as register would have. */
function seedActiveCalls(dbFile, appId, count) {
  const db = new Database(dbFile);
  const insert = db.prepare(
    `insert into active_calls (call_id, app_id, user_id, phone_number, call_type, start_at, add_to_chat, show_card, registered_at)
     values (?, ?, 2, ?, 2, ?, 1, 1, ?)`,
  );
  const now = Math.floor(Date.now() / 1000);
  const ids = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = `externalCall.${i.toString(16).padStart(32, '0')}.${now}`;
      insert.run(id, appId, `+1555${String(i).padStart(7, '0')}`, now - 60, now);
      ids.push(id);
    }
  })();
  db.close();
  return ids;
}

/** Generates `count` statistics rows with a progress bar (2 users x spread over a year). */
function seedStatistics(dbFile, appId, count) {
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  const insert = db.prepare(
    `insert into call_statistics (call_id, portal_user_id, portal_number, phone_number, call_category, call_type, call_duration,
       call_start_date, call_status, cost, cost_currency, call_failed_code, call_failed_reason, rest_app_id, rest_app_name, transcript_pending)
     values (?, ?, 'REST_APP:1', ?, 'external', ?, ?, ?, ?, 0, 'EUR', ?, '', ?, 'Demo PBX connector', 'N')`,
  );
  const start = Date.UTC(2025, 0, 1) / 1000;
  const spacing = Math.max(1, Math.floor((365 * 86400) / count));
  const batch = 20_000;
  const began = performance.now();
  for (let done = 0; done < count; done += batch) {
    db.transaction(() => {
      for (let i = done; i < Math.min(count, done + batch); i++) {
        const duration = i % 300;
        insert.run(
          `bench.${i}`,
          1 + (i % 4),
          `+1555${String(i % 1_000_000).padStart(7, '0')}`,
          1 + (i % 2),
          duration,
          start + i * spacing,
          duration > 0 ? 1 : 0,
          duration > 0 ? '200' : '304',
          appId,
        );
      }
    })();
    const filled = Math.min(count, done + batch);
    const width = 30;
    const bar = '#'.repeat(Math.round((filled / count) * width)).padEnd(width, '.');
    process.stdout.write(`\r  generating statistics [${bar}] ${filled.toLocaleString('en')} / ${count.toLocaleString('en')}`);
  }
  process.stdout.write(`  (${((performance.now() - began) / 1000).toFixed(1)} s)\n`);
  db.close();
}

function countRows(dbFile, table) {
  const db = new Database(dbFile, { readonly: true });
  const n = db.prepare(`select count(*) as n from ${table}`).get().n;
  db.close();
  return n;
}

async function startExtcall(dataDir, extra = []) {
  const started = await startProcess(
    [BIN, 'serve', '--data', dataDir, '--port', '0', '--log-level', 'silent', '--timezone', 'UTC', '--no-limits', ...extra],
    (out) => out.includes('\n') && out.includes('extcall is serving') && (out.includes('try:') || out.split('\n').length > 2),
  );
  const demo = JSON.parse(readFileSync(join(dataDir, 'demo-portal.json'), 'utf8'));
  return { ...started, demo };
}

async function benchDurability(label, extra, baseline, rows) {
  const dataDir = mkdtempSync(join(tmpdir(), 'extcall-bench-'));
  try {
    const { child, demo } = await startExtcall(dataDir, extra);
    const url = `${demo.baseUrl}/rest/telephony.externalCall.register`;
    let n = 0;
    const register = await runLoad({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            n += 1;
            return {
              ...req,
              body: JSON.stringify({
                auth: demo.app.accessToken,
                USER_PHONE_INNER: '101',
                PHONE_NUMBER: `+1202${String(n).padStart(7, '0')}`,
                TYPE: 2,
                EXTERNAL_CALL_ID: `b-${n}`,
              }),
            };
          },
        },
      ],
    });
    rows.push(summary(`register${label}`, register, baseline));
    await stop(child);

    const callIds = seedActiveCalls(join(dataDir, 'extcall.sqlite'), demo.app.id, 200_000);
    const again = await startExtcall(dataDir, extra);
    let next = 0;
    const finish = await runLoad({
      url: `${again.demo.baseUrl}/rest/telephony.externalCall.finish`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            const callId = callIds[next++ % callIds.length];
            return {
              ...req,
              body: JSON.stringify({ auth: again.demo.app.accessToken, CALL_ID: callId, USER_ID: 2, DURATION: 42, ADD_TO_CHAT: 1 }),
            };
          },
        },
      ],
    });
    rows.push(summary(`finish${label}`, finish, baseline));
    const rss = peakRssMbSafe(again.child);
    // Every acknowledged finish must survive a crash of the process.
    await stop(again.child, 'SIGKILL');
    const stored = countRows(join(dataDir, 'extcall.sqlite'), 'call_statistics');
    return { acknowledged: finish['2xx'], stored, rss };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function peakRssMbSafe(child) {
  try {
    return peakRssMb(child.pid);
  } catch {
    return null;
  }
}

async function main() {
  log(`extcall benchmark — ${CONNECTIONS} connections, ${DURATION} s per run, node ${process.version}`);
  const rows = [];

  const base = await startProcess(['-e', BASELINE_SERVER], (out) => /listening \d+/.test(out));
  const basePort = /listening (\d+)/.exec(base.out)[1];
  const baselineResult = await runLoad({
    url: `http://127.0.0.1:${basePort}/`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ auth: 'x', USER_ID: 2, PHONE_NUMBER: '+12025550147', TYPE: 2 }),
  });
  await stop(base.child);
  const baseline = baselineResult.requests.average;
  rows.push(summary('baseline (bare node:http)', baselineResult, 0));

  const normal = await benchDurability('', [], baseline, rows);
  const full = await benchDurability(' (--durability full)', ['--durability', 'full'], baseline, rows);

  // Statistics page over many rows.
  const dataDir = mkdtempSync(join(tmpdir(), 'extcall-bench-'));
  let readyEmpty;
  let readyFull;
  let statsRss;
  try {
    const first = await startExtcall(dataDir);
    readyEmpty = first.readyMs;
    await stop(first.child);
    seedStatistics(join(dataDir, 'extcall.sqlite'), first.demo.app.id, STAT_ROWS);
    const second = await startExtcall(dataDir);
    readyFull = second.readyMs;
    const body = JSON.stringify({
      auth: second.demo.app.accessToken,
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
    const probe = await fetch(`${second.demo.baseUrl}/rest/voximplant.statistic.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const probed = await probe.json();
    log(`  statistics page: total ${probed.total}, ${probed.result?.length} rows on the page`);
    const stats = await runLoad({
      url: `${second.demo.baseUrl}/rest/voximplant.statistic.get`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    rows.push(summary(`statistic.get (${(STAT_ROWS / 1e6).toFixed(1)}M rows)`, stats, baseline));
    statsRss = peakRssMbSafe(second.child);
    await stop(second.child);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  log();
  for (const row of rows) printRow(row);
  log();
  log(
    `time to ready: ${readyEmpty.toFixed(0)} ms (empty data dir, demo portal created), ${readyFull.toFixed(0)} ms (with ${STAT_ROWS.toLocaleString('en')} statistics rows)`,
  );
  log(
    `peak RSS of serve: ${normal.rss?.toFixed(0)} MB (finish run), ${full.rss?.toFixed(0)} MB (finish, durability full), ${statsRss?.toFixed(0)} MB (statistics run)`,
  );
  log(
    `kill -9 after the finish run: ${normal.acknowledged} finishes acknowledged, ${normal.stored} statistics rows on disk (normal); ${full.acknowledged} / ${full.stored} (full)`,
  );
  const lost = normal.stored < normal.acknowledged || full.stored < full.acknowledged;
  if (lost) {
    log('FAIL: an acknowledged finish was lost');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
