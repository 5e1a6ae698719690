import { restError } from '../kernel/errors/rest-error.js';
import type { CommandRunner, MethodDirectory, MethodResult } from '../kernel/method.js';
import type { Params } from '../kernel/params/readers.js';
import { scopeSatisfied } from '../kernel/scopes.js';
import type { Caller } from '../features/auth/caller.js';
import type { FeatureContext, FeatureMethod } from '../features/define-method.js';
import type { RecordedCommand } from '../features/requests/recorded-call.js';
import { NearMissNotes, readingWith, trackReads, type NearMiss } from '../kernel/near-misses.js';
import type { Services } from '../features/services.js';
import { runBatch } from './batch.js';
import type { OperatingState, OperatingTimeMeter } from './operating-time.js';
import { authTypeAllowed, type MethodRegistry } from './registry.js';

/** A method's answer plus the operating time of its (method, caller) pair, when it is metered. */
export interface DispatchOutcome extends MethodResult {
  operating: OperatingState | null;
}

/** One authenticated call as the transport hands it over. */
export interface Call {
  auth: Caller;
  /** The base URL the caller reached the server at. */
  baseUrl: string;
  /** Where the transport records the call: the method found, and a batch's commands. */
  trace?: CallTrace;
  /** Where the call's near misses go, when it is recorded (the request journal). */
  nearMisses?: NearMiss[];
}

/** What dispatch adds to the record of a call (RecordedCall). */
export interface CallTrace {
  resolvedMethod: string;
  batch: RecordedCommand[] | null;
}

/** SDK bookkeeping (`bx24_request_id`, `bx24_sdk_ver`…): the transport's business (A27), not ignored by a method. */
const SDK_PARAM = /^bx24_/i;

/**
 * Runs authenticated calls: find the method (A6), check its scope (B11), credential kind (B9)
 * and operating time (C5), read the parameters, run the handler, count its time (C4). Single calls
 * and batch commands alike come through here.
 */
export class Dispatcher {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly meter: OperatingTimeMeter,
    private readonly services: Services,
  ) {}

  /** Every method of the registry with its scope, by name (the console's API explorer lists them). */
  methods(): Array<{ name: string; scope: string }> {
    return this.registry
      .all()
      .map((d) => ({ name: d.name, scope: d.scope }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Whether the method reads only: its answers are not kept for repeated request ids (A27). */
  readsOnly(methodName: string): boolean {
    return this.registry.find(methodName)?.readOnly === true;
  }

  async dispatch(methodName: string, params: Params, call: Call): Promise<DispatchOutcome> {
    const definition = this.registry.find(methodName);
    if (!definition) throw restError('METHOD_NOT_FOUND');
    if (!scopeSatisfied(definition.scope, call.auth.scopes)) throw restError('INSUFFICIENT_SCOPE');
    if (!authTypeAllowed(definition, call.auth, this.services.config.appContextOnly)) throw restError('WRONG_AUTH_TYPE');
    if (call.trace) call.trace.resolvedMethod = definition.name.toLowerCase();
    const context = this.context(call);
    // C7: batch itself is not metered; each of its commands is, against its own method.
    const meterKey = definition.countsOperatingTime === false ? null : `${definition.name.toLowerCase()}|${call.auth.principal}`;
    if (!meterKey) return { ...(await runMethod(definition, params, context)), operating: null };
    this.meter.check(meterKey);
    // The answer reports what was used before this call (C4: 0 on a fresh pair); this call's time counts from the next.
    const operating = this.meter.state(meterKey);
    const began = performance.now();
    try {
      const outcome = await runMethod(definition, params, context);
      return { ...outcome, operating };
    } finally {
      this.meter.record(meterKey, (performance.now() - began) / 1000);
    }
  }

  /** The handler's view of the call: the services, and the registry and dispatcher behind narrow interfaces. */
  private context(call: Call): FeatureContext {
    const { registry, services } = this;
    const methods: MethodDirectory = {
      lookup: (name) => {
        const definition = name ? registry.find(name) : undefined;
        return {
          exists: !!definition,
          available: !!definition && registry.isAvailable(definition, call.auth, services.config.appContextOnly),
        };
      },
      scopes: () => registry.scopes(),
    };
    // Commands run as the batch's caller; their records go to the batch's list, not over the batch's own.
    const commandCall = (nearMisses: NearMiss[] | undefined): Call => ({ auth: call.auth, baseUrl: call.baseUrl, nearMisses });
    const commands: CommandRunner = {
      runBatch: (list, halt) =>
        runBatch(
          list,
          halt,
          async (method, commandParams, nearMisses) => {
            if (registry.find(method)?.batchable === false) throw restError('ERROR_BATCH_METHOD_NOT_ALLOWED');
            // A method's fault switch answers in its command's slot, as the cloud's command errors do.
            await services.faults.beforeCommand(call.auth, method, commandParams);
            return this.dispatch(method, commandParams, commandCall(nearMisses));
          },
          services.config.timeZone,
          () => services.clock.nowMs(),
          call.trace ? (call.trace.batch = []) : undefined,
        ),
    };
    const nearMisses = call.nearMisses ? new NearMissNotes(call.nearMisses) : null;
    return { auth: call.auth, services, baseUrl: call.baseUrl, methods, commands, nearMisses };
  }
}

/**
 * The method's parameter reader, then its handler. While near misses are collected, both see a view
 * of the parameters that notes which were read (a few handlers read them themselves); a parameter
 * that a successful call never read was ignored. A refused call says nothing: it stopped reading early.
 */
async function runMethod(definition: FeatureMethod, params: Params, context: FeatureContext): Promise<MethodResult> {
  const notes = context.nearMisses;
  if (!notes) return definition.handler(context, definition.params(params, context));
  const { view, read, release } = trackReads(params, notes);
  let typed: unknown;
  try {
    typed = readingWith(notes, () => definition.params(view, context));
  } finally {
    release();
  }
  const outcome = await definition.handler(context, typed);
  for (const name of Object.keys(params)) {
    if (!read.has(name) && !SDK_PARAM.test(name)) notes.note('ignored-parameter', name, `not a parameter of ${definition.name}`);
  }
  return outcome;
}
