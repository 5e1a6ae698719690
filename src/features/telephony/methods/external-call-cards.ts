import { ANY_AUTH } from '../../../kernel/method.js';
import { isPlainRecord, listValues, param, positiveIntOrNull, trimmedText, type Params } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';

/** CALL_ID and USER_ID (one ID or a list, JSON or PHP-style) of show/hide (E58, E59). */
function cardParams(raw: Params): { callId: string; userIds: number[] | null } {
  const callId = trimmedText(raw, 'CALL_ID');
  const given = param(raw, 'USER_ID');
  if (given === undefined || given === '') return { callId, userIds: null };
  const values = Array.isArray(given) || isPlainRecord(given) ? listValues(given) : [given];
  return { callId, userIds: values.map(positiveIntOrNull).filter((id): id is number => id !== null) };
}

const common = { scope: 'telephony', authTypes: ANY_AUTH, batchable: true, params: cardParams } as const;

/** `telephony.externalCall.show`: true when the card was shown, false for a call that is not active (E58). */
export const externalCallShowMethod = defineMethod({
  ...common,
  name: 'telephony.externalCall.show',
  handler: async ({ services }, { callId, userIds }) => ({ result: await services.callCards.show(callId, userIds) }),
});

/** `telephony.externalCall.hide`: without USER_ID, hides the card from everyone seeing it (E59). */
export const externalCallHideMethod = defineMethod({
  ...common,
  name: 'telephony.externalCall.hide',
  handler: async ({ services }, { callId, userIds }) => ({ result: await services.callCards.hide(callId, userIds) }),
});
