import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { isPlainRecord, paramAny, phpInt, positiveIntOrNull, scalarText, type Params } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

/** `fields` of crm.status.add|update: an object, else "" "Parameter 'fields' must be array." */
function statusFields(raw: Params): Record<string, unknown> {
  const fields = paramAny(raw, 'fields', 'FIELDS');
  if (!isPlainRecord(fields)) throw restError('STATUS_FIELDS_NOT_ARRAY');
  return fields;
}

const text = (value: unknown) => {
  const t = scalarText(value)?.trim();
  return t === undefined || t === '' ? undefined : t;
};
/** An integer field; kept within the database's 32-bit integers. */
const int = (value: unknown) =>
  value === undefined || value === null || value === '' ? undefined : Math.min(2_147_483_647, Math.max(-2_147_483_648, phpInt(value)));
const statusId = (raw: Params) => positiveIntOrNull(paramAny(raw, 'id', 'ID'));

/** `crm.status.add`: ENTITY_ID, STATUS_ID, NAME, SORT, COLOR, SEMANTICS; answers the new ID (its reference page). */
export const crmStatusAddMethod = defineMethod({
  ...common,
  name: 'crm.status.add',
  params: (raw) => {
    const fields = statusFields(raw);
    const semantics = (scalarText(fields.SEMANTICS) ?? '').trim().toUpperCase();
    return {
      entityId: text(fields.ENTITY_ID),
      statusId: text(fields.STATUS_ID),
      name: text(fields.NAME),
      sort: int(fields.SORT),
      color: text(fields.COLOR),
      semantics: semantics === 'S' || semantics === 'F' ? (semantics as 'S' | 'F') : ('' as const),
    };
  },
  handler: async ({ services }, input) => ({ result: await services.dictionaries.directories.addStatus(input) }),
});

/** `crm.status.update`: NAME, SORT, COLOR of one entry; answers true (its reference page). */
export const crmStatusUpdateMethod = defineMethod({
  ...common,
  name: 'crm.status.update',
  params: (raw) => {
    const id = statusId(raw);
    const fields = statusFields(raw);
    const name = scalarText(fields.NAME);
    return {
      id,
      changes: { name: name === undefined ? undefined : name.trim(), sort: int(fields.SORT), color: scalarText(fields.COLOR) },
    };
  },
  handler: async ({ services }, { id, changes }) => {
    await services.dictionaries.directories.updateStatus(id, changes);
    return { result: true };
  },
});

/** `crm.status.delete`: a system entry only with params[FORCED]=Y; answers true (its reference page). */
export const crmStatusDeleteMethod = defineMethod({
  ...common,
  name: 'crm.status.delete',
  params: (raw) => {
    const options = paramAny(raw, 'params', 'PARAMS');
    const forced = isPlainRecord(options) && (scalarText(options.FORCED) ?? '').toUpperCase() === 'Y';
    return { id: statusId(raw), forced };
  },
  handler: async ({ services }, { id, forced }) => {
    await services.dictionaries.directories.deleteStatus(id, forced);
    return { result: true };
  },
});

/** `crm.status.get`: one entry by ID (its reference page). */
export const crmStatusGetMethod = defineMethod({
  ...common,
  name: 'crm.status.get',
  readOnly: true,
  params: (raw) => ({ id: statusId(raw) }),
  handler: async ({ services }, { id }) => ({ result: await services.dictionaries.status(id) }),
});

/** `crm.status.entity.types`: the directories (its reference page). */
export const crmStatusEntityTypesMethod = defineMethod({
  ...common,
  name: 'crm.status.entity.types',
  readOnly: true,
  params: () => ({}),
  handler: async ({ services }) => ({ result: await services.dictionaries.directories.entityTypes() }),
});

/** `crm.status.entity.items`: NAME, SORT, STATUS_ID of one directory (its reference page). */
export const crmStatusEntityItemsMethod = defineMethod({
  ...common,
  name: 'crm.status.entity.items',
  readOnly: true,
  params: (raw) => {
    const entityId = (scalarText(paramAny(raw, 'entityId', 'ENTITY_ID')) ?? '').trim();
    if (entityId === '') throw restError('STATUS_ENTITY_ID_INVALID');
    return { entityId };
  },
  handler: async ({ services }, { entityId }) => ({ result: await services.dictionaries.directories.entityItems(entityId) }),
});

// ---- currencies -----------------------------------------------------------------------------------

/** `fields` of crm.currency.add|update: CURRENCY, BASE, AMOUNT_CNT, AMOUNT, SORT, LANG. */
function currencyInput(raw: Params) {
  const value = paramAny(raw, 'fields', 'FIELDS');
  const fields = isPlainRecord(value) ? value : {};
  const amount = scalarText(fields.AMOUNT);
  const langs = isPlainRecord(fields.LANG) ? Object.values(fields.LANG).filter(isPlainRecord) : [];
  const lang = langs[0];
  const baseFlag = scalarText(fields.BASE)?.toUpperCase();
  return {
    currency: scalarText(fields.CURRENCY),
    base: baseFlag === undefined ? undefined : baseFlag === 'Y',
    amountCnt: fields.AMOUNT_CNT === undefined ? undefined : Math.max(1, Math.min(2_147_483_647, phpInt(fields.AMOUNT_CNT))),
    amount: amount === undefined ? undefined : Number.isFinite(Number(amount)) ? Number(amount) : 0,
    sort: int(fields.SORT),
    lang: lang && {
      fullName: scalarText(lang.FULL_NAME),
      formatString: scalarText(lang.FORMAT_STRING),
      decPoint: scalarText(lang.DEC_POINT),
      thousandsSep: scalarText(lang.THOUSANDS_SEP),
      decimals: int(lang.DECIMALS),
    },
  };
}

const currencyCode = (raw: Params) => {
  const id = scalarText(paramAny(raw, 'id', 'ID'));
  return id === undefined ? null : id.trim().toUpperCase();
};

/** `crm.currency.add`: answers the currency code (its reference page). */
export const crmCurrencyAddMethod = defineMethod({
  ...common,
  name: 'crm.currency.add',
  params: (raw) => currencyInput(raw),
  handler: async ({ services }, input) => ({ result: await services.dictionaries.directories.addCurrency(input) }),
});

/** `crm.currency.update`: answers true (its reference page). */
export const crmCurrencyUpdateMethod = defineMethod({
  ...common,
  name: 'crm.currency.update',
  params: (raw) => ({ code: currencyCode(raw), input: currencyInput(raw) }),
  handler: async ({ services }, { code, input }) => {
    await services.dictionaries.directories.updateCurrency(code, input);
    return { result: true };
  },
});

/** `crm.currency.delete`: the base currency stays (its reference page). */
export const crmCurrencyDeleteMethod = defineMethod({
  ...common,
  name: 'crm.currency.delete',
  params: (raw) => ({ code: currencyCode(raw) ?? '' }),
  handler: async ({ services }, { code }) => {
    await services.dictionaries.directories.deleteCurrency(code);
    return { result: true };
  },
});

/** `crm.currency.base.get`: the base currency's code (its reference page). */
export const crmCurrencyBaseGetMethod = defineMethod({
  ...common,
  name: 'crm.currency.base.get',
  readOnly: true,
  params: () => ({}),
  handler: async ({ services }) => ({ result: await services.dictionaries.directories.baseCurrency() }),
});

/** `crm.currency.base.set`: makes `id` the base currency; answers true (its reference page). */
export const crmCurrencyBaseSetMethod = defineMethod({
  ...common,
  name: 'crm.currency.base.set',
  params: (raw) => ({ code: currencyCode(raw) }),
  handler: async ({ services }, { code }) => {
    await services.dictionaries.directories.setBaseCurrency(code);
    return { result: true };
  },
});
