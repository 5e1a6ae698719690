import type { TranscriptMessage } from '../../domain/transcripts/transcripts-service.js';
import { restError } from '../../rest/errors.js';
import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { isPlainRecord, listValues, param, scalarText } from '../../rest/params.js';

/** `telephony.call.attachTranscription`: the conversation of a finished call as messages (E66). */
export const callAttachTranscriptionMethod = defineMethod({
  name: 'telephony.call.attachTranscription',
  scope: 'telephony',
  authTypes: ANY_AUTH,
  batchable: true,
  // Validation in the catalogued order, before the call is looked up (E66).
  params: (raw) => {
    const callId = (scalarText(param(raw, 'CALL_ID')) ?? '').trim();
    if (callId === '') throw restError('ERROR_CORE', 'CALL_ID should be set');
    const given = param(raw, 'MESSAGES');
    if (!Array.isArray(given) && !isPlainRecord(given)) throw restError('ERROR_CORE', 'MESSAGES should be an array');
    const messages: TranscriptMessage[] = listValues(given).map((item, n) => {
      const entry = isPlainRecord(item) ? item : {};
      const side = scalarText(entry.SIDE);
      if (side !== 'User' && side !== 'Client') throw restError('ERROR_CORE', `MESSAGES[${n}][SIDE] should be either Client or User`);
      const start = Number(scalarText(entry.START_TIME));
      if (!Number.isFinite(start) || start < 0) throw restError('ERROR_CORE', `MESSAGES[${n}][START_TIME] should be greater or equal to zero`);
      const stop = Number(scalarText(entry.STOP_TIME));
      if (!Number.isFinite(stop) || stop <= 0) throw restError('ERROR_CORE', `MESSAGES[${n}][STOP_TIME] should be greater than zero`);
      const message = (scalarText(entry.MESSAGE) ?? '').trim();
      if (message === '') throw restError('ERROR_CORE', `MESSAGES[${n}][MESSAGE] is empty`);
      return { side, start: Math.trunc(start), stop: Math.trunc(stop), message };
    });
    const costText = scalarText(param(raw, 'COST'));
    const cost = costText === undefined || costText === '' ? null : Math.max(0, Number.parseFloat(costText) || 0);
    // COST_CURRENCY means something only next to COST.
    const costCurrency = cost === null ? null : ((scalarText(param(raw, 'COST_CURRENCY')) ?? '').trim().slice(0, 10) || null);
    return { callId, messages, cost, costCurrency };
  },
  handler: async ({ services }, { callId, messages, cost, costCurrency }) => ({
    result: { TRANSCRIPT_ID: await services.transcripts.attach(callId, messages, cost, costCurrency) },
  }),
});
