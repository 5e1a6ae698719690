import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { boolOrNull, isPlainRecord, param, scalarText } from '../../../kernel/params/readers.js';
import { defineMethod, type FeatureContext } from '../../define-method.js';

const common = { scope: 'crm', authTypes: ANY_AUTH, batchable: true } as const;

/** Types belong to the application that registered them; a webhook is refused, and so is a non-administrator. */
function appOf({ auth }: FeatureContext): number {
  if (!auth.app) throw restError('APP_CONTEXT_REQUIRED');
  if (auth.user.is_admin !== 1) throw restError('ACTIVITY_TYPE_ADMIN_REQUIRED');
  return auth.app.id;
}

/** `crm.activity.type.add`: fields TYPE_ID, NAME, IS_CONFIGURABLE_TYPE; answers true (its reference page). */
export const crmActivityTypeAddMethod = defineMethod({
  ...common,
  name: 'crm.activity.type.add',
  params: (raw) => {
    const fields = param(raw, 'fields');
    const record = isPlainRecord(fields) ? fields : {};
    return {
      typeId: (scalarText(record.TYPE_ID) ?? '').trim().slice(0, 255),
      name: scalarText(record.NAME) ?? '',
      configurable: boolOrNull(record.IS_CONFIGURABLE_TYPE) === true,
    };
  },
  handler: async (context, type) => {
    const appId = appOf(context);
    if (type.typeId === '') throw restError('ACTIVITY_TYPE_ID_EMPTY');
    await context.services.activities.addType(appId, type);
    return { result: true };
  },
});

/** `crm.activity.type.list`: the calling application's types (its reference page). */
export const crmActivityTypeListMethod = defineMethod({
  ...common,
  name: 'crm.activity.type.list',
  readOnly: true,
  params: () => ({}),
  handler: async (context) => ({ result: await context.services.activities.types(appOf(context)) }),
});

/** `crm.activity.type.delete`: TYPE_ID of one of the application's types; answers true (its reference page). */
export const crmActivityTypeDeleteMethod = defineMethod({
  ...common,
  name: 'crm.activity.type.delete',
  params: (raw) => ({ typeId: (scalarText(param(raw, 'TYPE_ID')) ?? '').trim() }),
  handler: async (context, { typeId }) => {
    const appId = appOf(context);
    if (typeId === '') throw restError('ACTIVITY_TYPE_ID_EMPTY');
    await context.services.activities.deleteType(appId, typeId);
    return { result: true };
  },
});
