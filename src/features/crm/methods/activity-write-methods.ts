import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { readActivityInput } from '../activity-input.js';
import type { FeatureContext } from '../../define-method.js';
import { crmFieldsObject, crmId } from './crm-params.js';
import { readFileList, type FileValue } from '../../../kernel/params/file-values.js';

/** FILES given as a list of `{fileData: [name, base64]}` (the add page); undefined when not given. */
function activityFiles(fields: Record<string, unknown>): FileValue[] | undefined {
  return fields.FILES === undefined ? undefined : readFileList(fields.FILES);
}

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

const writer = ({ auth }: FeatureContext) => ({ userId: auth.user.id, appId: auth.app?.id ?? null });

/** `crm.activity.add`: `fields` with the owner, TYPE_ID, SUBJECT, COMMUNICATIONS…; answers the new ID (its reference page). */
export const crmActivityAddMethod = defineMethod({
  ...common,
  name: 'crm.activity.add',
  params: (raw) => {
    const fields = crmFieldsObject(raw);
    return { fields, files: activityFiles(fields) };
  },
  handler: async (context, { fields, files }) => {
    if (files) context.services.files.check([files]);
    const id = await context.services.activities.add(readActivityInput(fields, context.services.config.timeZone), writer(context));
    if (files) await context.services.files.replace('ACTIVITY', id, 'FILES', files);
    return { result: id };
  },
});

/** `crm.activity.update`: `id` and the `fields` to change; answers true (its reference page). */
export const crmActivityUpdateMethod = defineMethod({
  ...common,
  name: 'crm.activity.update',
  params: (raw) => {
    const fields = crmFieldsObject(raw);
    return { id: crmId(raw), fields, files: activityFiles(fields) };
  },
  handler: async (context, { id, fields, files }) => {
    if (files) context.services.files.check([files]);
    await context.services.activities.update(id, readActivityInput(fields, context.services.config.timeZone), writer(context));
    // FILES given replaces the files added by these methods; a call's recording stays linked (E54).
    if (files) await context.services.files.replace('ACTIVITY', id, 'FILES', files);
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
    await context.services.files.deleteOwner('ACTIVITY', id);
    return { result: true };
  },
});
