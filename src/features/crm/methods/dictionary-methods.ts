import { ANY_AUTH } from '../../../kernel/method.js';
import { listValues, paramAny, scalarText } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';
import { crmFilter, crmOrder } from './crm-params.js';

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

/** `crm.status.list`: dictionary entries, e.g. filter[ENTITY_ID]=SOURCE (I15); equality filters and `order` on any field. */
export const crmStatusListMethod = defineMethod({
  ...common,
  name: 'crm.status.list',
  readOnly: true,
  params: (raw) => {
    const filter = crmFilter(raw) ?? {};
    const terms = Object.entries(filter).map(([field, value]) => ({
      field: field.toUpperCase(),
      values: listValues(value).map((v) => scalarText(v) ?? ''),
    }));
    return { entityId: scalarText(filter.ENTITY_ID) ?? null, terms, order: crmOrder(raw) };
  },
  handler: async ({ services }, { entityId, terms, order }) => {
    const items = (await services.dictionaries.statuses(entityId)).filter((item) =>
      terms.every(({ field, values }) => values.includes(String(item[field] ?? ''))),
    );
    for (const { field, direction } of [...order].reverse()) {
      const key = field.toUpperCase();
      const numeric = key === 'ID' || key === 'SORT' || key === 'CATEGORY_ID';
      items.sort((a, b) => {
        const x = String(a[key] ?? '');
        const y = String(b[key] ?? '');
        return (numeric ? Number(x) - Number(y) : x.localeCompare(y)) * (direction === 'desc' ? -1 : 1);
      });
    }
    return { result: items, total: items.length };
  },
});

/** `crm.status.fields` (I15). */
export const crmStatusFieldsMethod = defineMethod({
  ...common,
  name: 'crm.status.fields',
  readOnly: true,
  params: () => ({}),
  handler: ({ services }) => ({ result: services.dictionaries.statusFields() }),
});

/** `crm.currency.list`: every currency, `total` always 0, no paging (I7). */
export const crmCurrencyListMethod = defineMethod({
  ...common,
  name: 'crm.currency.list',
  readOnly: true,
  params: (raw) => ({ order: crmOrder(raw) }),
  handler: async ({ services }, { order }) => ({ result: await services.dictionaries.currencies(order), total: 0 }),
});

/** `crm.currency.get`: one currency with its localisations; unknown → "" "Not found" (I8). */
export const crmCurrencyGetMethod = defineMethod({
  ...common,
  name: 'crm.currency.get',
  readOnly: true,
  params: (raw) => {
    const id = paramAny(raw, 'id', 'ID');
    return { code: typeof id === 'string' ? id.trim().toUpperCase() : null };
  },
  handler: async ({ services }, { code }) => ({ result: await services.dictionaries.currency(code) }),
});

/** `crm.currency.fields` (I8). */
export const crmCurrencyFieldsMethod = defineMethod({
  ...common,
  name: 'crm.currency.fields',
  readOnly: true,
  params: () => ({}),
  handler: ({ services }) => ({ result: services.dictionaries.currencyFields() }),
});
