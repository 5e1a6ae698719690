import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { parseFilterKey } from '../../rest/filter-grammar.js';
import { listResult, pageFromStart } from '../../rest/paging.js';
import { isPlainRecord, listValues, param, paramAny, scalarText } from '../../rest/params.js';
import { USER_FIELDS } from '../../domain/users/user-fields.js';
import type { UserFilterTerm, UserListQuery } from '../../domain/users/users-service.js';

/** Top-level keys that are filters although not user fields (I1: the examples filter at top level). */
const EXTRA_FILTER_FIELDS = new Set(['NAME_SEARCH', 'USER_TYPE', 'IS_ONLINE']);

/** `user.get`: employees by filter, sorted, 50 a page (I1–I4). */
export const userGetMethod = defineMethod({
  name: 'user.get',
  scope: 'user',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw): UserListQuery => {
    const filter: UserFilterTerm[] = [];
    for (const [key, value] of Object.entries(raw)) {
      const term = filterTerm(key, value);
      if (term && (USER_FIELDS[term.field] || EXTRA_FILTER_FIELDS.has(term.field))) filter.push(term);
    }
    const explicit = paramAny(raw, 'FILTER', 'filter');
    if (isPlainRecord(explicit)) {
      for (const [key, value] of Object.entries(explicit)) {
        const term = filterTerm(key, value);
        if (term) filter.push(term);
      }
    }
    const sortField = scalarText(paramAny(raw, 'sort', 'SORT'));
    const order = (scalarText(paramAny(raw, 'order', 'ORDER')) ?? 'ASC').toUpperCase();
    return {
      filter,
      sort: sortField ? { field: sortField, direction: order === 'DESC' ? 'desc' : 'asc' } : null,
      page: pageFromStart(param(raw, 'start')),
      select: listValues(paramAny(raw, 'select', 'SELECT')).map((v) => scalarText(v) ?? '').filter(Boolean),
    };
  },
  handler: async ({ auth, services }, query) => {
    const page = await services.users.list(query, auth.scopes);
    return listResult(page.items, query.page, page.total);
  },
});

function filterTerm(key: string, value: unknown): UserFilterTerm | null {
  const { field, operator, implicit } = parseFilterKey(key);
  if (!field) return null;
  return { field: field.toUpperCase(), operator, implicit, values: Array.isArray(value) || isPlainRecord(value) ? listValues(value) : [value] };
}

