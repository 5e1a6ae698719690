import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import {
  OUTGOING_WEBHOOK_APP_ID,
  type EventBindingRow,
  type EventBindingsTable,
  type EventQueueRow,
  type EventQueueTable,
} from '../schema.js';
import { literalLimit } from '../literal-limit.js';

/** Which queued events `inspect` answers. `failed`: the last attempt failed (retried later or given up). */
export interface QueueInspection {
  state?: 'pending' | 'delivered' | 'failed';
  event?: string;
  afterId?: number;
  limit: number;
}

/** A queued event with its binding's (or its kept) handler and application; null once the binding is gone and nothing was kept. */
export type InspectedEvent = EventQueueRow & { handler: string | null; app_id: number | null };

/** Event bindings and the delivery queue. */
export class EventsStore {
  constructor(private readonly db: Db) {}

  async bind(row: Insertable<EventBindingsTable>): Promise<EventBindingRow> {
    return this.db.insertInto('event_bindings').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async bindingsOfApp(appId: number): Promise<EventBindingRow[]> {
    return this.db.selectFrom('event_bindings').selectAll().where('app_id', '=', appId).orderBy('id').execute();
  }

  /** Bindings of `event` on installed applications (only those receive events, H3) and of outgoing webhooks. */
  async bindingsFor(event: string): Promise<EventBindingRow[]> {
    return this.db
      .selectFrom('event_bindings')
      .leftJoin('apps', 'apps.id', 'event_bindings.app_id')
      .selectAll('event_bindings')
      .where('event_bindings.event', '=', event)
      .where((eb) => eb.or([eb('apps.installed', '=', 1), eb('event_bindings.app_id', '=', OUTGOING_WEBHOOK_APP_ID)]))
      .orderBy('event_bindings.id')
      .execute();
  }

  async findBinding(id: number): Promise<EventBindingRow | undefined> {
    return this.db.selectFrom('event_bindings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async unbind(ids: readonly number[]): Promise<void> {
    if (ids.length > 0) await this.db.deleteFrom('event_bindings').where('id', 'in', ids).execute();
  }

  async enqueue(row: Insertable<EventQueueTable>): Promise<void> {
    await this.db.insertInto('event_queue').values(row).execute();
  }

  /** Events due for an attempt, oldest first. */
  async due(now: number, limit: number): Promise<EventQueueRow[]> {
    return this.db
      .selectFrom('event_queue')
      .selectAll()
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(literalLimit(limit))
      .execute();
  }

  /**
   * Leases an event to this deliverer until `leaseUntil`; false when another deliverer (another
   * instance) leased it first.
   */
  async lease(id: number, dueAt: number, leaseUntil: number): Promise<boolean> {
    const result = await this.db
      .updateTable('event_queue')
      .set({ next_attempt_at: leaseUntil })
      .where('id', '=', id)
      .where('next_attempt_at', '=', dueAt)
      .where('delivered_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markDelivered(id: number, now: number, attempts: number): Promise<void> {
    await this.db.updateTable('event_queue').set({ delivered_at: now, attempts, last_error: null }).where('id', '=', id).execute();
  }

  async markFailedAttempt(id: number, attempts: number, nextAttemptAt: number | null, error: string, now: number): Promise<void> {
    await this.db
      .updateTable('event_queue')
      .set({
        attempts,
        last_error: error.slice(0, 500),
        ...(nextAttemptAt === null ? { failed_at: now } : { next_attempt_at: nextAttemptAt }),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Removes delivered and given-up events finished before `before`. */
  async purgeFinishedBefore(before: number): Promise<void> {
    await this.db
      .deleteFrom('event_queue')
      .where((eb) => eb.or([eb('delivered_at', '<', before), eb('failed_at', '<', before)]))
      .execute();
  }

  /**
   * Queued events with their binding's handler and application, for inspection. Without `afterId`
   * the newest `limit`; with it the first `limit` after that id. Oldest first either way.
   */
  async inspect(query: QueueInspection): Promise<InspectedEvent[]> {
    let select = this.db
      .selectFrom('event_queue')
      .leftJoin('event_bindings', 'event_bindings.id', 'event_queue.binding_id')
      .selectAll('event_queue')
      // An event that outlived its binding (ONAPPUNINSTALL) names the handler and application it kept.
      .select((eb) => [
        eb.fn.coalesce('event_bindings.handler', 'event_queue.kept_handler').as('handler'),
        eb.fn.coalesce('event_bindings.app_id', 'event_queue.kept_app_id').as('app_id'),
      ]);
    if (query.state === 'delivered') select = select.where('event_queue.delivered_at', 'is not', null);
    if (query.state === 'failed')
      select = select.where('event_queue.delivered_at', 'is', null).where('event_queue.last_error', 'is not', null);
    if (query.state === 'pending')
      select = select.where('event_queue.delivered_at', 'is', null).where('event_queue.last_error', 'is', null);
    if (query.event !== undefined) select = select.where('event_queue.event', '=', query.event);
    if (query.afterId !== undefined)
      return select.where('event_queue.id', '>', query.afterId).orderBy('event_queue.id').limit(literalLimit(query.limit)).execute();
    const newest = await select.orderBy('event_queue.id', 'desc').limit(literalLimit(query.limit)).execute();
    return newest.reverse();
  }

  /** Makes an event due at `now` again, whatever its state; false when there is no such event. */
  async makeDue(id: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('event_queue')
      .set({ next_attempt_at: now, delivered_at: null, failed_at: null })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async all(): Promise<EventQueueRow[]> {
    return this.db.selectFrom('event_queue').selectAll().orderBy('id').execute();
  }
}
