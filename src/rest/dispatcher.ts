import { scopeSatisfied } from '../domain/scopes.js';
import { restError } from './errors.js';
import type { MethodContext, MethodResult } from './method-definition.js';
import type { Params } from './params.js';
import { authTypeAllowed, type MethodRegistry } from './registry.js';

/**
 * Runs one authenticated call: find the method (A6), check its scope (B11) and credential kind (B9),
 * read the parameters, run the handler. Used by single calls and (later) by batch alike.
 */
export async function dispatch(
  registry: MethodRegistry,
  methodName: string,
  params: Params,
  context: MethodContext,
): Promise<MethodResult> {
  const definition = registry.find(methodName);
  if (!definition) throw restError('METHOD_NOT_FOUND');
  if (!scopeSatisfied(definition.scope, context.auth.scopes)) throw restError('INSUFFICIENT_SCOPE');
  if (!authTypeAllowed(definition, context.auth, context.services.config.allowWebhookTelephony)) {
    throw restError('WRONG_AUTH_TYPE');
  }
  const input = definition.params(params, context);
  return definition.handler(context, input);
}
