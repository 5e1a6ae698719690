import { ANY_AUTH } from '../../../kernel/method.js';
import { listValues, paramAny, scalarText } from '../../../kernel/params/readers.js';
import { BASIC_SCOPE } from '../../../kernel/scopes.js';
import { defineMethod } from '../../define-method.js';

/** `access.name`: names of access codes (`U1`, `G2`, `AU`…); unknown codes are left out; no codes → false (access.name page). */
export const accessNameMethod = defineMethod({
  name: 'access.name',
  readOnly: true,
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({
    codes: listValues(paramAny(raw, 'ACCESS', 'access'))
      .map((v) => (scalarText(v) ?? '').trim())
      .filter(Boolean),
  }),
  handler: async ({ services }, { codes }) => {
    if (codes.length === 0) return { result: false };
    const names = await services.users.accessNames(codes);
    return { result: Object.keys(names).length === 0 ? [] : names };
  },
});
