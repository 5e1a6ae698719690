import type { Db } from '../database.js';
import type { CompiledStatements } from '../compiled-statements.js';
import type { NewUserRow, UserRow, UserRowUpdate } from '../schema.js';
import type { FilterCondition, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { listPage } from '../filter-sql.js';

/** A user's id and whether they are active. */
export type UserActivity = Pick<UserRow, 'id' | 'active'>;

/** Portal users (employees) as rows. */
export class UsersStore {
  constructor(
    private readonly db: Db,
    private readonly statements: CompiledStatements,
  ) {}

  async insert(user: NewUserRow): Promise<UserRow> {
    return this.db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
  }

  async findById(id: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findActiveByInnerNumber(innerNumber: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('phone_inner', '=', innerNumber)
      .where('active', '=', 1)
      .orderBy('id')
      .executeTakeFirst();
  }

  /**
   * Whether a user exists and is active, by id or by inner phone number (the lowest id holding it among
   * active users): the telephony hot path needs no more, and a whole user row is some sixty columns.
   */
  async activityById(id: number): Promise<UserActivity | undefined> {
    return this.statements.first(this.db, 'users.activityById', id, (userId) =>
      this.db.selectFrom('users').select(['id', 'active']).where('id', '=', userId),
    );
  }

  async activeByInnerNumber(innerNumber: string): Promise<UserActivity | undefined> {
    return this.statements.first(this.db, 'users.activeByInnerNumber', innerNumber, (inner) =>
      this.db.selectFrom('users').select(['id', 'active']).where('phone_inner', '=', inner).where('active', '=', 1).orderBy('id'),
    );
  }

  /** Users whose e-mail is `email`, in any letter case (user.add refuses a taken address). */
  async findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .orderBy('id')
      .executeTakeFirst();
  }

  async update(id: number, changes: UserRowUpdate): Promise<void> {
    await this.db.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  /** Records activity (and the last login), at most once per `minInterval` seconds per user, so reads stay cheap. */
  async touchActivity(id: number, now: number, minInterval: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ last_activity: now, last_login: now })
      .where('id', '=', id)
      .where('last_activity', '<', now - minInterval)
      .execute();
  }

  async list(conditions: readonly FilterCondition[], sort: readonly SortSpec[], page: PageRequest): Promise<Page<UserRow>> {
    return listPage<UserRow>(this.db.selectFrom('users'), conditions, sort, page, {
      statements: this.statements,
      db: this.db,
      name: 'users',
    });
  }

  async all(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('id').execute();
  }
}
