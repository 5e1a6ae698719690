import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { growthFactorFor, SERVE_SEMI_SPACE_MB, youngGenerationSizedByOperator } from '../../src/cli/serve/young-generation.js';

const MB = 1024 * 1024;

describe('serve caps the young generation', () => {
  test('the growth factor lands the next growth on the cap, and stops it there', () => {
    expect(growthFactorFor(1 * MB, 8 * MB)).toBe(8);
    expect(growthFactorFor(2 * MB, 8 * MB)).toBe(4);
    expect(growthFactorFor(4 * MB, 8 * MB)).toBe(2);
    // Not a power of two (after V8 shrank it): the growth stays under the cap.
    expect(growthFactorFor(3 * MB, 8 * MB)).toBe(2);
    expect(growthFactorFor(8 * MB, 8 * MB)).toBe(1);
    expect(growthFactorFor(16 * MB, 8 * MB)).toBe(1);
    expect(growthFactorFor(0, 8 * MB)).toBe(1);
  });

  test("leaves the young generation to the operator's flags, on the command line or in NODE_OPTIONS", () => {
    expect(youngGenerationSizedByOperator([])).toBe(false);
    expect(youngGenerationSizedByOperator(['--max-old-space-size=512'], '--enable-source-maps')).toBe(false);
    expect(youngGenerationSizedByOperator(['--max-semi-space-size=16'])).toBe(true);
    expect(youngGenerationSizedByOperator(['--max_semi_space_size', '16'])).toBe(true);
    expect(youngGenerationSizedByOperator(['--semi-space-growth-factor=4'])).toBe(true);
    expect(youngGenerationSizedByOperator([], '--enable-source-maps --max-semi-space-size=4')).toBe(true);
  });

  test('under an allocation load that grows it to V8’s limit, the capped young generation stays at the cap', () => {
    // The compiled module (npm test builds first): the child is a plain node process.
    const module = pathToFileURL(resolve('dist/cli/serve/young-generation.js')).href;
    // Some 5 MB kept alive and replaced all the time, in steps that let the event loop turn.
    const load = (cap: boolean) => `
      import { getHeapSpaceStatistics } from 'node:v8';
      import { setImmediate as turn } from 'node:timers/promises';
      const { capYoungGeneration } = await import(${JSON.stringify(module)});
      if (${cap}) capYoungGeneration([], '');
      const live = new Array(50000);
      for (let step = 0; step < 3000; step++) {
        for (let i = 0; i < 1000; i++) live[(step * 1000 + i) % live.length] = { i, text: 'x' + i, list: [i] };
        await turn();
      }
      console.log(getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size);
      process.exit(0);`;
    const youngGenerationAfter = (cap: boolean) => {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', load(cap)], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect(run.status, run.stderr).toBe(0);
      return Number(run.stdout.trim());
    };
    // Two semi-spaces make the young generation.
    expect(youngGenerationAfter(false)).toBeGreaterThan(2 * SERVE_SEMI_SPACE_MB * MB);
    expect(youngGenerationAfter(true)).toBeLessThanOrEqual(2 * SERVE_SEMI_SPACE_MB * MB);
  });
});
