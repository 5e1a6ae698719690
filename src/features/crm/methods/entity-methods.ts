import { listResult } from '../../../kernel/paging.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import type { CrmObjectType } from '../../../storage/schema.js';
import { defineMethod } from '../../define-method.js';
import { crmEntityInput, crmId, crmListParams } from './crm-params.js';

/**
 * crm.<entity>.get|list|fields|add|update|delete (I13, I14): the four kinds behave alike, so each
 * operation is made by one function below; every method is declared at the end under its full name.
 */
const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

function entityGet(name: string, type: CrmObjectType) {
  return defineMethod({
    ...common,
    name,
    params: (raw) => ({ id: crmId(raw) }),
    handler: async ({ services }, { id }) => ({ result: await services.crm.get(type, id) }),
  });
}

function entityList(name: string, type: CrmObjectType) {
  return defineMethod({
    ...common,
    name,
    params: crmListParams,
    handler: async ({ services }, query) => {
      const page = await services.crm.list(type, query);
      return listResult(page.items, query.page, page.total);
    },
  });
}

function entityFields(name: string, type: CrmObjectType) {
  return defineMethod({
    ...common,
    name,
    params: () => ({}),
    handler: ({ services }) => ({ result: services.crm.fieldDescriptors(type) }),
  });
}

function entityAdd(name: string, type: CrmObjectType) {
  return defineMethod({
    ...common,
    name,
    params: (raw) => ({ input: crmEntityInput(raw, type) }),
    handler: async ({ auth, services }, { input }) => ({ result: await services.crm.add(type, input, auth.user.id) }),
  });
}

function entityUpdate(name: string, type: CrmObjectType) {
  return defineMethod({
    ...common,
    name,
    // `fields` is checked before `id`, as the reference does.
    params: (raw) => {
      const input = crmEntityInput(raw, type);
      return { id: crmId(raw), input };
    },
    handler: async ({ auth, services }, { id, input }) => {
      await services.crm.update(type, id, input, auth.user.id);
      return { result: true };
    },
  });
}

function entityDelete(name: string, type: CrmObjectType) {
  return defineMethod({
    ...common,
    name,
    params: (raw) => ({ id: crmId(raw) }),
    handler: async ({ auth, services }, { id }) => {
      await services.crm.delete(type, id, auth.user.id);
      return { result: true };
    },
  });
}

export const crmLeadGetMethod = entityGet('crm.lead.get', 'LEAD');
export const crmLeadListMethod = entityList('crm.lead.list', 'LEAD');
export const crmLeadFieldsMethod = entityFields('crm.lead.fields', 'LEAD');
export const crmLeadAddMethod = entityAdd('crm.lead.add', 'LEAD');
export const crmLeadUpdateMethod = entityUpdate('crm.lead.update', 'LEAD');
export const crmLeadDeleteMethod = entityDelete('crm.lead.delete', 'LEAD');

export const crmContactGetMethod = entityGet('crm.contact.get', 'CONTACT');
export const crmContactListMethod = entityList('crm.contact.list', 'CONTACT');
export const crmContactFieldsMethod = entityFields('crm.contact.fields', 'CONTACT');
export const crmContactAddMethod = entityAdd('crm.contact.add', 'CONTACT');
export const crmContactUpdateMethod = entityUpdate('crm.contact.update', 'CONTACT');
export const crmContactDeleteMethod = entityDelete('crm.contact.delete', 'CONTACT');

export const crmCompanyGetMethod = entityGet('crm.company.get', 'COMPANY');
export const crmCompanyListMethod = entityList('crm.company.list', 'COMPANY');
export const crmCompanyFieldsMethod = entityFields('crm.company.fields', 'COMPANY');
export const crmCompanyAddMethod = entityAdd('crm.company.add', 'COMPANY');
export const crmCompanyUpdateMethod = entityUpdate('crm.company.update', 'COMPANY');
export const crmCompanyDeleteMethod = entityDelete('crm.company.delete', 'COMPANY');

export const crmDealGetMethod = entityGet('crm.deal.get', 'DEAL');
export const crmDealListMethod = entityList('crm.deal.list', 'DEAL');
export const crmDealFieldsMethod = entityFields('crm.deal.fields', 'DEAL');
export const crmDealAddMethod = entityAdd('crm.deal.add', 'DEAL');
export const crmDealUpdateMethod = entityUpdate('crm.deal.update', 'DEAL');
export const crmDealDeleteMethod = entityDelete('crm.deal.delete', 'DEAL');
