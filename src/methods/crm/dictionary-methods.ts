import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { isPlainRecord, paramAny, scalarText } from '../../rest/params.js';
import { crmError } from '../../domain/crm/crm-errors.js';

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

/** `crm.status.list`: dictionary entries, e.g. filter[ENTITY_ID]=SOURCE (I15). */
export const crmStatusListMethod = defineMethod({
  ...common,
  name: 'crm.status.list',
  params: (raw) => {
    const filter = paramAny(raw, 'filter', 'FILTER');
    if (filter !== undefined && filter !== '' && !isPlainRecord(filter)) throw crmError("Parameter 'filter' must be array");
    return { entityId: isPlainRecord(filter) ? (scalarText(filter.ENTITY_ID) ?? null) : null };
  },
  handler: async ({ services }, { entityId }) => {
    const items = await services.dictionaries.statuses(entityId);
    return { result: items, total: items.length };
  },
});

/** `crm.status.fields` (I15). */
export const crmStatusFieldsMethod = defineMethod({
  ...common,
  name: 'crm.status.fields',
  params: () => ({}),
  handler: ({ services }) => ({ result: services.dictionaries.statusFields() }),
});

/** `crm.currency.list`: every currency, `total` always 0, no paging (I7). */
export const crmCurrencyListMethod = defineMethod({
  ...common,
  name: 'crm.currency.list',
  params: (raw) => {
    const order = paramAny(raw, 'order', 'ORDER');
    if (order !== undefined && order !== '' && !isPlainRecord(order)) throw crmError("Parameter 'order' must be array");
    return {
      order: Object.entries(isPlainRecord(order) ? order : {}).map(([field, dir]) => ({
        field,
        direction: String(scalarText(dir) ?? '').toLowerCase() === 'desc' ? ('desc' as const) : ('asc' as const),
      })),
    };
  },
  handler: async ({ services }, { order }) => ({ result: await services.dictionaries.currencies(order), total: 0 }),
});

/** `crm.currency.get`: one currency with its localisations; unknown → "" "Not found" (I8). */
export const crmCurrencyGetMethod = defineMethod({
  ...common,
  name: 'crm.currency.get',
  params: (raw) => ({ id: paramAny(raw, 'id', 'ID') }),
  handler: async ({ services }, { id }) => ({ result: await services.dictionaries.currency(id) }),
});

/** `crm.currency.fields` (I8). */
export const crmCurrencyFieldsMethod = defineMethod({
  ...common,
  name: 'crm.currency.fields',
  params: () => ({}),
  handler: ({ services }) => ({ result: services.dictionaries.currencyFields() }),
});
