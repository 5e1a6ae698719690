import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { boolOrNull, intPrefixOrNull, isPlainRecord, paramAny, positiveIntOrNull, type Params } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';
import { BINDING_VIEWS, type BindingItem, type BindingView } from '../crm-records.js';

/**
 * The binding methods (their reference pages: crm.contact.company.*, crm.company.contact.*,
 * crm.deal.contact.*; crm.lead.contact.* answers as crm.deal.contact.* does):
 * add|delete|fields|items.get|items.set|items.delete, made for each view by the functions below.
 */
const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

/** `id` of add and delete: "The parameter 'ownerEntityID' …" (quoted). */
function ownerId(raw: Params): number {
  const id = positiveIntOrNull(paramAny(raw, 'id', 'ID'));
  if (id === null) throw restError('CRM_BINDING_OWNER_INVALID');
  return id;
}

/** `id` of the items.* methods: the same sentence without quotes. */
function itemsOwnerId(raw: Params): number {
  const id = positiveIntOrNull(paramAny(raw, 'id', 'ID'));
  if (id === null) throw restError('CRM_BINDING_ITEMS_OWNER_INVALID');
  return id;
}

/** One binding: the other entity's ID (null: missing or not positive), IS_PRIMARY, SORT. */
function readItem(view: BindingView, value: Record<string, unknown>): { id: number | null; primary: boolean | null; sort: number | null } {
  return {
    id: positiveIntOrNull(value[view.itemKey]),
    primary: value.IS_PRIMARY === undefined ? null : boolOrNull(value.IS_PRIMARY),
    sort: value.SORT === undefined ? null : intPrefixOrNull(value.SORT),
  };
}

function bindingFields(raw: Params, view: BindingView) {
  const id = ownerId(raw);
  const fields = paramAny(raw, 'fields', 'FIELDS');
  if (!isPlainRecord(fields)) throw restError('CRM_BINDING_FIELDS_NOT_ARRAY');
  return { id, item: readItem(view, fields) };
}

function bindingAdd(name: string, view: BindingView) {
  return defineMethod({
    ...common,
    name,
    params: (raw) => bindingFields(raw, view),
    handler: async ({ auth, services }, { id, item }) => {
      await services.crm.records.requireOwner(view, id);
      if (item.id === null) throw restError('CRM_BINDING_FIELDS_INVALID');
      return { result: await services.crm.records.addBinding(view, id, { ...item, id: item.id }, auth.user.id) };
    },
  });
}

function bindingDelete(name: string, view: BindingView) {
  return defineMethod({
    ...common,
    name,
    params: (raw) => bindingFields(raw, view),
    handler: async ({ auth, services }, { id, item }) => {
      await services.crm.records.requireOwner(view, id);
      if (item.id === null) throw restError('CRM_BINDING_FIELDS_INVALID');
      return { result: await services.crm.records.deleteBinding(view, id, item.id, auth.user.id) };
    },
  });
}

function bindingFieldsMethod(name: string, view: BindingView) {
  const field = (type: string, title: string, isRequired = false) => ({
    type,
    isRequired,
    isReadOnly: false,
    isImmutable: false,
    isMultiple: false,
    isDynamic: false,
    title,
  });
  return defineMethod({
    ...common,
    name,
    readOnly: true,
    params: () => ({}),
    handler: () => ({
      result: {
        SORT: field('integer', 'Sorting'),
        IS_PRIMARY: field('char', 'Primary'),
        [view.itemKey]: field('integer', view.itemKey === 'COMPANY_ID' ? 'Company' : 'Contact', true),
      },
    }),
  });
}

function bindingItemsGet(name: string, view: BindingView) {
  return defineMethod({
    ...common,
    name,
    readOnly: true,
    params: (raw) => ({ id: itemsOwnerId(raw) }),
    handler: async ({ services }, { id }) => ({ result: await services.crm.records.bindingItems(view, id) }),
  });
}

function bindingItemsSet(name: string, view: BindingView) {
  return defineMethod({
    ...common,
    name,
    params: (raw) => {
      const id = itemsOwnerId(raw);
      const items = paramAny(raw, 'items', 'ITEMS');
      // An empty list arrives as nothing at all in a form body: it clears the bindings.
      if (items !== undefined && items !== '' && !Array.isArray(items) && !isPlainRecord(items))
        throw restError('CRM_BINDING_ITEMS_NOT_ARRAY');
      const list = Array.isArray(items) ? items : isPlainRecord(items) ? Object.values(items) : [];
      const read: BindingItem[] = list
        .filter(isPlainRecord)
        .map((value) => readItem(view, value))
        .filter((item): item is BindingItem => item.id !== null);
      return { id, items: read };
    },
    handler: async ({ auth, services }, { id, items }) => {
      await services.crm.records.setBindingItems(view, id, items, auth.user.id);
      return { result: true };
    },
  });
}

function bindingItemsDelete(name: string, view: BindingView) {
  return defineMethod({
    ...common,
    name,
    params: (raw) => ({ id: itemsOwnerId(raw) }),
    handler: async ({ auth, services }, { id }) => {
      await services.crm.records.setBindingItems(view, id, [], auth.user.id);
      return { result: true };
    },
  });
}

function family(prefix: string, view: BindingView) {
  return [
    bindingAdd(`${prefix}.add`, view),
    bindingDelete(`${prefix}.delete`, view),
    bindingFieldsMethod(`${prefix}.fields`, view),
    bindingItemsGet(`${prefix}.items.get`, view),
    bindingItemsSet(`${prefix}.items.set`, view),
    bindingItemsDelete(`${prefix}.items.delete`, view),
  ] as const;
}

export const [
  crmContactCompanyAddMethod,
  crmContactCompanyDeleteMethod,
  crmContactCompanyFieldsMethod,
  crmContactCompanyItemsGetMethod,
  crmContactCompanyItemsSetMethod,
  crmContactCompanyItemsDeleteMethod,
] = family('crm.contact.company', BINDING_VIEWS.CONTACT_COMPANY);

export const [
  crmCompanyContactAddMethod,
  crmCompanyContactDeleteMethod,
  crmCompanyContactFieldsMethod,
  crmCompanyContactItemsGetMethod,
  crmCompanyContactItemsSetMethod,
  crmCompanyContactItemsDeleteMethod,
] = family('crm.company.contact', BINDING_VIEWS.COMPANY_CONTACT);

export const [
  crmDealContactAddMethod,
  crmDealContactDeleteMethod,
  crmDealContactFieldsMethod,
  crmDealContactItemsGetMethod,
  crmDealContactItemsSetMethod,
  crmDealContactItemsDeleteMethod,
] = family('crm.deal.contact', BINDING_VIEWS.DEAL_CONTACT);

export const [
  crmLeadContactAddMethod,
  crmLeadContactDeleteMethod,
  crmLeadContactFieldsMethod,
  crmLeadContactItemsGetMethod,
  crmLeadContactItemsSetMethod,
  crmLeadContactItemsDeleteMethod,
] = family('crm.lead.contact', BINDING_VIEWS.LEAD_CONTACT);
