import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/kernel/duration.js';

describe('parseDuration', () => {
  it.each([
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['15m', 900_000],
    ['90m', 5_400_000],
    ['30s', 30_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['2H', 7_200_000],
    [' 10s ', 10_000],
    ['250', 250],
    ['-1h', -3_600_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('takes a number as milliseconds, rounded', () => {
    expect(parseDuration(1500)).toBe(1500);
    expect(parseDuration(1.6)).toBe(2);
    expect(parseDuration(-20)).toBe(-20);
  });

  it.each(['', 'h', '2 hours', '2w', '1h30m', 'abc', '1e3', '--1s', '0x10'])('refuses the text %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it.each([null, undefined, true, {}, [], Number.NaN, Number.POSITIVE_INFINITY])('refuses the value %j', (value) => {
    expect(parseDuration(value)).toBeNull();
  });

  it('refuses durations beyond a hundred years', () => {
    expect(parseDuration('40000d')).toBeNull();
    expect(parseDuration(Number.MAX_SAFE_INTEGER)).toBeNull();
    expect(parseDuration('36500d')).toBe(36_500 * 86_400_000);
  });
});
