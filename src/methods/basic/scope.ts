import { boolOrNull, param } from '../../rest/params.js';
import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { BASIC_SCOPE, GRANTABLE_SCOPES } from '../../domain/scopes.js';

/** `scope`: the scopes granted to the caller, or with `full` every scope this server has (B19). */
export const scopeMethod = defineMethod({
  name: 'scope',
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ full: boolOrNull(param(raw, 'full')) === true }),
  handler: ({ auth, services }, { full }) => {
    if (full) {
      const serverScopes = new Set([...GRANTABLE_SCOPES, ...services.registry.scopes()]);
      serverScopes.delete(BASIC_SCOPE);
      return { result: [...serverScopes].sort() };
    }
    return { result: [...auth.scopes] };
  },
});
