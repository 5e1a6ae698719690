import qs from 'qs';
import { restError } from '../errors/rest-error.js';
import type { Params } from './readers.js';

/** Deepest nesting accepted in parameters; PHP's own default stops at 64, real calls need < 10. */
export const MAX_PARAM_DEPTH = 32;
/** Most parameters in one query string or form body (a 50-command batch stays far below). */
export const MAX_PARAM_COUNT = 10_000;
/** Names that would reach object prototypes in a naive merge (A8). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes as UTF-8, refusing invalid sequences with a clear error (`failure`) instead of guessing. */
export function decodeUtf8(bytes: Uint8Array, failure: 'QUERY_NOT_UTF8' | 'FORM_BODY_NOT_UTF8' | 'JSON_BODY_NOT_UTF8'): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw restError(failure);
  }
}

/** Percent-decoding as PHP does it, except that bytes which are not UTF-8 are refused. */
function decodeComponent(text: string): string {
  // A `%` not followed by two hex digits stays literal, as in PHP's urldecode.
  const escaped = text.replace(/\+/g, ' ').replace(/%(?![0-9a-fA-F]{2})/g, '%25');
  try {
    return decodeURIComponent(escaped);
  } catch {
    throw restError('PERCENT_NOT_UTF8');
  }
}

/** Parses a query string or form body with PHP-style nested keys (A8, A9) into null-prototype objects. */
export function parseQueryString(text: string): Params {
  if (text === '') return Object.create(null) as Params;
  refusePrototypeKeys(text);
  try {
    return qs.parse(text, {
      depth: MAX_PARAM_DEPTH,
      strictDepth: true,
      parameterLimit: MAX_PARAM_COUNT,
      throwOnLimitExceeded: true,
      arrayLimit: 1000,
      allowPrototypes: true,
      plainObjects: true,
      decoder: (str) => decodeComponent(str),
    }) as Params;
  } catch (error) {
    if (error instanceof RangeError) {
      const tooDeep = /depth/i.test(error.message);
      throw tooDeep ? restError('PARAMS_TOO_DEEP', { depth: MAX_PARAM_DEPTH }) : restError('PARAMS_TOO_MANY', { count: MAX_PARAM_COUNT });
    }
    throw error;
  }
}

/**
 * qs silently drops `__proto__` segments; they are refused here instead, so that query, form and
 * JSON input answer the same way.
 */
function refusePrototypeKeys(text: string): void {
  for (const pair of text.split('&')) {
    const key = decodeComponent(pair.split('=', 1)[0]!);
    if (/(^|\[)__proto__(\]|\[|$)/.test(key)) throw restError('PARAM_NAME_FORBIDDEN', { name: '__proto__' });
  }
}

/** Reads a JSON body (A7, A12). A top-level list becomes positional parameters (A8). */
export function parseJsonBody(bytes: Uint8Array): Params {
  const text = decodeUtf8(bytes, 'JSON_BODY_NOT_UTF8').trim();
  if (text === '') return Object.create(null) as Params;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse throws SyntaxErrors: their message is the reason.
    throw restError('BODY_NOT_JSON', { reason: error instanceof Error ? error.message : String(error) });
  }
  if (Array.isArray(value)) return Object.assign(Object.create(null), value) as Params;
  if (typeof value !== 'object' || value === null) {
    throw restError('JSON_BODY_NOT_OBJECT');
  }
  return value as Params;
}

/**
 * Refuses parameter trees that are too deep or that use prototype names, anywhere in the tree, and
 * NUL characters in names and values: PostgreSQL cannot store them (no real value holds one), so
 * both databases refuse them alike. Iterative, so a hostile depth cannot exhaust the stack first.
 */
export function checkParamTree(params: Params): void {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: params, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string' && value.includes('\0')) throw restError('PARAMS_WITH_NUL');
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_PARAM_DEPTH) throw restError('PARAMS_TOO_DEEP', { depth: MAX_PARAM_DEPTH });
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw restError('PARAM_NAME_FORBIDDEN', { name: key });
      if (key.includes('\0')) throw restError('PARAMS_WITH_NUL');
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
}

/** Query string and body together; the body wins for the same key (A11). */
export function mergeParams(query: Params, body: Params): Params {
  const merged = Object.create(null) as Params;
  for (const source of [query, body]) {
    for (const key of Object.keys(source)) merged[key] = source[key];
  }
  return merged;
}
