/**
 * A list filter as the features hand it to storage: already resolved to columns and typed values.
 * The REST grammar the clients write (key prefixes such as `>=` or `!%`) is read by filter-grammar.ts.
 */
export type FilterOperator =
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'in'
  | 'notIn'
  /** Substring anywhere; the client does not write `%`. */
  | 'contains'
  | 'notContains'
  /** A LIKE pattern written by the client with its own `%`. */
  | 'like'
  | 'notLike'
  /** Inclusive range [from, to]. */
  | 'between'
  | 'notBetween';

/**
 * How a column is compared. `tokens` columns hold a delimited list (",1,3,") and match by member;
 * `search` matches a substring in any of several columns.
 */
export type ColumnKind = 'string' | 'number' | 'tokens' | 'search';

export type FilterCondition =
  | { kind: 'compare'; columns: readonly string[]; columnKind: ColumnKind; operator: FilterOperator; values: readonly (string | number)[] }
  /** A condition that can match nothing, e.g. an unreadable date (I2). */
  | { kind: 'never' };

export interface SortSpec {
  column: string;
  direction: 'asc' | 'desc';
  /**
   * Nulls below every value, as on the reference's MySQL: first ascending, last descending. The two
   * databases differ here (PostgreSQL puts them last ascending, first descending) unless told.
   */
  nullsLow?: boolean;
}

export interface PageRequest {
  offset: number;
  limit: number;
  /** False for `start=-1`: no total is counted. */
  count: boolean;
}

export interface Page<T> {
  items: T[];
  /** Null when counting was skipped. */
  total: number | null;
}
