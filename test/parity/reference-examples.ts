import { readFileSync } from 'node:fs';

/**
 * The reference documentation's JSON answer examples, vendored under test/fixtures/reference/ (one
 * file per method, named after its documentation page; see the README there for their source and
 * licence). The parity tests compare our answers with them, so they always run, in any checkout.
 */
export const REFERENCE_FIXTURES = new URL('../fixtures/reference/', import.meta.url);

/** The `result` of the vendored answer example `<name>.json`, e.g. `telephony-external-call-register`. */
export function referenceResult(name: string): unknown {
  const parsed = JSON.parse(readFileSync(new URL(`${name}.json`, REFERENCE_FIXTURES), 'utf8')) as unknown;
  if (!parsed || typeof parsed !== 'object' || !('result' in parsed)) {
    throw new Error(`test/fixtures/reference/${name}.json is not an answer example with a result`);
  }
  return (parsed as { result: unknown }).result;
}

export type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as JsonType;
}

/** Key → JSON type of an object, in key order. */
export function shape(value: unknown): Array<[string, JsonType]> {
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, jsonType(v)]);
}
