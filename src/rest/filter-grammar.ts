import type { FilterOperator } from '../domain/filter.js';

/** Key prefixes of list filters, longest first so that `!=%` wins over `!=` and `!` (I2). */
const PREFIXES: ReadonlyArray<[string, FilterOperator]> = [
  ['!=%', 'notLike'],
  ['!%=', 'notLike'],
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
