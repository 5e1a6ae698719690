#!/usr/bin/env node
// `npm run bench`: extcall against a bare node:http baseline measured in the same run, same load generator
// (autocannon, in this process). Prints one table of every run — req/s, p50/p99, ratio to the baseline, peak
// RSS, answers — then time to ready, the kill -9 check and the targets of issue 15, each met or not.
//
// Runs, in order:
//   baseline        bare node:http at N connections and at 1; also through bench/proxy.mjs over two baselines
//   SQLite          register and finish (on 200,000 pre-registered calls) at N connections and at 1, then
//                   kill -9 and a count of what is on disk; the same at N with --durability full
//                   voximplant.statistic.get (a filtered, sorted page) over --rows rows at N connections and at
//                   1, and over --big-rows rows at 1 connection; the generated databases are kept in the cache
//                   directory (keyed by row count and schema migration level) and copied into a fresh data
//                   directory for each run
//   PostgreSQL      a scratch database extcall_bench_<random> (dropped at the end, also on failure): register,
//                   finish, statistic.get over --rows rows on one instance, then the same on two instances
//                   sharing the database behind the round-robin proxy
//
// Flags:
//   --duration N      seconds per load run (default 10)
//   --connections N   connections of the concurrent runs (default 50); the single-connection runs use 1
//   --rows N          statistics rows (default 1,000,000)
//   --big-rows N      rows of the large statistics run (default 10,000,000; generated once, then cached)
//   --no-10m          skip the large statistics run
//   --no-postgres     skip PostgreSQL (it is also skipped, with a note, when the server cannot be reached)
//   --pg-url URL      PostgreSQL admin URL, a user allowed CREATE DATABASE (default env EXTCALL_BENCH_PG_URL,
//                     else postgres://postgres@127.0.0.1:5432/postgres)
//   --cache-dir DIR   where generated statistics databases are kept (default $XDG_CACHE_HOME/extcall-bench,
//                     else ~/.cache/extcall-bench)
//   --regenerate      generate the statistics databases again even when cached
//   --quick           3 s runs over 100,000 rows, no large statistics run (overrides --duration and --rows)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { finishBodies, postJson, postJsonEach, probeStatistics, registerBody, statisticsBody } from './load.mjs';
import { DEFAULT_PG_URL, postgresReachable, seedActiveCallsPg, seedStatisticsPg, withScratchDatabase } from './postgres.mjs';
import { buildTargets, log, printTable, printTargets, summary } from './report.mjs';
import { DEFAULT_CACHE_DIR, cachedStatistics, countRows, dataDirFrom, migrationLevel, seedActiveCalls } from './seed-sqlite.mjs';
import { BASELINE_BODY, peakRssMb, startBaseline, startExtcall, startProxy, stop, stopAll } from './servers.mjs';
import { timeConsolePages } from './console.mjs';

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rows: { type: 'string', default: '1000000' },
    'big-rows': { type: 'string', default: '10000000' },
    'no-10m': { type: 'boolean', default: false },
    'no-postgres': { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: DEFAULT_PG_URL },
    'cache-dir': { type: 'string', default: DEFAULT_CACHE_DIR },
    regenerate: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
});
const DURATION = options.quick ? 3 : Number(options.duration);
const CONNECTIONS = Number(options.connections);
const STAT_ROWS = options.quick ? 100_000 : Number(options.rows);
const BIG_ROWS = Number(options['big-rows']);
const RUN_BIG = !options.quick && !options['no-10m'];
const ACTIVE_CALLS = 200_000;
const CONCURRENCIES = [CONNECTIONS, 1];

const rows = [];
const baselines = new Map();
const ready = {};

function rowsLabel(n) {
  if (n >= 1e6) return `${Number((n / 1e6).toFixed(1))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toFixed(1))}k`;
  return String(n);
}

/** Adds a table row and says so, so a long run shows where it is. */
function record(row) {
  rows.push(row);
  log(`  ${row.name} @${row.connections}: ${row.rps.toFixed(0)} req/s, p99 ${row.p99.toFixed(2)} ms`);
  return row;
}

function baselineFor(connections, proxied = false) {
  return baselines.get(`${proxied ? 'proxy' : 'direct'}.${connections}`) ?? null;
}

async function benchBaselines(withProxy) {
  log('baseline');
  const base = await startBaseline();
  for (const c of CONCURRENCIES) {
    const row = summary(`baseline.${c}`, 'baseline (bare node:http)', await postJson(`${base.baseUrl}/`, BASELINE_BODY, c, DURATION), null);
    row.rss = peakRssMb(base.child);
    baselines.set(`direct.${c}`, record(row));
  }
  await stop(base.child);
  if (!withProxy) return;
  const pair = [await startBaseline(), await startBaseline()];
  const proxy = await startProxy(pair.map((b) => b.baseUrl));
  try {
    for (const c of CONCURRENCIES) {
      const result = await postJson(`${proxy.baseUrl}/`, BASELINE_BODY, c, DURATION);
      const row = summary(`baseline-proxy.${c}`, 'baseline, 2 behind the proxy', result, baselineFor(c));
      row.rss = pair.map((b) => peakRssMb(b.child));
      baselines.set(`proxy.${c}`, record(row));
    }
  } finally {
    await stop(proxy.child);
    for (const b of pair) await stop(b.child);
  }
}

/**
 * register at each concurrency on an empty data directory, then finish on pre-registered calls, then
 * kill -9 and a count of the statistics rows on disk against the finishes acknowledged.
 */
async function benchSqliteCalls(key, label, extra, concurrencies) {
  log(`SQLite${label}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'extcall-bench-'));
  const dbFile = join(dataDir, 'extcall.sqlite');
  try {
    const first = await startExtcall(dataDir, extra);
    const token = first.demo.app.accessToken;
    for (const c of concurrencies) {
      const result = await postJsonEach(`${first.baseUrl}/rest/telephony.externalCall.register`, () => registerBody(token), c, DURATION);
      record(summary(`${key}.register.${c}`, `register${label}`, result, baselineFor(c), peakRssMb(first.child)));
    }
    await stop(first.child);
    const migration = migrationLevel(dbFile);

    const callIds = seedActiveCalls(dbFile, first.demo.app.id, ACTIVE_CALLS);
    const again = await startExtcall(dataDir, extra);
    const nextFinish = finishBodies(again.demo.app.accessToken, callIds);
    let acknowledged = 0;
    for (const c of concurrencies) {
      const result = await postJsonEach(`${again.baseUrl}/rest/telephony.externalCall.finish`, nextFinish, c, DURATION);
      acknowledged += result['2xx'];
      record(summary(`${key}.finish.${c}`, `finish${label}`, result, baselineFor(c), peakRssMb(again.child)));
    }
    // Every acknowledged finish must survive a crash of the process.
    await stop(again.child, 'SIGKILL');
    const stored = countRows(dbFile, 'call_statistics');
    return { readyMs: first.readyMs, migration, acknowledged, stored };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The statistics page over `count` generated rows (from the cache), at each concurrency. */
async function benchSqliteStatistics(key, count, migration, concurrencies, timeConsole = false) {
  log(`SQLite statistic.get over ${count.toLocaleString('en')} rows`);
  const entry = await cachedStatistics({ rows: count, migration, cacheDir: options['cache-dir'], regenerate: options.regenerate });
  log(`  ${entry.generated ? 'generated and kept' : 'taken from the cache'}: ${entry.dir}`);
  const dataDir = dataDirFrom(entry.dir);
  try {
    const server = await startExtcall(dataDir);
    const token = server.demo.app.accessToken;
    const probed = await probeStatistics(server.baseUrl, token);
    log(`  statistics page: total ${probed.total}, ${probed.rows} rows on the page`);
    for (const c of concurrencies) {
      const result = await postJson(`${server.baseUrl}/rest/voximplant.statistic.get`, statisticsBody(token), c, DURATION);
      record(summary(`${key}.${c}`, `statistic.get (${rowsLabel(count)} rows)`, result, baselineFor(c), peakRssMb(server.child)));
    }
    const consolePages = timeConsole ? await timeConsolePages(server.baseUrl, 'bench.0000123456') : null;
    await stop(server.child);
    return { readyMs: server.readyMs, consolePages };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** register, finish and the statistics page on one PostgreSQL instance, then on two behind the proxy. */
async function benchPostgres() {
  log('PostgreSQL');
  await withScratchDatabase(options['pg-url'], async (url, name) => {
    log(`  scratch database ${name}`);
    const dirs = [mkdtempSync(join(tmpdir(), 'extcall-bench-pg-')), mkdtempSync(join(tmpdir(), 'extcall-bench-pg-'))];
    const running = [];
    const serve = async (dir) => {
      const server = await startExtcall(dir, ['--database', url]);
      running.push(server.child);
      return server;
    };
    try {
      const first = await serve(dirs[0]);
      ready.pgEmpty = first.readyMs;
      let token = first.demo.app.accessToken;
      const register = (baseUrl) =>
        postJsonEach(`${baseUrl}/rest/telephony.externalCall.register`, () => registerBody(token), CONNECTIONS, DURATION);
      record(
        summary('pg.register.50', 'register (PostgreSQL)', await register(first.baseUrl), baselineFor(CONNECTIONS), peakRssMb(first.child)),
      );
      await stop(first.child);

      const callIds = await seedActiveCallsPg(url, first.demo.app.id, ACTIVE_CALLS);
      await seedStatisticsPg(url, first.demo.app.id, STAT_ROWS);
      const one = await serve(dirs[0]);
      ready.pgWithRows = one.readyMs;
      token = one.demo.app.accessToken;
      const nextFinish = finishBodies(token, callIds);
      const finish = (baseUrl) => postJsonEach(`${baseUrl}/rest/telephony.externalCall.finish`, nextFinish, CONNECTIONS, DURATION);
      const stats = (baseUrl, c) => postJson(`${baseUrl}/rest/voximplant.statistic.get`, statisticsBody(token), c, DURATION);
      record(summary('pg.finish.50', 'finish (PostgreSQL)', await finish(one.baseUrl), baselineFor(CONNECTIONS), peakRssMb(one.child)));
      const probed = await probeStatistics(one.baseUrl, token);
      log(`  statistics page: total ${probed.total}, ${probed.rows} rows on the page`);
      for (const c of CONCURRENCIES) {
        const name = `statistic.get (PostgreSQL, ${rowsLabel(STAT_ROWS)} rows)`;
        record(summary(`pg.stats.${c}`, name, await stats(one.baseUrl, c), baselineFor(c), peakRssMb(one.child)));
      }

      log('PostgreSQL, two instances behind the round-robin proxy');
      const two = await serve(dirs[1]);
      const proxy = await startProxy([one.baseUrl, two.baseUrl]);
      running.push(proxy.child);
      const rss = () => [peakRssMb(one.child), peakRssMb(two.child)];
      const label = (what) => `${what} (PostgreSQL, 2 instances)`;
      record(summary('pg2.register.50', label('register'), await register(proxy.baseUrl), baselineFor(CONNECTIONS, true), rss()));
      record(summary('pg2.finish.50', label('finish'), await finish(proxy.baseUrl), baselineFor(CONNECTIONS, true), rss()));
      for (const c of CONCURRENCIES) {
        const name = label(`statistic.get ${rowsLabel(STAT_ROWS)}`);
        record(summary(`pg2.stats.${c}`, name, await stats(proxy.baseUrl, c), baselineFor(c, true), rss()));
      }
    } finally {
      for (const child of running) await stop(child);
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
}

async function main() {
  const began = performance.now();
  log(
    `extcall benchmark — ${CONNECTIONS} and 1 connections, ${DURATION} s per run, ${STAT_ROWS.toLocaleString('en')} statistics rows` +
      `${RUN_BIG ? ` (and ${BIG_ROWS.toLocaleString('en')})` : ''}, node ${process.version}`,
  );
  let postgres = !options['no-postgres'];
  let postgresNote = postgres ? '' : 'skipped (--no-postgres)';
  if (postgres && !(await postgresReachable(options['pg-url']))) {
    postgres = false;
    postgresNote = `skipped: nothing answers at ${options['pg-url'].replace(/\/\/[^@/]*@/, '//***@')}`;
  }

  await benchBaselines(postgres);
  const normal = await benchSqliteCalls('sqlite', '', [], CONCURRENCIES);
  ready.empty = normal.readyMs;
  const full = await benchSqliteCalls('sqlite-full', ' (--durability full)', ['--durability', 'full'], [CONNECTIONS]);
  const statistics = await benchSqliteStatistics('sqlite.stats', STAT_ROWS, normal.migration, CONCURRENCIES, true);
  ready.withRows = statistics.readyMs;
  if (RUN_BIG) ready.withBigRows = (await benchSqliteStatistics('sqlite.stats-big', BIG_ROWS, normal.migration, [1])).readyMs;
  if (postgres) await benchPostgres();
  else log(`PostgreSQL ${postgresNote}`);

  const lost = normal.stored < normal.acknowledged || full.stored < full.acknowledged;
  const durabilityText =
    `${normal.acknowledged} finishes acknowledged, ${normal.stored} statistics rows on disk (normal); ` +
    `${full.acknowledged} / ${full.stored} (full)`;
  const servers = rows.filter((r) => !r.id.startsWith('baseline') && r.rss !== null);
  const peak = servers
    .flatMap((r) => (Array.isArray(r.rss) ? r.rss : [r.rss]).map((mb) => ({ mb, name: `${r.name} @${r.connections}` })))
    .filter((p) => p.mb !== null)
    .reduce((a, b) => (b.mb > (a?.mb ?? -1) ? b : a), null);

  log();
  printTable(rows);
  log();
  const readyParts = [
    `SQLite ${ready.empty.toFixed(0)} ms (empty data dir, demo portal created)`,
    `${ready.withRows.toFixed(0)} ms (${STAT_ROWS.toLocaleString('en')} statistics rows)`,
  ];
  if (ready.withBigRows !== undefined) readyParts.push(`${ready.withBigRows.toFixed(0)} ms (${BIG_ROWS.toLocaleString('en')} rows)`);
  if (ready.pgEmpty !== undefined)
    readyParts.push(`PostgreSQL ${ready.pgEmpty.toFixed(0)} ms (empty database), ${ready.pgWithRows.toFixed(0)} ms (with the rows)`);
  log(`time to ready: ${readyParts.join(', ')}`);
  log(`peak RSS of serve: ${peak ? `${peak.mb.toFixed(0)} MB at most (${peak.name}); every run in the RSS column` : 'not read'}`);
  log(`kill -9 after the finish runs (SQLite): ${durabilityText}${lost ? ' — FAIL: an acknowledged finish was lost' : ''}`);
  if (!postgres) log(`PostgreSQL: ${postgresNote}`);
  log();
  log(`console pages over ${STAT_ROWS.toLocaleString('en')} statistics rows (SQLite; one request at a time, 15 each; issue 12: < 300 ms):`);
  const slowest = Math.max(...statistics.consolePages.map((page) => page.max));
  for (const page of statistics.consolePages)
    log(
      `  ${page.name.padEnd(34)} p50 ${page.p50.toFixed(1).padStart(6)} ms   p99 ${page.p99.toFixed(1).padStart(6)} ms   max ${page.max.toFixed(1).padStart(6)} ms`,
    );
  log(`  every page under 300 ms: ${slowest < 300 ? 'met' : 'NOT MET'} (slowest ${slowest.toFixed(0)} ms)`);
  if (!RUN_BIG) log(`large statistics run: skipped (${options.quick ? '--quick' : '--no-10m'})`);
  log();
  printTargets(
    buildTargets(rows, {
      statRowsLabel: rowsLabel(STAT_ROWS),
      bigRowsLabel: rowsLabel(BIG_ROWS),
      peakRss: peak,
      readyWithRows: ready.withRows,
      durabilityOk: !lost,
      durabilityText,
    }),
  );
  log();
  log(`benchmark took ${((performance.now() - began) / 1000 / 60).toFixed(1)} min`);
  if (lost) process.exitCode = 1;
}

main().catch((error) => {
  if (error instanceof Error && error.message === 'interrupted') process.stderr.write('interrupted\n');
  else console.error(error);
  process.exitCode = process.exitCode || 1;
  stopAll();
});
