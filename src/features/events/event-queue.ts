import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { OUTGOING_WEBHOOK_APP_ID, type EventBindingRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';

/**
 * How long bindings read for raising events are trusted. Changes made through this process are
 * seen at once; another instance's event.bind within this time may miss an event raised here.
 */
const BINDINGS_CACHE_MS = 2000;

/** Raises an event in the current transaction on behalf of `userId`. */
export type RaiseEvent = (event: string, data: Record<string, unknown>, userId: number) => Promise<void>;

/** Raising events into the durable queue (H1, H3): one row per handler, in the raiser's transaction. */
export class EventQueue {
  /** Bindings per event, so that register and finish do not look them up for every event raised. */
  private readonly bindingsCache = new Map<string, { rows: EventBindingRow[]; readAtMs: number }>();

  constructor(private readonly clock: Clock) {}

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
    await tx.events.enqueue({
      binding_id: binding.id,
      event,
      data: JSON.stringify(data),
      user_id: userId,
      created_at: unixSeconds(this.clock),
      next_attempt_at: 0,
    });
  }

  /** Bindings or installations changed: read them again. */
  forgetBindings(): void {
    this.bindingsCache.clear();
  }

  /** Installed applications' bindings of `event` (H3), remembered for a moment. */
  private async bindingsOf(tx: Storage, event: string): Promise<EventBindingRow[]> {
    // Freshness of a cache in this process: wall time, not the portal's (possibly frozen) clock.
    const now = Date.now();
    const cached = this.bindingsCache.get(event);
    if (cached && now - cached.readAtMs < BINDINGS_CACHE_MS) return cached.rows;
    // Read through the caller's transaction: on SQLite its connection is the only one.
    const rows = await tx.events.bindingsFor(event);
    this.bindingsCache.set(event, { rows, readAtMs: now });
    return rows;
  }
}
