import { restError } from '../../rest/errors.js';
import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { param, scalarText } from '../../rest/params.js';

/** `telephony.externalCall.searchCrmEntities`: CRM entities with this number, first the one to use (E61–E65). */
export const externalCallSearchCrmEntitiesMethod = defineMethod({
  name: 'telephony.externalCall.searchCrmEntities',
  scope: 'telephony',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => {
    const phone = (scalarText(param(raw, 'PHONE_NUMBER')) ?? '').trim();
    if (phone === '') throw restError('ERROR_CORE', 'PHONE_NUMBER is empty');
    return { phone };
  },
  handler: async ({ services }, { phone }) => {
    const matches = await services.crm.findByPhone(phone);
    const result = [];
    for (const match of matches) {
      const owner = await services.storage.users.findById(match.assignedById);
      result.push({
        CRM_ENTITY_TYPE: match.entityType,
        CRM_ENTITY_ID: match.entityId,
        ASSIGNED_BY_ID: match.assignedById,
        NAME: match.name,
        ASSIGNED_BY: {
          ID: String(match.assignedById),
          TIMEMAN_STATUS: owner?.timeman_status ?? 'NOT_INSTALLED',
          USER_PHONE_INNER: owner?.phone_inner ?? null,
          WORK_PHONE: owner?.work_phone || null,
          PERSONAL_PHONE: owner?.personal_phone || null,
          PERSONAL_MOBILE: owner?.personal_mobile || null,
        },
      });
    }
    return { result };
  },
});
