import type { ServerConfig } from '../../kernel/config.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { isHttpUrl } from '../../kernel/http-url.js';
import { scopeSatisfied } from '../../kernel/scopes.js';
import type { AppRow, UserRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { EVENT_SCOPES, eventScope } from './event-catalogue.js';
import type { EventQueue } from './event-queue.js';
import { handlerRefusal } from './handler-policy.js';

export interface BindRequest {
  event: string;
  handler: string;
  authType: number | null;
  offline: boolean;
}

export interface UnbindRequest {
  event: string | null;
  handler: string | null;
  authType: number | null;
  offline: boolean | null;
}

/** An application's event subscriptions (H6–H10): event.bind, event.unbind, event.get, events, event.test. */
export class EventSubscriptions {
  constructor(
    private readonly storage: Storage,
    private readonly queue: EventQueue,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  async bind(app: AppRow, user: UserRow, request: BindRequest): Promise<true> {
    const event = request.event.trim().toUpperCase();
    const scope = eventScope(event);
    // H6(d): an event outside the application's scopes does not exist for it.
    if (!scope || !scopeSatisfied(scope, new Set(app.scopes.split(',')))) throw restError('EVENT_NOT_FOUND');
    const handler = request.handler.trim();
    if (handler === '') throw restError('HANDLER_NOT_SET');
    if (!isHttpUrl(handler)) throw restError('HANDLER_NOT_HTTP');
    if (request.offline && user.is_admin !== 1) throw restError('OFFLINE_BIND_NEEDS_ADMIN');
    if (request.authType !== null && request.authType !== user.id && user.is_admin !== 1) throw restError('AUTH_TYPE_BIND_NEEDS_ADMIN');
    // After the cheap checks: this one may wait for DNS.
    const refusal = await handlerRefusal(handler, this.config.allowPrivateEventHandlers);
    if (refusal)
      throw refusal.kind === 'not-a-url'
        ? restError('WRONG_HANDLER_URL_INVALID')
        : restError('WRONG_HANDLER_URL_PRIVATE', { reason: refusal.reason });
    const authType = request.authType ?? 0;
    const offline = request.offline ? 1 : 0;
    const existing = await this.storage.events.bindingsOfApp(app.id);
    if (existing.some((b) => b.event === event && b.handler === handler && b.auth_type === authType && b.offline === offline)) {
      throw restError('HANDLER_EXISTS');
    }
    await this.storage.events.bind({ app_id: app.id, event, handler, auth_type: authType, offline, created_at: unixSeconds(this.clock) });
    this.queue.forgetBindings();
    return true;
  }

  /** H8: omitted parameters match everything; auth_type 0 matches bindings made without one. */
  async unbind(app: AppRow, user: UserRow, request: UnbindRequest): Promise<{ count: number }> {
    if (request.offline && user.is_admin !== 1) throw restError('OFFLINE_UNBIND_NEEDS_ADMIN');
    if (request.authType !== null && request.authType !== 0 && request.authType !== user.id && user.is_admin !== 1) {
      throw restError('AUTH_TYPE_UNBIND_NEEDS_ADMIN');
    }
    const event = request.event?.trim().toUpperCase() || null;
    const matching = (await this.storage.events.bindingsOfApp(app.id)).filter(
      (b) =>
        (event === null || b.event === event) &&
        (request.handler === null || b.handler === request.handler.trim()) &&
        (request.authType === null || b.auth_type === request.authType) &&
        (request.offline === null || b.offline === (request.offline ? 1 : 0)),
    );
    await this.storage.events.unbind(matching.map((b) => b.id));
    this.queue.forgetBindings();
    return { count: matching.length };
  }

  async list(app: AppRow, user: UserRow) {
    const bindings = await this.storage.events.bindingsOfApp(app.id);
    // H7: a non-admin sees only their own bindings.
    const visible = user.is_admin === 1 ? bindings : bindings.filter((b) => b.auth_type === 0 || b.auth_type === user.id);
    return visible.map((b) => ({ event: b.event, handler: b.handler, auth_type: String(b.auth_type), offline: b.offline }));
  }

  /** H9: event codes available to the app; SCOPE narrows to one scope, FULL lists every code. */
  available(app: AppRow, scope: string | null, full: boolean): string[] {
    const granted = new Set(app.scopes.split(','));
    return Object.entries(EVENT_SCOPES)
      .filter(([, s]) => (scope !== null ? s === scope : full || scopeSatisfied(s, granted)))
      .map(([code]) => code);
  }

  /** H10: ONAPPTEST to the app's own handlers, with the call's parameters. */
  async test(app: AppRow, user: UserRow, query: Record<string, unknown>): Promise<void> {
    await this.storage.transaction((tx) => this.queue.raise(tx, 'ONAPPTEST', { QUERY: query, LANGUAGE_ID: 'en' }, user.id, app.id));
  }
}
