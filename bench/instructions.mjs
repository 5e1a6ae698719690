#!/usr/bin/env node
// `npm run bench:instructions`: machine instructions per request of register, finish and the statistics page,
// counted by valgrind's callgrind over every thread of `extcall serve` (JIT, GC and SQLite included). Unlike
// req/s, the count hardly depends on the clock or on what else the machine does (only timers' work is per
// wall second): one build counted twice differed by 2.6%, so a change of 5% shows in one pair of runs
// made side by side, where `npm run bench` on a noisy 2-core machine needs many. It measures cost, not
// latency or concurrency: use both.
//
// The bare node:http baseline of `npm run bench` is counted the same way, with the same body as its run
// there: the ratio of its count to extcall's is what the req/s ratios of `npm run bench` come to on one core.
//
// Each run: the server starts under callgrind (about a minute), a warm-up lets V8 compile the hot paths, the
// counters are zeroed, the measured requests go out at 10 connections, the counters are dumped. The
// statistics run uses the page and the cached database of `npm run bench` (generated there when missing).
// The PostgreSQL run counts register and finish of a server on a scratch database (dropped afterwards);
// only the server's instructions are counted, neither the kernel's (the socket writes to the database)
// nor the database server's.
//
// Flags:
//   --requests N    measured requests of register and finish (default 3000); the statistics page gets N / 7,
//                   the baseline 5 N
//   --warm-up N     requests before the counters are zeroed (default 5000; shared out as --requests is): fewer
//                   leave V8's optimizing of the hot paths in the count (1,500 after 300 counted twice as much)
//   --rows N        statistics rows (default 1,000,000; the database is kept in the cache of npm run bench)
//   --only LIST     comma-separated runs among baseline, register, finish, statistics, postgres (default all;
//                   postgres is skipped, with a note, when nothing answers at --pg-url)
//   --keep DIR      keep each run's callgrind dumps in DIR (callgrind.<run>.1-<thread>, thread 01 the main
//                   one), for callgrind_annotate
//   --cache-dir DIR as for npm run bench
//   --pg-url URL    as for npm run bench: a PostgreSQL admin URL whose user may CREATE DATABASE
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { finishBodies, runLoad, registerBody, statisticsBody } from './load.mjs';
import { DEFAULT_PG_URL, postgresReachable, seedActiveCallsPg, withScratchDatabase } from './postgres.mjs';
import { log } from './report.mjs';
import { DEFAULT_CACHE_DIR, cachedStatistics, dataDirFrom, migrationLevel, seedActiveCalls } from './seed-sqlite.mjs';
import { BASELINE_BODY, startBaseline, startExtcall, stop } from './servers.mjs';

const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    'warm-up': { type: 'string', default: '5000' },
    rows: { type: 'string', default: '1000000' },
    only: { type: 'string', default: 'baseline,register,finish,statistics,postgres' },
    'cache-dir': { type: 'string', default: DEFAULT_CACHE_DIR },
    keep: { type: 'string' },
    'pg-url': { type: 'string', default: DEFAULT_PG_URL },
  },
});
const REQUESTS = Number(options.requests);
const WARM_UP = Number(options['warm-up']);
const CONNECTIONS = 10;
const RUNS = new Set(options.only.split(',').map((name) => name.trim()));

/** callgrind over every thread, counting instructions only; code V8 writes at run time is re-read when it changes. */
function callgrind(outFile) {
  return [
    'valgrind',
    '--tool=callgrind',
    '--smc-check=all-non-file',
    '--dump-instr=no',
    '--separate-threads=yes',
    `--callgrind-out-file=${outFile}`,
  ];
}

function callgrindControl(flag, pid) {
  return new Promise((resolvePromise, reject) => {
    execFile('callgrind_control', [flag, String(pid)], (error, stdout, stderr) =>
      error ? reject(new Error(`callgrind_control ${flag}: ${stderr || error.message}`)) : resolvePromise(stdout),
    );
  });
}

const sleep = (ms) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

/**
 * A cheap request: valgrind reads its commands and finishes a dump only while the process runs, and an
 * idle server sits in epoll_wait. The few such requests counted are noise (< 0.1%).
 */
function wake(server) {
  return fetch(`${server.baseUrl}/_extcall/health/live`).catch(() => {});
}

/** Runs callgrind_control while the server is woken every 50 ms. */
async function control(flag, server) {
  let done = false;
  const waking = (async () => {
    while (!done) {
      await wake(server);
      await sleep(50);
    }
  })();
  try {
    await callgrindControl(flag, server.child.pid);
  } finally {
    done = true;
    await waking;
  }
}

/** The instruction count of one callgrind dump file (its `totals:` line). */
function instructionsIn(file) {
  const line = /^totals: (\d+)/m.exec(readFileSync(file, 'utf8'));
  return line ? Number(line[1]) : null;
}

/**
 * The first dump's files, one per thread (`<outFile>.1-<thread>`; thread 01 is the main thread), once each
 * is complete and no new one has appeared for a second; the server is woken meanwhile.
 */
async function dumpedThreads(outFile, server) {
  const dir = dirname(outFile);
  const prefix = `${basename(outFile)}.1-`;
  let seen = '';
  let stableSince = performance.now();
  for (let i = 0; i < 1200; i++) {
    const files = readdirSync(dir)
      .filter((name) => name.startsWith(prefix))
      .sort();
    const counts = files.map((name) => instructionsIn(join(dir, name)));
    const key = files.join(',');
    if (key !== seen) {
      seen = key;
      stableSince = performance.now();
    }
    if (files.length > 0 && counts.every((n) => n !== null) && performance.now() - stableSince > 1000) {
      return files.map((name, at) => ({ file: join(dir, name), main: name === `${prefix}01`, instructions: counts[at] }));
    }
    await wake(server);
    await sleep(100);
  }
  throw new Error(`callgrind wrote no complete dump ${outFile}.1-*`);
}

/**
 * Starts the server of `dataDir` (the baseline when null; `extra`: more options of serve) under callgrind,
 * sends the warm-up then `count` requests made by `load(server, amount)` (the server's `demo` holds the
 * token it saved as it started), and answers the instructions per measured request: of the main thread,
 * which serves every request, and of all threads (V8's optimizing compiler and GC helpers, the checkpoint
 * worker), which share the other core with the load generator.
 */
async function measure(name, dataDir, count, warmUp, load, extra = []) {
  const outDir = mkdtempSync(join(tmpdir(), 'extcall-callgrind-'));
  const outFile = join(outDir, 'callgrind.out');
  const server = dataDir === null ? await startBaseline(callgrind(outFile)) : await startExtcall(dataDir, extra, callgrind(outFile));
  try {
    const warm = await load(server, warmUp);
    if (warm.non2xx + warm.errors > 0) throw new Error(`${name}: ${warm.non2xx + warm.errors} failed warm-up requests`);
    await control('-z', server);
    const result = await load(server, count);
    const ok = result['2xx'];
    if (ok !== count) throw new Error(`${name}: ${ok} of ${count} measured requests answered 2xx`);
    await control('-d', server);
    const threads = await dumpedThreads(outFile, server);
    const main = threads.find((thread) => thread.main)?.instructions ?? 0;
    const all = threads.reduce((sum, thread) => sum + thread.instructions, 0);
    if (options.keep) {
      mkdirSync(options.keep, { recursive: true });
      for (const thread of threads)
        copyFileSync(
          thread.file,
          join(options.keep, `callgrind.${name.split(' ')[0]}.${basename(thread.file).replace('callgrind.out.', '')}`),
        );
    }
    return { name, count, main: main / count, all: all / count };
  } finally {
    await stop(server.child, 'SIGKILL');
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** One line of the report; the share is the baseline's cost against this run's, main thread and all threads. */
function report(run, baseline) {
  const millions = (n) => (n / 1e6).toFixed(3).padStart(7);
  const share = (ours, base) => `${((base / ours) * 100).toFixed(1).padStart(5)}%`;
  const against = baseline && run !== baseline ? `   ${share(run.main, baseline.main)} ${share(run.all, baseline.all)}` : '';
  log(`  ${run.name.padEnd(30)} ${millions(run.main)} M ${millions(run.all)} M${against}   (${run.count} requests)`);
}

/** Under callgrind a request takes some fifty times as long, longer on a busy machine: no timeout that matters. */
const TIMEOUT_SECONDS = 300;

/** A fixed body, or the one `body(server)` makes for the server under load (at each load: keep it deterministic). */
const fixed = (url, body) => (server, amount) =>
  runLoad({
    url: `${server.baseUrl}${url}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'function' ? body(server) : body,
    connections: CONNECTIONS,
    amount,
    timeout: TIMEOUT_SECONDS,
  });
/**
 * A body per request, made by the function `bodies(server)` answers: one per server, so that the measured
 * requests go on where the warm-up stopped (finish bodies hand out each registered call once).
 */
const each = (url, bodies) => {
  const makers = new WeakMap();
  return (server, amount) => {
    if (!makers.has(server)) makers.set(server, bodies(server));
    const makeBody = makers.get(server);
    return runLoad({
      url: `${server.baseUrl}${url}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      connections: CONNECTIONS,
      amount,
      timeout: TIMEOUT_SECONDS,
      requests: [{ setupRequest: (req) => ({ ...req, body: makeBody() }) }],
    });
  };
};
/** The access token of the demo application, as the server saved it when it started (an older one may have expired). */
const tokenOf = (server) => server.demo.app.accessToken;

async function main() {
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is not installed (apt-get install valgrind)');
  log(`extcall: instructions per request under callgrind, node ${process.version}, ${CONNECTIONS} connections`);
  log(`  ${'run'.padEnd(30)} ${'main'.padStart(9)} ${'all'.padStart(9)}   baseline's cost in %: main, all`);
  const dataDir = mkdtempSync(join(tmpdir(), 'extcall-bench-'));
  let baseline = null;
  try {
    // A plain start makes the demo portal and tells the schema level (the statistics cache is keyed by it).
    const first = await startExtcall(dataDir);
    await stop(first.child);
    const dbFile = join(dataDir, 'extcall.sqlite');
    const migration = migrationLevel(dbFile);
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo-portal.json'), 'utf8'));
    if (RUNS.has('baseline')) {
      // Ten times cheaper a request: more of them, so V8's compiling after the warm-up weighs as little.
      baseline = await measure('baseline (bare node:http)', null, REQUESTS * 5, WARM_UP * 5, fixed('/', BASELINE_BODY));
      report(baseline, baseline);
    }
    if (RUNS.has('register')) {
      const load = each('/rest/telephony.externalCall.register', (server) => () => registerBody(tokenOf(server)));
      report(await measure('register', dataDir, REQUESTS, WARM_UP, load), baseline);
    }
    if (RUNS.has('finish')) {
      const callIds = seedActiveCalls(dbFile, demo.app.id, WARM_UP + REQUESTS);
      const load = each('/rest/telephony.externalCall.finish', (server) => finishBodies(tokenOf(server), callIds));
      report(await measure('finish', dataDir, REQUESTS, WARM_UP, load), baseline);
    }
    if (RUNS.has('statistics')) {
      const rows = Number(options.rows);
      const entry = await cachedStatistics({ rows, migration, cacheDir: options['cache-dir'], regenerate: false });
      const statsDir = dataDirFrom(entry.dir);
      try {
        const name = `statistic.get (${(rows / 1e6).toFixed(1)}M rows)`;
        const load = fixed('/rest/voximplant.statistic.get', (server) => statisticsBody(tokenOf(server)));
        // A page costs about seven registers: a seventh of the requests takes as long.
        report(await measure(name, statsDir, Math.ceil(REQUESTS / 7), Math.ceil(WARM_UP / 7), load), baseline);
      } finally {
        rmSync(statsDir, { recursive: true, force: true });
      }
    }
    if (RUNS.has('postgres')) await measurePostgres(baseline);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** register and finish of a server on a scratch PostgreSQL database, as `npm run bench` runs them there. */
async function measurePostgres(baseline) {
  const url = options['pg-url'];
  if (!(await postgresReachable(url))) {
    log(`  postgres: skipped, nothing answers at ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
    return;
  }
  await withScratchDatabase(url, async (databaseUrl) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'extcall-bench-pg-'));
    const extra = ['--database', databaseUrl];
    try {
      const first = await startExtcall(dataDir, extra);
      await stop(first.child);
      const register = each('/rest/telephony.externalCall.register', (server) => () => registerBody(tokenOf(server)));
      report(await measure('register (PostgreSQL)', dataDir, REQUESTS, WARM_UP, register, extra), baseline);
      const callIds = await seedActiveCallsPg(databaseUrl, first.demo.app.id, WARM_UP + REQUESTS);
      const finish = each('/rest/telephony.externalCall.finish', (server) => finishBodies(tokenOf(server), callIds));
      report(await measure('finish (PostgreSQL)', dataDir, REQUESTS, WARM_UP, finish, extra), baseline);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
