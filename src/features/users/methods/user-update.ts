import { storeUserFiles } from './user-files.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { param, positiveIntOrNull } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';
import { readUserProfile } from '../user-input.js';
import { requireFullUserScope } from './user-scope.js';

/** `user.update`: changes an employee's profile by ID, ACTIVE=N dismisses; result = true (user.update page, B12, B14). */
export const userUpdateMethod = defineMethod({
  name: 'user.update',
  scope: 'user',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ userId: positiveIntOrNull(param(raw, 'ID')), input: readUserProfile(raw) }),
  handler: async ({ auth, services, baseUrl }, { userId, input }) => {
    requireFullUserScope(auth.scopes);
    services.files.check(Object.values(input.files));
    const result = await services.users.updateProfile(auth.user, userId, input);
    // updateProfile refused an unknown ID: userId is a user's here.
    await storeUserFiles(services, userId!, input.files, baseUrl);
    return { result };
  },
});
