import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';

/** `user.current`: the token's or webhook's owner (I5). */
export const userCurrentMethod = defineMethod({
  name: 'user.current',
  scope: 'user',
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: async ({ auth, services }) => ({ result: await services.users.current(auth.user, auth.scopes) }),
});
