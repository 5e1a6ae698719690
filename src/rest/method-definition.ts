import type { AuthContext, AuthType } from '../domain/auth/auth-context.js';
import type { Services } from '../domain/services.js';
import type { Params } from './params.js';

/** What a method handler gets besides its parameters. Nothing here knows about HTTP. */
export interface MethodContext {
  auth: AuthContext;
  services: Services;
  /** The base URL the caller reached the server at, for URLs handed back (upload and file links). */
  baseUrl: string;
}

/** A successful answer: `result`, plus `total`/`next` for list methods (A13). */
export interface MethodResult {
  result: unknown;
  total?: number;
  next?: number;
}

/**
 * One REST method, declared once: the registry dispatches on it and derives `method.get`,
 * `scope` and (later) the batch allow-list from it.
 */
export interface MethodDefinition<P = unknown> {
  /** Canonical spelling; lookups ignore ASCII case (A5). */
  name: string;
  scope: string;
  /** Credential kinds that may call it; others get WRONG_AUTH_TYPE (B9). */
  authTypes: readonly AuthType[];
  /**
   * Documented as application-only: webhooks may call it too, as on the cloud, unless the portal runs
   * with `appContextOnly` (B9 revised).
   */
  documentedAppOnly?: boolean;
  batchable: boolean;
  /** False for methods whose time is not counted against the operating limit (batch, C7). */
  countsOperatingTime?: boolean;
  /** Parameter rules: turn raw parameters into the handler's typed input, or throw a RestError. */
  params: (raw: Params, context: MethodContext) => P;
  handler: (context: MethodContext, params: P) => Promise<MethodResult> | MethodResult;
}

/** Identity helper that keeps the parameter type flowing from `params` to `handler`. */
export function defineMethod<P>(definition: MethodDefinition<P>): MethodDefinition<P> {
  return definition;
}

export const ANY_AUTH: readonly AuthType[] = ['oauth', 'webhook'];
export const APP_ONLY: readonly AuthType[] = ['oauth'];
