import { ANY_AUTH } from '../../../kernel/method.js';
import { paramAny, positiveIntOrNull } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';

/** `crm.activity.call.getTranscript`: `{transcription}` of a call activity, or null (E67). */
export const crmActivityCallGetTranscriptMethod = defineMethod({
  name: 'crm.activity.call.getTranscript',
  readOnly: true,
  scope: 'crm',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ activityId: positiveIntOrNull(paramAny(raw, 'activityId', 'ACTIVITY_ID', 'id')) }),
  handler: async ({ services }, { activityId }) => {
    const text = await services.transcripts.textForActivity(activityId);
    return { result: text === null ? null : { transcription: text } };
  },
});
