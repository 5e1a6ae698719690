import { param, scalarText } from '../../rest/params.js';
import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { BASIC_SCOPE } from '../../domain/scopes.js';

/** `method.get`: whether a method exists here and whether the caller may call it (B19). */
export const methodGetMethod = defineMethod({
  name: 'method.get',
  scope: BASIC_SCOPE,
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw) => ({ name: (scalarText(param(raw, 'name')) ?? '').trim() }),
  handler: ({ auth, services }, { name }) => {
    const definition = name ? services.registry.find(name) : undefined;
    if (!definition) return { result: { isExisting: false, isAvailable: false } };
    const available = services.registry.isAvailable(definition, auth, services.config.appContextOnly);
    return { result: { isExisting: true, isAvailable: available } };
  },
});
