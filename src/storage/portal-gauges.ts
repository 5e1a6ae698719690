import type { Db } from './database.js';

/** Counts a metrics scrape reads: each a COUNT over a small or indexed table. */
export interface PortalGauges {
  /** Calls registered and not finished. */
  activeCalls(): Promise<number>;
  /** Call cards currently shown to a user (one per call and viewer). */
  shownCards(): Promise<number>;
  /** Events waiting to be delivered: neither delivered nor given up. */
  pendingEvents(): Promise<number>;
}

/** The gauges over a database. */
export function portalGauges(db: Db): PortalGauges {
  const count = async (query: { executeTakeFirst(): Promise<{ n: number | string | bigint } | undefined> }) =>
    Number((await query.executeTakeFirst())?.n ?? 0);
  return {
    activeCalls: () => count(db.selectFrom('active_calls').select((eb) => eb.fn.countAll<number>().as('n'))),
    shownCards: () => count(db.selectFrom('call_card_viewers').select((eb) => eb.fn.countAll<number>().as('n'))),
    // event_queue_due covers (delivered_at, failed_at, …): both null is an index range.
    pendingEvents: () =>
      count(
        db
          .selectFrom('event_queue')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('delivered_at', 'is', null)
          .where('failed_at', 'is', null),
      ),
  };
}
