import http from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import qs from 'qs';
import type { ServerConfig } from '../../kernel/config.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { OUTGOING_WEBHOOK_APP_ID, type EventBindingRow, type EventQueueRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import { DownloadError, guardedLookup } from '../../infra/safe-download.js';
import type { IssuedTokens, PortalService } from '../platform/portal-service.js';
import { DELIVERY_FAILURES } from '../../kernel/errors/catalogue.js';
import { fillTemplate, type TemplateArgs } from '../../kernel/errors/template.js';
import type { PortalIdentityService } from './portal-identity.js';
import type { FaultSwitches } from '../faults/fault-switches.js';
import { DeliveryAttempts } from './delivery-attempts.js';
import { APP_UNINSTALL_EVENT } from './uninstall-announcement.js';

/** Attempts before an event is given up; the waits between them double from one second. */
export const MAX_ATTEMPTS = 8;
const DELIVERY_TIMEOUT_MS = 5000;
/** How long a deliverer holds an event it took, so that another instance does not send it too. */
const LEASE_SECONDS = 30;
const POLL_INTERVAL_MS = 250;
/** Half an access token's hour: a handler always gets at least 30 minutes to use the token. */
const TOKEN_REUSE_MS = 30 * 60_000;
/** Handlers sent to at once; one slow handler must not hold back the others. */
const PARALLEL_HANDLERS = 16;
/** Delivered and given-up events are kept this long for inspection, then removed. */
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;
const PURGE_EVERY_SECONDS = 600;

/**
 * Sends queued events to their handlers in the background (H1, H2): form-encoded POSTs, retried
 * with a doubling backoff, never in the way of the request that raised them, and picked up again
 * after a restart because the queue lives in the database.
 */
export class EventDeliverer {
  private timer: NodeJS.Timeout | null = null;
  private tick: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastPurge = 0;
  /** Access tokens handed out with events, reused for half their life so events do not mint a pair each. */
  private readonly eventTokens = new Map<string, { tokens: IssuedTokens; issuedAtMs: number }>();
  /** Every attempt, told to the log (one line each) and to the metrics. */
  readonly attempts: DeliveryAttempts;

  /** The fault switches' say over deliveries (late, twice, lost); set by the composition root. */
  faults: Pick<FaultSwitches, 'deliveryPlan'> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly identity: PortalIdentityService,
    private readonly portal: PortalService,
    private readonly config: ServerConfig,
    /**
     * The portal's clock dates the schedule (next attempts, leases, token reuse): a test that advances
     * it past a backoff finds the event due on the next poll. The poll itself runs on a real timer.
     */
    private readonly clock: Clock,
    log: Logger | null = null,
  ) {
    this.attempts = new DeliveryAttempts(log);
  }

  private now(): number {
    return unixSeconds(this.clock);
  }

  start(): void {
    this.stopped = false;
    const tick = (this.tick = () => {
      if (this.stopped) return;
      this.running = this.deliverDue()
        .catch(() => {})
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, POLL_INTERVAL_MS);
        });
    });
    this.timer = setTimeout(tick, 0);
  }

  /** Looks for due events now instead of at the next poll (an event was made due by hand); a pass under way is left to finish. */
  wake(): void {
    if (this.stopped || this.running || !this.timer || !this.tick) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** The portal was reset: tokens handed out with earlier events no longer exist. */
  forgetTokens(): void {
    this.eventTokens.clear();
  }

  /**
   * One pass over the events that are due: each handler gets its events in order, different
   * handlers are sent to in parallel.
   */
  async deliverDue(): Promise<void> {
    const now = this.now();
    if (now - this.lastPurge >= PURGE_EVERY_SECONDS) {
      this.lastPurge = now;
      await this.storage.events.purgeFinishedBefore(now - KEEP_FINISHED_SECONDS);
      // The background sweep of the portal: tokens pile up with every refresh and every event.
      await this.portal.purgeDeadTokens();
    }
    const byBinding = new Map<number, EventQueueRow[]>();
    for (const item of await this.storage.events.due(now, 200)) {
      const queue = byBinding.get(item.binding_id) ?? [];
      queue.push(item);
      byBinding.set(item.binding_id, queue);
    }
    const queues = [...byBinding.values()];
    const worker = async () => {
      for (let queue = queues.shift(); queue && !this.stopped; queue = queues.shift()) {
        for (const item of queue) {
          if (this.stopped) return;
          if (!(await this.storage.events.lease(item.id, item.next_attempt_at, this.now() + LEASE_SECONDS))) continue;
          // A handler that just failed is not tried again until the next pass.
          if (!(await this.deliver(item))) break;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_HANDLERS, queues.length) }, worker));
  }

  /** One attempt; true when the handler took the event. */
  private async deliver(item: EventQueueRow): Promise<boolean> {
    const attempts = item.attempts + 1;
    const attempt = { eventId: item.id, event: item.event, bindingId: item.binding_id, handler: null as string | null, attempt: attempts };
    try {
      const binding = await this.bindingOf(item);
      if (!binding) throw deliveryFailure('UNBOUND');
      attempt.handler = binding.handler;
      const body = await this.payload(item, binding);
      // Fault switches: this delivery late, twice, or lost on the way (the handler never hears of it).
      const plan = this.faults?.deliveryPlan(item.event) ?? null;
      if (plan?.mode === 'delay') await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
      const httpStatus = plan?.mode === 'drop' ? null : await post(binding.handler, body, this.config);
      if (plan?.mode === 'twice') await post(binding.handler, body, this.config);
      await this.storage.events.markDelivered(item.id, this.now(), attempts);
      this.attempts.report({ ...attempt, delivered: true, httpStatus, error: null, nextAttemptAt: null, refused: false });
      return true;
    } catch (error) {
      // The address policy will refuse every retry just the same: give up at once, and say why.
      const refused = error instanceof DownloadError && error.refused;
      const next = refused || attempts >= MAX_ATTEMPTS ? null : this.now() + 2 ** (attempts - 1);
      const reason = error instanceof Error ? error.message : String(error);
      await this.storage.events.markFailedAttempt(item.id, attempts, next, reason, this.now());
      const httpStatus = (error as { httpStatus?: number }).httpStatus ?? null;
      this.attempts.report({ ...attempt, delivered: false, httpStatus, error: reason, nextAttemptAt: next, refused });
      return false;
    }
  }

  private async tokenFor(appId: number, userId: number): Promise<{ tokens: IssuedTokens; ageSeconds: number }> {
    const key = `${appId}:${userId}`;
    const cached = this.eventTokens.get(key);
    const nowMs = this.clock.nowMs();
    // Tokens expire on the portal's clock: so does their reuse (an advanced clock must not hand out a dead token).
    if (cached && nowMs - cached.issuedAtMs < TOKEN_REUSE_MS && nowMs >= cached.issuedAtMs) {
      return { tokens: cached.tokens, ageSeconds: Math.floor((nowMs - cached.issuedAtMs) / 1000) };
    }
    const tokens = await this.portal.issueTokens(appId, userId);
    if (this.eventTokens.size >= 10_000) this.eventTokens.clear();
    this.eventTokens.set(key, { tokens, issuedAtMs: nowMs });
    return { tokens, ageSeconds: 0 };
  }

  /**
   * Where an event goes: its binding, or what it kept of one removed since (ONAPPUNINSTALL). A kept
   * handler wins: the binding's id may have been given to a new binding by then.
   */
  private async bindingOf(item: EventQueueRow): Promise<EventBindingRow | undefined> {
    if (item.kept_handler === null || item.kept_app_id === null) return this.storage.events.findBinding(item.binding_id);
    const kept = { handler: item.kept_handler, app_id: item.kept_app_id };
    return { id: item.binding_id, event: item.event, auth_type: 0, offline: 0, created_at: item.created_at, outgoing_token: null, ...kept };
  }

  /** The form fields of an event (H1, H4): event, event_handler_id, data, ts, auth. */
  private async payload(item: EventQueueRow, binding: EventBindingRow): Promise<string> {
    const identity = await this.identity.identity();
    if (item.event === APP_UNINSTALL_EVENT) {
      // B16: the application is gone: the portal's identity and its application_token, no token to call back with.
      const auth = {
        domain: identity.domain,
        server_endpoint: identity.restEndpoint,
        client_endpoint: identity.restEndpoint,
        member_id: identity.memberId,
        application_token: await this.identity.applicationToken(binding.app_id),
      };
      return qs.stringify({ event: item.event, data: JSON.parse(item.data), ts: String(this.now()), auth }, { encode: true });
    }
    const outgoing = binding.app_id === OUTGOING_WEBHOOK_APP_ID;
    const app = outgoing ? undefined : await this.storage.apps.findById(binding.app_id);
    const auth: Record<string, unknown> = {
      domain: identity.domain,
      client_endpoint: identity.restEndpoint,
      server_endpoint: identity.restEndpoint,
      member_id: identity.memberId,
      // H5: an outgoing webhook carries its own token and nothing to call back with.
      application_token: outgoing ? (binding.outgoing_token ?? '') : await this.identity.applicationToken(binding.app_id),
    };
    // H4: the token of the binding's auth_type user, else of the user whose action raised the event.
    const userId = binding.auth_type || item.user_id;
    if (!outgoing && userId && app?.installed === 1) {
      // ONAPPINSTALL hands over a refresh token: always a pair of its own.
      const { tokens, ageSeconds } =
        item.event === 'ONAPPINSTALL'
          ? { tokens: await this.portal.issueTokens(binding.app_id, userId), ageSeconds: 0 }
          : await this.tokenFor(binding.app_id, userId);
      Object.assign(auth, {
        access_token: tokens.accessToken,
        expires: tokens.expiresAt,
        expires_in: tokens.expiresIn - ageSeconds,
        scope: tokens.scopes.join(','),
        status: app.status,
      });
      // H4: only the installation hands out a refresh token.
      if (item.event === 'ONAPPINSTALL') auth.refresh_token = tokens.refreshToken;
    }
    return qs.stringify(
      { event: item.event, event_handler_id: String(binding.id), data: JSON.parse(item.data), ts: String(this.now()), auth },
      // Keys percent-encoded as PHP's http_build_query does: data%5BCALL_ID%5D=…
      { encode: true },
    );
  }
}

/** Posts the event; answers the handler's (2xx) status. */
function post(url: string, body: string, config: ServerConfig): Promise<number> {
  const target = new URL(url);
  const lookup = guardedLookup(target, { allowPrivate: config.allowPrivateEventHandlers, allowedHosts: [] });
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        lookup,
        timeout: DELIVERY_TIMEOUT_MS,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'extcall-events',
        },
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(status);
        else reject(Object.assign(deliveryFailure('HTTP_STATUS', { status }), { httpStatus: status }));
      },
    );
    request.on('timeout', () => request.destroy(deliveryFailure('TIMED_OUT')));
    request.on('error', reject);
    request.end(body);
  });
}

/** Why a delivery attempt failed, from the catalogue, as the Error the retry bookkeeping records. */
function deliveryFailure<K extends keyof typeof DELIVERY_FAILURES>(key: K, ...params: TemplateArgs<(typeof DELIVERY_FAILURES)[K]>): Error {
  return new Error(fillTemplate(DELIVERY_FAILURES[key].description, params[0]));
}
