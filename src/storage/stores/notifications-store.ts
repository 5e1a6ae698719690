import type { Insertable, Updateable } from 'kysely';
import { filterPredicate } from '../filter-sql.js';
import type { Db } from '../database.js';
import type { CompiledStatements } from '../compiled-statements.js';
import type { NotificationRow, NotificationsTable } from '../schema.js';
import { literalLimit } from '../literal-limit.js';
import { insertedRow, type ColumnDefaults } from '../inserted-row.js';

/** The defaults of migrations 002 and 018. */
const NOTIFICATION_DEFAULTS: ColumnDefaults<NotificationsTable> = {
  tag: '',
  sub_tag: '',
  title: '',
  is_read: 0,
  params: '{}',
  client_id: '',
  message_out: '',
  attach: '',
  answer: '',
};

/** Users' notifications (the messenger's notification feed). */
export class NotificationsStore {
  constructor(
    private readonly db: Db,
    private readonly statements: CompiledStatements,
  ) {}

  async insert(row: Insertable<NotificationsTable>): Promise<NotificationRow> {
    const inserted = await this.statements.first(this.db, 'notifications.insert', row, (values) =>
      this.db.insertInto('notifications').values(values).returning('id'),
    );
    return insertedRow(inserted!.id, NOTIFICATION_DEFAULTS, row);
  }

  /** Newest first, older than `beforeId` when given. */
  async listForUser(userId: number, limit: number, beforeId: number | null): Promise<NotificationRow[]> {
    let query = this.db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
    if (beforeId !== null) query = query.where('id', '<', beforeId);
    return query.orderBy('id', 'desc').limit(literalLimit(limit)).execute();
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

  async findById(id: number): Promise<NotificationRow | undefined> {
    return this.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Deletes notifications by id, or a sending application's notifications by tag and sub-tag (of one recipient when given). */
  async delete(where: { ids?: readonly number[]; clientId?: string; tag?: string; subTag?: string; userId?: number }): Promise<number> {
    let query = this.db.deleteFrom('notifications');
    if (where.ids) query = query.where('id', 'in', where.ids.length ? where.ids : [0]);
    if (where.clientId !== undefined) query = query.where('client_id', '=', where.clientId);
    if (where.tag !== undefined) query = query.where('tag', '=', where.tag);
    if (where.subTag !== undefined) query = query.where('sub_tag', '=', where.subTag);
    if (where.userId !== undefined) query = query.where('user_id', '=', where.userId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Marks a user's notifications read (1) or unread (0): the listed ids, or every id from `fromId` up, or all. */
  async markRead(userId: number, read: 0 | 1, which: { ids?: readonly number[]; fromId?: number }): Promise<void> {
    let query = this.db.updateTable('notifications').set({ is_read: read }).where('user_id', '=', userId);
    if (which.ids) query = query.where('id', 'in', which.ids.length ? which.ids : [0]);
    if (which.fromId !== undefined) query = query.where('id', '>=', which.fromId);
    await query.execute();
  }

  async update(id: number, changes: Updateable<NotificationsTable>): Promise<void> {
    await this.db.updateTable('notifications').set(changes).where('id', '=', id).execute();
  }

  /** im.notify.history.search: a user's notifications matching the criteria, newest first, below `beforeId`. */
  async search(
    userId: number,
    criteria: {
      text: string;
      types: ReadonlyArray<{ module: string; event?: string }>;
      from: number | null;
      to: number | null;
      authors: readonly number[];
      groupTag: string;
    },
    limit: number,
    beforeId: number | null,
  ): Promise<{ rows: NotificationRow[]; total: number }> {
    let query = this.db.selectFrom('notifications').where('user_id', '=', userId);
    if (criteria.text !== '') {
      const text = criteria.text;
      query = query.where((eb) =>
        filterPredicate(eb, [{ kind: 'compare', columns: ['text'], columnKind: 'search', operator: 'contains', values: [text] }]),
      );
    }
    if (criteria.types.length > 0) {
      query = query.where((eb) =>
        eb.or(
          criteria.types.map((t) =>
            t.event === undefined ? eb('module', '=', t.module) : eb.and([eb('module', '=', t.module), eb('event', '=', t.event)]),
          ),
        ),
      );
    }
    if (criteria.from !== null) query = query.where('created_at', '>=', criteria.from);
    if (criteria.to !== null) query = query.where('created_at', '<', criteria.to);
    if (criteria.authors.length > 0) query = query.where('author_id', 'in', criteria.authors);
    if (criteria.groupTag !== '') query = query.where('tag', '=', criteria.groupTag);
    const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let page = query.selectAll();
    if (beforeId !== null) page = page.where('id', '<', beforeId);
    const rows = await page.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(literalLimit(limit)).execute();
    return { rows, total: Number(total.n) };
  }
}
