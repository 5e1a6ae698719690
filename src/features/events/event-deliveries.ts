import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { MASK, maskParams } from '../../kernel/params/masked-params.js';
import { formatPortalDate } from '../../kernel/portal-time.js';
import { OUTGOING_WEBHOOK_APP_ID } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';
import type { InspectedEvent } from '../../storage/stores/events-store.js';

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** Most deliveries one listing answers. */
export const MAX_DELIVERIES_LISTED = 1000;

export interface DeliveryQuery {
  /** `failed`: the last attempt failed, whether it is retried later or was given up. */
  state?: DeliveryState;
  /** An event code, in any letter case. */
  event?: string;
  /** The newest `limit` (default 100); with `after`, the first `limit` after that id. */
  limit?: number;
  after?: number;
}

/** One queued event as the admin API shows it: dates in the portal's zone, secrets masked. */
export interface Delivery {
  id: number;
  event: string;
  /** The handler's URL; null once its binding is gone. */
  handler: string | null;
  /** The bound application's id; null for an outgoing webhook or a binding that is gone. */
  application: number | null;
  state: DeliveryState;
  attempts: number;
  /** When the next attempt is due; null once delivered or given up. */
  nextAttemptAt: string | null;
  /** The attempts ran out (or the address is refused): it is not retried unless asked to. */
  gaveUp: boolean;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** The form body as an object; `auth` (tokens, application_token) is masked, as is any secret in `data`. */
  payload: Record<string, unknown>;
}

/**
 * The event delivery queue as a test or an administrator inspects it (the admin API's
 * /_extcall/events): what was sent, what failed and why, and a retry on demand.
 */
export class EventDeliveries {
  private wake: () => void = () => {};

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** What to call when an event was made due by hand, so the deliverer does not wait for its next poll. */
  wakeWith(wake: () => void): void {
    this.wake = wake;
  }

  async list(query: DeliveryQuery = {}): Promise<Delivery[]> {
    const rows = await this.storage.events.inspect({
      state: query.state,
      event: query.event?.trim().toUpperCase(),
      afterId: query.after,
      limit: Math.min(query.limit ?? 100, MAX_DELIVERIES_LISTED),
    });
    return rows.map((row) => this.deliveryOf(row));
  }

  /** Makes the event due now (also a delivered or given-up one) and wakes the deliverer; answers it as it now stands. */
  async retryNow(id: number): Promise<Delivery> {
    if (!(await this.storage.events.makeDue(id, unixSeconds(this.clock)))) throw restError('EVENT_DELIVERY_NOT_FOUND', { id });
    this.wake();
    const [row] = await this.storage.events.inspect({ afterId: id - 1, limit: 1 });
    if (!row || row.id !== id) throw restError('EVENT_DELIVERY_NOT_FOUND', { id });
    return this.deliveryOf(row);
  }

  private deliveryOf(row: InspectedEvent): Delivery {
    const date = (seconds: number) => formatPortalDate(seconds * 1000, this.timeZone);
    const state: DeliveryState = row.delivered_at !== null ? 'delivered' : row.last_error !== null ? 'failed' : 'pending';
    const finished = row.delivered_at !== null || row.failed_at !== null;
    return {
      id: row.id,
      event: row.event,
      handler: row.handler,
      application: row.app_id === null || row.app_id === OUTGOING_WEBHOOK_APP_ID ? null : row.app_id,
      state,
      attempts: row.attempts,
      // 0 means "as soon as the deliverer looks": shown as the moment it was queued.
      nextAttemptAt: finished ? null : date(Math.max(row.next_attempt_at, row.created_at)),
      gaveUp: row.failed_at !== null,
      lastError: row.last_error,
      createdAt: date(row.created_at),
      deliveredAt: row.delivered_at === null ? null : date(row.delivered_at),
      // An event that outlived its binding (ONAPPUNINSTALL, B16) is sent without event_handler_id.
      payload: maskParams({
        event: row.event,
        ...(row.kept_handler === null ? { event_handler_id: String(row.binding_id) } : {}),
        data: parseData(row.data),
        auth: MASK,
      }),
    };
  }
}

function parseData(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}
