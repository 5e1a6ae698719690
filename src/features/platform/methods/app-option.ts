import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { isPlainRecord, paramAny, scalarText, type Params } from '../../../kernel/params/readers.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';
import type { Caller } from '../../auth/caller.js';
import { defineMethod } from '../../define-method.js';

/** The application of an option call; webhooks and other callers outside an application are refused (app.option.* pages). */
export function optionApp(auth: Caller): number {
  if (!auth.app) throw restError('OPTION_APP_CONTEXT_REQUIRED');
  return auth.app.id;
}

/** `option` of app.option.get / user.option.get: one name, or null for all. */
export function optionName(raw: Params): string | null {
  const name = scalarText(paramAny(raw, 'option', 'OPTION'));
  return name === undefined || name === '' ? null : name;
}

/** `options` of app.option.set / user.option.set: a non-empty name → value map, or ArgumentNullException. */
export function optionValues(raw: Params): Record<string, unknown> {
  const options = paramAny(raw, 'options', 'OPTIONS');
  if (Array.isArray(options) && options.length > 0) return Object.fromEntries(options.map((v, i) => [String(i), v]));
  if (!isPlainRecord(options) || Object.keys(options).length === 0) throw restError('OPTIONS_EMPTY');
  return options;
}

/** `app.option.get`: every option of the calling application, or the one named by `option` (null if unset). */
export const appOptionGetMethod = defineMethod({
  name: 'app.option.get',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ name: optionName(raw) }),
  handler: async ({ auth, services }, { name }) => ({ result: await services.appData.options(optionApp(auth), 0, name) }),
});

/** `app.option.set`: writes options of the calling application; administrators only. */
export const appOptionSetMethod = defineMethod({
  name: 'app.option.set',
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ raw }),
  handler: async ({ auth, services }, { raw }) => {
    const appId = optionApp(auth);
    if (auth.user.is_admin !== 1) throw restError('OPTION_ADMIN_REQUIRED');
    await services.appData.setOptions(appId, 0, optionValues(raw));
    return { result: true };
  },
});
