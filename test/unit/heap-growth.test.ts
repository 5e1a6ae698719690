import { describe, expect, test } from 'vitest';
import { heapGrowthSetting, SERVE_HEAP_GROWING_PERCENT } from '../../src/cli/serve/heap-growth.js';

describe('serve limits the old generation growth', () => {
  test('applies its own setting when node was started without one', () => {
    expect(heapGrowthSetting([])).toBe(`--heap-growing-percent=${SERVE_HEAP_GROWING_PERCENT}`);
    expect(heapGrowthSetting(['--enable-source-maps', '--max-old-space-size=512'])).toBe(
      `--heap-growing-percent=${SERVE_HEAP_GROWING_PERCENT}`,
    );
  });

  test("leaves the operator's flag alone, in either spelling, on the command line or in NODE_OPTIONS", () => {
    expect(heapGrowthSetting(['--heap-growing-percent=50'])).toBeNull();
    expect(heapGrowthSetting(['--heap_growing_percent=50'])).toBeNull();
    expect(heapGrowthSetting(['--heap-growing-percent', '50'])).toBeNull();
    expect(heapGrowthSetting([], '--enable-source-maps --heap-growing-percent=50')).toBeNull();
  });
});
