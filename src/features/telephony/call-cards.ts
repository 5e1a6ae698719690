import type { Storage } from '../../storage/storage.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';

/** show / hide: who sees an active call's card (E58–E60). They touch nothing else. */
export class CallCardsService {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /**
   * Shows the card to `userIds` (default: the registering user). False when the call is not active.
   * Unknown or dismissed users are skipped (E58).
   */
  async show(callId: string, userIds: number[] | null): Promise<boolean> {
    return this.storage.transaction(async (tx) => {
      const call = await tx.activeCalls.findByCallId(callId);
      if (!call) return false;
      const wanted = userIds ?? [call.user_id];
      const active: number[] = [];
      for (const id of new Set(wanted)) {
        const user = await tx.users.findById(id);
        if (user && user.active === 1) active.push(id);
      }
      await tx.callCards.show(callId, active, unixSeconds(this.clock));
      return true;
    });
  }

  /** Hides the card from `userIds`, or from everyone seeing it when omitted (E59). */
  async hide(callId: string, userIds: number[] | null): Promise<boolean> {
    return this.storage.transaction(async (tx) => {
      if (!(await tx.activeCalls.findByCallId(callId))) return false;
      await tx.callCards.hide(callId, userIds);
      return true;
    });
  }

  viewers(callId: string): Promise<number[]> {
    return this.storage.callCards.viewers(callId);
  }
}
