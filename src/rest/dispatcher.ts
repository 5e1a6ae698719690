import { scopeSatisfied } from '../domain/scopes.js';
import { restError } from './errors.js';
import type { MethodContext, MethodResult } from './method-definition.js';
import type { OperatingState } from './operating-time.js';
import type { Params } from './params.js';
import { authTypeAllowed, type MethodRegistry } from './registry.js';

/** A method's answer plus the operating time of its (method, caller) pair, when it is metered. */
export interface DispatchOutcome extends MethodResult {
  operating: OperatingState | null;
}

/**
 * Runs one authenticated call: find the method (A6), check its scope (B11), credential kind (B9)
 * and operating time (C5), read the parameters, run the handler, count its time (C4). Single calls
 * and batch commands alike come through here.
 */
export async function dispatch(registry: MethodRegistry, methodName: string, params: Params, context: MethodContext): Promise<DispatchOutcome> {
  const definition = registry.find(methodName);
  if (!definition) throw restError('METHOD_NOT_FOUND');
  if (!scopeSatisfied(definition.scope, context.auth.scopes)) throw restError('INSUFFICIENT_SCOPE');
  if (!authTypeAllowed(definition, context.auth, context.services.config.appContextOnly)) {
    throw restError('WRONG_AUTH_TYPE');
  }
  const meter = context.services.operatingTime;
  // C7: batch itself is not metered; each of its commands is, against its own method.
  const meterKey = definition.countsOperatingTime === false ? null : `${definition.name.toLowerCase()}|${context.auth.principal}`;
  if (!meterKey) return { ...(await definition.handler(context, definition.params(params, context))), operating: null };
  meter.check(meterKey);
  // The answer reports what was used before this call (C4: 0 on a fresh pair); this call's time counts from the next.
  const operating = meter.state(meterKey);
  const began = performance.now();
  try {
    const outcome = await definition.handler(context, definition.params(params, context));
    return { ...outcome, operating };
  } finally {
    meter.record(meterKey, (performance.now() - began) / 1000);
  }
}
