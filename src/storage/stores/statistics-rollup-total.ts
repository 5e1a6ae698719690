import type { FilterCondition } from '../../kernel/filter.js';
import { DURATION_BUCKETS, isWholeHour } from './hourly-rollup.js';

type Compare = Extract<FilterCondition, { kind: 'compare' }>;

/**
 * The statistics filter restated over call_statistics_hourly, when every condition holds for all the
 * calls of a rollup row or for none of them: the sum of the matching rows' `calls` is then the exact
 * number of matching calls, read from a row per hour instead of an index entry per call. Null when a
 * condition cannot be restated (another column, a period edge inside an hour, a duration limit inside
 * a bucket, …): the calls are counted then.
 */
export function rollupConditions(conditions: readonly FilterCondition[]): FilterCondition[] | null {
  const restated: FilterCondition[] = [];
  for (const condition of conditions) {
    if (condition.kind !== 'compare' || condition.columns.length !== 1 || condition.values.length === 0) return null;
    const rollup = restate(condition);
    if (rollup === null) return null;
    restated.push(...rollup);
  }
  return restated;
}

function restate(condition: Compare): FilterCondition[] | null {
  switch (condition.columns[0]) {
    // Columns the rollup keeps as they are: any condition on them is the same on its rows.
    case 'portal_user_id':
    case 'cost_currency':
      return [condition];
    case 'call_start_date':
      return periodOnHours(condition);
    case 'call_duration':
      return durationOnBuckets(condition);
    case 'call_failed_code':
      return answeredFlag(condition);
    default:
      return null;
  }
}

function onColumn(column: string, operator: 'gte' | 'lt' | 'eq', value: number): FilterCondition {
  return { kind: 'compare', columns: [column], columnKind: 'number', operator, values: [value] };
}

/** Start-date limits on whole hours, as limits on hour_start: `t >= h` ⟺ hour ≥ h, `t < h` ⟺ hour < h. */
function periodOnHours(condition: Compare): FilterCondition[] | null {
  const values = integers(condition.values);
  if (values === null) return null;
  const [first, second] = values as [number, number | undefined];
  // The first hour in, and the first hour out; null where the condition sets no limit.
  let from: number | null = null;
  let before: number | null = null;
  switch (condition.operator) {
    case 'gte':
      from = first;
      break;
    case 'gt':
      from = first + 1;
      break;
    case 'lt':
      before = first;
      break;
    case 'lte':
      before = first + 1;
      break;
    case 'between':
      if (second === undefined) return null;
      [from, before] = [first, second + 1];
      break;
    default:
      return null;
  }
  if ((from !== null && !isWholeHour(from)) || (before !== null && !isWholeHour(before))) return null;
  const restated: FilterCondition[] = [];
  if (from !== null) restated.push(onColumn('hour_start', 'gte', from));
  if (before !== null) restated.push(onColumn('hour_start', 'lt', before));
  return restated;
}

/**
 * Duration limits on a bucket's lower edge, as limits on the bucket. Edges from the second bucket on
 * only: the first one also holds anything below zero, so `>= 0` is not "bucket 0 or above".
 */
function durationOnBuckets(condition: Compare): FilterCondition[] | null {
  const values = integers(condition.values);
  if (values === null || values.length !== 1) return null;
  const bucketFrom = (seconds: number) => {
    const index = DURATION_BUCKETS.findIndex((bucket, i) => i > 0 && bucket.min === seconds);
    return index === -1 ? null : index;
  };
  const limit = values[0]!;
  const lowest = condition.operator === 'gte' || condition.operator === 'lt' ? limit : limit + 1;
  const bucket = bucketFrom(lowest);
  if (bucket === null) return null;
  switch (condition.operator) {
    case 'gte':
    case 'gt':
      return [onColumn('duration_bucket', 'gte', bucket)];
    case 'lt':
    case 'lte':
      return [onColumn('duration_bucket', 'lt', bucket)];
    default:
      return null;
  }
}

/** The rollup tells answered calls (code 200) from the rest, nothing finer. */
function answeredFlag(condition: Compare): FilterCondition[] | null {
  if (condition.values.length !== 1 || condition.values[0] !== '200') return null;
  if (condition.operator === 'eq' || condition.operator === 'in') return [onColumn('answered', 'eq', 1)];
  if (condition.operator === 'neq' || condition.operator === 'notIn') return [onColumn('answered', 'eq', 0)];
  return null;
}

function integers(values: readonly (string | number)[]): number[] | null {
  return values.every((v) => typeof v === 'number' && Number.isSafeInteger(v)) ? (values as number[]) : null;
}
