import type { Db } from '../database.js';
import type { ActiveCallRow } from '../schema.js';

/** A card open on an employee's screen: the viewer and the active call it is about. */
export interface ShownCardRow extends ActiveCallRow {
  viewer_id: number;
  shown_at: number;
}

/** The cards shown right now, across all active calls (the console's live view). */
export class ShownCardsStore {
  constructor(private readonly db: Db) {}

  /** Every shown card, or only those shown to `viewerId`; per viewer, oldest card first. */
  async list(viewerId: number | null): Promise<ShownCardRow[]> {
    let query = this.db
      .selectFrom('call_card_viewers')
      .innerJoin('active_calls', 'active_calls.call_id', 'call_card_viewers.call_id')
      .selectAll('active_calls')
      .select(['call_card_viewers.user_id as viewer_id', 'call_card_viewers.shown_at as shown_at']);
    if (viewerId !== null) query = query.where('call_card_viewers.user_id', '=', viewerId);
    return query.orderBy('call_card_viewers.user_id').orderBy('active_calls.start_at').orderBy('active_calls.id').execute();
  }
}
