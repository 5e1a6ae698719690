import qs from 'qs';
import { restError } from './errors.js';
import type { Params } from './params.js';

/** Deepest nesting accepted in parameters; PHP's own default stops at 64, real calls need < 10. */
export const MAX_PARAM_DEPTH = 32;
/** Most parameters in one query string or form body (a 50-command batch stays far below). */
export const MAX_PARAM_COUNT = 10_000;
/** Names that would reach object prototypes in a naive merge (A8). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes as UTF-8, refusing invalid sequences with a clear error instead of guessing. */
export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw restError('INVALID_REQUEST', `${where} is not valid UTF-8`);
  }
}

/** Percent-decoding as PHP does it, except that bytes which are not UTF-8 are refused. */
function decodeComponent(text: string): string {
  // A `%` not followed by two hex digits stays literal, as in PHP's urldecode.
  const escaped = text.replace(/\+/g, ' ').replace(/%(?![0-9a-fA-F]{2})/g, '%25');
  try {
    return decodeURIComponent(escaped);
  } catch {
    throw restError('INVALID_REQUEST', 'Parameters contain percent-encoded bytes that are not valid UTF-8');
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
      throw restError(
        'INVALID_REQUEST',
        tooDeep ? `Parameters are nested deeper than ${MAX_PARAM_DEPTH} levels` : `More than ${MAX_PARAM_COUNT} parameters`,
      );
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
    if (/(^|\[)__proto__(\]|\[|$)/.test(key)) throw restError('INVALID_REQUEST', 'Parameter name "__proto__" is not allowed');
  }
}

/** Reads a JSON body (A7, A12). A top-level list becomes positional parameters (A8). */
export function parseJsonBody(bytes: Uint8Array): Params {
  const text = decodeUtf8(bytes, 'The JSON body').trim();
  if (text === '') return Object.create(null) as Params;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable';
    throw restError('INVALID_REQUEST', `The request body is not valid JSON: ${reason}`);
  }
  if (Array.isArray(value)) return Object.assign(Object.create(null), value) as Params;
  if (typeof value !== 'object' || value === null) {
    throw restError('INVALID_REQUEST', 'The JSON body must be an object of parameters');
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
    if (typeof value === 'string' && value.includes('\0')) throw restError('INVALID_REQUEST', 'Parameters may not contain NUL characters');
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_PARAM_DEPTH) throw restError('INVALID_REQUEST', `Parameters are nested deeper than ${MAX_PARAM_DEPTH} levels`);
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw restError('INVALID_REQUEST', `Parameter name "${key}" is not allowed`);
      if (key.includes('\0')) throw restError('INVALID_REQUEST', 'Parameters may not contain NUL characters');
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
