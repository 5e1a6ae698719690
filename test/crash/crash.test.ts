import { describe, expect, test } from 'vitest';
import { POSTGRES_ENABLED } from '../helpers/databases.js';
import { runCrashSuite, type CrashOptions } from './crash-driver.js';

/**
 * Issue 8 item 3: request ids survive a crash. The short form runs with every `npm test`;
 * `npm run crash` (EXTCALL_CRASH=full) runs more rounds on every database and durability mode.
 */
const FULL = process.env.EXTCALL_CRASH === 'full';
const ROUNDS = FULL ? 6 : 2;
const CASES: Array<Pick<CrashOptions, 'database' | 'durability'>> = [
  { database: 'sqlite', durability: 'normal' },
  ...(FULL ? [{ database: 'sqlite' as const, durability: 'full' as const }] : []),
  ...(POSTGRES_ENABLED ? [{ database: 'postgres' as const, durability: 'normal' as const }] : []),
];

describe('crash suite (issue 8 item 3): kill -9 under keyed register+finish pairs', () => {
  test.each(CASES)(
    '$database, durability $durability: no acknowledged finish lost, no half-finished call, no stuck request id',
    async (setting) => {
      const report = await runCrashSuite({
        ...setting,
        rounds: ROUNDS,
        connections: 50,
        loadMs: FULL ? [1500, 4000] : [700, 1500],
        seed: 8,
      });
      console.log(JSON.stringify(report));
      expect(report.failures).toEqual([]);
      expect(report.acknowledgedFinishes).toBeGreaterThan(0);
      // A crash with nothing in flight would prove nothing about the retries.
      expect(report.unanswered).toBeGreaterThan(0);
      expect(report.statisticsRows).toBe(report.distinctCalls);
    },
    FULL ? 600_000 : 120_000,
  );
});
