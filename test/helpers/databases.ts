import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The PostgreSQL server tests use; CI starts it (see .ci/run). */
export const TEST_PG_ADMIN_URL = process.env.EXTCALL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Set EXTCALL_TEST_PG=off to run only the SQLite half locally; CI always runs both. */
export const POSTGRES_ENABLED = process.env.EXTCALL_TEST_PG !== 'off';

/** A throwaway PostgreSQL database for one test file; `drop()` removes it. */
export async function createScratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `extcall_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await connectOrExplain(admin);
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A test run without PostgreSQL says what is missing and the two ways out, instead of a bare ECONNREFUSED. */
async function connectOrExplain(client: pg.Client): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    const url = new URL(TEST_PG_ADMIN_URL);
    url.password = url.password ? '***' : '';
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(
      `PostgreSQL is not reachable at ${url.toString()} (${reason}); start it with .ci/run (or any PostgreSQL 14+ with trust auth and a database "test"), ` +
        'point EXTCALL_TEST_PG_URL at yours, or set EXTCALL_TEST_PG=off to run only the SQLite half',
      { cause: error },
    );
  }
}

export interface DialectCase {
  name: 'sqlite' | 'postgres';
  /** Creates a fresh database location and a cleanup for it. */
  setup: () => Promise<{ location: string; cleanup: () => Promise<void> }>;
}

/** Every database the storage must behave the same on. */
export const DIALECTS: DialectCase[] = [
  {
    name: 'sqlite',
    setup: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'extcall-test-'));
      return { location: join(dir, 'extcall.sqlite'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(POSTGRES_ENABLED
    ? [
        {
          name: 'postgres' as const,
          setup: async () => {
            const scratch = await createScratchPostgres();
            return { location: scratch.url, cleanup: scratch.drop };
          },
        },
      ]
    : []),
];
