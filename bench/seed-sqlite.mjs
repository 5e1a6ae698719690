// Data written straight into a stopped server's SQLite file: pre-registered calls for finish, and generated
// statistics rows, kept between runs in a cache keyed by row count and schema migration level.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startExtcall, stop } from './servers.mjs';

/** Where generated statistics databases are kept: $XDG_CACHE_HOME/extcall-bench, or ~/.cache/extcall-bench. */
export const DEFAULT_CACHE_DIR = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'extcall-bench');

/** The id `seedActiveCalls` gives call `i` registered at `now` (the same on SQLite and PostgreSQL). */
export function activeCallId(i, now) {
  return `externalCall.${i.toString(16).padStart(32, '0')}.${now}`;
}

/** Pre-registers `count` active calls straight into the database, as register would have; answers their ids. */
export function seedActiveCalls(dbFile, appId, count) {
  const db = new Database(dbFile);
  const insert = db.prepare(
    `insert into active_calls (call_id, app_id, user_id, phone_number, call_type, start_at, add_to_chat, show_card, registered_at)
     values (?, ?, 2, ?, 2, ?, 1, 1, ?)`,
  );
  const now = Math.floor(Date.now() / 1000);
  const ids = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = activeCallId(i, now);
      insert.run(id, appId, `+1555${String(i).padStart(7, '0')}`, now - 60, now);
      ids.push(id);
    }
  })();
  db.close();
  return ids;
}

export function countRows(dbFile, table) {
  const db = new Database(dbFile, { readonly: true });
  const n = db.prepare(`select count(*) as n from ${table}`).get().n;
  db.close();
  return n;
}

/** The newest schema migration applied to the database (Kysely's bookkeeping table). */
export function migrationLevel(dbFile) {
  const db = new Database(dbFile, { readonly: true });
  const row = db.prepare('select name from kysely_migration order by name desc limit 1').get();
  db.close();
  return row?.name ?? 'none';
}

/** The statistics rows every generator writes: 4 users, alternating call types, spread evenly over 2025. */
export function statisticsSpread(count) {
  return { start: Date.UTC(2025, 0, 1) / 1000, spacing: Math.max(1, Math.floor((365 * 86400) / count)) };
}

/** A progress bar redrawn in place on a terminal; elsewhere (a log file, CI) only the finished line. */
export function progress(label, filled, total, began) {
  if (!process.stdout.isTTY && filled < total) return;
  const width = 30;
  const bar = '#'.repeat(Math.round((filled / total) * width)).padEnd(width, '.');
  const tail = filled >= total ? `  (${((performance.now() - began) / 1000).toFixed(1)} s)\n` : '';
  process.stdout.write(
    `${process.stdout.isTTY ? '\r' : ''}  ${label} [${bar}] ${filled.toLocaleString('en')} / ${total.toLocaleString('en')}${tail}`,
  );
}

/**
 * Rebuilds the charts' hourly rollup from every statistics row, as the server keeps it on each insert. The
 * INSERT is the one migration 023 runs (src/storage/migrations/023-call-statistics-hourly.ts, its SQL in
 * hourlyRollupFromCalls, src/storage/stores/hourly-rollup.ts, with the buckets of DURATION_BUCKETS): keep them
 * alike. Portable: the same text runs on SQLite and PostgreSQL.
 */
export const REBUILD_HOURLY_ROLLUP = [
  'delete from call_statistics_hourly',
  `insert into call_statistics_hourly
     (hour_start, portal_user_id, answered, duration_bucket, cost_currency, calls, duration_sum, cost_sum)
   select call_start_date - ((call_start_date % 3600) + 3600) % 3600, portal_user_id,
     case when call_failed_code = '200' then 1 else 0 end,
     (case when call_duration <= 0 then 0 when call_duration <= 10 then 1 when call_duration <= 30 then 2
       when call_duration <= 60 then 3 when call_duration <= 180 then 4 when call_duration <= 600 then 5 else 6 end),
     cost_currency, count(*), sum(call_duration), sum(floor(cost * 10000 + 0.5))
   from call_statistics
   group by 1, 2, 3, 4, 5`,
];

/** Generates `count` statistics rows with INSERT … SELECT over a recursive counter, in batches, with a progress bar. */
export function seedStatistics(dbFile, appId, count) {
  const db = new Database(dbFile);
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const { start, spacing } = statisticsSpread(count);
  const insert = db.prepare(
    `with recursive n(i) as (select ? union all select i + 1 from n where i + 1 < ?)
     insert into call_statistics (call_id, portal_user_id, portal_number, phone_number, call_category, call_type, call_duration,
       call_start_date, call_status, cost, cost_currency, call_failed_code, call_failed_reason, rest_app_id, rest_app_name, transcript_pending)
     select 'bench.' || printf('%010d', i), 1 + i % 4, 'REST_APP:1', '+1555' || printf('%07d', i % 1000000), 'external', 1 + i % 2,
       i % 300, ? + i * ?, case when i % 300 > 0 then 1 else 0 end, 0, 'EUR', case when i % 300 > 0 then '200' else '304' end, '',
       ?, 'Demo PBX connector', 'N'
     from n`,
  );
  const batch = 500_000;
  const began = performance.now();
  for (let done = 0; done < count; done += batch) {
    const end = Math.min(count, done + batch);
    insert.run(done, end, start, spacing, appId);
    progress('generating statistics (SQLite)', end, count, began);
  }
  db.transaction(() => {
    for (const statement of REBUILD_HOURLY_ROLLUP) db.exec(statement);
  })();
  db.pragma('journal_mode = WAL');
  db.close();
}

/**
 * A data directory's files (extcall.sqlite, demo-portal.json) holding the demo portal and `rows` statistics
 * rows at schema level `migration`: taken from the cache when there, else generated once (a server started on
 * an empty directory, stopped, then filled) and kept. Older entries of the same row count are removed.
 */
export async function cachedStatistics({ rows, migration, cacheDir, regenerate }) {
  const key = `sqlite-${rows}-rows-${migration}`;
  const entry = join(cacheDir, key);
  if (!regenerate && existsSync(join(entry, 'extcall.sqlite')) && existsSync(join(entry, 'demo-portal.json'))) {
    return { dir: entry, generated: false };
  }
  mkdirSync(cacheDir, { recursive: true });
  for (const old of readdirSync(cacheDir)) {
    if (old.startsWith(`sqlite-${rows}-rows-`)) rmSync(join(cacheDir, old), { recursive: true, force: true });
  }
  const work = mkdtempSync(join(tmpdir(), 'extcall-bench-gen-'));
  try {
    const server = await startExtcall(work);
    await stop(server.child);
    seedStatistics(join(work, 'extcall.sqlite'), server.demo.app.id, rows);
    const staging = join(cacheDir, `${key}.partial-${process.pid}`);
    mkdirSync(staging, { recursive: true });
    copyFileSync(join(work, 'extcall.sqlite'), join(staging, 'extcall.sqlite'));
    copyFileSync(join(work, 'demo-portal.json'), join(staging, 'demo-portal.json'));
    try {
      renameSync(staging, entry);
    } catch (error) {
      // Another benchmark made the same entry meanwhile: keep theirs.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(join(entry, 'extcall.sqlite'))) throw error;
    }
    return { dir: entry, generated: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A fresh data directory holding a copy of a cache entry: the server never touches the kept file. */
export function dataDirFrom(entryDir) {
  const dataDir = mkdtempSync(join(tmpdir(), 'extcall-bench-'));
  copyFileSync(join(entryDir, 'extcall.sqlite'), join(dataDir, 'extcall.sqlite'));
  copyFileSync(join(entryDir, 'demo-portal.json'), join(dataDir, 'demo-portal.json'));
  return dataDir;
}
