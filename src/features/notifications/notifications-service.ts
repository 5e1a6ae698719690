import type { ServerConfig } from '../../kernel/config.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import type { Storage } from '../../storage/storage.js';
import type { NotificationRow, UserRow } from '../../storage/schema.js';
import { formatPortalDate } from '../../kernel/portal-time.js';
import { SYSTEM_NOTIFICATION } from './call-notification.js';

/** LAST_TYPE of the regular-notification stage of the cursor (I19). */
export const REGULAR_STAGE = 3;
/** im notification type of a notification sent by a user. */
export const PERSONAL_NOTIFICATION = 2;

/** A notification as im.notify, im.notify.system.add and im.notify.personal.add send it (I18). */
export interface NewNotification {
  userId: number;
  /** 0: the system. */
  authorId: number;
  message: string;
  messageOut: string;
  system: boolean;
  tag: string;
  subTag: string;
  /** ATTACH as JSON, or ''. */
  attach: string;
  /** The sending application's CLIENT_ID ('' for a webhook without one): tags are unique per application. */
  clientId: string;
}

/** What im.notify.history.search looks for. */
export interface HistorySearch {
  text: string;
  types: ReadonlyArray<{ module: string; event?: string }>;
  from: number | null;
  to: number | null;
  authors: readonly number[];
  groupTag: string;
}

/**
 * The notification types this portal sends, by module (im.notify.schema.get): applications' own
 * (`rest|rest_notify`) and the telephony call results (`voximplant|default`, E42).
 */
const SCHEMA = {
  rest: { NAME: 'Applications', MODULE_ID: 'rest', LIST: [{ ID: 'rest|rest_notify', NAME: 'Application notifications' }] },
  voximplant: { NAME: 'Telephony', MODULE_ID: 'voximplant', LIST: [{ ID: 'voximplant|default', NAME: 'Call notifications' }] },
} as const;

/** Avatar colours the messenger gives users, picked by ID. */
const USER_COLORS = ['#1eb4aa', '#df532d', '#4ba984', '#ab7761', '#29619b', '#728f7a', '#ba9c7b', '#e8a441'];

/** The employees' notifications: sending, reading, marking, deleting and searching them (I18, I19). */
export class NotificationsService {
  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * A notification for an active user; its ID, or null without such a user (I18). A TAG replaces the
   * recipient's earlier notifications of the same application with that tag (im.notify.personal.add page).
   */
  async add(input: NewNotification): Promise<number | null> {
    const user = await this.storage.users.findById(input.userId);
    if (!user || user.active !== 1) return null;
    return this.storage.transaction(async (tx) => {
      if (input.tag !== '') await tx.notifications.delete({ userId: input.userId, clientId: input.clientId, tag: input.tag });
      const row = await tx.notifications.insert({
        user_id: input.userId,
        author_id: input.authorId,
        notify_type: input.system ? SYSTEM_NOTIFICATION : PERSONAL_NOTIFICATION,
        module: 'rest',
        event: 'rest_notify',
        tag: input.tag,
        sub_tag: input.subTag,
        text: input.message,
        message_out: input.messageOut,
        attach: input.attach,
        client_id: input.clientId,
        created_at: unixSeconds(this.clock),
      });
      return row.id;
    });
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
      users: await this.authors(rows),
    };
  }

  /** im.notify.delete by ID (the recipient's or the sender's own), or by TAG / SUB_TAG of the calling application. */
  async delete(userId: number, target: { id: number } | { clientId: string; tag?: string; subTag?: string }): Promise<boolean> {
    return this.storage.transaction(async (tx) => {
      if ('id' in target) {
        const row = await tx.notifications.findById(target.id);
        if (!row || (row.user_id !== userId && row.author_id !== userId)) return false;
        return (await tx.notifications.delete({ ids: [row.id] })) > 0;
      }
      await tx.notifications.delete(target);
      return true;
    });
  }

  /** im.notify.read: one notification (`onlyCurrent`) or every one from `id` up, read or unread. */
  async read(userId: number, id: number, read: boolean, onlyCurrent: boolean): Promise<void> {
    await this.storage.notifications.markRead(userId, read ? 1 : 0, onlyCurrent ? { ids: [id] } : { fromId: id });
  }

  /** im.notify.read.list: the listed notifications of the caller. */
  async readList(userId: number, ids: readonly number[], read: boolean): Promise<void> {
    await this.storage.notifications.markRead(userId, read ? 1 : 0, { ids });
  }

  /** im.notify.read.all: everything read; the unread counter after it. */
  async readAll(userId: number): Promise<{ result: true; newCounter: number }> {
    await this.storage.notifications.markRead(userId, 1, {});
    return { result: true, newCounter: (await this.storage.notifications.countForUser(userId)).unread };
  }

  /**
   * im.notify.answer / im.notify.confirm: keeps the caller's answer on their notification and marks it
   * read. No module of this portal handles quick answers or buttons, so the handler's message is `false`.
   */
  async respond(userId: number, notifyId: number, answer: string): Promise<{ result_message: false }> {
    const row = await this.storage.notifications.findById(notifyId);
    if (row && row.user_id === userId) await this.storage.notifications.update(row.id, { answer: answer.slice(0, 2000), is_read: 1 });
    return { result_message: false };
  }

  /** im.notify.history.search: newest first, `total_results` on the first page only. */
  async search(userId: number, criteria: HistorySearch, limit: number, lastId: number | null) {
    const { rows, total } = await this.storage.notifications.search(userId, criteria, limit, lastId);
    return {
      chat_id: userId,
      ...(lastId === null ? { total_results: total } : {}),
      notifications: rows.map((row) => this.present(row, userId)),
      users: await this.authors(rows),
    };
  }

  /** im.notify.schema.get: the notification types this portal sends. */
  schema() {
    return SCHEMA;
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

  /** The users who wrote these notifications (system notifications have none), as the messenger describes them. */
  private async authors(rows: readonly NotificationRow[]) {
    const ids = [...new Set(rows.map((r) => r.author_id).filter((id) => id > 0))];
    const users = await Promise.all(ids.map((id) => this.storage.users.findById(id)));
    return users.filter((u): u is UserRow => u !== undefined).map((u) => this.presentUser(u));
  }

  private presentUser(user: UserRow) {
    const phones = Object.fromEntries(
      (
        [
          ['work_phone', user.work_phone],
          ['personal_mobile', user.personal_mobile],
          ['personal_phone', user.personal_phone],
          ['inner_phone', user.phone_inner ?? ''],
        ] as const
      ).filter(([, value]) => value !== ''),
    );
    const birthday = /^\d{4}-(\d{2})-(\d{2})$/.exec(user.personal_birthday);
    const date = (seconds: number | null) => (seconds ? formatPortalDate(seconds * 1000, this.config.timeZone) : false);
    return {
      id: user.id,
      active: user.active === 1,
      name: [user.name, user.last_name].filter(Boolean).join(' '),
      first_name: user.name,
      last_name: user.last_name,
      work_position: user.work_position,
      color: USER_COLORS[user.id % USER_COLORS.length],
      avatar: '',
      avatar_hr: '',
      gender: user.personal_gender === 'F' ? 'F' : 'M',
      birthday: birthday ? `${birthday[2]}-${birthday[1]}` : false,
      extranet: user.user_type === 'extranet',
      network: false,
      bot: false,
      connector: false,
      external_auth_id: 'default',
      status: 'online',
      idle: false,
      last_activity_date: date(user.last_activity),
      mobile_last_date: false,
      desktop_last_date: false,
      absent: false,
      departments: user.departments.split(',').filter(Boolean).map(Number),
      phones: Object.keys(phones).length > 0 ? phones : false,
      bot_data: null,
      type: user.user_type === 'extranet' ? 'extranet' : 'user',
      website: user.personal_www,
      email: user.email,
    };
  }
}
