import { restError, type PlainRestErrorKey } from '../errors/rest-error.js';
import { noteCoercion } from '../near-misses.js';

/**
 * The parameter readers every method uses, with PHP's semantics, because query and form input is all
 * strings while JSON input keeps its types, and both must mean the same thing (A10, CLIENTS.md).
 */
export type Params = Record<string, unknown>;

/** A parameter's name, or its documented spellings in order of preference (A26/I1). */
export type ParamNames = string | readonly string[];

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

function lookup(params: Params, names: ParamNames): unknown {
  return typeof names === 'string' ? param(params, names) : paramAny(params, ...names);
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** PHP-style arrays may arrive as JSON arrays or as objects with index keys; both become a list. */
export function listValues(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isPlainRecord(value)) return Object.values(value);
  return value === undefined ? [] : [value];
}

// ---- text ---------------------------------------------------------------------------------------

/** A scalar as text (numbers and booleans as PHP prints them); undefined for objects and lists. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? '1' : '';
  return undefined;
}

/** A text parameter, trimmed; "" when it is absent or not a scalar. */
export function trimmedText(params: Params, names: ParamNames): string {
  return (scalarText(lookup(params, names)) ?? '').trim();
}

/** A text parameter that must not be blank: trimmed, or the catalogued error `missing`. */
export function requiredText(params: Params, names: ParamNames, missing: PlainRestErrorKey): string {
  const text = trimmedText(params, names);
  if (text === '') throw restError(missing);
  return text;
}

/**
 * An optional text parameter, trimmed, null when blank; a list or object (PARAM_NOT_TEXT) or text
 * longer than its column (`max`, PARAM_TOO_LONG) is refused naming the parameter.
 */
export function optionalText(params: Params, name: string, max: number): string | null {
  const value = param(params, name);
  if (value === undefined) return null;
  const text = scalarText(value);
  if (text === undefined) throw restError('PARAM_NOT_TEXT', { name });
  const trimmed = text.trim();
  if (trimmed.length > max) throw restError('PARAM_TOO_LONG', { name, max });
  return trimmed === '' ? null : trimmed;
}

// ---- integers -----------------------------------------------------------------------------------

/**
 * Largest value of the integer columns (PostgreSQL `integer`): no row has a larger id. Larger ids
 * are clamped to it, so that they find nothing instead of failing in the database.
 */
export const MAX_ROW_ID = 2_147_483_647;

/** What PHP's `(int)` reads, before any clamping: a number truncated, a string's leading digits; null when neither. */
function leadingInt(value: unknown): number | null {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return null;
    const whole = Math.trunc(value);
    if (whole !== value) noteCoercion(value, `read as ${whole}`);
    return whole;
  }
  if (typeof value !== 'string') return null;
  const match = /^\s*([+-]?\d+)/.exec(value);
  if (!match) return null;
  const read = Number.parseInt(match[1]!, 10);
  if (match[0].length !== value.trimEnd().length) noteCoercion(value, `read as ${read}`);
  return read;
}

/** PHP `(int)` before clamping: booleans are 1 and 0, anything unreadable 0. */
function phpIntUnclamped(value: unknown): number {
  if (typeof value === 'boolean') {
    noteCoercion(value, `read as ${value ? 1 : 0}`);
    return value ? 1 : 0;
  }
  const read = leadingInt(value);
  if (read === null && value !== undefined && value !== null && value !== '') noteCoercion(value, 'is no integer: read as 0');
  return read ?? 0;
}

function clampToSafe(value: number): number {
  // `+ 0` turns -0 into 0.
  const clamped = Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, value)) + 0;
  if (clamped !== value && !Object.is(value, -0)) noteCoercion(value, `clamped to ${clamped}`);
  return clamped;
}

/** PHP `(int)`: a leading integer prefix, else 0; floats truncate; true is 1. Clamped to the safe range. */
export function phpInt(value: unknown): number {
  return clampToSafe(phpIntUnclamped(value));
}

/**
 * The integer PHP's `(int)` reads from a number or a string's leading digits, or null when there are
 * none. JSON numbers and numeric strings agree: both are clamped to the safe integer range
 * (`1e20` and "100000000000000000000" alike), fractions truncate, NaN reads nothing.
 */
export function intPrefixOrNull(value: unknown): number | null {
  const parsed = leadingInt(value);
  return parsed === null ? null : clampToSafe(parsed);
}

/**
 * PHP `(int)` for amounts that cannot be negative (a duration, E34): negative values become 0, and so
 * does anything beyond the safe range (a JSON 1e20 as its digits); above MAX_ROW_ID it is clamped there.
 */
export function nonNegativeInt(value: unknown): number {
  const parsed = phpIntUnclamped(value);
  const read = Number.isSafeInteger(parsed) && parsed > 0 ? Math.min(parsed, MAX_ROW_ID) : 0;
  if (read !== parsed) noteCoercion(value, `clamped to ${read}`);
  return read;
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
  if (!Number.isInteger(parsed) || parsed <= 0) return null;
  if (parsed > MAX_ROW_ID) noteCoercion(value, `clamped to ${MAX_ROW_ID}`);
  return Math.min(parsed, MAX_ROW_ID);
}

// ---- flags --------------------------------------------------------------------------------------

const TRUE_WORDS = new Set(['y', 'yes', 'true', '1', 'on']);
const FALSE_WORDS = new Set(['n', 'no', 'false', '0', 'off', '']);

/** Boolean in any spelling clients use (true, "true", "Y", 1, "1"); null when it is none of them. */
export function boolOrNull(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    const read = TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : null;
    if (read !== null && word !== '1' && word !== '0' && word !== '') noteCoercion(value, `read as ${read}`);
    return read;
  }
  return null;
}

/** A 0/1 flag of the telephony methods with a default; "Y"/"N" and booleans are read too. */
export function flag(params: Params, name: string, fallback: boolean): boolean {
  const value = param(params, name);
  if (value === undefined || value === '') return fallback;
  if (value === true || value === false) return value;
  const text = String(scalarText(value) ?? '')
    .trim()
    .toUpperCase();
  let read: boolean;
  if (text === 'Y' || text === 'TRUE') read = true;
  else if (text === 'N' || text === 'FALSE') read = false;
  else read = Number.parseInt(text, 10) === 1;
  if (text !== '1' && text !== '0') noteCoercion(value, `read as ${read}`);
  return read;
}
