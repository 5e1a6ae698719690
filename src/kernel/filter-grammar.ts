import type { FilterOperator } from './filter.js';
import { isPlainRecord, listValues } from './params/readers.js';

/** Key prefixes of list filters (I2, F3), longest first so that `!=%` wins over `!=` and `!`. */
const PREFIXES: ReadonlyArray<[string, FilterOperator]> = [
  ['!><', 'notBetween'],
  ['!=%', 'notLike'],
  ['!%=', 'notLike'],
  ['><', 'between'],
  ['>=', 'gte'],
  ['<=', 'lte'],
  ['!@', 'notIn'],
  ['=%', 'like'],
  ['%=', 'like'],
  ['!%', 'notContains'],
  ['!=', 'neq'],
  ['>', 'gt'],
  ['<', 'lt'],
  ['@', 'in'],
  ['%', 'contains'],
  // F3: `?` is a search; this server treats it as a substring match.
  ['?', 'contains'],
  ['=', 'eq'],
  ['!', 'neq'],
];

export interface FilterKey {
  field: string;
  operator: FilterOperator;
  /** True when the client wrote no prefix (the default `=`). */
  implicit: boolean;
}

/** Splits a filter key such as `>=DATE_REGISTER` into its operator and field name. */
export function parseFilterKey(key: string): FilterKey {
  for (const [prefix, operator] of PREFIXES) {
    if (key.startsWith(prefix)) return { field: key.slice(prefix.length), operator, implicit: false };
  }
  return { field: key, operator: 'eq', implicit: true };
}

/** One filter entry as the client wrote it: field, operator, and its value(s) as a list. */
export interface FilterTerm {
  field: string;
  operator: FilterOperator;
  implicit: boolean;
  values: unknown[];
}

/** Reads `{">=ID": 5, "ID": [1, 2]}` into terms; keys without a field name are skipped. */
export function readFilterTerms(filter: Record<string, unknown>): FilterTerm[] {
  const terms: FilterTerm[] = [];
  for (const [key, value] of Object.entries(filter)) {
    const { field, operator, implicit } = parseFilterKey(key);
    if (field)
      terms.push({ field, operator, implicit, values: Array.isArray(value) || isPlainRecord(value) ? listValues(value) : [value] });
  }
  return terms;
}
