import { describe, expect, test } from 'vitest';
import { recordFactory } from '../../src/kernel/record-factory.js';

describe('recordFactory', () => {
  test('puts each value under its key, in key order', () => {
    const make = recordFactory(['ID', 'NAME', 'COST']);
    const record = make([7, 'Ann', null]);
    expect(record).toEqual({ ID: 7, NAME: 'Ann', COST: null });
    expect(Object.keys(record)).toEqual(['ID', 'NAME', 'COST']);
    // Every call makes a record of its own.
    expect(make([8, 'Bo', 1])).not.toBe(make([8, 'Bo', 1]));
  });

  test('a repeated key keeps its first place and its last value, as assignments one after another would', () => {
    const assigned: Record<string, unknown> = {};
    const keys = ['a', 'b', 'a'];
    const values = [1, 2, 3];
    keys.forEach((key, i) => (assigned[key] = values[i]));
    const made = recordFactory(keys)(values);
    expect(made).toEqual(assigned);
    expect(Object.keys(made)).toEqual(Object.keys(assigned));
  });

  test('keys that are not identifiers are taken literally, never as code', () => {
    const keys = ['with space', 'quote"s', "it's", 'back\\slash', 'line\u2028sep', '${x}', '0', 'constructor'];
    const made = recordFactory(keys)(keys.map((_, i) => i));
    expect(Object.keys(made).sort()).toEqual([...keys].sort());
    keys.forEach((key, i) => expect(made[key]).toBe(i));
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
  });

  test('refuses __proto__, which a literal would read as the prototype', () => {
    expect(() => recordFactory(['id', '__proto__'])).toThrow(TypeError);
  });
});
