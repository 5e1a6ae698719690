import { ANY_AUTH } from '../../../kernel/method.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';
import { defineMethod } from '../../define-method.js';
import { optionApp, optionName, optionValues } from '../../platform/methods/app-option.js';

/** `user.option.get`: the calling user's options of the calling application, or one of them (null if unset). */
export const userOptionGetMethod = defineMethod({
  name: 'user.option.get',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ name: optionName(raw) }),
  handler: async ({ auth, services }, { name }) => ({ result: await services.appData.options(optionApp(auth), auth.user.id, name) }),
});

/** `user.option.set`: writes the calling user's options of the calling application; any user. */
export const userOptionSetMethod = defineMethod({
  name: 'user.option.set',
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ raw }),
  handler: async ({ auth, services }, { raw }) => {
    const appId = optionApp(auth);
    await services.appData.setOptions(appId, auth.user.id, optionValues(raw));
    return { result: true };
  },
});
