import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { readFilterTerms, type FilterTerm } from '../../../kernel/filter-grammar.js';
import { listResult, pageFromStart, sortParam } from '../../../kernel/paging.js';
import { isPlainRecord, listValues, param, paramAny, scalarText } from '../../../kernel/params/readers.js';
import { USER_FIELDS } from '../user-fields.js';
import type { UserFilterTerm, UserListQuery } from '../users-service.js';

/** Top-level keys that are filters although not user fields (I1: the examples filter at top level). */
const EXTRA_FILTER_FIELDS = new Set(['NAME_SEARCH', 'USER_TYPE', 'IS_ONLINE']);

/** `user.get`: employees by filter, sorted, 50 a page (I1–I4). */
export const userGetMethod = defineMethod({
  name: 'user.get',
  readOnly: true,
  scope: 'user',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw): UserListQuery => {
    const topLevel = readFilterTerms(raw)
      .map(upperCased)
      .filter((term) => USER_FIELDS[term.field] || EXTRA_FILTER_FIELDS.has(term.field));
    const explicit = paramAny(raw, 'FILTER', 'filter');
    const filter: UserFilterTerm[] = [...topLevel, ...(isPlainRecord(explicit) ? readFilterTerms(explicit).map(upperCased) : [])];
    return {
      filter,
      sort: sortParam(raw),
      page: pageFromStart(param(raw, 'start')),
      select: listValues(paramAny(raw, 'select', 'SELECT'))
        .map((v) => scalarText(v) ?? '')
        .filter(Boolean),
    };
  },
  handler: async ({ auth, services, nearMisses }, query) => {
    const page = await services.users.list({ ...query, nearMisses }, auth.scopes);
    return listResult(page.items, query.page, page.total);
  },
});

function upperCased(term: FilterTerm): UserFilterTerm {
  return { ...term, field: term.field.toUpperCase() };
}
