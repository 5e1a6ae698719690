import { unixSeconds, type Clock } from '../../kernel/clock.js';
import type { Storage } from '../../storage/storage.js';

export const APP_UNINSTALL_EVENT = 'ONAPPUNINSTALL';

/**
 * B16: an application bound to ONAPPUNINSTALL hears of its uninstallation. Uninstalling removes its
 * bindings, so the deliveries are queued first, in the same transaction, each keeping its handler
 * and application: the event goes out after the commit, with the usual retries.
 */
export class UninstallAnnouncement {
  constructor(private readonly clock: Clock) {}

  /** Queues ONAPPUNINSTALL for `appId`'s handlers of it; `clean`: its data was asked to be removed. */
  async announce(tx: Storage, appId: number, clean: boolean): Promise<void> {
    const now = unixSeconds(this.clock);
    // Flags in event data are "0"/"1", as IS_MOBILE is (H11).
    const data = JSON.stringify({ LANGUAGE_ID: 'en', CLEAN: clean ? '1' : '0' });
    for (const binding of await tx.events.bindingsOfApp(appId)) {
      if (binding.event !== APP_UNINSTALL_EVENT) continue;
      await tx.events.enqueue({
        binding_id: binding.id,
        event: APP_UNINSTALL_EVENT,
        data,
        // No user: the application is gone, so the delivery carries no token (B16).
        user_id: 0,
        created_at: now,
        next_attempt_at: 0,
        kept_handler: binding.handler,
        kept_app_id: appId,
      });
    }
  }
}
