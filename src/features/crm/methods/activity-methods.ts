import { ANY_AUTH } from '../../../kernel/method.js';
import { listResult } from '../../../kernel/paging.js';
import { defineMethod } from '../../define-method.js';
import { activityBindings, crmFilter, crmId, crmListParams } from './crm-params.js';

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

/** `crm.activity.get` (I9). */
export const crmActivityGetMethod = defineMethod({
  ...common,
  name: 'crm.activity.get',
  readOnly: true,
  params: (raw) => ({ id: crmId(raw) }),
  handler: async ({ auth, services, baseUrl }, { id }) => {
    const activity = await services.activities.get(id, async (recordingId) => {
      const recording = await services.recordings.get(recordingId);
      // A signed link opens the recording for anyone: only for those who see the call (F1).
      return recording && (await services.recordings.visibleTo(recording, auth.user))
        ? services.recordings.fileLink(recording, baseUrl)
        : null;
    });
    // The files given in FILES follow the call's recording, in the same `{id, url}` form.
    const stored = (await services.files.forOwners('ACTIVITY', [id])).get(id)?.get('FILES') ?? [];
    if (stored.length > 0) {
      const links = await Promise.all(stored.map(async (file) => ({ id: file.id, url: await services.files.link(file, baseUrl) })));
      activity.FILES = [...((activity.FILES as unknown[] | undefined) ?? []), ...links];
    }
    return { result: activity };
  },
});

/** `crm.activity.list` (I10): BINDINGS filter, COMMUNICATIONS only when selected. */
export const crmActivityListMethod = defineMethod({
  ...common,
  name: 'crm.activity.list',
  readOnly: true,
  params: (raw) => {
    const query = crmListParams(raw);
    return {
      query: { ...query, filter: query.filter.filter((t) => t.field.toUpperCase() !== 'BINDINGS') },
      bindings: activityBindings(crmFilter(raw)),
    };
  },
  handler: async ({ services, nearMisses }, { query, bindings }) => {
    const page = await services.activities.list({ ...query, nearMisses }, bindings);
    return listResult(page.items, query.page, page.total);
  },
});

/** `crm.activity.fields` (I11). */
export const crmActivityFieldsMethod = defineMethod({
  ...common,
  name: 'crm.activity.fields',
  readOnly: true,
  params: () => ({}),
  handler: ({ services }) => ({ result: services.activities.fields() }),
});

/** `crm.activity.communication.fields` (I11). */
export const crmActivityCommunicationFieldsMethod = defineMethod({
  ...common,
  name: 'crm.activity.communication.fields',
  readOnly: true,
  params: () => ({}),
  handler: ({ services }) => ({ result: services.activities.communicationFields() }),
});
