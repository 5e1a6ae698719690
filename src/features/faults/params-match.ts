import { isPlainRecord, listValues, scalarText, type Params } from '../../kernel/params/readers.js';

/**
 * Whether a call's parameters hold the values a switch names, read the way the methods read them:
 * keys exactly as written (the parameter readers do not fold case), scalars as text (5 matches "5",
 * true matches "1"), nested objects and lists compared entry by entry. Absent expectations match anything.
 */
export function paramsMatch(expected: Readonly<Record<string, unknown>> | undefined, actual: Params): boolean {
  if (!expected) return true;
  return Object.entries(expected).every(([key, want]) => valueMatches(want, ownValue(actual, key)));
}

function valueMatches(want: unknown, got: unknown): boolean {
  if (isPlainRecord(want)) return isPlainRecord(got) && paramsMatch(want, got);
  if (Array.isArray(want)) {
    const values = listValues(got);
    return values.length === want.length && want.every((item, index) => valueMatches(item, values[index]));
  }
  if (want === null) return got === undefined || got === null;
  const text = scalarText(got);
  return text !== undefined && text === scalarText(want);
}

function ownValue(params: Params, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(params, key) ? params[key] : undefined;
}
