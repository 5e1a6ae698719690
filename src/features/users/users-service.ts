import type { ServerConfig } from '../../kernel/config.js';
import type { Storage } from '../../storage/storage.js';
import { adminError } from '../../kernel/errors/admin-error.js';
import type { UserRow } from '../../storage/schema.js';
import { unixSeconds, type Clock } from '../../kernel/clock.js';
import { formatPortalDate, parsePortalDate } from '../../kernel/portal-time.js';
import { intPrefixOrNull } from '../../kernel/params/readers.js';
import { noteNearMiss, type NearMissNotes } from '../../kernel/near-misses.js';
import type { ColumnKind, FilterCondition, FilterOperator, Page, PageRequest, SortSpec } from '../../kernel/filter.js';
import { NAME_SEARCH_COLUMNS, ONLINE_WINDOW, USER_FIELDS, visibleUserFields, type UserView } from './user-fields.js';
import { restError } from '../../kernel/errors/rest-error.js';
import { checkedEmail, type UserProfileInput } from './user-input.js';

/** Columns user.search's FIND looks in (user.search page: name, last name, position). */
const FIND_COLUMNS = ['name', 'last_name', 'work_position'] as const;
/** Access-code names of the groups this portal has (access.name). */
const GROUP_NAMES: Record<string, string> = { G1: 'Administrators', G2: 'All visitors', AU: 'All authorized users' };

/** One filter entry as the client wrote it, after its key prefix was read. */
export interface UserFilterTerm {
  field: string;
  operator: FilterOperator;
  implicit: boolean;
  values: unknown[];
}

export interface UserListQuery {
  filter: UserFilterTerm[];
  sort: { field: string; direction: 'asc' | 'desc' } | null;
  page: PageRequest;
  /** Requested fields, masks `*` and `UF_*` allowed; empty = all visible. */
  select: string[];
  /** Where near misses go while the call is recorded (the request journal). */
  nearMisses?: NearMissNotes | null;
}

/** A user as the REST answer shows it: field name → value, in field order. */
export type UserAnswer = Record<string, unknown>;

/** An employee as an administrator adds one. */
export interface NewUser {
  name: string;
  lastName?: string;
  email?: string;
  innerNumber?: string | null;
  admin?: boolean;
  active?: boolean;
  workPosition?: string;
  /** WORK_DEPARTMENT: the department's name as free text. */
  workDepartment?: string;
  /** UF_DEPARTMENT: department IDs (the portal's default, [1], when not given). */
  departments?: readonly number[];
  personalGender?: 'M' | 'F' | '';
}

/** The portal's employees: user.get, user.current, user.fields, and their administration. */
export class UsersService {
  constructor(
    private readonly storage: Storage,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
    /** Called when a change may invalidate credentials that were already checked. */
    private readonly onCredentialsChanged: () => void = () => {},
  ) {}

  // ---- administration ---------------------------------------------------------------------------

  async add(input: NewUser): Promise<UserRow> {
    const name = input.name.trim();
    if (!name) throw adminError('USER_NAME_REQUIRED');
    const innerNumber = input.innerNumber?.trim() || null;
    if (innerNumber !== null) {
      if (!/^[0-9*#+]{1,20}$/.test(innerNumber)) throw adminError('INNER_NUMBER_INVALID', { number: innerNumber });
      const holder = await this.storage.users.findActiveByInnerNumber(innerNumber);
      // Inner numbers identify an employee's phone, so they are unique among active users (I6).
      if (holder && input.active !== false) throw adminError('INNER_NUMBER_TAKEN', { number: innerNumber, userId: holder.id });
    }
    const now = unixSeconds(this.clock);
    return this.storage.users.insert({
      name,
      last_name: input.lastName?.trim() ?? '',
      email: input.email?.trim() ?? '',
      phone_inner: innerNumber,
      is_admin: input.admin ? 1 : 0,
      active: input.active === false ? 0 : 1,
      work_position: input.workPosition ?? '',
      work_department: input.workDepartment ?? '',
      ...(input.departments?.length ? { departments: `,${input.departments.join(',')},` } : {}),
      personal_gender: input.personalGender ?? '',
      date_register: now,
      timestamp_x: now,
    });
  }

  /** Dismisses an employee or brings them back; a dismissed employee's credentials stop working (B14). */
  async setActive(userId: number, active: boolean): Promise<void> {
    const user = await this.storage.users.findById(userId);
    if (!user) throw adminError('NO_USER', { userId });
    await this.storage.users.update(userId, { active: active ? 1 : 0, timestamp_x: unixSeconds(this.clock) });
    this.onCredentialsChanged();
  }

  /** The users of these IDs that exist, in the order given. */
  async byIds(ids: readonly number[]): Promise<UserRow[]> {
    const rows = await Promise.all(ids.map((id) => this.storage.users.findById(id)));
    return rows.filter((u): u is UserRow => u !== undefined);
  }

  all(): Promise<UserRow[]> {
    return this.storage.users.all();
  }

  /** `userId`'s row, or without one the first active administrator. */
  async userOrFirstAdmin(userId: number | undefined): Promise<UserRow> {
    if (userId !== undefined) {
      const user = await this.storage.users.findById(userId);
      if (!user) throw adminError('NO_USER', { userId });
      return user;
    }
    const admin = (await this.storage.users.all()).find((u) => u.is_admin === 1 && u.active === 1);
    if (!admin) throw adminError('NO_ADMIN');
    return admin;
  }

  // ---- user.add, user.update, user.admin, user.access, access.name ------------------------------

  /** user.add: invites an employee (active, never logged in yet); their ID. Administrators only. */
  async invite(caller: UserRow, input: UserProfileInput): Promise<number> {
    if (caller.is_admin !== 1) throw restError('USER_ACCESS_DENIED');
    const email = checkedEmail(input.email);
    if (input.extranet) {
      // This portal has no workgroups, so no extranet user can be placed in one.
      throw restError(input.sonetGroups.length === 0 ? 'USER_GROUP_NOT_SPECIFIED' : 'USER_GROUP_WRONG');
    }
    if (!input.departments || input.departments.length === 0) throw restError('USER_NO_DEPARTMENT');
    if (await this.storage.users.findByEmail(email)) throw restError('USER_EMAIL_EXISTS');
    await this.checkInnerNumber(input.innerNumber, null);
    const now = unixSeconds(this.clock);
    const row = await this.storage.users.insert({
      ...input.columns,
      name: input.columns.name ?? '',
      email,
      phone_inner: input.innerNumber ?? null,
      departments: `,${input.departments.join(',')},`,
      user_type: 'employee',
      active: 1,
      invited_by: caller.id,
      date_register: now,
      timestamp_x: now,
    });
    return row.id;
  }

  /** The links of a user's PERSONAL_PHOTO and WORK_LOGO, once their files are kept ('' when removed). */
  async setFileLinks(userId: number, links: { personal_photo?: string; work_logo?: string }): Promise<void> {
    await this.storage.users.update(userId, links);
  }

  /** user.update: administrators change anyone, others only themselves; dismissing stops the user's credentials (B14). */
  async updateProfile(caller: UserRow, userId: number | null, input: UserProfileInput): Promise<true> {
    if (userId === null) throw restError('USER_ACCESS_DENIED');
    if (caller.is_admin !== 1 && caller.id !== userId) throw restError('USER_ACCESS_DENIED');
    const user = await this.storage.users.findById(userId);
    // The page gives access_denied for an ID that names no user.
    if (!user) throw restError('USER_ACCESS_DENIED');
    const changes: Record<string, unknown> = { ...input.columns };
    if (input.email !== undefined) {
      const email = checkedEmail(input.email);
      const holder = await this.storage.users.findByEmail(email);
      if (holder && holder.id !== userId) throw restError('USER_EMAIL_EXISTS');
      changes.email = email;
    }
    if (input.innerNumber !== undefined) {
      await this.checkInnerNumber(input.innerNumber, userId);
      changes.phone_inner = input.innerNumber;
    }
    if (input.departments !== undefined) changes.departments = input.departments.length ? `,${input.departments.join(',')},` : '';
    // Only an administrator dismisses or reinstates, and never themselves.
    if (input.active !== undefined && caller.is_admin === 1 && caller.id !== userId) changes.active = input.active ? 1 : 0;
    changes.timestamp_x = unixSeconds(this.clock);
    await this.storage.users.update(userId, changes);
    if (changes.active !== undefined) this.onCredentialsChanged();
    return true;
  }

  /** I6: an inner number is digits, `*`, `#`, `+`, and unique among active users. */
  private async checkInnerNumber(innerNumber: string | null | undefined, userId: number | null): Promise<void> {
    if (!innerNumber) return;
    const valid = /^[0-9*#+]{1,20}$/.test(innerNumber);
    const holder = valid ? await this.storage.users.findActiveByInnerNumber(innerNumber) : undefined;
    if (!valid || (holder && holder.id !== userId)) throw restError('USER_INNER_NUMBER_REFUSED', { number: innerNumber.slice(0, 40) });
  }

  /** The access codes a user holds: U<id>, IU<id>, AU, G2, G1 for administrators, D<id>/DR<id> per department. */
  accessCodes(user: UserRow): Set<string> {
    const codes = new Set([`U${user.id}`, `IU${user.id}`, 'AU', 'G2']);
    if (user.is_admin === 1) codes.add('G1');
    for (const department of user.departments.split(',').filter(Boolean)) {
      codes.add(`D${department}`);
      codes.add(`DR${department}`);
    }
    return codes;
  }

  /** access.name: the codes this portal knows, with their names; others are left out. */
  async accessNames(codes: readonly string[]): Promise<Record<string, { provider: string; name: string; provider_id: string }>> {
    const out: Record<string, { provider: string; name: string; provider_id: string }> = {};
    for (const raw of codes) {
      const code = raw.toUpperCase();
      if (GROUP_NAMES[code]) {
        out[raw] = { provider: '', name: GROUP_NAMES[code], provider_id: 'other' };
        continue;
      }
      const user = /^I?U(\d{1,10})$/.exec(code);
      if (!user) continue;
      const row = await this.storage.users.findById(Number(user[1]));
      if (row) out[raw] = { provider: 'Users', name: [row.name, row.last_name].filter(Boolean).join(' '), provider_id: 'user' };
    }
    return out;
  }

  // ---- user.get, user.current, user.fields ------------------------------------------------------

  async list(query: UserListQuery, scopes: ReadonlySet<string>): Promise<Page<UserAnswer>> {
    const now = unixSeconds(this.clock);
    const conditions = query.filter.map((term) => this.condition(term, now, query.nearMisses));
    const sort: SortSpec[] = [];
    const sortColumn = query.sort ? USER_FIELDS[query.sort.field.toUpperCase()]?.column : undefined;
    // I3: an employee without an inner number sorts below every extension, on both databases: connectors
    // page by UF_PHONE_INNER descending and stop at the first user without one.
    if (query.sort && sortColumn) sort.push({ column: sortColumn, direction: query.sort.direction, nullsLow: true });
    const page = await this.storage.users.list(conditions, sort, query.page);
    const fields = selectedFields(visibleUserFields(scopes), query.select, query.nearMisses);
    return { items: page.items.map((u) => this.present(u, fields, now)), total: page.total };
  }

  async current(user: UserRow, scopes: ReadonlySet<string>): Promise<UserAnswer> {
    const fresh = (await this.storage.users.findById(user.id)) ?? user;
    return this.present(fresh, visibleUserFields(scopes), unixSeconds(this.clock));
  }

  /** Field name → title, for the fields `scopes` may read (user.fields, I5). */
  fieldTitles(scopes: ReadonlySet<string>): Record<string, string> {
    return Object.fromEntries(
      visibleUserFields(scopes)
        .filter((f) => USER_FIELDS[f]!.listed !== false)
        .map((f) => [f, USER_FIELDS[f]!.title]),
    );
  }

  formatDate(unixSecondsValue: number): string {
    return formatPortalDate(unixSecondsValue * 1000, this.config.timeZone);
  }

  private present(user: UserRow, fields: readonly string[], now: number): UserAnswer {
    const view: UserView = { formatDate: (s) => this.formatDate(s), now };
    const out: UserAnswer = {};
    for (const field of fields) {
      const value = USER_FIELDS[field]!.read(user, view);
      if (value !== null) out[field] = value;
    }
    return out;
  }

  /** Resolves one client filter term to a storage condition (I2). Unknown fields match everything. */
  private condition(term: UserFilterTerm, now: number, nearMisses?: NearMissNotes | null): FilterCondition {
    const field = term.field.toUpperCase();
    const { operator } = term;
    const values = term.values.filter((v) => v !== undefined && (typeof v !== 'object' || v === null));
    const compare = (
      columns: readonly string[],
      columnKind: ColumnKind,
      op: FilterOperator,
      vals: (string | number)[],
    ): FilterCondition => ({
      kind: 'compare',
      columns,
      columnKind,
      operator: op,
      values: vals,
    });

    if (field === 'FIND') return compare(FIND_COLUMNS, 'search', 'contains', values.map(String));
    if (field === 'NAME_SEARCH') {
      return compare(NAME_SEARCH_COLUMNS, 'search', operator === 'notContains' ? 'notContains' : 'contains', values.map(String));
    }
    if (field === 'ACTIVE') {
      const flags = values.map(activeFlag);
      if (flags.some((f) => f === null)) return { kind: 'never' };
      return compare(['active'], 'number', operator, flags as number[]);
    }
    if (field === 'IS_ONLINE') {
      const online = values.map((v) => String(v).toUpperCase() === 'Y');
      if (online.length !== 1) return compare(['last_activity'], 'number', 'gte', [0]);
      const wantsOnline = online[0] === (operator !== 'neq' && operator !== 'notIn');
      return compare(['last_activity'], 'number', wantsOnline ? 'gte' : 'lt', [now - ONLINE_WINDOW]);
    }
    const spec = USER_FIELDS[field];
    if (!spec?.column) {
      noteNearMiss(nearMisses, 'unknown-filter-field', `FILTER[${term.field}]`, 'not a filterable user field: skipped');
      return compare(['id'], 'number', 'gte', [0]);
    }
    if (spec.date) {
      const instants = values.map((v) => parsePortalDate(String(v), this.config.timeZone));
      if (instants.some((i) => i === null)) return { kind: 'never' };
      return compare(
        [spec.column],
        'number',
        operator,
        (instants as number[]).map((ms) => Math.floor(ms / 1000)),
      );
    }
    if (spec.kind === 'number' || spec.kind === 'tokens') {
      return compare(
        [spec.column],
        spec.kind,
        operator,
        values.map(intPrefixOrNull).filter((n): n is number => n !== null),
      );
    }
    const texts = values.map((v) => (typeof v === 'boolean' ? (v ? 'Y' : 'N') : String(v)));
    // The reference's own example filters {"NAME": "Iv%"}: a default match with a wildcard is a LIKE.
    const effective = term.implicit && texts.some((t) => t.includes('%')) ? 'like' : operator;
    return compare([spec.column], 'string', effective, texts);
  }
}

/** ACTIVE accepts true, "true", "Y", 1 and their opposites (I2 decision). */
function activeFlag(value: unknown): number | null {
  if (value === true || value === 1) return 1;
  if (value === false || value === 0) return 0;
  const word = String(value).trim().toUpperCase();
  if (word === 'Y' || word === 'TRUE' || word === '1') return 1;
  if (word === 'N' || word === 'FALSE' || word === '0') return 0;
  return null;
}

/** Applies `select` with its masks to the visible fields; unknown or hidden names are skipped (I4). */
function selectedFields(visible: readonly string[], select: readonly string[], nearMisses?: NearMissNotes | null): string[] {
  if (select.length === 0) return [...visible];
  const wanted = new Set(select.map((s) => s.toUpperCase()));
  if (wanted.has('*')) return [...visible];
  for (const name of wanted) {
    if (name !== 'UF_*' && !visible.includes(name))
      noteNearMiss(nearMisses, 'unknown-select-field', `select[${name}]`, 'not a field this caller sees: skipped');
  }
  return visible.filter((f) => wanted.has(f) || (wanted.has('UF_*') && f.startsWith('UF_')));
}
