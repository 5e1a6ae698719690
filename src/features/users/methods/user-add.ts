import { storeUserFiles } from './user-files.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { readUserProfile } from '../user-input.js';
import { requireFullUserScope } from './user-scope.js';

/** `user.add`: invites an employee by EMAIL into UF_DEPARTMENT; result = the new ID (user.add page, B12). */
export const userAddMethod = defineMethod({
  name: 'user.add',
  scope: 'user',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => readUserProfile(raw),
  handler: async ({ auth, services, baseUrl }, input) => {
    requireFullUserScope(auth.scopes);
    services.files.check(Object.values(input.files));
    const id = await services.users.invite(auth.user, input);
    await storeUserFiles(services, id, input.files, baseUrl);
    return { result: id };
  },
});
