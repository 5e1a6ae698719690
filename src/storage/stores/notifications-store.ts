import type { Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { NotificationRow, NotificationsTable } from '../schema.js';

/** Users' notifications (the messenger's notification feed). */
export class NotificationsStore {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<NotificationsTable>): Promise<NotificationRow> {
    return this.db.insertInto('notifications').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Newest first, older than `beforeId` when given. */
  async listForUser(userId: number, limit: number, beforeId: number | null): Promise<NotificationRow[]> {
    let query = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
    if (beforeId !== null) query = query.where('id', '<', beforeId);
    return query.orderBy('id', 'desc').limit(limit).execute();
  }

  async countForUser(userId: number): Promise<{ total: number; unread: number }> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.sum<number>('is_read').as('read')])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    const total = Number(row.total);
    return { total, unread: total - Number(row.read ?? 0) };
  }
}
