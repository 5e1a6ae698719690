import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { isPlainRecord, listValues, param, requiredText, scalarText, trimmedText } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';
import type { TranscriptMessage } from '../transcripts-service.js';

/** `telephony.call.attachTranscription`: the conversation of a finished call as messages (E66). */
export const callAttachTranscriptionMethod = defineMethod({
  name: 'telephony.call.attachTranscription',
  scope: 'telephony',
  authTypes: ANY_AUTH,
  batchable: true,
  // Validation in the catalogued order, before the call is looked up (E66).
  params: (raw) => {
    const callId = requiredText(raw, 'CALL_ID', 'TRANSCRIPT_CALL_ID_MISSING');
    const given = param(raw, 'MESSAGES');
    if (!Array.isArray(given) && !isPlainRecord(given)) throw restError('TRANSCRIPT_MESSAGES_NOT_LIST');
    const messages: TranscriptMessage[] = listValues(given).map((item, index) => {
      const entry = isPlainRecord(item) ? item : {};
      const side = scalarText(entry.SIDE);
      if (side !== 'User' && side !== 'Client') throw restError('TRANSCRIPT_SIDE_INVALID', { index });
      const start = Number(scalarText(entry.START_TIME));
      if (!Number.isFinite(start) || start < 0) throw restError('TRANSCRIPT_START_INVALID', { index });
      const stop = Number(scalarText(entry.STOP_TIME));
      if (!Number.isFinite(stop) || stop <= 0) throw restError('TRANSCRIPT_STOP_INVALID', { index });
      const message = (scalarText(entry.MESSAGE) ?? '').trim();
      if (message === '') throw restError('TRANSCRIPT_MESSAGE_EMPTY', { index });
      return { side, start: Math.trunc(start), stop: Math.trunc(stop), message };
    });
    const costText = scalarText(param(raw, 'COST'));
    const cost = costText === undefined || costText === '' ? null : Math.max(0, Number.parseFloat(costText) || 0);
    // COST_CURRENCY means something only next to COST.
    const costCurrency = cost === null ? null : trimmedText(raw, 'COST_CURRENCY').slice(0, 10) || null;
    return { callId, messages, cost, costCurrency };
  },
  handler: async ({ services }, { callId, messages, cost, costCurrency }) => ({
    result: { TRANSCRIPT_ID: await services.transcripts.attach(callId, messages, cost, costCurrency) },
  }),
});
