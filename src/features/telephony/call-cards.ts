import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import type { NewCallEvent } from '../../storage/schema.js';

/** show / hide: who sees an active call's card (E58–E60). They touch nothing else. */
export class CallCardsService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    /** Told once a show or hide is committed (the console's live view). */
    private readonly changed: () => void = () => {},
  ) {}

  /**
   * Shows the card to `userIds` (default: the registering user). False when the call is not active.
   * Unknown or dismissed users are skipped (E58).
   */
  async show(callId: string, userIds: number[] | null): Promise<boolean> {
    const shown = await this.storage.transaction(async (tx) => {
      const call = await tx.activeCalls.findByCallId(callId);
      if (!call) return false;
      const wanted = userIds ?? [call.user_id];
      const active: number[] = [];
      for (const id of new Set(wanted)) {
        const user = await tx.users.findById(id);
        if (user && user.active === 1) active.push(id);
      }
      const now = unixSeconds(this.clock);
      await tx.callCards.show(callId, active, now);
      await tx.callEvents.add(...active.map((userId) => cardEvent(callId, now, 'card_shown', userId)));
      return true;
    });
    if (shown) this.changed();
    return shown;
  }

  /** Hides the card from `userIds`, or from everyone seeing it when omitted (E59). */
  async hide(callId: string, userIds: number[] | null): Promise<boolean> {
    const found = await this.storage.transaction(async (tx) => {
      if (!(await tx.activeCalls.findByCallId(callId))) return false;
      // Only those who saw the card had it closed: the history says what happened.
      const hidden = await tx.callCards.hide(callId, userIds);
      const now = unixSeconds(this.clock);
      await tx.callEvents.add(...hidden.map((userId) => cardEvent(callId, now, 'card_hidden', userId)));
      return true;
    });
    if (found) this.changed();
    return found;
  }

  viewers(callId: string): Promise<number[]> {
    return this.storage.callCards.viewers(callId);
  }
}

function cardEvent(callId: string, at: number, kind: 'card_shown' | 'card_hidden', userId: number): NewCallEvent {
  return { call_id: callId, at, kind, user_id: userId, detail: JSON.stringify({ by: kind === 'card_shown' ? 'show' : 'hide' }) };
}
