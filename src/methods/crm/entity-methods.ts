import type { CrmEntityType } from '../../domain/crm/crm-types.js';
import { ANY_AUTH, defineMethod, type MethodDefinition } from '../../rest/method-definition.js';
import { listResult } from '../../rest/paging.js';
import { paramAny } from '../../rest/params.js';
import { crmFieldsParam, crmListParams } from './list-params.js';

/**
 * crm.<entity>.get|list|fields|add|update for one entity kind (I13, I14). The three kinds behave
 * alike, so their five declarations are made here once per kind.
 */
export function crmEntityMethods(prefix: 'lead' | 'contact' | 'company', type: CrmEntityType): MethodDefinition<any>[] {
  const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;
  return [
    defineMethod({
      ...common,
      name: `crm.${prefix}.get`,
      params: (raw) => ({ id: paramAny(raw, 'id', 'ID') }),
      handler: async ({ services }, { id }) => ({ result: await services.crm.get(type, id) }),
    }),
    defineMethod({
      ...common,
      name: `crm.${prefix}.list`,
      params: crmListParams,
      handler: async ({ services }, query) => {
        const page = await services.crm.list(type, query);
        return listResult(page.items, query.page, page.total);
      },
    }),
    defineMethod({
      ...common,
      name: `crm.${prefix}.fields`,
      params: () => ({}),
      handler: ({ services }) => ({ result: services.crm.fieldDescriptors(type) }),
    }),
    defineMethod({
      ...common,
      name: `crm.${prefix}.add`,
      params: (raw) => ({ fields: crmFieldsParam(raw) }),
      handler: async ({ auth, services }, { fields }) => ({ result: await services.crm.add(type, fields, auth.user.id) }),
    }),
    defineMethod({
      ...common,
      name: `crm.${prefix}.update`,
      params: (raw) => ({ id: paramAny(raw, 'id', 'ID'), fields: crmFieldsParam(raw) }),
      handler: async ({ auth, services }, { id, fields }) => {
        await services.crm.update(type, id, fields, auth.user.id);
        return { result: true };
      },
    }),
  ];
}
