// PostgreSQL for the benchmark: a scratch database per run (dropped at the end, also on failure), and the
// same seeds as on SQLite written with set-based INSERT … SELECT generate_series.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { REBUILD_HOURLY_ROLLUP, activeCallId, progress, statisticsSpread } from './seed-sqlite.mjs';

/** The server's admin URL (any existing database); its user must be allowed CREATE DATABASE. */
export const DEFAULT_PG_URL = process.env.EXTCALL_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function urlFor(adminUrl, database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether the server answers at all (a short connect timeout): the PostgreSQL part is skipped when not. */
export async function postgresReachable(adminUrl) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates extcall_bench_<random>, runs `work(url)`, and drops the database afterwards whatever happened. */
export async function withScratchDatabase(adminUrl, work) {
  const name = `extcall_bench_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`create database ${name}`));
  try {
    return await work(urlFor(adminUrl, name), name);
  } finally {
    await withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
  }
}

/** Pre-registers `count` active calls, as seedActiveCalls does on SQLite; answers their ids. */
export async function seedActiveCallsPg(url, appId, count) {
  const now = Math.floor(Date.now() / 1000);
  await withClient(url, (client) =>
    client.query(
      `insert into active_calls (call_id, app_id, user_id, phone_number, call_type, start_at, add_to_chat, show_card, registered_at)
       select 'externalCall.' || lpad(to_hex(i), 32, '0') || '.' || $1::bigint, $2, 2, '+1555' || lpad(i::text, 7, '0'), 2, $1::bigint - 60, 1, 1, $1::bigint
       from generate_series(0, $3::int - 1) as i`,
      [now, appId, count],
    ),
  );
  return Array.from({ length: count }, (_, i) => activeCallId(i, now));
}

/** Generates `count` statistics rows (the same rows as on SQLite) in batches, fills the charts' rollup, then VACUUM ANALYZE as autovacuum would. */
export async function seedStatisticsPg(url, appId, count) {
  const { start, spacing } = statisticsSpread(count);
  const began = performance.now();
  await withClient(url, async (client) => {
    const batch = 500_000;
    for (let done = 0; done < count; done += batch) {
      const end = Math.min(count, done + batch);
      await client.query(
        `insert into call_statistics (call_id, portal_user_id, portal_number, phone_number, call_category, call_type, call_duration,
           call_start_date, call_status, cost, cost_currency, call_failed_code, call_failed_reason, rest_app_id, rest_app_name, transcript_pending)
         select 'bench.' || lpad(i::text, 10, '0'), 1 + i % 4, 'REST_APP:1', '+1555' || lpad((i % 1000000)::text, 7, '0'), 'external',
           1 + i % 2, i % 300, $3::bigint + i::bigint * $4::bigint, case when i % 300 > 0 then 1 else 0 end, 0, 'EUR',
           case when i % 300 > 0 then '200' else '304' end, '', $5, 'Demo PBX connector', 'N'
         from generate_series($1::int, $2::int - 1) as i`,
        [done, end, start, spacing, appId],
      );
      progress('generating statistics (PostgreSQL)', end, count, began);
    }
    await client.query('begin');
    for (const statement of REBUILD_HOURLY_ROLLUP) await client.query(statement);
    await client.query('commit');
    await client.query('vacuum analyze call_statistics');
    await client.query('vacuum analyze call_statistics_hourly');
    await client.query('vacuum analyze active_calls');
  });
}

export async function countRowsPg(url, table) {
  return withClient(url, async (client) => Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n));
}
