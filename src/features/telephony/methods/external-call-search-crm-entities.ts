import { ANY_AUTH } from '../../../kernel/method.js';
import { requiredText } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';

/** `telephony.externalCall.searchCrmEntities`: CRM entities with this number, first the one to use (E61–E65). */
export const externalCallSearchCrmEntitiesMethod = defineMethod({
  name: 'telephony.externalCall.searchCrmEntities',
  readOnly: true,
  scope: 'telephony',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ phone: requiredText(raw, 'PHONE_NUMBER', 'PHONE_NUMBER_EMPTY') }),
  handler: async ({ services }, { phone }) => ({ result: await services.calls.searchCrmEntities(phone) }),
});
