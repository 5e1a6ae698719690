import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { flag, optionalText, param, positiveIntOrNull, trimmedText } from '../../../kernel/params/readers.js';
import { readablePhoneDigits } from '../../../kernel/phone.js';
import { parsePortalDate } from '../../../kernel/portal-time.js';
import { CRM_ENTITY_TYPES, type CrmEntityType } from '../../../storage/schema.js';
import { defineMethod } from '../../define-method.js';
import { isKnownCallType } from '../call-types.js';
import { MAX_TEXT, userReference } from './call-params.js';

/** Longest phone number accepted, formatting included. */
const MAX_PHONE = 64;

/** `telephony.externalCall.register`: starts an external call (E4–E22). */
export const externalCallRegisterMethod = defineMethod({
  name: 'telephony.externalCall.register',
  scope: 'telephony',
  // E4/B9 revised: webhooks too, unless the portal is application-context-only.
  authTypes: ANY_AUTH,
  documentedAppOnly: true,
  batchable: true,
  // Checks in the catalogued order (E11); the user lookup comes last, in the service.
  params: (raw, { services }) => {
    const user = userReference(raw);
    const type = positiveIntOrNull(param(raw, 'TYPE'));
    if (type === null || !isKnownCallType(type)) throw restError('CALL_TYPE_UNKNOWN');
    const startText = param(raw, 'CALL_START_DATE');
    let startAt = Math.floor(services.clock.nowMs() / 1000);
    if (startText !== undefined && startText !== '') {
      const parsed = typeof startText === 'string' ? parsePortalDate(startText, services.config.timeZone) : null;
      if (parsed === null) throw restError('CALL_START_DATE_INVALID');
      startAt = Math.floor(parsed / 1000);
    }
    const phone = trimmedText(raw, 'PHONE_NUMBER');
    if (phone.length > MAX_PHONE || readablePhoneDigits(phone) === null) throw restError('PHONE_NUMBER_UNSUPPORTED');

    const entityType = trimmedText(raw, 'CRM_ENTITY_TYPE').toUpperCase();
    const entityId = positiveIntOrNull(param(raw, 'CRM_ENTITY_ID'));
    return {
      user,
      type,
      startAt,
      phoneNumber: phone,
      crmCreate: flag(raw, 'CRM_CREATE', false),
      // The source id of a lead: 50 characters, as crm_leads.source_id holds.
      crmSource: optionalText(raw, 'CRM_SOURCE', 50),
      // An unknown type or a missing ID drops the pair (E12).
      crmEntity:
        (CRM_ENTITY_TYPES as readonly string[]).includes(entityType) && entityId !== null
          ? { type: entityType as CrmEntityType, id: entityId }
          : null,
      show: flag(raw, 'SHOW', true),
      addToChat: flag(raw, 'ADD_TO_CHAT', true),
      callListId: positiveIntOrNull(param(raw, 'CALL_LIST_ID')),
      lineNumber: optionalText(raw, 'LINE_NUMBER', MAX_TEXT),
      externalCallId: optionalText(raw, 'EXTERNAL_CALL_ID', MAX_TEXT),
    };
  },
  // A webhook's call belongs to no application (B9 revised): its lines are the portal's.
  handler: async ({ auth, services }, input) => ({ result: await services.calls.register({ ...input, app: auth.app }) }),
});
