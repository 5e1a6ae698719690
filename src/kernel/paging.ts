import type { PageRequest } from './filter.js';
import { paramAny, phpInt, scalarText, type Params } from './params/readers.js';

/** Every list method pages by 50 (A13). */
export const PAGE_SIZE = 50;

/** Reads `start`: an offset in steps of any size; -1 turns off counting (I3). */
export function pageFromStart(start: unknown): PageRequest {
  const offset = phpInt(start);
  if (offset === -1) return { offset: 0, limit: PAGE_SIZE, count: false };
  return { offset: Math.max(0, offset), limit: PAGE_SIZE, count: true };
}

export interface ListResult {
  result: unknown;
  total: number;
  next?: number;
}

/** The `total`/`next` pair of a list answer; `next` only when another page exists. */
export function listResult(items: unknown[], page: PageRequest, total: number | null): ListResult {
  if (total === null) return { result: items, total: 0 };
  const nextOffset = page.offset + page.limit;
  return nextOffset < total ? { result: items, next: nextOffset, total } : { result: items, total };
}

/** `sort`/`SORT` (a field) with `order`/`ORDER` ("ASC"|"DESC", any case), as user.get and statistics read them (I1, F2). */
export function sortParam(raw: Params): { field: string; direction: 'asc' | 'desc' } | null {
  const field = scalarText(paramAny(raw, 'sort', 'SORT'));
  if (!field) return null;
  const order = (scalarText(paramAny(raw, 'order', 'ORDER')) ?? 'ASC').toUpperCase();
  return { field, direction: order === 'DESC' ? 'desc' : 'asc' };
}
