import type { Db } from '../database.js';
import type { CompiledStatements } from '../compiled-statements.js';

/** The live state of call cards: which users currently see which active call. */
export class CallCardsStore {
  constructor(
    private readonly db: Db,
    private readonly statements: CompiledStatements,
  ) {}

  async show(callId: string, userIds: readonly number[], now: number): Promise<void> {
    if (userIds.length === 0) return;
    const viewers = userIds.map((userId) => ({ call_id: callId, user_id: userId, shown_at: now }));
    await this.statements.rows(this.db, 'callCards.show', viewers, (rows) =>
      this.db
        .insertInto('call_card_viewers')
        .values(rows)
        .onConflict((oc) => oc.columns(['call_id', 'user_id']).doNothing()),
    );
  }

  /** Hides the card from `userIds`, or from everyone when null; answers who actually saw it (ascending). */
  async hide(callId: string, userIds: readonly number[] | null): Promise<number[]> {
    if (userIds !== null && userIds.length === 0) return [];
    // One statement: the delete names the viewers it removed.
    const rows = await this.statements.rows(this.db, 'callCards.hide', { callId, userIds }, (args) => {
      let query = this.db.deleteFrom('call_card_viewers').where('call_id', '=', args.callId);
      if (args.userIds !== null) query = query.where('user_id', 'in', args.userIds);
      return query.returning('user_id');
    });
    return rows.map((r) => r.user_id).sort((a, b) => a - b);
  }

  async viewers(callId: string): Promise<number[]> {
    const rows = await this.db.selectFrom('call_card_viewers').select('user_id').where('call_id', '=', callId).orderBy('user_id').execute();
    return rows.map((r) => r.user_id);
  }
}
