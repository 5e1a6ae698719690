import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The reference pages live beside the project (../shared/reference), as in CI. Their JSON answer
 * examples are read at test time and compared with our answers: facts carry over, nothing is copied.
 */
export const REFERENCE_DIR = resolve(process.cwd(), '../shared/reference/b24restdocs');
export const REFERENCE_AVAILABLE = existsSync(REFERENCE_DIR);

/** The first JSON example of a page that parses and has a `result`. */
export function referenceResult(page: string): unknown {
  const text = readFileSync(resolve(REFERENCE_DIR, page), 'utf8');
  for (const match of text.matchAll(/```json\s*\n([\s\S]*?)```/g)) {
    try {
      const parsed = JSON.parse(match[1]!) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object' && 'result' in parsed) return parsed.result;
    } catch {
      // Some examples are fragments or carry comments; skip them.
    }
  }
  throw new Error(`no JSON answer example with a result on ${page}`);
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
