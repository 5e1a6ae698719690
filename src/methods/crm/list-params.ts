import { crmError } from '../../domain/crm/crm-errors.js';
import type { CrmFilterTerm } from '../../domain/crm/crm-service.js';
import { readFilterTerms } from '../../rest/filter-grammar.js';
import { pageFromStart } from '../../rest/paging.js';
import { isPlainRecord, listValues, param, paramAny, scalarText, type Params } from '../../rest/params.js';
import type { PageRequest } from '../../domain/filter.js';

/** filter / order / select / start of the classic CRM list methods (I10, I14). */
export function crmListParams(raw: Params): { filter: CrmFilterTerm[]; order: Array<{ field: string; direction: 'asc' | 'desc' }>; select: string[]; page: PageRequest } {
  const filterInput = paramAny(raw, 'filter', 'FILTER');
  const orderInput = paramAny(raw, 'order', 'ORDER');
  if (orderInput !== undefined && orderInput !== '' && !isPlainRecord(orderInput)) throw crmError("Parameter 'order' must be array");
  if (filterInput !== undefined && filterInput !== '' && !isPlainRecord(filterInput)) throw crmError("Parameter 'filter' must be array");
  const filter: CrmFilterTerm[] = isPlainRecord(filterInput) ? readFilterTerms(filterInput) : [];
  const order = Object.entries(isPlainRecord(orderInput) ? orderInput : {}).map(([field, direction]) => ({
    field,
    direction: String(scalarText(direction) ?? 'asc').toLowerCase() === 'desc' ? ('desc' as const) : ('asc' as const),
  }));
  const select = listValues(paramAny(raw, 'select', 'SELECT')).map((v) => scalarText(v) ?? '').filter(Boolean);
  return { filter, order, select, page: pageFromStart(param(raw, 'start')) };
}

/** `fields` of add/update: an object of field values. */
export function crmFieldsParam(raw: Params): Record<string, unknown> {
  const fields = paramAny(raw, 'fields', 'FIELDS');
  if (fields === undefined) return {};
  if (!isPlainRecord(fields)) throw crmError("Parameter 'fields' must be array");
  return fields;
}
