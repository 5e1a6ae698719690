import { afterEach, describe, expect, test, vi } from 'vitest';

describe('tests without PostgreSQL (issue 11)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  test('the first connection failure says where PostgreSQL was looked for and how to start it or skip it', async () => {
    // The helper reads EXTCALL_TEST_PG_URL when it is loaded; port 1 refuses at once.
    vi.stubEnv('EXTCALL_TEST_PG_URL', 'postgres://postgres:secret@127.0.0.1:1/test');
    vi.resetModules();
    const { createScratchPostgres } = await import('../helpers/databases.js');
    const failure = await createScratchPostgres().then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).toContain('PostgreSQL is not reachable at postgres://postgres:***@127.0.0.1:1/test (ECONNREFUSED)');
    expect(failure).toContain('EXTCALL_TEST_PG=off');
    expect(failure).not.toContain('secret');
  });
});
