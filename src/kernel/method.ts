import type { AuthContext, AuthType } from './auth-context.js';
import type { Params } from './params/readers.js';
import type { NearMissNotes } from './near-misses.js';

/** A successful answer: `result`, plus `total`/`next` for list methods (A13). */
export interface MethodResult {
  result: unknown;
  total?: number;
  next?: number;
}

/**
 * The methods of this server as one caller sees them (method.get, scope, B19). The dispatch layer
 * provides it; methods never see the registry itself.
 */
export interface MethodDirectory {
  /** Whether a method of that name (any letter case) exists, and whether this caller may call it. */
  lookup(name: string): { exists: boolean; available: boolean };
  /** Scope codes some method of this server belongs to. */
  scopes(): string[];
}

/** Runs commands as parts of the current call, with its credentials (batch, D1–D12). Provided by dispatch. */
export interface CommandRunner {
  /** `commands` as [key, "method?query"] pairs; answers the inner `result` of a batch (D9). */
  runBatch(commands: Array<[string, unknown]>, halt: boolean): Promise<unknown>;
}

/** What a method handler gets besides its parameters. Nothing here knows about HTTP. */
export interface MethodContext<Services, Auth extends AuthContext = AuthContext> {
  auth: Auth;
  services: Services;
  /** The base URL the caller reached the server at, for URLs handed back (upload and file links). */
  baseUrl: string;
  methods: MethodDirectory;
  commands: CommandRunner;
  /** Where the call's near misses go while it is recorded (the request journal); null otherwise. */
  nearMisses: NearMissNotes | null;
}

/**
 * One REST method, declared once: the registry dispatches on it and derives `method.get`,
 * `scope` and the batch allow-list from it.
 */
export interface MethodDefinition<Services, P = unknown, Auth extends AuthContext = AuthContext> {
  /** Canonical spelling, written out in full; lookups ignore ASCII case (A5). */
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
  /**
   * Reads and changes nothing: a request id on it is not kept, so a repeated read runs again and sees
   * the current data (A27). Batch is not: its commands may write.
   */
  readOnly?: boolean;
  /** Parameter rules: read and type the raw parameters, or throw a RestError. The handler gets only this. */
  params: (raw: Params, context: MethodContext<Services, Auth>) => P;
  handler: (context: MethodContext<Services, Auth>, params: P) => Promise<MethodResult> | MethodResult;
}

/**
 * The `defineMethod` of one services type: an identity function that keeps the parameter type
 * flowing from `params` to `handler`.
 */
export function methodDefiner<Services, Auth extends AuthContext = AuthContext>() {
  return <P>(definition: MethodDefinition<Services, P, Auth>): MethodDefinition<Services, P, Auth> => definition;
}

export const ANY_AUTH: readonly AuthType[] = ['oauth', 'webhook'];
export const APP_ONLY: readonly AuthType[] = ['oauth'];
