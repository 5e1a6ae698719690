import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { readActivityInput } from '../activity-input.js';
import type { FeatureContext } from '../../define-method.js';
import { crmFieldsObject, crmId } from './crm-params.js';

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

const writer = ({ auth }: FeatureContext) => ({ userId: auth.user.id, appId: auth.app?.id ?? null });

/** `crm.activity.add`: `fields` with the owner, TYPE_ID, SUBJECT, COMMUNICATIONS…; answers the new ID (its reference page). */
export const crmActivityAddMethod = defineMethod({
  ...common,
  name: 'crm.activity.add',
  params: (raw) => ({ fields: crmFieldsObject(raw) }),
  handler: async (context, { fields }) => ({
    result: await context.services.activities.add(readActivityInput(fields, context.services.config.timeZone), writer(context)),
  }),
});

/** `crm.activity.update`: `id` and the `fields` to change; answers true (its reference page). */
export const crmActivityUpdateMethod = defineMethod({
  ...common,
  name: 'crm.activity.update',
  params: (raw) => ({ id: crmId(raw), fields: crmFieldsObject(raw) }),
  handler: async (context, { id, fields }) => {
    await context.services.activities.update(id, readActivityInput(fields, context.services.config.timeZone), writer(context));
    return { result: true };
  },
});

/** `crm.activity.delete`: answers true; unknown → "" "Activity is not found" (its reference page). */
export const crmActivityDeleteMethod = defineMethod({
  ...common,
  name: 'crm.activity.delete',
  params: (raw) => ({ id: crmId(raw) }),
  handler: async (context, { id }) => {
    await context.services.activities.delete(id, writer(context));
    return { result: true };
  },
});
