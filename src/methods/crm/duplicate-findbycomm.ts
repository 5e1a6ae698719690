import { RestError } from '../../rest/errors.js';
import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { listValues, param, scalarText } from '../../rest/params.js';
import { CRM_ENTITY_TYPES, type CrmEntityType } from '../../domain/crm/crm-types.js';

const MAX_VALUES = 20;
/** Type order of the search: 20 or more hits in one type suppress the later types (I16). */
const SEARCH_ORDER: readonly CrmEntityType[] = ['LEAD', 'CONTACT', 'COMPANY'];

/** This method puts its message in `error` itself (A19, I16). */
function findByCommError(error: string, description: string): RestError {
  return new RestError({ code: error, status: 400, description }, description);
}

/** `crm.duplicate.findbycomm`: entity IDs by phone or e-mail (I16). */
export const crmDuplicateFindByCommMethod = defineMethod({
  name: 'crm.duplicate.findbycomm',
  scope: 'crm',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => {
    const type = (scalarText(param(raw, 'type')) ?? '').trim().toUpperCase();
    if (type === '') throw findByCommError('Communication type is not defined', "Parameter 'type' is required.");
    if (type !== 'PHONE' && type !== 'EMAIL') {
      throw findByCommError(`Communication type '${type}' is not supported in current context`, "Parameter 'type' must be PHONE or EMAIL.");
    }
    const values = listValues(param(raw, 'values')).map((v) => (scalarText(v) ?? '').trim()).filter(Boolean);
    if (values.length === 0) throw findByCommError('Communication values is not defined', "Parameter 'values' is required.");
    if (values.length > MAX_VALUES) throw findByCommError('Too many communication values', `No more than ${MAX_VALUES} values are allowed.`);
    const entityType = (scalarText(param(raw, 'entity_type')) ?? '').trim().toUpperCase();
    const types = (CRM_ENTITY_TYPES as readonly string[]).includes(entityType) ? [entityType as CrmEntityType] : SEARCH_ORDER;
    return { type: type as 'PHONE' | 'EMAIL', values, types };
  },
  handler: async ({ services }, { type, values, types }) => {
    const found = await services.crm.findIdsByCommunication(type, values);
    const result: Record<string, number[]> = {};
    for (const entityType of SEARCH_ORDER) {
      if (!types.includes(entityType)) continue;
      const ids = found[entityType];
      if (ids.length > 0) result[entityType] = ids;
      if (ids.length >= MAX_VALUES) break;
    }
    // Nothing found is an empty PHP array: [] (A21).
    return { result: Object.keys(result).length > 0 ? result : [] };
  },
});
