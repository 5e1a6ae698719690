import { createHmac } from 'node:crypto';
import type { ServerConfig } from '../../config.js';
import { RestError, restError } from '../../rest/errors.js';
import type { AppRow, EventBindingRow, UserRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../util/clock.js';
import { randomHex } from '../../util/secrets.js';
import { isHttpUrl } from '../../util/http-url.js';
import { handlerRefusal } from './handler-policy.js';
import { scopeSatisfied } from '../scopes.js';
import { PortalAdminError } from '../portal/portal-service.js';
import { OUTGOING_WEBHOOK_APP_ID } from '../../storage/stores/events-store.js';
import { EVENT_SCOPES, eventScope } from './event-catalogue.js';

const EVENT_NOT_FOUND = { code: 'ERROR_EVENT_NOT_FOUND', status: 400, description: 'Event not found' };
const HANDLER_EXISTS = { code: 'ERROR_HANDLER_ALREADY_EXIST', status: 400, description: 'Handler already exists!' };

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

/**
 * How long bindings read for raising events are trusted. Changes made through this process are
 * seen at once; another instance's event.bind within this time may miss an event raised here.
 */
const BINDINGS_CACHE_MS = 2000;

/**
 * Events an outgoing webhook may not receive: ONAPPTEST is for the app testing. (ONEXTERNALCALLSTART
 * it may: it then gets click-to-calls when it is the chosen outgoing line, H11 revised.)
 */
const NOT_FOR_OUTGOING_WEBHOOKS = new Set(['ONAPPTEST']);

/** How the portal names itself in events and token answers (H4, B4). */
export interface PortalIdentity {
  /** Host and port, e.g. "127.0.0.1:8080". */
  domain: string;
  /** `<base>/rest/`: client_endpoint and server_endpoint alike (this server is its own OAuth server). */
  restEndpoint: string;
  memberId: string;
}

/** Event subscriptions (H6–H9) and raising events into the durable queue. */
export class EventsService {
  /** Bindings per event, so that register and finish do not look them up for every event raised. */
  private readonly bindingsCache = new Map<string, { rows: EventBindingRow[]; readAtMs: number }>();
  /** Settings that never change once set: read once instead of for every delivery. */
  private memberIdRead: Promise<string> | null = null;
  private tokenSecretRead: Promise<string> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  async bind(app: AppRow, user: UserRow, request: BindRequest): Promise<true> {
    const event = request.event.trim().toUpperCase();
    const scope = eventScope(event);
    // H6(d): an event outside the application's scopes does not exist for it.
    if (!scope || !scopeSatisfied(scope, new Set(app.scopes.split(',')))) throw new RestError(EVENT_NOT_FOUND);
    const handler = request.handler.trim();
    if (handler === '') throw restError('ERROR_CORE', 'Handler is not set');
    if (!isHttpUrl(handler)) throw restError('ERROR_CORE', 'Handler must be an http or https URL');
    if (request.offline && user.is_admin !== 1) {
      throw restError('ACCESS_DENIED', 'Access denied! Offline events binding requires administrator access rights');
    }
    if (request.authType !== null && request.authType !== user.id && user.is_admin !== 1) {
      throw restError('ACCESS_DENIED', 'Access denied! Event binding with AUTH_TYPE requires administrator access rights');
    }
    // After the cheap checks: this one may wait for DNS.
    const refusal = await handlerRefusal(handler, this.config.allowPrivateEventHandlers);
    if (refusal) throw restError('WRONG_HANDLER_URL', `Wrong handler URL: ${refusal}`);
    const authType = request.authType ?? 0;
    const offline = request.offline ? 1 : 0;
    const existing = await this.storage.events.bindingsOfApp(app.id);
    if (existing.some((b) => b.event === event && b.handler === handler && b.auth_type === authType && b.offline === offline)) {
      throw new RestError(HANDLER_EXISTS);
    }
    await this.storage.events.bind({ app_id: app.id, event, handler, auth_type: authType, offline, created_at: unixSeconds(this.clock) });
    this.forgetBindings();
    return true;
  }

  /** H8: omitted parameters match everything; auth_type 0 matches bindings made without one. */
  async unbind(app: AppRow, user: UserRow, request: UnbindRequest): Promise<{ count: number }> {
    if (request.offline && user.is_admin !== 1) {
      throw restError('ACCESS_DENIED', 'Access denied! Offline events unbinding requires administrator access rights');
    }
    if (request.authType !== null && request.authType !== 0 && request.authType !== user.id && user.is_admin !== 1) {
      throw restError('ACCESS_DENIED', 'Access denied! Event unbinding with AUTH_TYPE requires administrator access rights');
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
    this.forgetBindings();
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

  /**
   * Queues `event` for every installed app bound to it (or only `onlyAppId`), in the caller's
   * transaction: the event exists exactly when what raised it was committed.
   */
  async raise(
    tx: Storage,
    event: string,
    data: Record<string, unknown>,
    userId: number,
    onlyAppId: number | null = null,
    /** With `onlyAppId`: outgoing webhooks hear of it too (H12); without it they always do. */
    alsoOutgoingWebhooks = false,
  ): Promise<void> {
    const bindings = (await this.bindingsOf(tx, event)).filter(
      (b) => onlyAppId === null || b.app_id === onlyAppId || (alsoOutgoingWebhooks && b.app_id === OUTGOING_WEBHOOK_APP_ID),
    );
    const now = unixSeconds(this.clock);
    const payload = JSON.stringify(data);
    for (const binding of bindings) {
      await tx.events.enqueue({ binding_id: binding.id, event, data: payload, user_id: userId, created_at: now, next_attempt_at: 0 });
    }
  }

  /** Queues `event` for one binding alone, in the caller's transaction: a click-to-call goes to the chosen line only (H11). */
  async raiseTo(tx: Storage, binding: EventBindingRow, event: string, data: Record<string, unknown>, userId: number): Promise<void> {
    await tx.events.enqueue({ binding_id: binding.id, event, data: JSON.stringify(data), user_id: userId, created_at: unixSeconds(this.clock), next_attempt_at: 0 });
  }

  /** Installed applications' bindings of `event` (H3), remembered for a moment. */
  private async bindingsOf(tx: Storage, event: string): Promise<EventBindingRow[]> {
    const now = Date.now();
    const cached = this.bindingsCache.get(event);
    if (cached && now - cached.readAtMs < BINDINGS_CACHE_MS) return cached.rows;
    // Read through the caller's transaction: on SQLite its connection is the only one.
    const rows = await tx.events.bindingsFor(event);
    this.bindingsCache.set(event, { rows, readAtMs: now });
    return rows;
  }

  /**
   * An outgoing webhook (H5): `event` posted to `handler` with only the portal's identity and a token
   * of the webhook's own. ONEXTERNALCALLSTART reaches it only as the chosen outgoing line (H11 revised).
   */
  async addOutgoingWebhook(
    event: string,
    handler: string,
    /** The CLI runs without the server's configuration: it says itself whether local handlers are fine. */
    allowPrivate = this.config.allowPrivateEventHandlers,
  ): Promise<{ id: number; event: string; handler: string; applicationToken: string }> {
    const code = event.trim().toUpperCase();
    if (!EVENT_SCOPES[code] || NOT_FOR_OUTGOING_WEBHOOKS.has(code)) {
      const allowed = Object.keys(EVENT_SCOPES).filter((e) => !NOT_FOR_OUTGOING_WEBHOOKS.has(e));
      throw new PortalAdminError(`${code} cannot be sent to an outgoing webhook; events: ${allowed.join(', ')}`);
    }
    const url = handler.trim();
    if (!isHttpUrl(url)) throw new PortalAdminError('the handler must be an http or https URL');
    const refusal = await handlerRefusal(url, allowPrivate);
    if (refusal) throw new PortalAdminError(`the handler is refused: ${refusal}`);
    const token = randomHex(16);
    const row = await this.storage.events.bind({ app_id: OUTGOING_WEBHOOK_APP_ID, event: code, handler: url, auth_type: 0, offline: 0, created_at: unixSeconds(this.clock), outgoing_token: token });
    this.forgetBindings();
    return { id: row.id, event: code, handler: url, applicationToken: token };
  }

  async outgoingWebhooks(): Promise<Array<{ id: number; event: string; handler: string }>> {
    return (await this.storage.events.bindingsOfApp(OUTGOING_WEBHOOK_APP_ID)).map((b) => ({ id: b.id, event: b.event, handler: b.handler }));
  }

  async deleteOutgoingWebhook(id: number): Promise<void> {
    const binding = await this.storage.events.findBinding(id);
    if (!binding || binding.app_id !== OUTGOING_WEBHOOK_APP_ID) throw new PortalAdminError(`no outgoing webhook with id ${id}`);
    await this.storage.events.unbind([id]);
    this.forgetBindings();
  }

  /** Bindings or installations changed: read them again. */
  forgetBindings(): void {
    this.bindingsCache.clear();
  }

  /**
   * B7: an API-only application learns of its installation by ONAPPINSTALL posted to its install
   * URL, with its first tokens. Queued like every event, so it reaches a handler that is down now.
   */
  async announceInstall(app: AppRow, installUrl: string, userId: number): Promise<void> {
    const handler = installUrl.trim();
    if (!isHttpUrl(handler)) throw new PortalAdminError('the install URL must be an http or https URL');
    await this.storage.transaction(async (tx) => {
      const binding = await tx.events.bind({ app_id: app.id, event: 'ONAPPINSTALL', handler, auth_type: userId, offline: 0, created_at: unixSeconds(this.clock) });
      await tx.events.enqueue({
        binding_id: binding.id,
        event: 'ONAPPINSTALL',
        data: JSON.stringify({ VERSION: String(app.version), ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'en' }),
        user_id: userId,
        created_at: unixSeconds(this.clock),
        next_attempt_at: 0,
      });
    });
  }

  /** The app's application_token (B16): derived, so it need not be stored. */
  async applicationToken(appId: number): Promise<string> {
    this.tokenSecretRead ??= this.settingOnce('application_token_secret', randomHex(32), () => (this.tokenSecretRead = null));
    return createHmac('sha256', await this.tokenSecretRead).update(`app:${appId}`).digest('hex').slice(0, 32);
  }

  /** member_id (B17): a stable identifier of this portal. */
  memberId(): Promise<string> {
    this.memberIdRead ??= this.settingOnce('member_id', randomHex(16), () => (this.memberIdRead = null));
    return this.memberIdRead;
  }

  /** A setting fixed on first use; a failed read is forgotten so that the next call tries again. */
  private settingOnce(key: string, initial: string, forget: () => void): Promise<string> {
    return this.storage.settings.setIfAbsent(key, initial).catch((error: unknown) => {
      forget();
      throw error;
    });
  }

  /** The portal's domain, REST endpoint and member_id, as events and token answers carry them. */
  async portalIdentity(): Promise<PortalIdentity> {
    const base = await this.portalUrl();
    return { domain: new URL(base).host, restEndpoint: `${base}/rest/`, memberId: await this.memberId() };
  }

  /** The portal's base URL as clients know it. */
  async portalUrl(): Promise<string> {
    return this.config.publicUrl ?? (await this.storage.settings.get('base_url')) ?? `http://${this.config.host}:${this.config.port}`;
  }
}
