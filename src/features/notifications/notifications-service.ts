import type { ServerConfig } from '../../kernel/config.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import type { Storage } from '../../storage/storage.js';
import type { NotificationRow } from '../../storage/schema.js';
import { formatPortalDate } from '../../kernel/portal-time.js';
import { SYSTEM_NOTIFICATION } from './call-notification.js';

/** LAST_TYPE of the regular-notification stage of the cursor (I19). */
export const REGULAR_STAGE = 3;
/** im notification type of a notification sent by a user. */
export const PERSONAL_NOTIFICATION = 2;

/** Reading a user's notifications: im.notify.get (I19). */
export class NotificationsService {
  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  /** A notification for an active user, from `authorId` (0: the system); its ID, or null without such a user (I18). */
  async add(input: {
    userId: number;
    authorId: number;
    message: string;
    system: boolean;
    tag: string;
    subTag: string;
  }): Promise<number | null> {
    const user = await this.storage.users.findById(input.userId);
    if (!user || user.active !== 1) return null;
    const row = await this.storage.notifications.insert({
      user_id: input.userId,
      author_id: input.authorId,
      notify_type: input.system ? SYSTEM_NOTIFICATION : PERSONAL_NOTIFICATION,
      module: 'rest',
      event: 'rest_notify',
      tag: input.tag,
      sub_tag: input.subTag,
      text: input.message,
      created_at: unixSeconds(this.clock),
    });
    return row.id;
  }

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
