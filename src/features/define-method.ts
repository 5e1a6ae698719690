import { methodDefiner, type MethodContext, type MethodDefinition } from '../kernel/method.js';
import type { Caller } from './auth/caller.js';
import type { Services } from './services.js';

/** A REST method of this server: over its services, called by a portal user. */
export type FeatureMethod = MethodDefinition<Services, any, Caller>;

/** What a handler of this server gets besides its parameters. */
export type FeatureContext = MethodContext<Services, Caller>;

/** Declares a method: keeps its parameter type flowing from `params` to `handler`. */
export const defineMethod = methodDefiner<Services, Caller>();
