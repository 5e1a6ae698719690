import { restError, RestError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { flag, nonNegativeInt, optionalText, param, positiveIntOrNull, scalarText } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';
import { MAX_TEXT, userReference } from './call-params.js';

/** Longest CALL_ID looked up; real ones are ~57 characters. */
const MAX_CALL_ID = 100;

/** `telephony.externalCall.finish`: ends a call, saves it in the statistics, logs it in the CRM (E23–E45). */
export const externalCallFinishMethod = defineMethod({
  name: 'telephony.externalCall.finish',
  scope: 'telephony',
  // E23/B9 revised: webhooks too, unless the portal is application-context-only.
  authTypes: ANY_AUTH,
  documentedAppOnly: true,
  batchable: true,
  // Checks in the catalogued order (E29): CALL_ID type, user parameter; call and user lookups follow in the service.
  params: (raw) => {
    const callId = param(raw, 'CALL_ID');
    if (typeof callId !== 'string') throw restError('CALL_ID_NOT_TEXT');
    const user = userReference(raw);
    return {
      // An over-long id can name no call: it is looked up as the empty string and not found (E27).
      callId: callId.length > MAX_CALL_ID ? '' : callId.trim(),
      user,
      // PHP-style integer; negative values become 0 (E34).
      duration: nonNegativeInt(param(raw, 'DURATION')),
      cost: nonNegativeNumber(param(raw, 'COST')),
      // A currency code (EUR, USD); the column holds 10 characters.
      costCurrency: optionalText(raw, 'COST_CURRENCY', 10) ?? '',
      statusCode: statusCode(param(raw, 'STATUS_CODE')),
      failedReason: optionalText(raw, 'FAILED_REASON', MAX_TEXT) ?? '',
      vote: positiveIntOrNull(param(raw, 'VOTE')),
      addToChat: param(raw, 'ADD_TO_CHAT') === undefined ? null : flag(raw, 'ADD_TO_CHAT', true),
      recordUrl: optionalText(raw, 'RECORD_URL', MAX_TEXT),
    };
  },
  handler: async ({ auth, services }, input) => {
    const result = await services.calls.finish({ ...input, callerApp: auth.app }).catch((error: unknown) => {
      if (error instanceof RestError) throw error;
      // E44: the transaction was rolled back; the caller may retry.
      throw restError('DATABASE_ERROR');
    });
    // E36: the deprecated RECORD_URL is fetched after the commit; its failure never reaches the caller.
    if (input.recordUrl) services.recordings.fetchAfterCommit(result.CALL_ID, input.recordUrl);
    return { result };
  },
});

/** PHP-style float; negative or unreadable values become 0 (E34). */
function nonNegativeNumber(value: unknown): number {
  const text = scalarText(value);
  if (text === undefined) return 0;
  const parsed = Number.parseFloat(text);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
}

/** STATUS_CODE as given (PBX codes outside the list are kept, E31); absent → the default by duration. */
function statusCode(value: unknown): string | null {
  const text = scalarText(value)?.trim();
  if (text === undefined || text === '') return null;
  // SIP-style codes ("486", "603-S", "OTHER"); anything else is a client mistake, not data to keep.
  if (!/^[A-Za-z0-9-]{1,20}$/.test(text)) throw restError('STATUS_CODE_INVALID');
  return text;
}
