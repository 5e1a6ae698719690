import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';

/** `user.fields`: field name → title, including UF_PHONE_INNER (I5). */
export const userFieldsMethod = defineMethod({
  name: 'user.fields',
  readOnly: true,
  scope: 'user',
  authTypes: ANY_AUTH,
  batchable: true,
  params: () => ({}),
  handler: ({ auth, services }) => ({ result: services.users.fieldTitles(auth.scopes) }),
});
