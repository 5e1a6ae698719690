import { restError } from '../../kernel/errors/rest-error.js';

/** The query string of an admin route as Fastify parsed it: a name may come once, repeated, or not at all. */
export type AdminQuery = Record<string, string | string[] | undefined>;

/** The one value of `name` (the last when repeated); undefined when absent. */
export function queryText(query: AdminQuery, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** `1`, `true`, `yes` or an empty value (`?errors`) turn a switch on; `0`, `false`, `no` leave it off. */
export function querySwitch(query: AdminQuery, name: string): boolean {
  const text = queryText(query, name)?.trim().toLowerCase();
  if (text === undefined || text === '0' || text === 'false' || text === 'no') return false;
  if (text === '' || text === '1' || text === 'true' || text === 'yes') return true;
  throw restError('JOURNAL_QUERY_CHOICE', { name, choices: '1, 0, true, false' });
}

/** An id to page after: a whole number of 0 or more. */
export function queryId(query: AdminQuery, name: string): number | undefined {
  const text = queryText(query, name)?.trim();
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,15}$/.test(text)) throw restError('JOURNAL_QUERY_NOT_ID', { name });
  return Number(text);
}

/** How many to answer: 1 to `max`. */
export function queryLimit(query: AdminQuery, max: number): number | undefined {
  const text = queryText(query, 'limit')?.trim();
  if (text === undefined || text === '') return undefined;
  const limit = /^\d{1,15}$/.test(text) ? Number(text) : 0;
  if (limit < 1 || limit > max) throw restError('JOURNAL_QUERY_LIMIT', { max });
  return limit;
}

/** One of the listed words, or undefined when absent. */
export function queryChoice<T extends string>(query: AdminQuery, name: string, choices: readonly T[]): T | undefined {
  const text = queryText(query, name)?.trim();
  if (text === undefined || text === '') return undefined;
  if (!(choices as readonly string[]).includes(text)) throw restError('JOURNAL_QUERY_CHOICE', { name, choices: choices.join(', ') });
  return text as T;
}
