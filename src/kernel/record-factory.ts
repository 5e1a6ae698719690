/** Builds one record from values given in a fixed key order. */
export type RecordFactory = (values: readonly unknown[]) => Record<string, unknown>;

/**
 * A function returning `{ [keys[i]]: values[i] }` for every key, written as one object literal: V8 then
 * makes each record in one allocation with every field in place. Added one key at a time, a record of
 * more than a dozen fields grows its property store again and again, and may fall back to a slow
 * dictionary. A repeated key keeps its first position and its last value, as repeated assignments
 * would. `__proto__` would set the prototype in a literal, so it is refused.
 */
export function recordFactory(keys: readonly string[]): RecordFactory {
  if (keys.includes('__proto__')) throw new TypeError('recordFactory: "__proto__" cannot be a literal key');
  const fields = keys.map((key, i) => `${JSON.stringify(key)}: values[${i}]`).join(', ');
  return new Function('values', `return { ${fields} };`) as RecordFactory;
}
