import { RestError } from '../../rest/errors.js';
import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { paramAny, positiveIntOrNull } from '../../rest/params.js';

/** `crm.activity.call.getTranscript`: `{transcription}` of a call activity, or null (E67). */
export const crmActivityCallGetTranscriptMethod = defineMethod({
  name: 'crm.activity.call.getTranscript',
  scope: 'crm',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ activityId: positiveIntOrNull(paramAny(raw, 'activityId', 'ACTIVITY_ID', 'id')) }),
  handler: async ({ services }, { activityId }) => {
    const activity = activityId === null ? undefined : await services.storage.crmActivities.findById(activityId);
    if (!activity) throw new RestError({ code: 'NOT_FOUND', status: 400, description: '' }, 'Element not found');
    const text = await services.transcripts.textForActivity(activity.id);
    return { result: text === null ? null : { transcription: text } };
  },
});
