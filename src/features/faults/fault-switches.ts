import type { Clock } from '../../kernel/clock.js';
import { oauthError, restError, type RestError } from '../../kernel/errors/rest-error.js';
import type { Params } from '../../kernel/params/readers.js';
import type { Storage } from '../../storage/storage.js';
import type { Caller } from '../auth/caller.js';
import {
  isActionSpec,
  parseFaultSpec,
  type ActionSpec,
  type DeliveryMode,
  type FailBody,
  type FaultSpec,
  type LimitError,
  type SwitchSpec,
  SWITCH_KINDS,
} from './fault-spec.js';
import { paramsMatch } from './params-match.js';
import type { AppliedAction, PortalActions } from './portal-actions.js';
import { faultError, type DescribedError } from './rest-entries.js';

/** A switch as it is set: its spec, and how far it has come. */
export type Fault = SwitchSpec & {
  id: number;
  /** Calls (or deliveries) still to be hit; null until removed. */
  remaining: number | null;
  /** Calls (or deliveries) hit so far. */
  hits: number;
  createdAt: string;
};

/** A switch as code sets it: `times` (and a 5xx's `body`) may be left to their defaults. */
export type SwitchInput = SwitchSpec extends infer S
  ? S extends SwitchSpec
    ? Omit<S, 'times' | 'body'> & { times?: number | null } & (S extends { status: number } ? { body?: FailBody } : unknown)
    : never
  : never;

/** What the transport does with a call a switch hits. */
export type FaultAction =
  | { kind: 'error'; error: RestError }
  /** A bare status with an empty body or a proxy's HTML page, as a proxy in front of the portal answers. */
  | { kind: 'raw'; status: number; body: 'empty' | 'html' }
  /** Wait, then answer the call normally. */
  | { kind: 'delay'; delayMs: number }
  /** Close the connection without an answer. */
  | { kind: 'drop' };

/** What the event deliverer does with one delivery a switch hits. */
export type DeliveryPlan = { mode: 'delay'; delayMs: number } | { mode: 'twice' } | { mode: 'drop' };

/**
 * Fault switches: the cloud's failures on demand (the admin API's /_extcall/faults, `portal.faults`
 * in code, `extcall fault`). Switches live in this process's memory and go with a reset; one-time
 * actions change the portal's data instead and are not kept.
 */
export class FaultSwitches {
  private faults: Fault[] = [];
  private nextId = 1;

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly actions: PortalActions,
  ) {}

  // ---- setting and removing ----------------------------------------------------------------------

  /** Sets a switch (checked as the admin API checks a body: a bad spec throws the catalogued error). */
  add(input: SwitchInput): Fault {
    const spec = parseFaultSpec(input);
    // One-time actions have methods of their own (expireToken, dismissUser, …): add keeps switches only.
    if (isActionSpec(spec)) throw restError('FAULT_FIELD_CHOICE', { field: 'kind', choices: SWITCH_KINDS.join(', ') });
    return this.keep(spec);
  }

  /** Sets a switch or applies a one-time action: what POST /_extcall/faults does with a parsed body. */
  async apply(spec: FaultSpec): Promise<Fault | AppliedAction> {
    return isActionSpec(spec) ? this.actions.apply(spec) : this.keep(spec);
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Removes one switch; null when there is none with that id. */
  remove(id: number): Fault | null {
    const fault = this.faults.find((f) => f.id === id);
    if (!fault) return null;
    this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }

  /** Removes every switch; answers how many there were. */
  clear(): number {
    const count = this.faults.length;
    this.faults = [];
    return count;
  }

  // ---- for code: one call per failure --------------------------------------------------------------

  /** The access token (or every one) has expired: `expired_token`; its refresh token still works. */
  expireToken(token?: string): Promise<AppliedAction> {
    return this.act({ kind: 'expire_token', ...(token === undefined ? {} : { token }) });
  }

  /** The token pair (or every one) is forgotten: `invalid_token`. */
  revokeToken(token?: string): Promise<AppliedAction> {
    return this.act({ kind: 'revoke_token', ...(token === undefined ? {} : { token }) });
  }

  dismissUser(userId: number): Promise<AppliedAction> {
    return this.act({ kind: 'dismiss_user', userId });
  }

  /** The user becomes an extranet user: their credentials answer `allowed_only_intranet_user`. */
  extranetUser(userId: number): Promise<AppliedAction> {
    return this.act({ kind: 'extranet_user', userId });
  }

  uninstallApp(appId: number): Promise<AppliedAction> {
    return this.act({ kind: 'uninstall_app', appId });
  }

  deleteApp(appId: number): Promise<AppliedAction> {
    return this.act({ kind: 'delete_app', appId });
  }

  /** PAYMENT_REQUIRED for every call of the portal, or of one application. */
  paymentRequired(options: { appId?: number } = {}): Fault {
    return this.add({ kind: 'payment_required', ...options });
  }

  methodConfirm(options: { appId: number; method: string; state: 'waiting' | 'denied' }): Fault {
    return this.add({ kind: 'method_confirm', ...options });
  }

  /** The application is limited to these users: the others' tokens answer `user_access_error`. */
  restrictApp(options: { appId: number; userIds: number[] }): Fault {
    return this.add({ kind: 'restrict_app', ...options });
  }

  limit(options: { error: LimitError; method?: string; times?: number | null }): Fault {
    return this.add({ kind: 'limit', ...options });
  }

  /** The next `times` (default 1) calls of `method` (whose parameters hold `params`) fail as asked. */
  failNext(
    options: { method: string; times?: number | null; params?: Record<string, unknown> } & (
      { error: string | DescribedError } | { status: 500 | 502 | 503 | 504; body?: FailBody } | { delayMs: number } | { drop: true }
    ),
  ): Fault {
    return this.add({ kind: 'fail', ...options } as SwitchInput);
  }

  /** Event deliveries (of one event, or all) sent late, twice, or not at all. */
  deliveries(options: { mode: DeliveryMode; event?: string; times?: number | null; delayMs?: number }): Fault {
    return this.add({ kind: 'deliveries', ...options });
  }

  // ---- the checks ----------------------------------------------------------------------------------

  /**
   * The switch a REST call hits, if any, after its credentials were checked: the caller's own
   * (extranet user, payment, restricted application), then the limits, then the method's.
   * A batch's commands are checked one by one by `beforeCommand`.
   */
  checkCall(auth: Caller, method: string, params: Params): FaultAction | null {
    if (auth.user.user_type === 'extranet') return { kind: 'error', error: restError('ALLOWED_ONLY_INTRANET_USER') };
    const name = method.toLowerCase();
    const callerFault = this.hitFirst((f) => this.refusesCaller(f, auth, name));
    if (callerFault) return this.actionOf(callerFault);
    const fault = this.hitFirst((f) => f.kind === 'limit' && f.method === undefined) ?? this.methodFault(auth, name, params);
    return fault ? this.actionOf(fault) : null;
  }

  /**
   * A command of a batch: the method's switches answer in the command's slot. A bare 5xx or a dropped
   * connection cannot be one command's answer, so inside a batch they are INTERNAL_SERVER_ERROR.
   */
  async beforeCommand(auth: Caller, method: string, params: Params): Promise<void> {
    const fault = this.methodFault(auth, method.toLowerCase(), params);
    const action = fault ? this.actionOf(fault) : null;
    if (!action) return;
    if (action.kind === 'delay') return sleep(action.delayMs);
    throw action.kind === 'error' ? action.error : restError('INTERNAL_SERVER_ERROR');
  }

  /** /oauth/token/ with this client id: a deleted application, or one whose payment is due. */
  async checkTokenRequest(clientId: string): Promise<void> {
    if (clientId === '') return;
    if (await this.actions.isDeletedClient(clientId)) throw oauthError('APPLICATION_NOT_FOUND');
    if (!this.faults.some((f) => f.kind === 'payment_required' && f.appId !== undefined)) return;
    const app = await this.storage.apps.findByClientId(clientId);
    if (app && this.hitFirst((f) => f.kind === 'payment_required' && f.appId === app.id)) throw oauthError('PAYMENT_REQUIRED');
  }

  /** app.info's PAYMENT_EXPIRED: "Y" while the application's payment switch is on. */
  paymentExpired(appId: number): boolean {
    return this.faults.some((f) => f.kind === 'payment_required' && (f.appId === undefined || f.appId === appId));
  }

  /** How the next delivery of `event` goes; null: as usual. */
  deliveryPlan(event: string): DeliveryPlan | null {
    const name = event.toUpperCase();
    const fault = this.hitFirst((f) => f.kind === 'deliveries' && (f.event === undefined || f.event.toUpperCase() === name));
    if (!fault || fault.kind !== 'deliveries') return null;
    return fault.mode === 'delay' ? { mode: 'delay', delayMs: fault.delayMs ?? 0 } : { mode: fault.mode };
  }

  // ---- inside --------------------------------------------------------------------------------------

  private keep(spec: SwitchSpec): Fault {
    const times = 'times' in spec ? spec.times : null;
    const fault: Fault = { ...spec, id: this.nextId++, remaining: times, hits: 0, createdAt: new Date(this.clock.nowMs()).toISOString() };
    this.faults.push(fault);
    return { ...fault };
  }

  private act(spec: ActionSpec): Promise<AppliedAction> {
    return this.actions.apply(parseFaultSpec(spec) as ActionSpec);
  }

  private refusesCaller(fault: Fault, auth: Caller, method: string): boolean {
    const appId = auth.app?.id;
    switch (fault.kind) {
      case 'payment_required':
        // An application whose payment is due may still read app.info, where it sees PAYMENT_EXPIRED.
        return fault.appId === undefined || (fault.appId === appId && method !== 'app.info');
      case 'restrict_app':
        return fault.appId === appId && !fault.userIds.includes(auth.user.id);
      default:
        return false;
    }
  }

  private methodFault(auth: Caller, method: string, params: Params): Fault | null {
    return this.hitFirst((f) => {
      switch (f.kind) {
        case 'limit':
          return f.method !== undefined && f.method.toLowerCase() === method;
        case 'method_confirm':
          return f.appId === auth.app?.id && f.method.toLowerCase() === method;
        case 'fail':
          return f.method.toLowerCase() === method && paramsMatch(f.params, params);
        default:
          return false;
      }
    });
  }

  /** The first switch that applies, counted as hit (and gone once its times are used up). */
  private hitFirst(applies: (fault: Fault) => boolean): Fault | null {
    const fault = this.faults.find(applies);
    if (!fault) return null;
    fault.hits += 1;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }

  private actionOf(fault: Fault): FaultAction | null {
    switch (fault.kind) {
      case 'payment_required':
        return { kind: 'error', error: restError('PAYMENT_REQUIRED') };
      case 'restrict_app':
        return { kind: 'error', error: restError('USER_ACCESS_ERROR') };
      case 'method_confirm':
        return { kind: 'error', error: restError(fault.state === 'waiting' ? 'METHOD_CONFIRM_WAITING' : 'METHOD_CONFIRM_DENIED') };
      case 'limit':
        return { kind: 'error', error: restError(fault.error) };
      case 'fail':
        if ('error' in fault) return { kind: 'error', error: faultError(fault.error) };
        if ('delayMs' in fault) return { kind: 'delay', delayMs: fault.delayMs };
        if ('drop' in fault) return { kind: 'drop' };
        if (fault.body === 'envelope') return { kind: 'error', error: restError('INTERNAL_SERVER_ERROR') };
        return { kind: 'raw', status: fault.status, body: fault.body };
      case 'deliveries':
        return null;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
