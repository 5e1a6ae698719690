import { boolOrNull, param } from '../../../kernel/params/readers.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { defineMethod } from '../../define-method.js';
import { BASIC_SCOPE, CLOUD_SCOPES, GRANTABLE_SCOPES } from '../../../kernel/scopes.js';

/** `scope`: the scopes granted to the caller, or with `full` every permission code of a cloud portal (B19 corrected). */
export const scopeMethod = defineMethod({
  name: 'scope',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ full: boolOrNull(param(raw, 'full')) === true }),
  handler: ({ auth, methods }, { full }) => {
    if (full) {
      const serverScopes = new Set<string>([...CLOUD_SCOPES, ...GRANTABLE_SCOPES, ...methods.scopes()]);
      serverScopes.delete(BASIC_SCOPE);
      return { result: [...serverScopes].sort() };
    }
    return { result: [...auth.scopes] };
  },
});
