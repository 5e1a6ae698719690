import { ANY_AUTH } from '../../../kernel/method.js';
import { trimmedText } from '../../../kernel/params/readers.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';
import { defineMethod } from '../../define-method.js';

/** `method.get`: whether a method exists here and whether the caller may call it (B19). */
export const methodGetMethod = defineMethod({
  name: 'method.get',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ name: trimmedText(raw, 'name') }),
  handler: ({ methods }, { name }) => {
    const { exists, available } = methods.lookup(name);
    return { result: { isExisting: exists, isAvailable: available } };
  },
});
