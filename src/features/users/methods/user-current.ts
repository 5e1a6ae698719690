import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';

/** `user.current`: the token's or webhook's owner (I5). */
export const userCurrentMethod = defineMethod({
  name: 'user.current',
  readOnly: true,
  scope: 'user',
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: async ({ auth, services }) => ({ result: await services.users.current(auth.user, auth.scopes) }),
});
