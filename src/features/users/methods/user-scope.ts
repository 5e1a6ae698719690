import { restError } from '../../../kernel/errors/rest-error.js';

/** B12: user_basic and user_brief read users but may not add or change them. */
export function requireFullUserScope(scopes: ReadonlySet<string>): void {
  if (!scopes.has('user')) throw restError('INSUFFICIENT_SCOPE');
}
