import { ANY_AUTH } from '../../../kernel/method.js';
import { listValues, paramAny, scalarText } from '../../../kernel/params/readers.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';
import { defineMethod } from '../../define-method.js';

/** `user.admin`: whether the calling user is an administrator of the portal. */
export const userAdminMethod = defineMethod({
  name: 'user.admin',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: ({ auth }) => ({ result: auth.user.is_admin === 1 }),
});

/** `user.access`: whether the calling user holds at least one of the access codes in ACCESS (see access.name). */
export const userAccessMethod = defineMethod({
  name: 'user.access',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({
    codes: listValues(paramAny(raw, 'ACCESS', 'access'))
      .map((v) => (scalarText(v) ?? '').trim().toUpperCase())
      .filter(Boolean),
  }),
  handler: ({ auth, services }, { codes }) => {
    const held = services.users.accessCodes(auth.user);
    return { result: codes.some((code) => held.has(code)) };
  },
});
