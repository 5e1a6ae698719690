import { listResult } from '../../../kernel/paging.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import type { CrmObjectType } from '../../../storage/schema.js';
import { defineMethod } from '../../define-method.js';
import type { Services } from '../../services.js';
import { CRM_ENTITY_FIELDS } from '../crm-entity-fields.js';
import { OWNER_TYPE_ID } from '../crm-types.js';
import type { CrmEntityInput } from '../entity-input.js';
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
    readOnly: true,
    params: (raw) => ({ id: crmId(raw) }),
    handler: async ({ services, baseUrl }, { id }) => {
      const item = await services.crm.get(type, id);
      await presentFileFields(services, type, [item], baseUrl);
      return { result: item };
    },
  });
}

function entityList(name: string, type: CrmObjectType) {
  return defineMethod({
    ...common,
    name,
    readOnly: true,
    params: crmListParams,
    handler: async ({ services, baseUrl, nearMisses }, query) => {
      const page = await services.crm.list(type, { ...query, nearMisses });
      await presentFileFields(services, type, page.items, baseUrl);
      return listResult(page.items, query.page, page.total);
    },
  });
}

function entityFields(name: string, type: CrmObjectType) {
  return defineMethod({
    ...common,
    name,
    readOnly: true,
    params: () => ({}),
    handler: ({ services }) => ({ result: services.crm.fieldDescriptors(type) }),
  });
}

function entityAdd(name: string, type: CrmObjectType) {
  return defineMethod({
    ...common,
    name,
    params: (raw) => ({ input: crmEntityInput(raw, type) }),
    handler: async ({ auth, services }, { input }) => {
      services.files.check(Object.values(input.files));
      const id = await services.crm.add(type, input, auth.user.id);
      await storeFileFields(services, type, id, input);
      return { result: id };
    },
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
      services.files.check(Object.values(input.files));
      await services.crm.update(type, id, input, auth.user.id);
      await storeFileFields(services, type, id, input);
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
      // The entity's activities and comments go with it (crm-records), and so do their files.
      const owned = await services.files.ofCrmEntityRecords(OWNER_TYPE_ID[type], id, type);
      await services.crm.delete(type, id, auth.user.id);
      await services.files.deleteOwner(type, id);
      await services.files.deleteRows(owned);
      return { result: true };
    },
  });
}

/** The file fields of an entity kind (a contact's PHOTO, a company's LOGO). */
function fileFieldsOf(type: CrmObjectType): string[] {
  return Object.values(CRM_ENTITY_FIELDS[type])
    .filter((spec) => spec.type === 'file')
    .map((spec) => spec.name);
}

/** Keeps the files given in `fields` (I13: every writable field is stored). */
async function storeFileFields(services: Services, type: CrmObjectType, id: number, input: CrmEntityInput): Promise<void> {
  for (const [field, values] of Object.entries(input.files)) await services.files.replace(type, id, field, values);
}

/** File fields answer `{id, showUrl, downloadUrl}` when a file is kept, null otherwise. */
async function presentFileFields(services: Services, type: CrmObjectType, items: Array<Record<string, unknown>>, baseUrl: string) {
  const fields = fileFieldsOf(type).filter((field) => items.some((item) => field in item));
  if (fields.length === 0) return;
  const ids = items.map((item) => Number(item.ID)).filter(Number.isSafeInteger);
  const files = await services.files.forOwners(type, ids);
  for (const item of items) {
    for (const field of fields) {
      if (!(field in item)) continue;
      const file = files.get(Number(item.ID))?.get(field)?.[0];
      item[field] = file ? await services.files.presentCrmFile(file, baseUrl) : null;
    }
  }
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
