import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { readFilterTerms } from '../../../kernel/filter-grammar.js';
import { listResult, pageFromStart, sortParam } from '../../../kernel/paging.js';
import { isPlainRecord, param, paramAny } from '../../../kernel/params/readers.js';
import type { StatisticFilterTerm, StatisticQuery } from '../statistics-service.js';

/** `voximplant.statistic.get`: finished calls by filter, sorted, 50 a page (F1–F9). */
export const statisticGetMethod = defineMethod({
  name: 'voximplant.statistic.get',
  readOnly: true,
  scope: 'telephony',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw): StatisticQuery => {
    const given = paramAny(raw, 'FILTER', 'filter');
    const filter: StatisticFilterTerm[] = isPlainRecord(given) ? readFilterTerms(given) : [];
    return {
      filter,
      sort: sortParam(raw),
      page: pageFromStart(param(raw, 'start')),
    };
  },
  handler: async ({ auth, services, nearMisses }, query) => {
    const page = await services.statistics.list({ ...query, nearMisses }, auth.user);
    return listResult(page.items, query.page, page.total);
  },
});
