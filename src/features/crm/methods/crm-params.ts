import { restError } from '../../../kernel/errors/rest-error.js';
import { readFilterTerms } from '../../../kernel/filter-grammar.js';
import { pageFromStart } from '../../../kernel/paging.js';
import {
  isPlainRecord,
  listValues,
  param,
  paramAny,
  phpInt,
  positiveIntOrNull,
  scalarText,
  type Params,
} from '../../../kernel/params/readers.js';
import type { CrmObjectType } from '../../../storage/schema.js';
import type { CrmListQuery } from '../crm-service.js';
import { readEntityInput, type CrmEntityInput } from '../entity-input.js';

/**
 * An object parameter of the classic CRM methods (`filter`, `order`, `fields`, either letter case):
 * null when absent (or "" where `blankIsNone`); anything but an object is refused (A19).
 */
function objectParam(raw: Params, name: 'filter' | 'order' | 'fields' | 'params', blankIsNone: boolean): Record<string, unknown> | null {
  const value = paramAny(raw, name, name.toUpperCase());
  if (value === undefined || (blankIsNone && value === '')) return null;
  if (!isPlainRecord(value)) throw restError('CRM_PARAM_NOT_ARRAY', { name });
  return value;
}

/** `filter` of the CRM lists: an object, "" or absent. */
export function crmFilter(raw: Params): Record<string, unknown> | null {
  return objectParam(raw, 'filter', true);
}

/** `order`: {FIELD: "ASC"|"DESC"} in the order given; any direction but DESC (any case) is ascending. */
export function crmOrder(raw: Params): Array<{ field: string; direction: 'asc' | 'desc' }> {
  return Object.entries(objectParam(raw, 'order', true) ?? {}).map(([field, direction]) => ({
    field,
    direction: String(scalarText(direction) ?? '').toLowerCase() === 'desc' ? ('desc' as const) : ('asc' as const),
  }));
}

/** filter / order / select / start of the classic CRM list methods (I10, I14); order is checked before filter. */
export function crmListParams(raw: Params): CrmListQuery {
  const order = crmOrder(raw);
  const filterInput = crmFilter(raw);
  const select = listValues(paramAny(raw, 'select', 'SELECT'))
    .map((v) => scalarText(v) ?? '')
    .filter(Boolean);
  return { filter: filterInput ? readFilterTerms(filterInput) : [], order, select, page: pageFromStart(param(raw, 'start')) };
}

/** `id`/`ID` of get and update: a positive integer, else "ID is not defined or invalid". */
export function crmId(raw: Params): number {
  const id = positiveIntOrNull(paramAny(raw, 'id', 'ID'));
  if (id === null) throw restError('CRM_INVALID_ID');
  return id;
}

/** `fields` of add/update: an object of field values, read for the entity kind (I13). */
export function crmEntityInput(raw: Params, type: CrmObjectType): CrmEntityInput {
  const fields = objectParam(raw, 'fields', false) ?? {};
  // `params` (REGISTER_SONET_EVENT) changes nothing here, but must be an object when given.
  objectParam(raw, 'params', true);
  return readEntityInput(type, fields);
}

/** BINDINGS of crm.activity.list's filter (I10): a list of {OWNER_TYPE_ID, OWNER_ID}. */
export function activityBindings(filter: Record<string, unknown> | null): Array<{ ownerTypeId: number; ownerId: number }> {
  if (!filter) return [];
  return listValues(filter.BINDINGS)
    .filter(isPlainRecord)
    .map((b) => ({ ownerTypeId: phpInt(b.OWNER_TYPE_ID), ownerId: phpInt(b.OWNER_ID) }));
}

/** `fields` of the classic CRM writes (either letter case): an object; absent is {}, anything else is refused (A19). */
export function crmFieldsObject(raw: Params): Record<string, unknown> {
  return objectParam(raw, 'fields', false) ?? {};
}
