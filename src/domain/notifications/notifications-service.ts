import type { ServerConfig } from '../../config.js';
import type { Storage } from '../../storage/storage.js';
import type { NotificationRow } from '../../storage/schema.js';
import { formatPortalDate } from '../../util/portal-time.js';

/** LAST_TYPE of the regular-notification stage of the cursor (I19). */
export const REGULAR_STAGE = 3;

/** Reading a user's notifications: im.notify.get (I19). */
export class NotificationsService {
  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
  ) {}

  async page(userId: number, limit: number, lastId: number | null) {
    const [rows, counts] = await Promise.all([
      this.storage.notifications.listForUser(userId, limit, lastId),
      this.storage.notifications.countForUser(userId),
    ]);
    return {
      total_count: counts.total,
      total_unread_count: counts.unread,
      // Each employee has one notification chat; its id is theirs.
      chat_id: userId,
      notifications: rows.map((row) => this.present(row, userId)),
      // Only system notifications exist so far: they have no author to describe.
      users: [] as unknown[],
    };
  }

  private present(row: NotificationRow, chatId: number) {
    return {
      id: row.id,
      chat_id: chatId,
      author_id: row.author_id,
      date: formatPortalDate(row.created_at * 1000, this.config.timeZone),
      notify_type: row.notify_type,
      notify_module: row.module,
      notify_event: row.event,
      notify_tag: row.tag,
      notify_sub_tag: row.sub_tag,
      notify_title: row.title,
      setting_name: `${row.module}|${row.event}`,
      text: row.text,
      notify_read: row.is_read === 1 ? 'Y' : 'N',
      params: JSON.parse(row.params) as unknown,
    };
  }
}
