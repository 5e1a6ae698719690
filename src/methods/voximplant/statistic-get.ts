import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { parseFilterKey } from '../../rest/filter-grammar.js';
import { listResult, pageFromStart } from '../../rest/paging.js';
import { isPlainRecord, listValues, param, paramAny, scalarText } from '../../rest/params.js';
import type { StatisticFilterTerm, StatisticQuery } from '../../domain/statistics/statistics-service.js';

/** `voximplant.statistic.get`: finished calls by filter, sorted, 50 a page (F1–F9). */
export const statisticGetMethod = defineMethod({
  name: 'voximplant.statistic.get',
  scope: 'telephony',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw): StatisticQuery => {
    const filter: StatisticFilterTerm[] = [];
    const given = paramAny(raw, 'FILTER', 'filter');
    if (isPlainRecord(given)) {
      for (const [key, value] of Object.entries(given)) {
        const { field, operator } = parseFilterKey(key);
        if (field) filter.push({ field, operator, values: Array.isArray(value) || isPlainRecord(value) ? listValues(value) : [value] });
      }
    }
    const sortField = scalarText(paramAny(raw, 'SORT', 'sort'));
    const order = (scalarText(paramAny(raw, 'ORDER', 'order')) ?? 'ASC').toUpperCase();
    return {
      filter,
      sort: sortField ? { field: sortField, direction: order === 'DESC' ? 'desc' : 'asc' } : null,
      page: pageFromStart(param(raw, 'start')),
    };
  },
  handler: async ({ auth, services }, query) => {
    const page = await services.statistics.list(query, auth.user);
    return listResult(page.items, query.page, page.total);
  },
});
