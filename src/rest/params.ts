/**
 * Parameter coercion with PHP's semantics, because query and form input is all strings while JSON
 * input keeps its types, and both must mean the same thing (A10, CLIENTS.md).
 */
export type Params = Record<string, unknown>;

/** Reads an own property only: parameters never reach prototypes. */
export function param(params: Params, name: string): unknown {
  const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
  // JSON null means "not given" (the PHP SDK sends FILE_CONTENT: null).
  return value === null ? undefined : value;
}

/** The first of several spellings that is present (documented aliases, A26/I1). */
export function paramAny(params: Params, ...names: string[]): unknown {
  for (const name of names) {
    const value = param(params, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Largest value of the integer columns (PostgreSQL `integer`): no row has a larger id. Larger ids
 * are clamped to it, so that they find nothing instead of failing in the database.
 */
export const MAX_ROW_ID = 2_147_483_647;

/** PHP `(int)`: a leading integer prefix, else 0; floats truncate; true is 1. Clamped to the safe range. */
export function phpInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return intPrefixOrNull(value) ?? 0;
}

/**
 * The integer PHP's `(int)` reads from a number or a string's leading digits, or null when there are
 * none. JSON numbers and numeric strings agree: both are clamped to the safe integer range
 * (`1e20` and "100000000000000000000" alike), fractions truncate, NaN reads nothing.
 */
export function intPrefixOrNull(value: unknown): number | null {
  let parsed: number;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return null;
    parsed = Math.trunc(value);
  } else if (typeof value === 'string') {
    const match = /^\s*([+-]?\d+)/.exec(value);
    if (!match) return null;
    parsed = Number.parseInt(match[1]!, 10);
  } else {
    return null;
  }
  // `+ 0` turns -0 into 0.
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, parsed)) + 0;
}

/**
 * A strict positive integer, or null (ids: "12" and 12 yes, "12abc", 0, -1, 1.5 no). Above
 * MAX_ROW_ID it is clamped there, for a JSON number (1e20) as for a string of digits.
 */
export function positiveIntOrNull(value: unknown): number | null {
  let parsed: number;
  if (typeof value === 'number') parsed = value;
  else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) parsed = Number.parseInt(value, 10);
  else return null;
  return Number.isInteger(parsed) && parsed > 0 ? Math.min(parsed, MAX_ROW_ID) : null;
}

const TRUE_WORDS = new Set(['y', 'yes', 'true', '1', 'on']);
const FALSE_WORDS = new Set(['n', 'no', 'false', '0', 'off', '']);

/** Boolean in any spelling clients use (true, "true", "Y", 1, "1"); null when it is none of them. */
export function boolOrNull(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return null;
}

/** A scalar as text (numbers and booleans as PHP prints them); undefined for objects and lists. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? '1' : '';
  return undefined;
}

/** PHP-style arrays may arrive as JSON arrays or as objects with index keys; both become a list. */
export function listValues(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isPlainRecord(value)) return Object.values(value);
  return value === undefined ? [] : [value];
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
