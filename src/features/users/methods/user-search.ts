import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { readFilterTerms } from '../../../kernel/filter-grammar.js';
import { listResult, pageFromStart, sortParam } from '../../../kernel/paging.js';
import { isPlainRecord, listValues, param, paramAny, scalarText } from '../../../kernel/params/readers.js';
import { USER_FIELDS } from '../user-fields.js';
import type { UserFilterTerm, UserListQuery } from '../users-service.js';

/** Fields user.search matches by substring when written without an operator (user.search page). */
const SUBSTRING_FIELDS = new Set(['NAME', 'LAST_NAME', 'WORK_POSITION']);

/**
 * `user.search`: employees by FIND (a substring of name, last name or position) or by field filters —
 * FIND alone when both are given —, sorted, 50 a page, with `total` (user.search page).
 */
export const userSearchMethod = defineMethod({
  name: 'user.search',
  readOnly: true,
  scope: 'user',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw): UserListQuery => {
    const explicit = paramAny(raw, 'FILTER', 'filter');
    const source = isPlainRecord(explicit) ? explicit : raw;
    const terms: UserFilterTerm[] = readFilterTerms(source)
      .map((term) => ({ ...term, field: term.field.toUpperCase() }))
      .filter((term) => term.field === 'FIND' || term.field === 'USER_TYPE' || USER_FIELDS[term.field])
      .map((term) => (term.implicit && SUBSTRING_FIELDS.has(term.field) ? { ...term, operator: 'contains' } : term));
    const find = terms.filter((term) => term.field === 'FIND');
    return {
      filter: find.length > 0 ? find : terms,
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
