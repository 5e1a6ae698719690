#!/usr/bin/env node
// `npm run fuzz`: starts `extcall serve` on a fresh SQLite data directory (loopback, a free port), sends
// deterministic malformed requests, and exits non-zero if any answer is ≥ 500 (or none came), the server
// died, or the database fails PRAGMA integrity_check afterwards.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { runFuzz } from './driver.mjs';

const { values: options } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '600' },
    concurrency: { type: 'string', default: '32' },
    database: { type: 'string' },
    report: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const SEED = Number(options.seed);
const COUNT = Number(options.count);
const SECONDS = Number(options.seconds);
const log = (line = '') => process.stdout.write(`${line}\n`);

const dataDir = mkdtempSync(join(tmpdir(), 'extcall-fuzz-'));
const server = await startServer(dataDir, options.database);
const portal = JSON.parse(readFileSync(join(dataDir, 'demo-portal.json'), 'utf8'));
log(
  `fuzzing ${server.url} (${options.database ? 'PostgreSQL' : `SQLite in ${dataDir}`}): seed ${SEED}, up to ${COUNT} requests or ${SECONDS} s, ${options.concurrency} at a time`,
);

const stats = await runFuzz({
  baseUrl: server.url,
  portal,
  seed: SEED,
  count: COUNT,
  seconds: SECONDS,
  concurrency: Number(options.concurrency),
  onProgress: (s) => log(`  ${s.sent} sent, ${s.failures.length} failures`),
});
if (options.report) writeFileSync(options.report, stats.failures.map((f) => JSON.stringify(f)).join('\n'));
const alive = server.child.exitCode === null && server.child.signalCode === null && (await healthy(server.url));
await stop(server.child);
const integrity = options.database ? 'not checked (PostgreSQL)' : integrityOf(join(dataDir, 'extcall.sqlite'));
if (!options.keep) rmSync(dataDir, { recursive: true, force: true });

log(`\n${stats.sent} requests in ${(stats.durationMs / 1000).toFixed(1)} s (${Math.round(stats.sent / (stats.durationMs / 1000))} req/s)`);
log(
  `by status: ${Object.entries(stats.byStatus)
    .sort()
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ')}`,
);
log(
  `no answer: ${
    Object.entries(stats.errors)
      .map(([error, n]) => `${error}: ${n}`)
      .join(', ') || 'none'
  } (connections the server closed on bad input)`,
);
log(`server alive afterwards: ${alive ? 'yes' : 'NO'}; integrity_check: ${integrity}`);
log(`server log lines at error level: ${server.errorLines.length}`);
for (const line of server.errorLines.slice(0, 5)) log(`  ${line.slice(0, 400)}`);
log(`failures (answers ≥ 500 or none within 30 s): ${stats.failures.length}`);
for (const failure of stats.failures.slice(0, 20)) log(`  ${JSON.stringify(failure)}`);
const ok = stats.failures.length === 0 && alive && (integrity === 'ok' || options.database);
log(ok ? 'OK' : 'FAILED');
process.exit(ok ? 0 : 1);

/** `extcall serve` without limits on a free loopback port; resolves once it listens. */
function startServer(dir, database) {
  const args = [
    resolve('bin/extcall.js'),
    'serve',
    '--data',
    dir,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--no-limits',
    '--log-level',
    'warn',
  ];
  if (database) args.push('--database', database);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const errorLines = [];
  let pending = '';
  child.stderr.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    for (const line of lines) if (/"level":(5|6)\d/.test(line) || !line.startsWith('{')) errorLines.push(line);
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening:\s+(http:\/\/\S+)/.exec(out);
      if (match) resolvePromise({ child, url: match[1], errorLines });
    });
    child.once('exit', (code) => reject(new Error(`extcall serve exited (${code}): ${errorLines.slice(-5).join('\n')}`)));
  });
}

function healthy(url) {
  return new Promise((resolvePromise) => {
    const req = http.get(`${url}/_extcall/health`, (res) => {
      res.resume();
      resolvePromise(res.statusCode === 200);
    });
    req.setTimeout(5000, () => req.destroy());
    req.on('error', () => resolvePromise(false));
  });
}

function stop(child) {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      clearTimeout(kill);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

function integrityOf(file) {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
}
