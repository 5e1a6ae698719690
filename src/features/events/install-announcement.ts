import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { adminError } from '../../kernel/errors/admin-error.js';
import { isHttpUrl } from '../../kernel/http-url.js';
import type { AppRow } from '../../storage/schema.js';
import type { Storage } from '../../storage/storage.js';

/**
 * B7: an API-only application learns of its installation by ONAPPINSTALL posted to its install URL,
 * with its first tokens. Queued like every event, so it reaches a handler that is down now.
 */
export class InstallAnnouncement {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  async announce(app: AppRow, installUrl: string, userId: number): Promise<void> {
    const handler = installUrl.trim();
    if (!isHttpUrl(handler)) throw adminError('INSTALL_URL_NOT_HTTP');
    await this.storage.transaction(async (tx) => {
      const binding = await tx.events.bind({
        app_id: app.id,
        event: 'ONAPPINSTALL',
        handler,
        auth_type: userId,
        offline: 0,
        created_at: unixSeconds(this.clock),
      });
      await tx.events.enqueue({
        binding_id: binding.id,
        event: 'ONAPPINSTALL',
        data: JSON.stringify({ VERSION: String(app.version), ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'en' }),
        user_id: userId,
        created_at: unixSeconds(this.clock),
        next_attempt_at: 0,
      });
    });
  }
}
