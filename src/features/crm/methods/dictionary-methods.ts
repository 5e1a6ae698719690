import { ANY_AUTH } from '../../../kernel/method.js';
import { paramAny, scalarText } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';
import { crmFilter, crmOrder } from './crm-params.js';

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

/** `crm.status.list`: dictionary entries, e.g. filter[ENTITY_ID]=SOURCE (I15). */
export const crmStatusListMethod = defineMethod({
  ...common,
  name: 'crm.status.list',
  params: (raw) => ({ entityId: scalarText(crmFilter(raw)?.ENTITY_ID) ?? null }),
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
  params: (raw) => ({ order: crmOrder(raw) }),
  handler: async ({ services }, { order }) => ({ result: await services.dictionaries.currencies(order), total: 0 }),
});

/** `crm.currency.get`: one currency with its localisations; unknown → "" "Not found" (I8). */
export const crmCurrencyGetMethod = defineMethod({
  ...common,
  name: 'crm.currency.get',
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
  params: () => ({}),
  handler: ({ services }) => ({ result: services.dictionaries.currencyFields() }),
});
