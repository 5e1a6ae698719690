import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { listValues, param, requiredText, scalarText, trimmedText } from '../../../kernel/params/readers.js';
import { CRM_ENTITY_TYPES, type CrmEntityType } from '../../../storage/schema.js';
import { defineMethod } from '../../define-method.js';

const MAX_VALUES = 20;
/** Type order of the search: 20 or more hits in one type suppress the later types (I16). */
const SEARCH_ORDER: readonly CrmEntityType[] = ['LEAD', 'CONTACT', 'COMPANY'];

/** `crm.duplicate.findbycomm`: entity IDs by phone or e-mail (I16); its failures put their message in `error` (A19). */
export const crmDuplicateFindByCommMethod = defineMethod({
  name: 'crm.duplicate.findbycomm',
  readOnly: true,
  scope: 'crm',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => {
    const type = requiredText(raw, 'type', 'FINDBYCOMM_TYPE_MISSING').toUpperCase();
    if (type !== 'PHONE' && type !== 'EMAIL') throw restError('FINDBYCOMM_TYPE_UNSUPPORTED', { type });
    const values = listValues(param(raw, 'values'))
      .map((v) => (scalarText(v) ?? '').trim())
      .filter(Boolean);
    if (values.length === 0) throw restError('FINDBYCOMM_VALUES_MISSING');
    if (values.length > MAX_VALUES) throw restError('FINDBYCOMM_TOO_MANY_VALUES', { max: MAX_VALUES });
    const entityType = trimmedText(raw, 'entity_type').toUpperCase();
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
